package collections

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestEncodeURLText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://h/echo?v=a HTTP/1.0", "http://h/echo?v=a%20HTTP/1.0"},
		{"http://h/a b/c?d=e f#g h", "http://h/a%20b/c?d=e%20f#g%20h"},
		{"http://h/x?q=\"<>\\^`{|}", "http://h/x?q=%22%3C%3E%5C%5E%60%7B%7C%7D"},
		{"http://h/é?ü=ß", "http://h/%C3%A9?%C3%BC=%C3%9F"},
		{"http://h/?v=a\r\nX: y\x07", "http://h/?v=a%0D%0AX:%20y%07"},
		{"http://h/?v=50%&w=%41%4", "http://h/?v=50%25&w=%41%254"},
		// What RFC 3986 gives a meaning to stays: the URL's structure is
		// the template's and its values', as written.
		{"http://u:p@h:8/a/b;c?d=e&f=g+h/i?j@k:l!$'()*,#m", "http://u:p@h:8/a/b;c?d=e&f=g+h/i?j@k:l!$'()*,#m"},
		// The authority is left to the URL parser.
		{"http://a b/c d", "http://a b/c%20d"},
		{"http://h", "http://h"},
	} {
		if got := encodeURLText(tc.in); got != tc.want {
			t.Errorf("encodeURLText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEncodeURLTextKeepsTheCommonCaseFree(t *testing.T) {
	raw := "https://api.example.com/v1/users/42?expand=teams&limit=10"
	if n := testing.AllocsPerRun(100, func() { _ = encodeURLText(raw) }); n != 0 {
		t.Errorf("%v allocations for a URL that needs no encoding", n)
	}
}

// TestSecretInsertedIntoURLIsMaskedEncoded: a secret whose URL form is
// percent-encoded is masked in that form too.
func TestSecretInsertedIntoURLIsMaskedEncoded(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "r"
url = "http://h/x?key={{env:KEY}}"
`)
	p, err := c.Prepare(c.Requests[0], &Scope{LookupEnv: envOf(map[string]string{"KEY": "se cr<et"})})
	if err != nil {
		t.Fatal(err)
	}
	if p.Request.URL != "http://h/x?key=se%20cr%3Cet" || !slices.Contains(p.Secrets, "se%20cr%3Cet") {
		t.Fatalf("URL %s, secrets %q", p.Request.URL, p.Secrets)
	}
}

func FuzzEncodeURLText(f *testing.F) {
	for _, s := range []string{"http://h/echo?v=a HTTP/1.0", "https://h/é?x=%zz", "http://h/%41%", "http://h?a=b#c d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := encodeURLText(in)
		if again := encodeURLText(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", in, out, again)
		}
		start := 0
		if i := strings.Index(out, "://"); i >= 0 {
			start = i + 3
			if j := strings.IndexAny(out[start:], "/?#"); j >= 0 {
				start += j
			} else {
				start = len(out)
			}
		}
		for i := start; i < len(out); i++ {
			if mustEncode(out, i) {
				t.Fatalf("%q → %q still holds %q at %d", in, out, out[i], i)
			}
		}
		if u, err := url.Parse(in); err == nil && u.Scheme == "http" && u.Host != "" && !strings.ContainsAny(u.Host, "%") {
			if _, err := url.Parse(out); err != nil {
				t.Fatalf("%q parses, %q does not: %v", in, out, err)
			}
		}
	})
}

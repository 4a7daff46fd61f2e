package edit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
)

func TestSetRequestFieldValues(t *testing.T) {
	src := "[[request]]\nname = \"a\"\nurl = \"http://x\"\n"
	tests := []struct {
		name  string
		key   string
		value any
		want  string
	}{
		{"duration", "timeout", 90 * time.Second, src + "timeout = \"1m30s\"\n"},
		{"duration string", "timeout", "250ms", src + "timeout = \"250ms\"\n"},
		{"insecure", "insecure", true, src + "insecure = true\n"},
		{"insecure false removes nothing absent", "insecure", false, src},
		{"nil removes", "url", nil, "[[request]]\nname = \"a\"\n"},
		{"escapes", "body", "line1\nline2\t\"q\" \\ \x01", src + `body = "line1\nline2\t\"q\" \\ \u0001"` + "\n"},
		{"unicode kept", "name", "café ☕", "[[request]]\nname = \"café ☕\"\nurl = \"http://x\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SetRequestField([]byte(src), 0, tc.key, tc.value)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestSetRequestFieldErrors(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		index    int
		key      string
		value    any
		wantErr  string
		notFound bool
	}{
		{"unknown key", "[[request]]\nurl = \"x\"\n", 0, "methd", "GET", `cannot set request key "methd"`, false},
		{"wrong type", "[[request]]\nurl = \"x\"\n", 0, "url", 3, "takes a string, not int", false},
		{"duration for a string", "[[request]]\nurl = \"x\"\n", 0, "url", time.Second, "takes a string", false},
		{"string for a bool", "[[request]]\nurl = \"x\"\n", 0, "insecure", "yes", "takes a bool", false},
		{"index past the end", "[[request]]\nurl = \"x\"\n", 1, "url", "y", "request 2", true},
		{"negative index", "[[request]]\nurl = \"x\"\n", -1, "url", "y", "request 0", true},
		{"no requests", "name = \"c\"\n", 0, "url", "y", "not found", true},
		{"does not parse", "[[request]]\nurl = \"x\n", 0, "url", "y", "line 2, column", false},
		{"body over json", "[[request]]\nurl = \"x\"\njson = { a = 1 }\n", 0, "body", "b", "has a json body", false},
		{"body over multipart", "[[request]]\nurl = \"x\"\n[request.multipart]\na = \"1\"\n", 0, "body", "b", "has a multipart body", false},
		{"body over body_file", "[[request]]\nurl = \"x\"\nbody_file = \"a.bin\"\n", 0, "body", "b", "has a body_file body", false},
		{"body over a form table", "[[request]]\nurl = \"x\"\n[request.form]\na = \"1\"\n", 0, "body", "b", "has a form body", false},
		{"invalid utf-8", "[[request]]\nurl = \"x\"\n", 0, "body", "secret\xff", "not valid UTF-8", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SetRequestField([]byte(tc.src), tc.index, tc.key, tc.value)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "collections") {
				t.Errorf("error %q speaks of the package, not of what happened", err)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q echoes the value", err)
			}
			if got := errors.Is(err, ErrNotFound); got != tc.notFound {
				t.Errorf("errors.Is(err, ErrNotFound) = %v, want %v", got, tc.notFound)
			}
		})
	}
}

func TestSetRequestFieldLayouts(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"header only", "[[request]]\n\n[[request]]\nurl = \"b\"\n",
			"[[request]]\nmethod = \"PUT\"\n\n[[request]]\nurl = \"b\"\n"},
		{"header at eof", "[[request]]", "[[request]]\nmethod = \"PUT\""},
		{"keys after sub-array-table belong elsewhere",
			"[[request]]\nurl = \"a\"\n[[request.steps]]\nx = 1\n[other]\ny = 2\n",
			"[[request]]\nurl = \"a\"\nmethod = \"PUT\"\n[[request.steps]]\nx = 1\n[other]\ny = 2\n"},
		{"replace keeps comment and spacing", "[[request]]\nmethod   =   'GET'   # verb\n",
			"[[request]]\nmethod   =   \"PUT\"   # verb\n"},
		{"dotted keys skipped", "[[request]]\nexpect.status = 200\nurl = \"a\"\n",
			"[[request]]\nexpect.status = 200\nurl = \"a\"\nmethod = \"PUT\"\n"},
		{"crlf", "[[request]]\r\nurl = \"a\"\r\n", "[[request]]\r\nurl = \"a\"\r\nmethod = \"PUT\"\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SetRequestField([]byte(tc.src), 0, "method", "PUT")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestSetRequestHeadersErrors(t *testing.T) {
	src := []byte("[[request]]\nurl = \"a\"\nheaders.X.Y = \"deep\"\n")
	if _, err := SetRequestHeaders(src, 0, []collections.KV{{Key: "A", Value: "1"}, {Key: "A", Value: "2"}}); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("duplicate header: error = %v", err)
	}
	if _, err := SetRequestHeaders(src, 0, []collections.KV{{Key: "A", Value: "1"}}); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("nested header key: error = %v", err)
	}
	if _, err := SetRequestHeaders(src, 4, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing request: error = %v", err)
	}
}

func TestSetRequestHeadersNoneToNone(t *testing.T) {
	src := []byte("[[request]]\nurl = \"a\"\n")
	got, err := SetRequestHeaders(src, 0, nil)
	if err != nil || string(got) != string(src) {
		t.Errorf("got %q, %v; want the file unchanged", got, err)
	}
}

func TestUpsertProfilePlacement(t *testing.T) {
	basic := collections.Profile{Name: "b", Type: "basic", Username: "u", Password: "{{prompt}}"}
	block := "[profile.b]\ntype = \"basic\"\nusername = \"u\"\npassword = \"{{prompt}}\"\n"
	tests := []struct {
		name, src, want string
	}{
		{"empty file", "", block},
		{"no requests", "name = \"c\"\n", "name = \"c\"\n\n" + block},
		{"before the comments of the first request", "name = \"c\"\n\n# first\n# request\n[[request]]\nurl = \"a\"\n",
			"name = \"c\"\n\n" + block + "\n# first\n# request\n[[request]]\nurl = \"a\"\n"},
		{"adds a blank line before", "name = \"c\"\n[[request]]\nurl = \"a\"\n",
			"name = \"c\"\n\n" + block + "\n[[request]]\nurl = \"a\"\n"},
		{"after the last profile", "[profile.a]\ntype = \"bearer\"\ntoken = \"t\"\n# tail\n[[request]]\n",
			"[profile.a]\ntype = \"bearer\"\ntoken = \"t\"\n\n" + block + "# tail\n[[request]]\n"},
		{"keeps unknown keys", "[profile.b]\ntype = \"bearer\"\ntoken = \"t\"\nca_file = \"ca.pem\"\n",
			"[profile.b]\ntype = \"basic\"\nca_file = \"ca.pem\"\nusername = \"u\"\npassword = \"{{prompt}}\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UpsertProfile([]byte(tc.src), basic)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestUpsertProfileKeysPerType(t *testing.T) {
	tests := []struct {
		p    collections.Profile
		want string
	}{
		{collections.Profile{Name: "t", Type: "bearer", Token: "{{secret:t}}", Username: "ignored"},
			"type = \"bearer\"\ntoken = \"{{secret:t}}\"\n"},
		{collections.Profile{Name: "t", Type: "apikey", In: "query", KeyName: "api_key", Value: "{{env:K}}", Insecure: true},
			"type = \"apikey\"\nin = \"query\"\nname = \"api_key\"\nvalue = \"{{env:K}}\"\ninsecure = true\n"},
		{collections.Profile{Name: "t", Type: "oauth2-password", TokenURL: "u", Username: "a", Password: "{{prompt}}"},
			"type = \"oauth2-password\"\ntoken_url = \"u\"\nusername = \"a\"\npassword = \"{{prompt}}\"\n"},
		{collections.Profile{Name: "t", Type: "oauth2-password", TokenURL: "u", ClientID: "c", ClientSecret: "{{env:S}}",
			ClientAuth: "basic", Username: "a", Password: "p", Scopes: []string{"x"}},
			"type = \"oauth2-password\"\ntoken_url = \"u\"\nclient_id = \"c\"\nclient_secret = \"{{env:S}}\"\n" +
				"client_auth = \"basic\"\nusername = \"a\"\npassword = \"p\"\nscopes = [\"x\"]\n"},
	}
	for _, tc := range tests {
		t.Run(tc.p.Type, func(t *testing.T) {
			got, err := UpsertProfile(nil, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if want := "[profile.t]\n" + tc.want; string(got) != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestUpsertProfileErrors(t *testing.T) {
	tests := []struct {
		name, src string
		p         collections.Profile
		wantErr   string
	}{
		{"no name", "", collections.Profile{Type: "basic"}, "needs a name"},
		{"unknown type", "", collections.Profile{Name: "x", Type: "digest"}, `type "digest" is not one of`},
		{"inline profile", "[profile]\nx = { type = \"bearer\", token = \"t\" }\n", collections.Profile{Name: "x", Type: "bearer"}, "line 2"},
		{"dotted profile", "profile.x.type = \"bearer\"\n", collections.Profile{Name: "x", Type: "bearer"}, "edit it by hand"},
		{"would break the file", "profile = { }\n", collections.Profile{Name: "x", Type: "bearer"}, "would leave the file invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := UpsertProfile([]byte(tc.src), tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestDeleteProfile(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"middle", "a = 1\n\n[profile.x]\ntype = \"bearer\"\n\n[profile.y]\ntype = \"basic\"\n",
			"a = 1\n\n[profile.y]\ntype = \"basic\"\n"},
		{"no blank before keeps blank after", "a = 1\n[profile.x]\n# inside\ntype = \"bearer\" # t\n\n# next\n[x]\n",
			"a = 1\n\n# next\n[x]\n"},
		{"first line", "[profile.x]\ntype = \"bearer\"\n\n\n[y]\n", "[y]\n"},
		{"crlf", "a = 1\r\n\r\n[profile.x]\r\ntype = \"bearer\"\r\n", "a = 1\r\n\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DeleteProfile([]byte(tc.src), "x")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
	if _, err := DeleteProfile([]byte("[profile.y]\n"), "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing profile: error = %v, want ErrNotFound", err)
	}
}

func TestSetRequestQuery(t *testing.T) {
	src := "[[request]]\nurl = \"a\"\nquery = { page = \"1\" }  # paging\n\n[[request]]\nurl = \"b\"\n"
	got, err := SetRequestQuery([]byte(src), 0, []collections.KV{{Key: "page", Value: "2"}, {Key: "sort", Value: "name asc"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "[[request]]\nurl = \"a\"\nquery = { page = \"2\", sort = \"name asc\" }  # paging\n\n[[request]]\nurl = \"b\"\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got, err = SetRequestQuery([]byte(src), 1, []collections.KV{{Key: "q", Value: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := src + "query = { q = \"x\" }\n"; string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A [request.headers] table belongs to the last [[request]] even when
// another table comes between them, as in TOML itself.
func TestSetRequestHeadersSubTableAfterOtherTable(t *testing.T) {
	src := "[[request]]\nurl = \"a\"\n[vars]\nx = \"1\"\n[request.headers]\nA = \"1\"\n"
	got, err := SetRequestHeaders([]byte(src), 0, []collections.KV{{Key: "A", Value: "2"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(src, `A = "1"`, `A = "2"`, 1); string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEditApplyRefusesOverlap(t *testing.T) {
	src := []byte("abcdef")
	got, err := apply(src, []splice{{start: 4, end: 4, text: "X"}, {start: 1, end: 3, text: "_"}})
	if err != nil || string(got) != "a_dXef" {
		t.Errorf("got %q, %v; want \"a_dXef\"", got, err)
	}
	if _, err := apply(src, []splice{{start: 1, end: 4}, {start: 2, end: 5}}); err == nil {
		t.Error("overlapping splices were applied")
	}
}

func TestEditVerify(t *testing.T) {
	if _, err := verify([]byte("a = 1\n"), []byte("a = 1\na = 2\n")); err == nil {
		t.Error("an edit that breaks a valid file was accepted")
	}
	// A file that was already invalid cannot be judged by decoding it.
	if _, err := verify([]byte("a = 1\na = 2\n"), []byte("a = 1\na = 3\n")); err != nil {
		t.Errorf("error %v for a file that was already invalid", err)
	}
}

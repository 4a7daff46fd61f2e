package run

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// liveLines runs c and returns what OnResult saw of each result (the
// lines `keyway run` prints as the run goes) and the three reports.
func liveLines(t *testing.T, c string, opts Options) (live string, reports map[string]string) {
	t.Helper()
	var b strings.Builder
	opts.OnResult = func(_ int, out Outcome) {
		res := out.Result
		b.WriteString(res.Name + " " + res.URL + " " + res.Error)
		for _, a := range res.Assertions {
			b.WriteString(" | " + a.Actual)
		}
		b.WriteString("\n")
	}
	rep := mustRun(t, context.Background(), parse(t, c), opts)
	jsonOut, junitOut, textOut := encodeAll(t, rep)
	var html bytes.Buffer
	if err := rep.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	return b.String(), map[string]string{"live": b.String(), "JSON": jsonOut, "JUnit": junitOut, "text": textOut, "HTML": html.String()}
}

// TestCapturedCredentialIsMaskedFromItsCapture: a token captured by a
// login and sent as a bearer token only by a later request is masked in
// every line printed before that request — the login's own (its failed
// assertion quotes the token) and a request in between whose server echoes
// it — as the report masks it.
func TestCapturedCredentialIsMaskedFromItsCapture(t *testing.T) {
	const token = "canary-early-token-31"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", "session "+token)
		w.Write([]byte(`{"token":"` + token + `"}`))
	})
	_, outputs := liveLines(t, `
name = "Early"
version = 1
[[request]]
name = "Login"
method = "POST"
url = "{{base_url}}/login"
[request.expect]
headers = { X-Echo = "nope" }
[request.capture]
tok = ".token"

[[request]]
name = "Between"
url = "{{base_url}}/other/{{tok}}"
[request.expect]
headers = { X-Echo = "nope" }

[[request]]
name = "Use"
url = "{{base_url}}/me"
headers = { Authorization = "Bearer {{tok}}" }
`, options(srv.URL))
	for name, out := range outputs {
		if strings.Contains(out, token) {
			t.Errorf("the %s output holds the captured token:\n%s", name, out)
		}
	}
}

// TestJQCannotCopyACredentialIntoAReport: a server that reflects the API
// key (httpbin's /headers) lets jq rewrite it — as code points, base64,
// lower case, one character at a time. No report and no live line shows
// it in any of these forms.
func TestJQCannotCopyACredentialIntoAReport(t *testing.T) {
	const key = "Canary-Key/42+x"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body, _ := json.Marshal(map[string]any{"headers": map[string]string{"X-Api-Key": r.Header.Get("X-Api-Key")}})
		w.Write(body)
	})
	opts := options(srv.URL)
	opts.Scope.Vars["key"] = key
	_, outputs := liveLines(t, `
name = "Reflect"
version = 1
default_profile = "k"
[profile.k]
type = "apikey"
in = "header"
name = "X-Api-Key"
value = "{{key}}"

[[request]]
name = "Echo"
url = "{{base_url}}/headers"
[request.expect]
jq = [
  '.headers."X-Api-Key" | explode',
  '.headers."X-Api-Key" | @base64',
  '.headers."X-Api-Key" | ascii_downcase',
  '.headers."X-Api-Key" | split("")',
  '.headers."X-Api-Key" | explode | map(. + 1) | implode',
  '.headers."X-Api-Key" | error',
  '.headers."X-Api-Key" | explode | .[0] + 1000000',
  '.headers."X-Api-Key" | explode | .[0:4] | reduce .[] as $c (0; . * 128 + $c)',
  '(.headers."X-Api-Key" | ascii_downcase) == "x"',
  '(.headers."X-Api-Key" | explode | .[0] + 1000000) == 0',
]
[request.capture]
broken = '.headers."X-Api-Key" | ascii_upcase | error'
`, opts)
	var points []string
	for _, r := range key {
		points = append(points, strconv.Itoa(int(r)))
	}
	shifted := []rune(key)
	for i := range shifted {
		shifted[i]++
	}
	// Numbers spell a secret out too: a code point plus a marker, and four
	// characters packed into one number.
	packed := 0
	for _, r := range key[:4] {
		packed = packed*128 + int(r)
	}
	forms := []string{key, strings.Join(points, ","), base64.StdEncoding.EncodeToString([]byte(key)),
		strings.ToLower(key), strings.ToUpper(key), `"C","a","n"`, "42+x", string(shifted),
		strconv.Itoa(1000000 + int(key[0])), strconv.Itoa(packed)}
	for name, out := range outputs {
		for _, form := range forms {
			if strings.Contains(out, form) {
				t.Errorf("the %s output holds %q:\n%s", name, form, out)
			}
		}
	}
	// A false comparison shows its left side's kind, not its value.
	for _, kind := range []string{"a string", "a number"} {
		if !strings.Contains(outputs["JSON"], ") is "+kind+" ("+hiddenValue) {
			t.Errorf("the JSON report does not say the compared value was %s, withheld:\n%s", kind, outputs["JSON"])
		}
	}
	if !strings.Contains(outputs["JSON"], hiddenValue) {
		t.Errorf("the report does not say why the values are not shown:\n%s", outputs["JSON"])
	}
}

// TestJQValuesOfResponsesWithoutSecretsAreShown: the values stay readable
// when the response holds no secret.
func TestJQValuesOfResponsesWithoutSecretsAreShown(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name":"widget"}`))
	})
	live, _ := liveLines(t, `
name = "Plain"
version = 1
default_profile = "k"
[profile.k]
type = "bearer"
token = "a-token-never-echoed"
[[request]]
name = "Get"
url = "{{base_url}}/item"
[request.expect]
jq = [".name"]
`, options(srv.URL))
	if !strings.Contains(live, `"widget"`) {
		t.Errorf("a value from a response without secrets is not shown: %s", live)
	}
}

// TestLiveLinesMaskEverySecretOfTheRun: a password that only a later
// request's profile sends, echoed by an earlier request's server, is
// masked in the earlier request's live line, not only in the report.
func TestLiveLinesMaskEverySecretOfTheRun(t *testing.T) {
	const password = "canary-later-password-7"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", "last login with "+password)
	})
	opts := options(srv.URL)
	opts.Preflight = true
	_, outputs := liveLines(t, `
name = "Two profiles"
version = 1
[profile.first]
type = "bearer"
token = "first-token-value"
[profile.second]
type = "basic"
username = "bob"
password = "`+password+`"

[[request]]
name = "First"
url = "{{base_url}}/a"
profile = "first"
[request.expect]
headers = { X-Echo = "nope" }

[[request]]
name = "Second"
url = "{{base_url}}/b"
profile = "second"
`, opts)
	for name, out := range outputs {
		if strings.Contains(out, password) {
			t.Errorf("the %s output holds the later profile's password:\n%s", name, out)
		}
	}
}

// TestAssertionValueIsMaskedBeforeItIsCut: an actual value is cut at
// maxActual bytes; a token that crosses the cut is masked whole rather
// than left with its start visible — its own request's token, and a
// token only a later request sends. With a preflight the later token is
// known from the start; without, the first live line cannot mask it, and
// the reports mask what is left of it before the cut (CutMark).
func TestAssertionValueIsMaskedBeforeItIsCut(t *testing.T) {
	const own, later = "canary-own-token-crossing", "canary-later-token-crossing"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		pad := strings.Repeat("x", maxActual-10)
		w.Header().Set("X-Own", pad+own)
		w.Header().Set("X-Later", pad+later)
	})
	const collection = `
name = "Cut"
version = 1
[profile.own]
type = "bearer"
token = "` + own + `"
[profile.later]
type = "bearer"
token = "` + later + `"
[[request]]
name = "Echo"
url = "{{base_url}}/echo"
profile = "own"
[request.expect]
headers = { X-Own = "nope", X-Later = "nope" }
[[request]]
name = "Later"
method = "POST"
url = "{{base_url}}/later"
profile = "later"
`
	for _, preflight := range []bool{true, false} {
		opts := options(srv.URL)
		opts.Preflight = preflight
		_, outputs := liveLines(t, collection, opts)
		if !preflight {
			delete(outputs, "live")
		}
		for name, out := range outputs {
			for _, part := range []string{own[:9], later[:9]} {
				if strings.Contains(out, part) {
					t.Errorf("preflight %v: the %s output holds %q, the start of a token cut at %d bytes:\n%s", preflight, name, part, maxActual, out)
				}
			}
		}
	}
}

// TestEscapedAndUnreadableTokensReachNoOutput: a token endpoint writing
// its token with JSON's \/ (PHP), an API echoing the password
// HTML-escaped, and a second profile whose token endpoint answers 200
// text/html with tokens in it: no live line and no report shows any of
// them, in any form.
func TestEscapedAndUnreadableTokensReachNoOutput(t *testing.T) {
	const password, token, unread = "canary-p&ss'word", "ACC/TOK-canary-1", "canary-unread-token-3"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"ACC\/TOK-canary-1","token_type":"Bearer"}`))
		case "/html-token":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<p>access_token=" + unread + "</p>"))
		default:
			w.Header().Set("X-Echo", `ACC\/TOK-canary-1 canary-p&amp;ss&#39;word`)
		}
	})
	c := `
name = "Escapes"
version = 1
[profile.php]
type = "oauth2-password"
token_url = "{{base_url}}/token"
client_auth = "body"
username = "alice"
password = "` + password + `"
[profile.html]
type = "oauth2-password"
token_url = "{{base_url}}/html-token"
client_auth = "body"
username = "alice"
password = "other-password"
[[request]]
name = "Echo"
url = "{{base_url}}/echo"
profile = "php"
[request.expect]
headers = { X-Echo = "nope" }
[[request]]
name = "HTML"
url = "{{base_url}}/echo"
profile = "html"
`
	for _, untraced := range []bool{false, true} {
		opts := options(srv.URL)
		opts.Untraced = untraced
		_, outputs := liveLines(t, c, opts)
		for name, out := range outputs {
			for _, part := range []string{"canary", "TOK", "ss&"} {
				if strings.Contains(out, part) {
					t.Errorf("untraced %v: the %s output holds %q:\n%s", untraced, name, part, out)
				}
			}
		}
	}
}

package run

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// boundStore is a secret store whose every secret is value, bound to host.
type boundStore struct{ value, host string }

func (b boundStore) Get(string) (string, error)     { return b.value, nil }
func (b boundStore) Hosts(string) ([]string, error) { return []string{b.host}, nil }

// TestCaptureFromAResponseHoldingABoundSecretIsBound: an allowed host that
// echoes the request (httpbin's /headers, a whoami page) hands the bound
// API key back in its response. What jq captures from that response — the
// key as is, or rewritten past any search — may go only where the key
// may: a later request that would send it to another host is refused
// before anything is sent, and the value is a secret wherever it shows
// (hostile review of issue 9, findings F1 and F3).
func TestCaptureFromAResponseHoldingABoundSecretIsBound(t *testing.T) {
	const key = "Bound-Key-Canary-42"
	echo := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"headers":{"X-Api-Key":"` + r.Header.Get("X-Api-Key") + `"}}`))
	})
	var stolen atomic.Int64
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { stolen.Add(1) })
	echoURL, _ := url.Parse(echo.URL)

	opts := options(echo.URL)
	opts.Scope.Vars["other"] = other.URL
	opts.Scope.Secrets = boundStore{value: key, host: echoURL.Host}
	live, outputs := liveLines(t, `
name = "Taint"
version = 1
[profile.k]
type = "apikey"
in = "header"
name = "X-Api-Key"
value = "{{secret:key}}"

[[request]]
name = "Echo"
url = "{{base_url}}/headers"
profile = "k"
[request.capture]
plain = '.headers."X-Api-Key"'
low = '.headers."X-Api-Key" | ascii_downcase'
piece = '.headers."X-Api-Key"[6:11]'

[[request]]
name = "Steal in a header"
url = "{{other}}/steal"
headers = { X-Stolen = "{{plain}}" }

[[request]]
name = "Steal in the query"
url = "{{other}}/steal"
query = { d = "{{low}}" }

[[request]]
name = "Same host"
url = "{{base_url}}/p/{{low}}/{{piece}}"
`, opts)
	if n := stolen.Load(); n != 0 {
		t.Fatalf("the other host received %d requests carrying a capture of the bound key", n)
	}
	for _, name := range []string{"Steal in a header", "Steal in the query"} {
		line := lineOf(live, name)
		if !strings.Contains(line, "was captured from the answer to a request that sent {{secret:key}}") || !strings.Contains(line, "refusing to send it to") {
			t.Errorf("%s: no refusal naming the capture and the secret:\n%s", name, line)
		}
	}
	for name, out := range outputs {
		// A piece of the key is masked too (hostile review of issue 14,
		// F3: seven-byte slices spelled a credential out in the report).
		for _, form := range []string{key, strings.ToLower(key), key[6:11]} {
			if strings.Contains(out, form) {
				t.Errorf("the %s output holds %q:\n%s", name, form, out)
			}
		}
	}
	if line := lineOf(live, "Same host"); strings.Contains(line, "refusing") {
		t.Errorf("a capture sent back to the host its secret is bound to was refused:\n%s", line)
	}
}

// lineOf returns the live line of the named request.
func lineOf(live, name string) string {
	for _, line := range strings.Split(live, "\n") {
		if strings.HasPrefix(line, name+" ") {
			return line
		}
	}
	return ""
}

// boundAndOther starts a server ({{base_url}}) that answers body as JSON,
// with a secret store whose secrets are bound to it, and another host
// ({{other}}) that counts the requests it receives.
func boundAndOther(t *testing.T, body string) (Options, *atomic.Int64) {
	t.Helper()
	home := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	})
	got := new(atomic.Int64)
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { got.Add(1) })
	homeURL, _ := url.Parse(home.URL)
	opts := options(home.URL)
	opts.Scope.Vars["other"] = other.URL
	opts.Scope.Secrets = boundStore{value: "Bound-Key-Canary-42", host: homeURL.Host}
	return opts, got
}

// TestCaptureOfABoundRequestIsBoundButNotMasked: what a request that sent
// a bound secret gets back — here a session id from a login that does not
// echo the secret — was bought with the secret, and goes only where it
// may (hostile review of issue 14, F2: it went to any host in a path or a
// body); it is not masked, since the response holds no secret. A capture
// from a request that sent nothing bound goes anywhere, as before.
func TestCaptureOfABoundRequestIsBoundButNotMasked(t *testing.T) {
	opts, got := boundAndOther(t, `{"session":"sess-0042-abcdef"}`)
	rep := mustRun(t, context.Background(), parse(t, `
name = "Login"
version = 1
[[request]]
name = "Login"
method = "POST"
url = "{{base_url}}/login"
json = { user = "bob", password = "{{secret:key}}" }
[request.capture]
session = ".session"
[[request]]
name = "In the path"
url = "{{other}}/steal/{{session}}"
[[request]]
name = "In a body"
method = "POST"
url = "{{other}}/steal"
json = { s = "{{session}}" }
[[request]]
name = "Back home"
url = "{{base_url}}/me/{{session}}"
`), opts)
	if n := got.Load(); n != 0 {
		t.Fatalf("the other host received %d requests carrying the session bought with a bound secret", n)
	}
	for _, res := range rep.Results[1:3] {
		if res.Passed || !strings.Contains(res.Error, "refusing to send it to") {
			t.Errorf("%s: %+v; want a refusal", res.Name, res)
		}
	}
	if res := rep.Results[3]; !res.Passed || !strings.Contains(res.URL, "sess-0042-abcdef") {
		t.Errorf("the session sent back to its own host: %+v; want it sent, and shown", res)
	}
}

// TestCaptureOfAFreeRequestIsFree: a capture from a request that sent no
// bound value (an id from a public endpoint) goes anywhere, unmasked.
func TestCaptureOfAFreeRequestIsFree(t *testing.T) {
	opts, got := boundAndOther(t, `{"id":"user-0042-abcdef"}`)
	rep := mustRun(t, context.Background(), parse(t, `
name = "Free"
version = 1
[[request]]
name = "Public"
url = "{{base_url}}/public"
[request.capture]
id = ".id"
[[request]]
name = "Elsewhere"
url = "{{other}}/users/{{id}}"
`), opts)
	if got.Load() != 1 || !rep.Results[1].Passed {
		t.Fatalf("a capture from a request without bound values was held back: %+v", rep.Results[1])
	}
	if !strings.Contains(rep.Results[1].URL, "user-0042-abcdef") {
		t.Errorf("an id from a response without secrets was masked: %s", rep.Results[1].URL)
	}
}

// TestSecretEchoedFromAJSONBodyIsFound: a bound secret holding a quote,
// sent in a json body (where JSON escapes the quote) and echoed by a
// server that returns the raw body as a JSON string (which escapes it
// again), is still found in the response: masked, and what is captured
// from it bound (hostile review of issue 14, F1).
func TestSecretEchoedFromAJSONBodyIsFound(t *testing.T) {
	const key = `S3cr3t/Pa+ss&<"x>`
	echo := serve(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		quoted, _ := json.Marshal(map[string]string{"body": string(body)})
		w.Header().Set("Content-Type", "application/json")
		w.Write(quoted)
	})
	var stolen atomic.Int64
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { stolen.Add(1) })
	echoURL, _ := url.Parse(echo.URL)
	opts := options(echo.URL)
	opts.Scope.Vars["other"] = other.URL
	opts.Scope.Secrets = boundStore{value: key, host: echoURL.Host}
	opts.KeepExchange = 8 << 10 // as for an HTML report, which shows the echoed body
	_, outputs := liveLines(t, `
name = "Double"
version = 1
[[request]]
name = "Echo"
method = "POST"
url = "{{base_url}}/echo"
json = { pw = "{{secret:key}}" }
[request.expect]
jq = ['.body | length == 0']
[request.capture]
z = ".body | fromjson | .pw"
[[request]]
name = "Steal"
url = "{{other}}/steal?z={{z}}"
`, opts)
	if n := stolen.Load(); n != 0 {
		t.Fatalf("the other host received %d requests", n)
	}
	for name, out := range outputs {
		if strings.Contains(out, "S3cr3t") {
			t.Errorf("the %s output holds the secret:\n%s", name, out)
		}
	}
}

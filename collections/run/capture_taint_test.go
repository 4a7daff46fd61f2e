package run

import (
	"context"
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
url = "{{base_url}}/p/{{low}}"
`, opts)
	if n := stolen.Load(); n != 0 {
		t.Fatalf("the other host received %d requests carrying a capture of the bound key", n)
	}
	for _, name := range []string{"Steal in a header", "Steal in the query"} {
		line := lineOf(live, name)
		if !strings.Contains(line, "was captured from a response that held {{secret:key}}") || !strings.Contains(line, "refusing to send it to") {
			t.Errorf("%s: no refusal naming the capture and the secret:\n%s", name, line)
		}
	}
	for name, out := range outputs {
		for _, form := range []string{key, strings.ToLower(key)} {
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

// TestCaptureFromAResponseWithoutSecretsIsFree: a capture from a response
// that holds no secret (an id from /me) goes anywhere, as before.
func TestCaptureFromAResponseWithoutSecretsIsFree(t *testing.T) {
	echo := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"user-0042-abcdef"}`))
	})
	var got atomic.Int64
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { got.Add(1) })
	echoURL, _ := url.Parse(echo.URL)
	opts := options(echo.URL)
	opts.Scope.Vars["other"] = other.URL
	opts.Scope.Secrets = boundStore{value: "Bound-Key-Canary-42", host: echoURL.Host}
	rep := mustRun(t, context.Background(), parse(t, `
name = "Free"
version = 1
[[request]]
name = "Me"
url = "{{base_url}}/me"
headers = { X-Api-Key = "{{secret:key}}" }
[request.capture]
id = ".id"
[[request]]
name = "Elsewhere"
url = "{{other}}/users/{{id}}"
`), opts)
	if got.Load() != 1 || !rep.Results[1].Passed {
		t.Fatalf("a capture from a response without secrets was held back: %+v", rep.Results[1])
	}
	if !strings.Contains(rep.Results[1].URL, "user-0042-abcdef") {
		t.Errorf("an id from a response without secrets was masked: %s", rep.Results[1].URL)
	}
}

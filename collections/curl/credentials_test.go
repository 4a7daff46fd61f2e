package curl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// TestCurlSendsTheCredentialsKeywaySends: for each way a profile applies
// its credentials (authflow.Profile.Credential), the exported command,
// run with the real curl and its variables set, puts on the wire what
// keyway's own send puts: the same Authorization header, cookie and query
// parameter (compared decoded: curl writes a space in a query as %20,
// keyway as +).
func TestCurlSendsTheCredentialsKeywaySends(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	var got []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Clone(context.Background()))
	}))
	defer srv.Close()
	const secret = "kw-canary 'se\"cr$et"
	const cookieSecret = "kw-canary-cookie$`x" // RFC 6265 §4.1.1: no space, quote, comma, semicolon or backslash
	for _, p := range []*authflow.Profile{
		{Name: "b", Type: authflow.TypeBasic, Username: "alice", Password: secret},
		{Name: "t", Type: authflow.TypeBearer, Token: secret},
		{Name: "h", Type: authflow.TypeAPIKey, KeyName: "X-API-Key", KeyValue: secret},
		{Name: "q", Type: authflow.TypeAPIKey, In: authflow.InQuery, KeyName: "api key", KeyValue: secret},
		{Name: "c", Type: authflow.TypeAPIKey, In: authflow.InCookie, KeyName: "session", KeyValue: cookieSecret},
	} {
		got = nil
		prepared := &collections.Prepared{Request: authflow.Request{URL: srv.URL + "/x?a=1"}, Profile: p, Secrets: []string{secret}}
		if _, _, err := authflow.NewClient().Send(context.Background(), p, prepared.Request, authflow.SendOptions{}); err != nil {
			t.Fatal(err)
		}
		cmd := Render(prepared, map[string]string{secret: "THE_SECRET", cookieSecret: "THE_COOKIE"})
		if len(cmd.Vars) != 1 {
			t.Fatalf("%s: the command reads %+v, want one variable", p.Name, cmd.Vars)
		}
		sh := exec.Command("sh", "-c", cmd.Script+" --silent --show-error")
		sh.Env = append(os.Environ(), "THE_SECRET="+secret, "THE_COOKIE="+cookieSecret)
		if out, err := sh.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s\n%s", p.Name, err, out, cmd.Script)
		}
		if len(got) != 2 {
			t.Fatalf("%s: the server got %d requests", p.Name, len(got))
		}
		keyway, curl := got[0], got[1]
		for _, name := range []string{"Authorization", "Cookie", "X-API-Key"} {
			if keyway.Header.Get(name) != curl.Header.Get(name) {
				t.Errorf("%s: %s: keyway sent %q, curl %q", p.Name, name, keyway.Header.Get(name), curl.Header.Get(name))
			}
		}
		if k, c := keyway.URL.Query(), curl.URL.Query(); k.Encode() != c.Encode() {
			t.Errorf("%s: query: keyway sent %q, curl %q", p.Name, keyway.URL.RawQuery, curl.URL.RawQuery)
		}
	}
}

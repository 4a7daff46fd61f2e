package tui

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// A send from Explore resolves its request once: it used to prepare it to
// look for an unanswered {{prompt}}, then again to send it, reading the
// environment twice.
func TestExploreSendResolvesOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Key") != "key-value" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := collections.Parse("once.toml", []byte("name = \"Once\"\n[[request]]\nname = \"a\"\nurl = \""+srv.URL+
		"/a\"\nheaders = { X-Key = \"{{env:KEY}}\" }\n[request.expect]\nstatus = 200\n"))
	if err != nil {
		t.Fatal(err)
	}
	lookups := 0
	scope := collections.Scope{LookupEnv: func(string) (string, bool) { lookups++; return "key-value", true }}
	out := realEngine{}.Send(context.Background(), c, c.Requests[0], scope, authflow.NewClient())
	if out.Err != nil || !out.Result.Passed {
		t.Fatalf("send: %v %+v", out.Err, out.Result)
	}
	if lookups != 1 {
		t.Errorf("KEY was read %d times for one send, want once", lookups)
	}
}

// The error of a send that got no answer keeps its kind: Explore tells an
// unset variable, a prompt to answer or a cancelled send apart by it, not
// by its words.
func TestExploreSendKeepsTheErrorKind(t *testing.T) {
	c, err := collections.Parse("kind.toml", []byte("name = \"Kind\"\n[[request]]\nname = \"a\"\nurl = \"http://127.0.0.1:9/{{env:UNSET}}\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	scope := collections.Scope{LookupEnv: func(string) (string, bool) { return "", false }}
	out := realEngine{}.Send(context.Background(), c, c.Requests[0], scope, authflow.NewClient())
	if !errors.Is(out.Err, collections.ErrEnvUnset) {
		t.Errorf("err = %#v, want one that is collections.ErrEnvUnset", out.Err)
	}
	var re *run.RequestError
	if !errors.As(out.Err, &re) || re.Error() != out.Result.Error {
		t.Errorf("err %q does not tell the report's words %q", out.Err, out.Result.Error)
	}
}

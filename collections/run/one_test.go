package run

import (
	"context"
	"encoding/json"
	"testing"
)

func TestOneSendsARequest(t *testing.T) {
	srv := serve(t, chainServer(t).ServeHTTP)
	c := parse(t, chainTOML)
	opts := options(srv.URL)
	opts.Scope.Captures = map[string]string{"token": "tok-1"}
	out := One(context.Background(), c, c.Request("Me"), opts)
	if !out.Result.Passed || out.Response == nil || out.Flow == nil || out.Captures["user_id"] != "12345678901234567891" {
		t.Fatalf("outcome = %+v", out)
	}
	var body map[string]any
	if err := json.Unmarshal(out.Response.Body, &body); err != nil || body["name"] != "alice" {
		t.Errorf("response body %s", out.Response.Body)
	}
	if !containsAll(out.Secrets, "tok-1") {
		t.Errorf("outcome secrets %q, want the bearer token", out.Secrets)
	}

	out = One(context.Background(), c, c.Request("Me"), options(srv.URL))
	if out.Result.Error == "" || out.Response != nil {
		t.Errorf("without a token capture: %+v, want a resolution error", out.Result)
	}
}

func containsAll(list []string, values ...string) bool {
	for _, v := range values {
		found := false
		for _, s := range list {
			found = found || s == v
		}
		if !found {
			return false
		}
	}
	return true
}

package run

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestPreflightRefusesAnUnsendableValueFromTheEnvironment: a value an
// {{env:…}} reference brings that a header cannot carry (BEL, CR LF) or a
// URL that cannot be sent stops the run at its preflight — the same check
// the file's literal values pass at load — with nothing sent, even though
// the first requests were fine. The value is not echoed.
func TestPreflightRefusesAnUnsendableValueFromTheEnvironment(t *testing.T) {
	for _, tc := range []struct{ name, field, value, want string }{
		{"BEL in a header", `headers = { X-Trace = "{{env:V}}" }`, "bel\aSECRETVALUE", `headers.X-Trace: value contains a control character`},
		{"CR LF in a header", `headers = { X-Trace = "{{env:V}}" }`, "a\r\nX-Evil: SECRETVALUE", `headers.X-Trace: value contains a line break`},
		{"BEL in an API key", `profile = "k"`, "bel\aSECRETVALUE", `profile "k": value: value contains a control character`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
			src := "name = \"P\"\n[profile.k]\ntype = \"apikey\"\nname = \"X-Key\"\nvalue = \"{{env:V}}\"\n" +
				"[[request]]\nname = \"first\"\nurl = \"{{base_url}}/a\"\n" +
				"[[request]]\nname = \"second\"\nurl = \"{{base_url}}/b\"\n" + tc.field + "\n"
			opts := options(srv.URL)
			opts.Preflight = true
			opts.Scope.LookupEnv = func(name string) (string, bool) { return tc.value, name == "V" }
			_, err := Run(context.Background(), parse(t, src), opts)
			var pe *PreflightError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) || !strings.HasSuffix(err.Error(), "nothing was sent") {
				t.Fatalf("err = %v, want a PreflightError with %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "SECRETVALUE") {
				t.Errorf("the value is echoed: %v", err)
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("%d requests reached the server", n)
			}
		})
	}
}

package authflow

import (
	"strings"
	"testing"
)

// TestCheckHeaderNameRepeatsNoName: an API key's header name may come from
// the environment, so the refusal does not quote it, in any escaping (the
// hostile review of issue 10 found `"TKcanary77\ax"` shown, since the
// redactor looks for the value as it is, not as %q writes it).
func TestCheckHeaderNameRepeatsNoName(t *testing.T) {
	for _, name := range []string{"TKcanary77\ax", "TKcanary77\xff", "TK canary77"} {
		err := CheckHeaderName(name)
		if err == nil || strings.Contains(err.Error(), "canary77") {
			t.Errorf("CheckHeaderName(%q) = %v; want a refusal that does not repeat the name", name, err)
		}
	}
}

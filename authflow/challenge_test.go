package authflow

import (
	"net/http"
	"testing"
)

func TestIsInvalidTokenChallenge(t *testing.T) {
	tests := []struct {
		name   string
		status int
		values []string
		want   bool
	}{
		{"quoted", 401, []string{`Bearer error="invalid_token"`}, true},
		{"bare token", 401, []string{`Bearer error=invalid_token`}, true},
		{"whitespace around equals (RFC 9110 §11.2 BWS)", 401, []string{`Bearer realm="api", error = "invalid_token"`}, true},
		{"tab around equals", 401, []string{"Bearer error\t=\t\"invalid_token\""}, true},
		{"bearer after basic in one header", 401, []string{`Basic realm=x, Bearer error="invalid_token"`}, true},
		{"bearer after basic with quoted comma", 401, []string{`Basic realm="a, b", Bearer realm="c", error="invalid_token"`}, true},
		{"separate headers", 401, []string{`Basic realm="x"`, `Bearer error="invalid_token"`}, true},
		{"case of scheme and name", 401, []string{`BEARER Error="invalid_token"`}, true},
		{"quoted pair", 401, []string{`Bearer error="invalid\_token"`}, true},
		{"other error", 401, []string{`Bearer error="insufficient_scope"`}, false},
		{"invalid_token in description only", 401, []string{`Bearer error="invalid_request", error_description="not invalid_token"`}, false},
		{"invalid_token under basic", 401, []string{`Basic error="invalid_token", Bearer realm="x"`}, false},
		{"token68 then bearer", 401, []string{`Negotiate abc==, Bearer error="invalid_token"`}, true},
		{"no error", 401, []string{`Bearer realm="x"`}, false},
		{"not 401", 403, []string{`Bearer error="invalid_token"`}, false},
		{"no header", 401, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := &Response{StatusCode: tc.status, Header: http.Header{"Www-Authenticate": tc.values}}
			if got := isInvalidTokenChallenge(resp); got != tc.want {
				t.Errorf("isInvalidTokenChallenge(%q) = %v, want %v (parsed %+v)", tc.values, got, tc.want, parseChallenges(firstOr(tc.values)))
			}
		})
	}
}

func firstOr(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

func TestParseChallengesToken68(t *testing.T) {
	got := parseChallenges(`Negotiate a1b2==, Basic realm="r"`)
	if len(got) != 2 || got[0].scheme != "negotiate" || got[0].token68 != "a1b2==" || got[1].params["realm"] != "r" {
		t.Errorf("parseChallenges = %+v", got)
	}
}

// FuzzParseChallenges feeds the tokenizer arbitrary header values: it must
// neither panic nor loop.
func FuzzParseChallenges(f *testing.F) {
	for _, seed := range []string{`Bearer error="invalid_token"`, `Basic realm=x, Bearer error = "a\"b"`, `"`, `a=`, `,,=,"\`, `Negotiate abc==`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		for _, c := range parseChallenges(value) {
			if c.scheme == "" {
				t.Errorf("empty scheme from %q", value)
			}
		}
	})
}

package authflow

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Credentials over plain http to another machine are a warning on the
// flow even when it is not traced: `keyway run` shows it for a URL the
// file did not tell (docs/security.md §5).
func TestUntracedSendKeepsClearTextWarnings(t *testing.T) {
	c := NewClient()
	c.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
	})
	p := &Profile{Name: "k", Type: TypeAPIKey, KeyName: "X-Key", KeyValue: "canary-key"}
	for _, tc := range []struct {
		url  string
		want string
	}{
		{"http://аpi.example.com/x", "the API key is sent over plain http to аpi.example.com (xn--pi-6kc.example.com)"},
		{"https://api.example.com/x", ""},
		{"http://127.0.0.1:9/x", ""},
	} {
		for _, untraced := range []bool{true, false} {
			_, flow, err := c.Send(context.Background(), p, Request{URL: tc.url}, SendOptions{Untraced: untraced})
			if err != nil {
				t.Fatalf("%s: %v", tc.url, err)
			}
			got := ""
			if len(flow.Warnings) == 1 {
				got = flow.Warnings[0].Text
			} else if len(flow.Warnings) > 1 {
				t.Errorf("%s: %d warnings, want at most one", tc.url, len(flow.Warnings))
			}
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("%s (untraced %v): warning %q, want %q", tc.url, untraced, got, tc.want)
			}
		}
	}
}

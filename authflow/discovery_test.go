package authflow

import (
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// discoveryServer serves metadata documents at the well-known paths it is
// given (path → body), a token endpoint at /token and an API at /api.
type discoveryServer struct {
	*recordingServer
	docs       map[string]string
	tokenCalls atomic.Int32
}

func newDiscoveryServer(t *testing.T, docs func(base string) map[string]string) *discoveryServer {
	s := &discoveryServer{}
	s.recordingServer = newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if doc, ok := s.docs[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, doc)
			return
		}
		switch r.URL.Path {
		case "/token":
			s.tokenCalls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"disc-tok","token_type":"Bearer","expires_in":3600}`)
		case "/api":
			io.WriteString(w, r.Header.Get("Authorization"))
		default:
			http.NotFound(w, r)
		}
	})
	s.docs = docs(s.URL)
	return s
}

func TestDiscoveryFillsTheTokenEndpoint(t *testing.T) {
	for _, tt := range []struct {
		name, path string
		steps      string
	}{
		{"OpenID Connect discovery", "/tenant/.well-known/openid-configuration",
			"Why this grant|Discover the server's endpoints|Request a token|Read the token response|Use the token|Send the request"},
		{"RFC 8414 after a 404", "/.well-known/oauth-authorization-server/tenant",
			"Why this grant|Discover the server's endpoints|Discover the server's endpoints|Request a token|Read the token response|Use the token|Send the request"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var doc string
			s := newDiscoveryServer(t, func(base string) map[string]string {
				doc = `{"issuer":"` + base + `/tenant","token_endpoint":"` + base + `/token","revocation_endpoint":"` + base + `/revoke"}`
				return map[string]string{tt.path: doc}
			})
			p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, Issuer: s.URL + "/tenant", ClientID: "svc", ClientSecret: "sec"}
			resp, flow, err := send(t, NewClient(), p, Request{URL: s.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != "Bearer disc-tok" {
				t.Errorf("API saw %q", resp.Body)
			}
			if got := strings.Join(stepTitles(flow), "|"); got != tt.steps {
				t.Errorf("steps = %s", got)
			}
			var step Step
			for _, st := range flow.Steps {
				if st.Title == "Discover the server's endpoints" {
					step = st
				}
			}
			if step.Exchange == nil || string(step.Exchange.Response.Body) != doc || step.Exchange.Request.URL != s.URL+tt.path {
				t.Errorf("discovery step does not show the document's bytes: %+v", step.Exchange)
			}
			found := false
			for _, f := range step.Fields {
				found = found || (f.Label == "token_url" && f.Value == s.URL+"/token (discovered)")
			}
			if !found {
				t.Errorf("fields %+v", step.Fields)
			}
			// Cached per issuer for the process: a second client reads no
			// document.
			before := len(s.got())
			_, flow, err = send(t, NewClient(), p, Request{URL: s.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range s.got()[before:] {
				if strings.Contains(r.URL, "well-known") {
					t.Errorf("the document was read again: %s", r.URL)
				}
			}
			stepTitled(t, flow, "Use the discovered endpoints")
		})
	}
}

func TestDiscoveryFailures(t *testing.T) {
	tests := []struct {
		name string
		doc  func(base string) string
		want string
	}{
		{"issuer mismatch", func(base string) string {
			return `{"issuer":"https://evil.example","token_endpoint":"` + base + `/token"}`
		},
			`is for issuer "https://evil.example", not`},
		{"trailing slash is another issuer", func(base string) string { return `{"issuer":"` + base + `/","token_endpoint":"` + base + `/token"}` },
			"RFC 8414 §3.3 requires them to be identical"},
		{"not JSON", func(string) string { return `<html>hi</html>` }, "not a JSON object"},
		{"no issuer", func(base string) string { return `{"token_endpoint":"` + base + `/token"}` }, "has no issuer"},
		{"endpoint not a URL", func(base string) string { return `{"issuer":"` + base + `","token_endpoint":"javascript:alert(1)"}` },
			`token_endpoint "javascript:alert(1)" is not an http:// or https:// URL`},
		{"endpoint not a string", func(base string) string { return `{"issuer":"` + base + `","token_endpoint":42}` }, "token_endpoint is not a string"},
		{"no token endpoint", func(base string) string { return `{"issuer":"` + base + `"}` }, "has no token_endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newDiscoveryServer(t, func(base string) map[string]string {
				return map[string]string{"/.well-known/openid-configuration": tt.doc(base)}
			})
			p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, Issuer: s.URL, ClientID: "svc", ClientSecret: "sec"}
			_, flow, err := send(t, NewClient(), p, Request{URL: s.URL + "/api"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if s.tokenCalls.Load() != 0 {
				t.Error("the client secret went to a token endpoint after a bad document")
			}
			if st := lastStep(flow); st.Status != StepFailed {
				t.Errorf("last step %q not failed", st.Title)
			}
		})
	}
}

func TestDiscoveryNeitherDocument(t *testing.T) {
	s := newDiscoveryServer(t, func(string) map[string]string { return nil })
	p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, Issuer: s.URL, ClientID: "svc", ClientSecret: "sec"}
	_, _, err := send(t, NewClient(), p, Request{URL: s.URL + "/api"})
	if err == nil || !strings.Contains(err.Error(), "oauth-authorization-server answered 404 Not Found") {
		t.Fatalf("err = %v", err)
	}
}

func TestMetadataURL(t *testing.T) {
	for _, tt := range []struct{ issuer, oidc, rfc8414 string }{
		{"https://id.example.com", "https://id.example.com/.well-known/openid-configuration", "https://id.example.com/.well-known/oauth-authorization-server"},
		{"https://id.example.com/", "https://id.example.com/.well-known/openid-configuration", "https://id.example.com/.well-known/oauth-authorization-server"},
		{"https://id.example.com/t/1", "https://id.example.com/t/1/.well-known/openid-configuration", "https://id.example.com/.well-known/oauth-authorization-server/t/1"},
	} {
		oidc, _ := metadataURL(tt.issuer, "openid-configuration")
		rfc, _ := metadataURL(tt.issuer, "oauth-authorization-server")
		if oidc != tt.oidc || rfc != tt.rfc8414 {
			t.Errorf("%s: %s, %s", tt.issuer, oidc, rfc)
		}
	}
}

// FuzzParseMetadata: any document is read or refused with an error, never
// a panic; what is accepted has the configured issuer and URL endpoints.
func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte(`{"issuer":"https://a","token_endpoint":"https://a/t"}`), "https://a")
	f.Add([]byte(`{"issuer":"https://a","token_endpoint":null,"revocation_endpoint":"http://b"}`), "https://a")
	f.Add([]byte("\xef\xbb\xbf{\"issuer\":1}"), "x")
	f.Add([]byte(`[]`), "")
	f.Fuzz(func(t *testing.T, body []byte, issuer string) {
		m, err := ParseMetadata(body, issuer)
		if err != nil {
			return
		}
		if m.Issuer != issuer || issuer == "" {
			t.Fatalf("accepted issuer %q for %q", m.Issuer, issuer)
		}
		for _, e := range []string{m.TokenEndpoint, m.AuthorizationEndpoint, m.DeviceAuthorizationEndpoint, m.RevocationEndpoint, m.IntrospectionEndpoint} {
			if l := strings.ToLower(e); e != "" && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
				t.Fatalf("accepted endpoint %q", e)
			}
		}
	})
}

// TestDiscoveredTokenEndpointMustBeAllowed: a metadata document cannot
// send the client secret to a host its limits do not allow.
func TestDiscoveredTokenEndpointMustBeAllowed(t *testing.T) {
	s := newDiscoveryServer(t, func(base string) map[string]string {
		return map[string]string{"/.well-known/openid-configuration": `{"issuer":"` + base + `","token_endpoint":"` + base + `/token"}`}
	})
	p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, Issuer: s.URL, ClientID: "svc", ClientSecret: "sec",
		TokenLimits: []HostLimit{{Secret: "svc", Hosts: []string{"id.example.com"}}}}
	_, _, err := send(t, NewClient(), p, Request{URL: s.URL + "/api"})
	if err == nil || !strings.Contains(err.Error(), "refusing to send it to 127.0.0.1") {
		t.Fatalf("err = %v", err)
	}
	if s.tokenCalls.Load() != 0 {
		t.Error("the client secret went to a host outside its limits")
	}
}

// TestConcurrentDiscoveryReadsOnce: sends that need the same issuer's
// document at once share one read.
func TestConcurrentDiscoveryReadsOnce(t *testing.T) {
	release := make(chan struct{})
	var reads atomic.Int32
	s := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			reads.Add(1)
			<-release
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"issuer":"http://`+r.Host+`","token_endpoint":"http://`+r.Host+`/token"}`)
		case "/token":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"t-concurrent","token_type":"Bearer","expires_in":3600}`)
		default:
			io.WriteString(w, "ok")
		}
	})
	p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, Issuer: s.URL, ClientID: "svc", ClientSecret: "sec-concurrent"}
	c := NewClient()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, _, err := send(t, c, p, Request{URL: s.URL + "/api"})
			errs <- err
		}()
	}
	// Let the sends reach the flight, then answer.
	for reads.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("%d reads of the document, want 1", n)
	}
}

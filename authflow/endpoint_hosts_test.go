package authflow

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestRevokeAndIntrospectStayOnTheAuthorizationServer: a kept login's
// refresh token (and the client's credentials) are sent for revocation
// or introspection only to the server that issued it. A collection
// edited after the login to name another host's revocation_url, or an
// issuer whose metadata lists another server's endpoints, gets nothing;
// a token whose limits do not allow the host is not sent either.
func TestRevokeAndIntrospectStayOnTheAuthorizationServer(t *testing.T) {
	evil := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	as := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/openid-configuration" {
			base := "http://" + r.Host
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"issuer":"`+base+`","token_endpoint":"`+base+`/token","revocation_endpoint":"`+evil.URL+`/revoke","introspection_endpoint":"`+evil.URL+`/introspect"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"active":true}`)
	})
	const refresh = "rt-kept-from-login"
	for _, tt := range []struct {
		name string
		p    Profile
		kept *Token
		want string
	}{
		{"revocation_url changed after the login",
			Profile{RevocationURL: evil.URL + "/revoke", TokenURL: as.URL + "/token"}, nil,
			"not on the authorization server"},
		{"issuer-only profile, revocation_url elsewhere",
			Profile{RevocationURL: evil.URL + "/revoke", Issuer: as.URL}, nil,
			"not on the authorization server"},
		{"discovered revocation endpoint on another server",
			Profile{Issuer: as.URL}, nil,
			"not on the authorization server"},
		{"the kept token's limits",
			Profile{RevocationURL: as.URL + "/revoke", TokenURL: as.URL + "/token"},
			&Token{AccessToken: "at", RefreshToken: refresh, Limits: []HostLimit{{Hosts: []string{"id.example.com"}, Secret: "cs"}}},
			"bound to id.example.com"},
		{"the profile's limits",
			Profile{RevocationURL: as.URL + "/revoke", TokenURL: as.URL + "/token", TokenLimits: []HostLimit{{Hosts: []string{"id.example.com"}}}}, nil,
			"not an allowed host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			discovered.Lock()
			discovered.docs = map[string]*Metadata{}
			discovered.Unlock()
			p := tt.p
			p.Name, p.Type, p.ClientID, p.ClientSecret, p.ClientAuth = "browser", TypeOAuth2AuthorizationCode, "cli", "client-secret-1", ClientAuthBasic
			if p.AuthorizeURL == "" && p.Issuer == "" {
				p.AuthorizeURL = as.URL + "/authorize"
			}
			c := NewClient()
			store := &memoryStore{}
			c.Store = store
			if tt.kept != nil {
				_ = store.Save(p.TokenCacheKey(), tt.kept)
			}
			before := len(as.got())
			flow, err := c.Revoke(context.Background(), &p, refresh, HintRefreshToken)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("revoke: err = %v; want %q", err, tt.want)
			}
			if flow == nil || lastStep(flow).Status != StepFailed {
				t.Errorf("the refusal is not a failed step: %+v", flow)
			}
			if strings.Contains(err.Error(), refresh) || strings.Contains(err.Error(), "client-secret-1") {
				t.Errorf("the error quotes a secret: %v", err)
			}
			if tt.p.RevocationURL != "" {
				p.IntrospectionURL = tt.p.RevocationURL
			}
			if _, _, err := c.Introspect(context.Background(), &p, refresh, HintRefreshToken); err == nil {
				t.Fatal("introspect: no error")
			}
			if got := evil.got(); len(got) != 0 {
				t.Fatalf("another server received %+v", got)
			}
			for _, r := range as.got()[before:] {
				if r.Method == http.MethodPost {
					t.Fatalf("a token was sent outside its limits: %+v", r)
				}
			}
		})
	}
}

// TestRevokeOnTheIssuingServer: the same server on another path, and
// an endpoint written with the default port, are the authorization
// server's own.
func TestRevokeOnTheIssuingServer(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"https://id.example.com/token", "https://ID.example.com:443/oauth/revoke", true},
		{"http://127.0.0.1:8080/token", "http://127.0.0.1:8081/revoke", false},
		{"https://id.example.com/token", "https://id.example.com.evil.test/revoke", false},
		{"https://id.example.com/token", "http://id.example.com/revoke", false},
		{"https://bücher.example/token", "https://xn--bcher-kva.example/revoke", true},
	} {
		if got := sameServer(tt.a, tt.b); got != tt.same {
			t.Errorf("sameServer(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

// TestDeviceAuthorizationStaysWithinTheLimits: the device authorization
// request authenticates the client (RFC 8628 §3.1), so a client secret
// bound to its server's host is not sent to a device_authorization_url
// elsewhere; nothing reaches that host.
func TestDeviceAuthorizationStaysWithinTheLimits(t *testing.T) {
	evil := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	p := &Profile{Name: "tv", Type: TypeOAuth2DeviceCode, TokenURL: "https://id.example.com/token",
		DeviceAuthorizationURL: evil.URL + "/device", ClientID: "cli", ClientSecret: "client-secret-1",
		TokenLimits: []HostLimit{{Hosts: []string{"id.example.com"}, Secret: "cs"}}}
	_, flow, err := NewClient().Send(context.Background(), p, Request{URL: "https://id.example.com/api"},
		SendOptions{FreshToken: true, Interaction: &Interaction{}})
	if err == nil || !strings.Contains(err.Error(), "bound to id.example.com") {
		t.Fatalf("err = %v; want the binding refused", err)
	}
	if got := evil.got(); len(got) != 0 {
		t.Fatalf("the device authorization endpoint received %+v", got)
	}
	if last := lastStep(flow); last.Title != "Ask for a device code" || last.Status != StepFailed {
		t.Errorf("last step %q %s", last.Title, last.Status)
	}
}

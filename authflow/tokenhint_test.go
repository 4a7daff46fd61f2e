package authflow

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The hints' distinguishing words, as the tests below look for them.
const (
	adviceCredentials = "username or password is wrong"
	adviceClient      = "Check client_id and client_secret"
	adviceSetClientID = "set client_id"
	adviceParameter   = "a parameter is missing"
	adviceScope       = "scope"
	adviceGrantType   = "does not allow the password grant"
	adviceAdmin       = "an administrator must allow it"
	adviceServer      = "The authorization server failed"
	adviceUnencoded   = `client_auth = "basic-unencoded"`
)

// TestTokenErrorHintsWeighTheDescription: what go-oauth2 (v4),
// node-oauth2-server (5) and authlib (1.2) answer, modelled on their
// sources, and two hosted services. authlib's wrong password is a 400
// invalid_request: the advice is about the credentials, not a missing
// parameter or the wrong endpoint.
func TestTokenErrorHintsWeighTheDescription(t *testing.T) {
	const goOAuth2InvalidGrant = "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client"
	tests := []struct {
		server      string
		status      int
		code, desc  string
		noClientID  bool
		want, avoid string
	}{
		// go-oauth2/oauth2 v4 (errors/response.go): stock descriptions.
		{"go-oauth2", 401, "invalid_grant", goOAuth2InvalidGrant, false, adviceCredentials, adviceClient},
		{"go-oauth2", 401, "invalid_client", "Client authentication failed", false, adviceClient, adviceParameter},
		{"go-oauth2", 400, "invalid_request", "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed", false, adviceParameter, adviceCredentials},
		{"go-oauth2", 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed", false, adviceScope, adviceParameter},
		{"go-oauth2", 401, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server", false, adviceGrantType, adviceParameter},
		{"go-oauth2", 401, "unauthorized_client", "The client is not authorized to request an authorization code using this method", false, adviceAdmin, adviceParameter},
		{"go-oauth2", 500, "server_error", "The authorization server encountered an unexpected condition that prevented it from fulfilling the request", false, adviceServer, adviceCredentials},
		// @node-oauth/oauth2-server 5 (token-handler.js, password-grant-type.js).
		{"node-oauth2-server", 400, "invalid_grant", "Invalid grant: user credentials are invalid", false, adviceCredentials, adviceParameter},
		{"node-oauth2-server", 401, "invalid_client", "Invalid client: client is invalid", false, adviceClient, adviceParameter},
		{"node-oauth2-server", 400, "invalid_client", "Invalid client: cannot retrieve client credentials", false, adviceClient, adviceCredentials},
		{"node-oauth2-server", 400, "invalid_request", "Missing parameter: `client_id`", true, adviceSetClientID, adviceParameter},
		{"node-oauth2-server", 400, "invalid_request", "Missing parameter: `client_secret`", false, adviceClient, adviceParameter},
		{"node-oauth2-server", 400, "invalid_request", "Missing parameter: `password`", false, adviceCredentials, adviceParameter},
		{"node-oauth2-server", 400, "invalid_request", "Invalid parameter: `username`", false, adviceCredentials, adviceParameter},
		{"node-oauth2-server", 400, "unauthorized_client", "Unauthorized client: `grant_type` is invalid", false, adviceAdmin, adviceParameter},
		{"node-oauth2-server", 400, "unsupported_grant_type", "Unsupported grant type: `grant_type` is invalid", false, adviceGrantType, adviceParameter},
		{"node-oauth2-server", 400, "invalid_scope", "Invalid scope: Requested scope is invalid", false, adviceScope, adviceParameter},
		// authlib 1.2 (rfc6749/grants/resource_owner_password_credentials.py,
		// authenticate_client.py).
		{"authlib", 400, "invalid_request", `Invalid "username" or "password" in request.`, false, adviceCredentials, adviceParameter},
		{"authlib", 400, "invalid_request", `Missing "password" in request.`, false, adviceCredentials, "token_url"},
		{"authlib", 401, "invalid_client", "", false, adviceClient, adviceParameter},
		{"authlib", 400, "unauthorized_client", `The client is not authorized to use "grant_type=password"`, false, adviceAdmin, adviceParameter},
		{"authlib", 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.", false, adviceScope, adviceParameter},
		// Codes outside §5.2, and stock texts of hosted services.
		{"Auth0", 403, "access_denied", "Wrong email or password.", false, adviceCredentials, "documentation"},
		{"Spring", 400, "invalid_grant", "Bad credentials", false, adviceCredentials, adviceParameter},
		{"some server", 400, "invalid_request", "Invalid scope requested", false, adviceScope, adviceParameter},
		{"some server", 400, "invalid_request", "Bad credentials", false, adviceCredentials, adviceParameter},
		{"some server", 400, "invalid_request", "grant type not supported", false, adviceGrantType, adviceParameter},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d %s %s", tt.server, tt.status, tt.code, tt.desc), func(t *testing.T) {
			p := &Profile{Type: TypeOAuth2Password, ClientID: "demo-client", ClientSecret: "s3cret", Scopes: []string{"read"}}
			if tt.noClientID {
				p.ClientID, p.ClientSecret = "", ""
			}
			hint := tokenErrorHint(&TokenError{StatusCode: tt.status, Code: tt.code, Description: tt.desc}, p, grantPassword)
			if !strings.Contains(hint, tt.want) {
				t.Errorf("hint = %q, want %q in it", hint, tt.want)
			}
			if strings.Contains(hint, tt.avoid) {
				t.Errorf("hint = %q, should not say %q", hint, tt.avoid)
			}
		})
	}
}

// TestBasicEncodingNote: when a Basic-authenticated token request is
// refused as invalid_client (or the server fails, as go-oauth2 does) and
// RFC 6749 §2.3.1's form-encoding changed the id or secret, the hint says
// so and names client_auth = "basic-unencoded"; otherwise it does not.
func TestBasicEncodingNote(t *testing.T) {
	tests := []struct {
		name                 string
		id, secret, auth     string
		status               int
		code                 string
		want                 bool
		wantText, avoidValue string
	}{
		{"base64 secret, node's invalid_client", "demo", "Zm9v+YmFy/YmF6=", ClientAuthBasic, 401, "invalid_client", true, "client_secret holds", "Zm9v"},
		{"id with a space, authlib's invalid_client", "my client", "s", "", 401, "invalid_client", true, "client_id holds", "my client"},
		{"both, go-oauth2's 500", "my client", "a/b", ClientAuthBasic, 500, "server_error", true, "client_id and client_secret hold", "a/b"},
		{"id with ':' can only go in the body", "my client:1", "s", ClientAuthBasic, 401, "invalid_client", true, `use client_auth = "body"`, "client:1"},
		{"a bare 401", "a b", "s", ClientAuthBasic, 401, "", true, "client_id holds", ""},
		{"nothing changed by encoding", "demo", "plain", ClientAuthBasic, 401, "invalid_client", false, "", ""},
		{"already unencoded", "my client", "s", ClientAuthBasicUnencoded, 401, "invalid_client", false, "", ""},
		{"body", "my client", "s", ClientAuthBody, 401, "invalid_client", false, "", ""},
		{"a wrong password is not the encoding", "my client", "s", ClientAuthBasic, 400, "invalid_grant", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Profile{Type: TypeOAuth2Password, ClientID: tt.id, ClientSecret: tt.secret, ClientAuth: tt.auth}
			for _, grant := range []string{grantPassword, grantRefresh} {
				hint := tokenErrorHint(&TokenError{StatusCode: tt.status, Code: tt.code}, p, grant)
				if got := strings.Contains(hint, adviceUnencoded); got != tt.want {
					t.Errorf("%s: hint = %q; names basic-unencoded: %v, want %v", grant, hint, got, tt.want)
				}
				if !strings.Contains(hint, tt.wantText) {
					t.Errorf("%s: hint = %q, want %q in it", grant, hint, tt.wantText)
				}
				if tt.avoidValue != "" && strings.Contains(hint, tt.avoidValue) {
					t.Errorf("%s: hint = %q shows the value", grant, hint)
				}
			}
		})
	}
	// An unencoded client refused: the hint offers the RFC's way back.
	p := &Profile{Type: TypeOAuth2Password, ClientID: "c", ClientSecret: "s", ClientAuth: ClientAuthBasicUnencoded}
	if hint := tokenErrorHint(&TokenError{StatusCode: 401, Code: "invalid_client"}, p, grantPassword); !strings.Contains(hint, `client_auth = "basic" or "body"`) {
		t.Errorf("hint = %q", hint)
	}
}

// TestUnencodedBasicClientIDWithColonIsRefused: RFC 7617 §2 ends the
// user-id at the first ':', so such an id cannot be sent unencoded.
func TestUnencodedBasicClientIDWithColonIsRefused(t *testing.T) {
	p := &Profile{Name: "p", Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", ClientID: "my client:1", ClientSecret: "s", ClientAuth: ClientAuthBasicUnencoded}
	err := p.Validate()
	if err == nil || !strings.Contains(err.Error(), `client_id: contains ':', which HTTP Basic cannot carry unencoded`) {
		t.Errorf("Validate() = %v", err)
	}
	p.ClientAuth = ClientAuthBasic // form-encoded, the ':' is %3A
	if err := p.Validate(); err != nil {
		t.Errorf("basic: Validate() = %v", err)
	}
}

// TestUnencodedBasicOnRefresh: the refresh request authenticates the
// client the same way as the password grant.
func TestUnencodedBasicOnRefresh(t *testing.T) {
	a := newTokenAPI(t, func(n int) (int, string) {
		return 200, fmt.Sprintf(`{"access_token":"tok-%d","token_type":"Bearer","expires_in":60,"refresh_token":"r-%d"}`, n, n)
	})
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := oauthProfile(a)
	p.ClientID, p.ClientSecret, p.ClientAuth = "my client", "Zm9v+YmFy/YmF6=", ClientAuthBasicUnencoded
	for range 2 {
		if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("my client:Zm9v+YmFy/YmF6="))
	reqs := a.tokenRequests()
	if len(reqs) != 2 || !strings.Contains(reqs[1].Body, "grant_type=refresh_token") {
		t.Fatalf("token requests: %+v", reqs)
	}
	for i, r := range reqs {
		if got := r.Header.Get("Authorization"); got != want {
			t.Errorf("token request %d: Authorization = %q, want %q", i+1, got, want)
		}
		if strings.Contains(r.Body, "client_") {
			t.Errorf("token request %d: client credentials in the body too: %q", i+1, r.Body)
		}
	}
}

// TestServerThatDoesNotDecodeBasic: a token endpoint that compares the
// Basic credentials as received, as go-oauth2, node-oauth2-server and
// authlib do. With client_auth = "basic" (RFC 6749 §2.3.1) a base64-style
// secret is refused and the error names the setting; with
// "basic-unencoded" it is accepted. The flow's text masks the Basic
// credentials in both forms.
func TestServerThatDoesNotDecodeBasic(t *testing.T) {
	const id, secret = "my client", "Zm9v+YmFy/YmF6="
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/token" {
			io.WriteString(w, `{}`)
			return
		}
		if gotID, gotSecret, ok := r.BasicAuth(); !ok || gotID != id || gotSecret != secret {
			w.Header().Set("WWW-Authenticate", `Basic realm="Service"`)
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client","error_description":"Invalid client: client is invalid"}`)
			return
		}
		io.WriteString(w, `{"access_token":"tok-ok","token_type":"Bearer","expires_in":60}`)
	})
	p := &Profile{Name: "o", Type: TypeOAuth2Password, TokenURL: srv.URL + "/token", Username: "alice", Password: "pw-value",
		ClientID: id, ClientSecret: secret}
	_, flow, err := send(t, NewClient(), p, Request{URL: srv.URL + "/api"})
	if err == nil || !strings.Contains(err.Error(), "client_id and client_secret hold") || !strings.Contains(err.Error(), adviceUnencoded) {
		t.Fatalf("basic: err = %v, want the hint naming %s", err, adviceUnencoded)
	}
	var text strings.Builder
	flow.WriteText(&text, NewRedactor(p.Secrets()...))
	if encoded := base64.StdEncoding.EncodeToString([]byte("my+client:Zm9v%2BYmFy%2FYmF6%3D")); strings.Contains(text.String(), encoded) {
		t.Error("the form-encoded Basic credentials show in the flow")
	}

	p.ClientAuth = ClientAuthBasicUnencoded
	_, flow, err = send(t, NewClient(), p, Request{URL: srv.URL + "/api"})
	if err != nil {
		t.Fatalf("basic-unencoded: %v", err)
	}
	text.Reset()
	flow.WriteText(&text, NewRedactor(p.Secrets()...))
	if raw := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)); strings.Contains(text.String(), raw) {
		t.Error("the unencoded Basic credentials show in the flow")
	}
	if !strings.Contains(text.String(), "Authorization: Basic "+Mask) {
		t.Errorf("the flow does not show the masked Basic header:\n%s", text.String())
	}
}

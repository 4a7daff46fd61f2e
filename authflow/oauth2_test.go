package authflow

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// tokenAPI is a token endpoint at /token and an API at /api that accepts
// the tokens the endpoint issued.
type tokenAPI struct {
	*recordingServer
	tokenResponse func(n int) (int, string) // n counts token requests from 1
	tokenCalls    atomic.Int32
	reject        atomic.Int32 // how many API requests to refuse with invalid_token
}

func newTokenAPI(t *testing.T, response func(n int) (int, string)) *tokenAPI {
	a := &tokenAPI{tokenResponse: response}
	a.recordingServer = newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			status, body := a.tokenResponse(int(a.tokenCalls.Add(1)))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, body)
		default:
			if a.reject.Load() > 0 {
				a.reject.Add(-1)
				w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="expired"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			io.WriteString(w, `{"auth":"`+r.Header.Get("Authorization")+`"}`)
		}
	})
	return a
}

func (a *tokenAPI) tokenRequests() []received {
	var out []received
	for _, r := range a.got() {
		if strings.HasPrefix(r.URL, "/token") {
			out = append(out, r)
		}
	}
	return out
}

func bearerToken(token string, expiresIn string) func(int) (int, string) {
	return func(int) (int, string) {
		return 200, `{"access_token":"` + token + `","token_type":"Bearer","expires_in":` + expiresIn + `}`
	}
}

func oauthProfile(a *tokenAPI) *Profile {
	return &Profile{
		Name: "o", Type: TypeOAuth2Password, TokenURL: a.URL + "/token",
		Username: "alice", Password: "pa ss+wo%rd", Scopes: []string{"read", "write"},
	}
}

func TestPasswordGrantWireBytes(t *testing.T) {
	const id, secret = "my client+id:1%", "s3 cr+et:%x"
	tests := []struct {
		name       string
		clientID   string
		secret     string
		clientAuth string
		wantAuth   string
		wantBody   url.Values
	}{
		{
			name: "basic client auth form-urlencodes id and secret (RFC 6749 §2.3.1)", clientID: id, secret: secret, clientAuth: ClientAuthBasic,
			wantAuth: "Basic " + base64.StdEncoding.EncodeToString([]byte("my+client%2Bid%3A1%25:s3+cr%2Bet%3A%25x")),
			wantBody: url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"pa ss+wo%rd"}, "scope": {"read write"}},
		},
		{
			name: "default client auth is basic", clientID: "c", secret: "s",
			wantAuth: "Basic " + base64.StdEncoding.EncodeToString([]byte("c:s")),
			wantBody: url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"pa ss+wo%rd"}, "scope": {"read write"}},
		},
		{
			name: "body client auth", clientID: id, secret: secret, clientAuth: ClientAuthBody,
			wantBody: url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"pa ss+wo%rd"}, "scope": {"read write"},
				"client_id": {id}, "client_secret": {secret}},
		},
		{
			// As curl -u: what go-oauth2, node-oauth2-server and authlib
			// expect, since they do not decode.
			name: "basic-unencoded sends id and secret as they are", clientID: "my client+id1%", secret: "Zm9v+YmFy/YmF6=", clientAuth: ClientAuthBasicUnencoded,
			wantAuth: "Basic " + base64.StdEncoding.EncodeToString([]byte("my client+id1%:Zm9v+YmFy/YmF6=")),
			wantBody: url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"pa ss+wo%rd"}, "scope": {"read write"}},
		},
		{
			name: "no client_id sends no client authentication at all", clientAuth: ClientAuthBasic,
			wantBody: url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"pa ss+wo%rd"}, "scope": {"read write"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTokenAPI(t, bearerToken("tok-1", "3600"))
			p := oauthProfile(a)
			p.ClientID, p.ClientSecret, p.ClientAuth = tt.clientID, tt.secret, tt.clientAuth
			resp, flow, err := send(t, NewClient(), p, Request{URL: a.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != `{"auth":"Bearer tok-1"}` {
				t.Errorf("API saw %s", resp.Body)
			}
			reqs := a.tokenRequests()
			if len(reqs) != 1 {
				t.Fatalf("%d token requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Method != "POST" || got.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("token request %s with Content-Type %q", got.Method, got.Header.Get("Content-Type"))
			}
			if auth := got.Header.Get("Authorization"); auth != tt.wantAuth {
				t.Errorf("Authorization = %q, want %q", auth, tt.wantAuth)
			}
			if _, ok := got.Header["Authorization"]; !ok && tt.wantAuth != "" {
				t.Error("no Authorization header")
			}
			// The exact bytes: url.Values.Encode sorts keys, as x/oauth2 does.
			if got.Body != tt.wantBody.Encode() {
				t.Errorf("body = %q\nwant   %q", got.Body, tt.wantBody.Encode())
			}
			want := "Why this grant|Request a token|Read the token response|Use the token|Send the request"
			if titles := strings.Join(stepTitles(flow), "|"); titles != want {
				t.Errorf("steps = %s", titles)
			}
			ex := stepTitled(t, flow, "Request a token").Exchange
			if ex == nil || string(ex.Request.Body) != got.Body {
				t.Errorf("recorded token request body differs from the bytes received")
			}
			if ex != nil && ex.Request.Header.Get("Authorization") != got.Header.Get("Authorization") {
				t.Errorf("recorded Authorization %q differs from the one received", ex.Request.Header.Get("Authorization"))
			}
		})
	}
}

func TestTokenResponseSuccessCases(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantField map[string]string // field label → substring
	}{
		{"lower-case bearer", `{"access_token":"t","token_type":"bearer","expires_in":60}`, map[string]string{"token_type": "bearer (used as a Bearer token)", "expires": "in 1m0s"}},
		{"expires_in missing", `{"access_token":"t","token_type":"Bearer"}`, map[string]string{"expires": "unknown", "note": "no expires_in"}},
		{"expires_in zero", `{"access_token":"t","token_type":"Bearer","expires_in":0}`, map[string]string{"expires": "unknown", "note": "expires_in is 0"}},
		{"expires_in string", `{"access_token":"t","token_type":"Bearer","expires_in":"120"}`, map[string]string{"expires": "in 2m0s", "expires_in": "120"}},
		{"expires_in garbage", `{"access_token":"t","token_type":"Bearer","expires_in":"soon"}`, map[string]string{"expires": "unknown", "note": `"soon" is not a number`}},
		{"scope granted", `{"access_token":"t","token_type":"Bearer","scope":"read"}`, map[string]string{"scope": "read"}},
		{"no token_type", `{"access_token":"t"}`, map[string]string{"note": "taken as Bearer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTokenAPI(t, func(int) (int, string) { return 200, tt.body })
			c := NewClient()
			clock := newFakeClock()
			c.Tokens.Now = clock.Now
			_, flow, err := send(t, c, oauthProfile(a), Request{URL: a.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			read := stepTitled(t, flow, "Read the token response")
			for label, want := range tt.wantField {
				found := false
				for _, f := range read.Fields {
					found = found || (f.Label == label && strings.Contains(f.Value, want))
				}
				if !found {
					t.Errorf("no field %s containing %q in %+v", label, want, read.Fields)
				}
			}
		})
	}
}

func TestUnknownTokenTypeIsNotSent(t *testing.T) {
	a := newTokenAPI(t, func(int) (int, string) {
		return 200, `{"access_token":"mac-token","token_type":"mac","expires_in":60}`
	})
	c := NewClient()
	_, flow, err := send(t, c, oauthProfile(a), Request{URL: a.URL + "/api"})
	if err == nil || !strings.Contains(err.Error(), `token_type "mac" is not Bearer`) {
		t.Fatalf("err = %v", err)
	}
	if n := len(a.got()); n != 1 {
		t.Errorf("%d requests reached the server, want only the token request", n)
	}
	if s := lastStep(flow); s.Title != "Use the token" || s.Status != StepFailed || s.Hint == "" {
		t.Errorf("last step = %+v", s)
	}
	if _, ok := c.Tokens.Get(oauthProfile(a).TokenCacheKey()); ok {
		t.Error("an unusable token was cached")
	}
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		ctype    string
		body     string
		wantCode string
		wantMsg  string // in the error
		wantHint string // in the hint
	}{
		{"invalid_grant", 400, "application/json", `{"error":"invalid_grant","error_description":"Bad \u001b[31mpassword"}`, "invalid_grant", "token endpoint answered 400: invalid_grant: Bad password", "username or password"},
		{"invalid_client", 401, "application/json", `{"error":"invalid_client"}`, "invalid_client", "401: invalid_client", `client_auth = "body"`},
		{"unsupported_grant_type", 400, "application/json", `{"error":"unsupported_grant_type","error_uri":"https://docs/x"}`, "unsupported_grant_type", "(see https://docs/x)", "Unqork"},
		{"invalid_scope", 400, "application/json", `{"error":"invalid_scope"}`, "invalid_scope", "invalid_scope", `"read write"`},
		{"unauthorized_client", 400, "application/json", `{"error":"unauthorized_client"}`, "unauthorized_client", "unauthorized_client", "administrator"},
		{"200 with error", 200, "application/json", `{"error":"invalid_grant"}`, "invalid_grant", "answered 200: invalid_grant", "username or password"},
		{"HTML 500", 500, "text/html", "<html><head><title>502 Bad\tGateway\x07</title></head><body>nginx</body></html>", "", "500 Internal Server Error: 502 Bad Gateway", "try again later"},
		{"empty 500", 500, "text/plain", "", "", "(empty body)", "try again later"},
		{"redirect", 302, "text/html", "", "", "does not follow", "Location"},
		{"404 page", 404, "text/plain", "no such page", "", "404 Not Found: no such page", "token_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTokenAPI(t, nil)
			a.tokenResponse = nil
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				if tt.status == 302 {
					w.Header().Set("Location", a.URL+"/elsewhere")
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			p := oauthProfile(a)
			p.TokenURL = srv.URL + "/token"
			p.ClientID, p.ClientSecret = "cid", "csecret"
			_, flow, err := send(t, NewClient(), p, Request{URL: a.URL + "/api"})
			var te *TokenError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (%T), want *TokenError", err, err)
			}
			if te.Code != tt.wantCode || te.StatusCode != tt.status {
				t.Errorf("code %q status %d", te.Code, te.StatusCode)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %q, want %q in it", err, tt.wantMsg)
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07\t") {
				t.Errorf("err %q holds control characters", err)
			}
			if !strings.Contains(te.Hint, tt.wantHint) {
				t.Errorf("hint = %q, want %q in it", te.Hint, tt.wantHint)
			}
			if n := len(srv.got()); n != 1 {
				t.Errorf("%d token requests, want exactly 1 (no retry)", n)
			}
			if n := len(a.got()); n != 0 {
				t.Errorf("the token endpoint's redirect was followed, or the API was called: %d requests", n)
			}
			if s := lastStep(flow); s.Title != "Read the token response" || s.Status != StepFailed || s.Hint != te.Hint {
				t.Errorf("last step = %+v", s)
			}
		})
	}
}

func TestTokenOddSuccessResponses(t *testing.T) {
	tests := []struct{ name, ctype, body, want string }{
		{"no access_token", "application/json", `{"token_type":"Bearer"}`, "without an access_token"},
		{"HTML 200", "text/html", `<html><title>Login</title></html>`, "other than a JSON token response (RFC 6749 §5.1): 33 bytes, Content-Type text/html, not JSON"},
		{"empty 200", "application/json", ``, "empty body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				io.WriteString(w, tt.body)
			})
			p := &Profile{Type: TypeOAuth2Password, TokenURL: srv.URL, Username: "u", Password: "p"}
			_, flow, err := send(t, NewClient(), p, Request{URL: srv.URL + "/api"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q in it", err, tt.want)
			}
			if n := len(srv.got()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			if s := lastStep(flow); s.Status != StepFailed {
				t.Errorf("last step = %+v", s)
			}
		})
	}
}

func TestFormEncodedTokenResponse(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
			io.WriteString(w, "access_token=form-tok&token_type=bearer&expires_in=30")
			return
		}
		io.WriteString(w, r.Header.Get("Authorization"))
	})
	p := &Profile{Type: TypeOAuth2Password, TokenURL: srv.URL + "/token", Username: "u", Password: "p"}
	resp, _, err := send(t, NewClient(), p, Request{URL: srv.URL + "/api"})
	if err != nil || string(resp.Body) != "Bearer form-tok" {
		t.Fatalf("resp %v, err %v", resp, err)
	}
}

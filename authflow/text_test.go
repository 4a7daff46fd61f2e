package authflow

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Canary values: none may appear in an error or in masked output.
const (
	canaryPassword     = "canary-password-7f3a"
	canaryClientSecret = "canary-client-secret-9b1c"
	canaryAccessToken  = "canary-access-token-2d4e"
	canaryRefreshToken = "canary-refresh-token-5a6b"
	canaryAPIKey       = "canary-api-key-8c9d"
)

// canaryForms lists every form a canary may take on the wire.
func canaryForms(p *Profile) []string {
	forms := []string{canaryPassword, canaryClientSecret, canaryAccessToken, canaryRefreshToken, canaryAPIKey}
	for _, s := range p.Secrets() {
		forms = append(forms, s, url.QueryEscape(s))
	}
	return forms
}

func assertNoCanary(t *testing.T, where, text string, p *Profile) {
	t.Helper()
	for _, c := range canaryForms(p) {
		if c != "" && strings.Contains(text, c) {
			t.Errorf("%s holds the secret %q:\n%s", where, c, text)
		}
	}
}

func TestNoSecretInErrorsOrMaskedText(t *testing.T) {
	scenarios := []struct {
		name    string
		token   func(w http.ResponseWriter, r *http.Request)
		api     func(w http.ResponseWriter, r *http.Request)
		profile func(base string) *Profile
	}{
		{
			name: "token error echoing the password",
			token: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_grant","error_description":"password `+r.PostFormValue("password")+` is wrong"}`)
			},
			profile: oauthCanaryProfile,
		},
		{
			name: "successful flow with refresh token",
			token: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"access_token":"`+canaryAccessToken+`","token_type":"Bearer","expires_in":60,"refresh_token":"`+canaryRefreshToken+`"}`)
			},
			api: func(w http.ResponseWriter, r *http.Request) {
				// A careless API echoing the credentials it received.
				io.WriteString(w, r.Header.Get("Authorization"))
			},
			profile: oauthCanaryProfile,
		},
		{
			name: "token rejected and API failing with the token in its error",
			token: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"access_token":"`+canaryAccessToken+`","token_type":"mac"}`)
			},
			profile: oauthCanaryProfile,
		},
		{
			name: "api key in the query of a dead server",
			profile: func(string) *Profile {
				return &Profile{Name: "k", Type: TypeAPIKey, In: InQuery, KeyName: "key", KeyValue: canaryAPIKey}
			},
		},
		{
			name: "basic credentials",
			api: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(401)
				io.WriteString(w, "bad "+r.Header.Get("Authorization"))
			},
			profile: func(string) *Profile {
				return &Profile{Name: "b", Type: TypeBasic, Username: "alice", Password: canaryPassword}
			},
		},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/token" && sc.token != nil:
					sc.token(w, r)
				case sc.api != nil:
					sc.api(w, r)
				default:
					w.WriteHeader(500)
				}
			})
			p := sc.profile(srv.URL)
			target := srv.URL + "/api"
			if p.Type == TypeAPIKey {
				target = "http://127.0.0.1:1/api" // nothing listens on port 1
			}
			_, flow, err := send(t, NewClient(), p, Request{URL: target})
			if err != nil {
				assertNoCanary(t, "error", err.Error(), p)
				var te *TokenError
				if errors.As(err, &te) {
					assertNoCanary(t, "TokenError.Error", te.Error(), p)
				}
			}
			for _, s := range flow.Steps {
				if s.Err != nil {
					assertNoCanary(t, "step error", s.Err.Error(), p)
				}
			}
			var masked bytes.Buffer
			if err := flow.WriteText(&masked, NewRedactor(p.Secrets()...)); err != nil {
				t.Fatal(err)
			}
			assertNoCanary(t, "WriteText", masked.String(), p)
			if !strings.Contains(masked.String(), Mask) {
				t.Errorf("nothing masked:\n%s", masked.String())
			}
			var revealed bytes.Buffer
			flow.WriteText(&revealed, nil)
			if p.Type == TypeBasic && !strings.Contains(revealed.String(), base64.StdEncoding.EncodeToString([]byte("alice:"+canaryPassword))) {
				t.Errorf("reveal did not show the credentials:\n%s", revealed.String())
			}
		})
	}
}

func oauthCanaryProfile(base string) *Profile {
	return &Profile{
		Name: "o", Type: TypeOAuth2Password, TokenURL: base + "/token", Username: "alice", Password: canaryPassword,
		ClientID: "client", ClientSecret: canaryClientSecret,
	}
}

func TestWriteText(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello \x1b[2J world\x1b]0;owned\x07")
	})
	p := &Profile{Name: "demo", Type: TypeBasic, Username: "alice", Password: "wonderland"}
	_, flow, err := send(t, NewClient(), p, Request{URL: srv.URL + "/me"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := flow.WriteText(&out, NewRedactor(p.Secrets()...)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"Profile demo (basic)\n",
		"\n1. Encode the credentials [done",
		"   RFC 7617 §2\n",
		"   user-id: alice\n",
		"   credentials (base64 of user-id:password): " + Mask + "\n",
		"\n2. Send the request [done",
		"   > request\n     GET /me HTTP/1.1\n     Host: 127.0.0.1:",
		"     Authorization: Basic " + Mask + "\n",
		"   < response (",
		"     HTTP/1.1 200 OK\n",
		"     hello  world\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("WriteText lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsAny(text, "\x1b\x07\r") {
		t.Errorf("WriteText let control characters through:\n%q", text)
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "   ") && !strings.HasPrefix(line, "     ") && !strings.Contains(line, ": ") &&
			len([]rune(line)) > textWidth {
			t.Errorf("explanation line longer than %d: %q", textWidth, line)
		}
	}
}

func TestWriteTextShowsFailureHint(t *testing.T) {
	flow := &Flow{Profile: "p", Type: TypeOAuth2Password, Steps: []Step{{
		Title: "Read the token response", Status: StepFailed,
		Err: errors.New("authflow: token endpoint answered 400: invalid_grant"), Hint: "Check the password.",
	}}}
	var out bytes.Buffer
	flow.WriteText(&out, nil)
	if want := "1. Read the token response [failed]\n   error: authflow: token endpoint answered 400: invalid_grant\n   hint: Check the password.\n"; !strings.Contains(out.String(), want) {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

package authflow

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// The tests in this file pin what doc.go says about x/oauth2's answers:
// keyway sends every token request through x/oauth2 but reads the
// recorded response itself, and sends the device grant itself. Each case
// shows x/oauth2 (the version in go.mod) and keyway on the same bytes. If
// one fails after an upgrade of x/oauth2, the library changed: revisit
// doc.go's "What keyway takes from x/oauth2", and perhaps use its answer.

// libraryToken asks x/oauth2 for a password-grant token from a server
// answering with contentType, status and body, as keyway configures it
// (explicit AuthStyle, no retry).
func libraryToken(t *testing.T, contentType string, status int, body string) (*oauth2.Token, error) {
	t.Helper()
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
	conf := &oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: srv.URL, AuthStyle: oauth2.AuthStyleInParams}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	return conf.PasswordCredentialsToken(ctx, "u", "pw-library")
}

// keywayToken sends a request with a password-grant profile whose token
// endpoint answers with contentType, status and body, on a fixed clock.
func keywayToken(t *testing.T, contentType string, status int, body string) (*Client, *Profile, *Flow, error) {
	t.Helper()
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			io.WriteString(w, body)
		}
	})
	c := NewClient()
	c.Tokens.Now = newFakeClock().Now
	p := &Profile{Name: "lib", Type: TypeOAuth2Password, TokenURL: srv.URL + "/token", Username: "u", Password: "pw-keyway"}
	_, flow, err := send(t, c, p, Request{URL: srv.URL + "/api"})
	return c, p, flow, err
}

// TestXOAuth2RefusesTokenResponsesKeywayReads: x/oauth2 refuses a whole
// token response whose expires_in is not a whole number, or that starts
// with a byte order mark; keyway reads the token and says what was odd
// (RFC 6749 §5.1 RECOMMENDS expires_in; RFC 8259 §8.1 lets a parser skip
// the mark).
func TestXOAuth2RefusesTokenResponsesKeywayReads(t *testing.T) {
	for _, c := range []struct{ name, body, note string }{
		{"expires_in not a number", `{"access_token":"tok-soon","token_type":"Bearer","expires_in":"soon"}`, `"soon" is not a number`},
		{"expires_in with a fraction", `{"access_token":"tok-frac","token_type":"Bearer","expires_in":60.5}`, ""},
		{"byte order mark", "\ufeff" + `{"access_token":"tok-bom","token_type":"Bearer","expires_in":60}`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if tok, err := libraryToken(t, "application/json", 200, c.body); err == nil || tok != nil {
				t.Errorf("x/oauth2 read it: token %v, err %v", tok != nil, err)
			}
			_, _, flow, err := keywayToken(t, "application/json", 200, c.body)
			if err != nil {
				t.Fatalf("keyway refused it: %v", err)
			}
			if c.note == "" {
				return
			}
			found := false
			for _, f := range stepTitled(t, flow, "Read the token response").Fields {
				found = found || f.Label == "note" && strings.Contains(f.Value, c.note)
			}
			if !found {
				t.Errorf("no note %q", c.note)
			}
		})
	}
}

// TestXOAuth2ExpiryIsNotOnTheCachesClock: x/oauth2 drops a form body's
// expires_in that is not a whole number and, for a form body, gives no
// ExpiresIn at all (its Expiry is on the wall clock when it read the
// answer); keyway puts the lifetime on its token cache's clock, the one
// every expiry it shows and checks is on.
func TestXOAuth2ExpiryIsNotOnTheCachesClock(t *testing.T) {
	const body = "access_token=tok-form&token_type=bearer&expires_in=30.5"
	tok, err := libraryToken(t, "application/x-www-form-urlencoded", 200, body)
	if err != nil {
		t.Fatalf("x/oauth2: %v", err)
	}
	if !tok.Expiry.IsZero() || tok.ExpiresIn != 0 {
		t.Fatalf("x/oauth2 read expires_in=30.5: expiry %v, expires_in %d", tok.Expiry, tok.ExpiresIn)
	}
	c, p, _, err := keywayToken(t, "application/x-www-form-urlencoded", 200, body)
	if err != nil {
		t.Fatal(err)
	}
	cached, ok := c.Tokens.Get(p.TokenCacheKey())
	if want := newFakeClock().Now().Add(30500 * time.Millisecond); !ok || !cached.Expiry.Equal(want) {
		t.Errorf("keyway's expiry %v, want %v", cached.Expiry, want)
	}
}

// TestXOAuth2ReadsNamesKeywayDoesNot: encoding/json matches x/oauth2's
// field names whatever their case, so it takes "ACCESS_TOKEN" for
// access_token; keyway reads RFC 6749 §5.1's names as written. Were the
// token from one reader and the flow's account of it from the other, the
// flow could show a response that was not the one used.
func TestXOAuth2ReadsNamesKeywayDoesNot(t *testing.T) {
	const body = `{"ACCESS_TOKEN":"tok-upper","token_type":"Bearer"}`
	if tok, err := libraryToken(t, "application/json", 200, body); err != nil || tok.AccessToken != "tok-upper" {
		t.Fatalf("x/oauth2: token %v, err %v", tok, err)
	}
	if _, _, _, err := keywayToken(t, "application/json", 200, body); err == nil || !strings.Contains(err.Error(), "without an access_token") {
		t.Errorf("keyway: %v", err)
	}
}

// TestXOAuth2RetrieveErrorHidesTheCode: x/oauth2's RetrieveError keeps no
// §5.2 error code when any field of the body fails to decode (here an
// expires_in beside the error), and its Error() quotes the whole body,
// which may echo the password. keyway's TokenError has the code, and its
// Error() only the §5.2 fields or a masked excerpt.
func TestXOAuth2RetrieveErrorHidesTheCode(t *testing.T) {
	const odd = `{"error":"invalid_grant","error_description":"no","expires_in":"soon"}`
	_, err := libraryToken(t, "application/json", 400, odd)
	var retrieve *oauth2.RetrieveError
	if !errors.As(err, &retrieve) || retrieve.ErrorCode != "" {
		t.Fatalf("x/oauth2: %#v", err)
	}
	_, _, _, err = keywayToken(t, "application/json", 400, odd)
	var tokenErr *TokenError
	if !errors.As(err, &tokenErr) || tokenErr.Code != "invalid_grant" {
		t.Fatalf("keyway: %v", err)
	}

	const echo = `<p>wrong password pw-library</p>`
	if _, err := libraryToken(t, "text/html", 401, echo); err == nil || !strings.Contains(err.Error(), "pw-library") {
		t.Fatalf("x/oauth2's error does not quote the body: %v", err)
	}
	const echoKeyway = `<p>wrong password pw-keyway</p>`
	if _, _, _, err := keywayToken(t, "text/html", 401, echoKeyway); err == nil || strings.Contains(err.Error(), "pw-keyway") {
		t.Fatalf("keyway: %v", err)
	}
}

// TestXOAuth2DeviceAuthSendsNoClientAuthentication: x/oauth2's DeviceAuth
// sends client_id alone whatever the AuthStyle, so a confidential client
// could not authenticate at the device authorization endpoint (RFC 8628
// §3.1 asks it to, as at the token endpoint, RFC 6749 §3.2.1). keyway
// sends the device grant's requests itself, with the profile's
// client_auth (device.go).
func TestXOAuth2DeviceAuthSendsNoClientAuthentication(t *testing.T) {
	srv := newRecordingServer(t, jsonHandler(200, `{"device_code":"d","user_code":"U","verification_uri":"https://v/","expires_in":60}`))
	conf := &oauth2.Config{ClientID: "cid", ClientSecret: "csecret",
		Endpoint: oauth2.Endpoint{DeviceAuthURL: srv.URL, AuthStyle: oauth2.AuthStyleInHeader}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	if _, err := conf.DeviceAuth(ctx); err != nil {
		t.Fatal(err)
	}
	got := srv.got()
	form, _ := url.ParseQuery(got[0].Body)
	if len(got) != 1 || got[0].Header.Get("Authorization") != "" || form.Has("client_secret") || form.Get("client_id") != "cid" {
		t.Errorf("x/oauth2 authenticated the client: %+v", got)
	}
}

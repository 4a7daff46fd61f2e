package authflow

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// credentialProfiles are the profiles whose credentials must not cross
// origins; each is checked against what the landing server received.
var credentialProfiles = []Profile{
	{Name: "basic", Type: TypeBasic, Username: "alice", Password: "canary-pass"},
	{Name: "bearer", Type: TypeBearer, Token: "canary-token"},
	{Name: "header key", Type: TypeAPIKey, In: InHeader, KeyName: "X-API-Key", KeyValue: "canary-key"},
	{Name: "query key", Type: TypeAPIKey, In: InQuery, KeyName: "api_key", KeyValue: "canary-key"},
	{Name: "cookie key", Type: TypeAPIKey, In: InCookie, KeyName: "session", KeyValue: "canary-key"},
}

// assertNoCredentials fails when r carries anything of a credential.
func assertNoCredentials(t *testing.T, r received) {
	t.Helper()
	for _, name := range []string{"Authorization", "Cookie", "X-Api-Key"} {
		if v := r.Header.Get(name); v != "" {
			t.Errorf("landing server received %s: %q", name, v)
		}
	}
	if strings.Contains(r.URL, "canary") || strings.Contains(r.URL, "api_key") {
		t.Errorf("landing server received the key in %q", r.URL)
	}
}

func TestRedirectToAnotherPortStripsCredentials(t *testing.T) {
	for _, p := range credentialProfiles {
		t.Run(p.Name, func(t *testing.T) {
			landing := newRecordingServer(t, jsonHandler(200, `{"ok":true}`))
			origin := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				// Echo the query, as a careless server would, and the key
				// under another name.
				q := r.URL.Query()
				if p.Type == TypeAPIKey {
					q.Set("copy", p.KeyValue)
				}
				http.Redirect(w, r, landing.URL+"/landing?"+q.Encode(), http.StatusFound)
			})
			resp, flow, err := send(t, NewClient(), &p, Request{
				URL:    origin.URL + "/start?x=1",
				Header: http.Header{"Cookie": {"own=cookie"}},
			})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("resp %v, err %v", resp, err)
			}
			assertNoCredentials(t, landing.got()[0])
			if got := landing.got()[0].URL; !strings.Contains(got, "x=1") {
				t.Errorf("landing URL %q lost the other parameters", got)
			}
			follow := lastStep(flow)
			if follow.Title != "Follow the redirect" || follow.Exchange == nil || follow.Exchange.Response.StatusCode != 200 {
				t.Errorf("last step = %+v", follow)
			}
			if !strings.Contains(follow.Fields[1].Value, "removed") {
				t.Errorf("credentials field = %+v", follow.Fields[1])
			}
			if flow.Steps[len(flow.Steps)-2].Exchange.Response.StatusCode != 302 {
				t.Error("the first hop's exchange is not the 302")
			}
		})
	}
}

func TestRedirectToAnotherHostStripsCredentials(t *testing.T) {
	for _, p := range credentialProfiles {
		t.Run(p.Name, func(t *testing.T) {
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if host, port, _ := net.SplitHostPort(r.Host); host == "api.test" {
					u := *r.URL
					u.Scheme, u.Host, u.Path = "http", net.JoinHostPort("elsewhere.test", port), "/landing"
					http.Redirect(w, r, u.String(), http.StatusTemporaryRedirect)
					return
				}
				w.WriteHeader(200)
			})
			c := NewClient()
			// Every host name dials the one test server, so that the
			// redirect changes only the host.
			c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
			}}
			start := "http://api.test:" + strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port) + "/start"
			resp, _, err := send(t, c, &p, Request{URL: start, Header: http.Header{"Cookie": {"own=cookie"}}})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("resp %v, err %v", resp, err)
			}
			got := srv.got()
			if len(got) != 2 || !strings.HasPrefix(got[1].Host, "elsewhere.test") {
				t.Fatalf("requests = %+v", got)
			}
			assertNoCredentials(t, got[1])
		})
	}
}

func TestRedirectWithinOriginKeepsCredentials(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/next", http.StatusFound)
			return
		}
		w.WriteHeader(200)
	})
	p := &Profile{Type: TypeAPIKey, In: InHeader, KeyName: "X-API-Key", KeyValue: "k-1"}
	if _, _, err := send(t, NewClient(), p, Request{URL: srv.URL + "/start"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.got()[1].Header.Get("X-API-Key"); got != "k-1" {
		t.Errorf("same-origin hop lost the key: %q", got)
	}
}

func TestRedirectLimit(t *testing.T) {
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	_, flow, err := send(t, NewClient(), nil, Request{URL: srv.URL + "/start"})
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Fatalf("err = %v", err)
	}
	if n := len(srv.got()); n != 11 {
		t.Errorf("%d requests, want 11 (the first and 10 redirects)", n)
	}
	if s := lastStep(flow); s.Status != StepFailed {
		t.Errorf("last step = %+v", s)
	}
}

func TestOriginOf(t *testing.T) {
	same := [][2]string{{"http://a.test/x", "HTTP://A.test:80/y"}, {"https://a.test", "https://a.test:443/"}}
	differ := [][2]string{{"http://a.test", "https://a.test"}, {"http://a.test", "http://a.test:8080"}, {"http://a.test", "http://b.test"}}
	for _, pair := range same {
		if originOf(mustParse(t, pair[0])) != originOf(mustParse(t, pair[1])) {
			t.Errorf("%s and %s differ", pair[0], pair[1])
		}
	}
	for _, pair := range differ {
		if originOf(mustParse(t, pair[0])) == originOf(mustParse(t, pair[1])) {
			t.Errorf("%s and %s are the same origin", pair[0], pair[1])
		}
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestRedirectDoesNotResendSecretBody: a 307 or 308 sends the body again;
// to another origin, a body holding a credential must not go.
func TestRedirectDoesNotResendSecretBody(t *testing.T) {
	const secret = "body-canary-s3cr3t"
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		follows bool
	}{
		{"307 with the secret", http.StatusTemporaryRedirect, "password=" + secret, false},
		{"308 with the secret escaped", http.StatusPermanentRedirect, `{"p":"` + secret + `"}`, false},
		{"307 without a secret", http.StatusTemporaryRedirect, "hello", true},
		{"303 drops the body", http.StatusSeeOther, "password=" + secret, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if host, port, _ := net.SplitHostPort(r.Host); host == "api.test" {
					http.Redirect(w, r, "http://elsewhere.test:"+port+"/landing", tc.status)
					return
				}
				w.WriteHeader(200)
			})
			c := NewClient()
			c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
			}}
			start := "http://api.test:" + strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port) + "/start"
			_, _, err := send(t, c, nil, Request{Method: "POST", URL: start, Body: []byte(tc.body), Secrets: []string{secret}})
			got := srv.got()
			for _, r := range got[1:] {
				if strings.Contains(r.Body, secret) {
					t.Fatalf("the secret body reached %s", r.Host)
				}
			}
			if tc.follows && (err != nil || len(got) != 2) {
				t.Fatalf("redirect not followed: %d requests, err %v", len(got), err)
			}
			if !tc.follows && (err == nil || !strings.Contains(err.Error(), "holds a credential") || strings.Contains(err.Error(), secret)) {
				t.Fatalf("err = %v; want the redirect refused without the secret", err)
			}
		})
	}
}

// The explanation of a request's step states the redirect limit in words
// built at compile time; they must say the limit the policy enforces.
func TestRedirectLimitInWords(t *testing.T) {
	if maxRedirectsText != strconv.Itoa(maxRedirects) {
		t.Errorf("maxRedirectsText = %q, maxRedirects = %d", maxRedirectsText, maxRedirects)
	}
}

package authflow

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// sendUntraced sends as `keyway run` does: no flow recorded.
func sendUntraced(t *testing.T, c *Client, p *Profile, req Request) (*Response, *Flow, error) {
	t.Helper()
	observed := 0
	resp, flow, err := c.Send(context.Background(), p, req, SendOptions{Untraced: true, Observe: func(int, Step) { observed++ }})
	if observed != 0 {
		t.Errorf("Observe was called %d times on an untraced send", observed)
	}
	if flow == nil || len(flow.Steps) != 0 {
		t.Errorf("untraced flow = %+v, want no steps", flow)
	}
	return resp, flow, err
}

// An untraced send puts the same credentials on the wire as a traced one.
func TestUntracedSendAppliesEveryProfile(t *testing.T) {
	for _, p := range credentialProfiles {
		t.Run(p.Name, func(t *testing.T) {
			var traced, untraced []received
			for i, run := range []func(*testing.T, *Client, *Profile, Request) (*Response, *Flow, error){send, sendUntraced} {
				srv := newRecordingServer(t, jsonHandler(200, `{"ok":true}`))
				resp, _, err := run(t, NewClient(), &p, Request{URL: srv.URL + "/items?x=1"})
				if err != nil || resp.StatusCode != 200 || string(resp.Body) != `{"ok":true}` {
					t.Fatalf("run %d: resp %+v, err %v", i, resp, err)
				}
				if i == 0 {
					traced = srv.got()
				} else {
					untraced = srv.got()
				}
			}
			a, b := traced[0], untraced[0]
			if a.URL != b.URL || !equalHeaders(a.Header, b.Header) {
				t.Errorf("traced sent %s %v\nuntraced sent %s %v", a.URL, a.Header, b.URL, b.Header)
			}
		})
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// Redirect protection does not depend on recording: credentials never
// reach another origin.
func TestUntracedRedirectStripsCredentials(t *testing.T) {
	for _, p := range credentialProfiles {
		t.Run(p.Name, func(t *testing.T) {
			landing := newRecordingServer(t, jsonHandler(200, `{"ok":true}`))
			origin := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, landing.URL+"/landing?"+r.URL.RawQuery, http.StatusFound)
			})
			resp, _, err := sendUntraced(t, NewClient(), &p, Request{URL: origin.URL + "/start?x=1"})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("resp %v, err %v", resp, err)
			}
			assertNoCredentials(t, landing.got()[0])
		})
	}
}

// The token is still fetched once, cached, and given back as a secret.
func TestUntracedOAuth2KeepsTokenAndSecrets(t *testing.T) {
	api := newTokenAPI(t, bearerToken("canary-access", "3600"))
	c := NewClient()
	for range 3 {
		resp, flow, err := sendUntraced(t, c, oauthProfile(api), Request{URL: api.URL + "/api"})
		if err != nil || !strings.Contains(string(resp.Body), "Bearer canary-access") {
			t.Fatalf("resp %+v, err %v", resp, err)
		}
		if flow.Token == nil || !slices.Contains(flow.Secrets, "canary-access") {
			t.Errorf("flow token %+v, secrets %d values: want the access token among them", flow.Token, len(flow.Secrets))
		}
	}
	if n := len(api.tokenRequests()); n != 1 {
		t.Errorf("%d token requests, want 1 (cached)", n)
	}
}

// A refused token endpoint is still an error naming what the server said.
func TestUntracedTokenErrorIsDescribed(t *testing.T) {
	api := newTokenAPI(t, func(int) (int, string) {
		return 400, `{"error":"invalid_grant","error_description":"bad password"}`
	})
	_, _, err := sendUntraced(t, NewClient(), oauthProfile(api), Request{URL: api.URL + "/api"})
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("err = %v, want invalid_grant", err)
	}
}

// Untraced, a gzip body is decoded as it is when recorded.
func TestUntracedGzipIsDecoded(t *testing.T) {
	var compressed bytes.Buffer
	zw := gzip.NewWriter(&compressed)
	zw.Write([]byte(strings.Repeat("a", 5000)))
	zw.Close()
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(compressed.Bytes())
	})
	resp, _, err := sendUntraced(t, NewClient(), nil, Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != strings.Repeat("a", 5000) || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("body %.20q (%d bytes), Content-Encoding %q", resp.Body, len(resp.Body), resp.Header.Get("Content-Encoding"))
	}
	if got := srv.got()[0].Header.Get("User-Agent"); got != userAgent {
		t.Errorf("User-Agent sent = %q, want %q", got, userAgent)
	}
}

// Errors of an untraced send are masked like those of a traced one.
func TestUntracedErrorsAreMasked(t *testing.T) {
	p := &Profile{Name: "k", Type: TypeAPIKey, In: InQuery, KeyName: "api_key", KeyValue: "canary-key-123"}
	_, _, err := sendUntraced(t, NewClient(), p, Request{URL: "http://127.0.0.1:1/x"})
	if err == nil || strings.Contains(err.Error(), "canary-key-123") {
		t.Fatalf("err = %v, want an error without the key", err)
	}
}

package authflow

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// twoServers starts a landing server and an origin server that redirects
// every request to the landing server's /landing with the given query
// (escaped as given) and status.
func twoServers(t *testing.T, status int, landingPathQuery func(r *http.Request) string) (origin, landing *recordingServer) {
	landing = newRecordingServer(t, jsonHandler(200, `{"ok":true}`))
	origin = newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, landing.URL+landingPathQuery(r), status)
	})
	return origin, landing
}

// assertLandingClean fails when any header or the URL the landing server got
// holds the canary.
func assertLandingClean(t *testing.T, r received, canary string) {
	t.Helper()
	for name, values := range r.Header {
		for _, v := range values {
			if strings.Contains(v, canary) || strings.Contains(v, url.QueryEscape(canary)) {
				t.Errorf("landing server received %s: %q", name, v)
			}
		}
	}
	if strings.Contains(r.URL, canary) {
		t.Errorf("landing server received the canary in the URL %q", r.URL)
	}
}

// TestCrossOriginRedirectDropsReferer: Go's client sets Referer to the
// previous URL, query and all, so a query API key would reach the other
// origin through it.
func TestCrossOriginRedirectDropsReferer(t *testing.T) {
	const canary = "canary-query-key-1"
	origin, landing := twoServers(t, http.StatusFound, func(*http.Request) string { return "/landing" })
	p := &Profile{Type: TypeAPIKey, In: InQuery, KeyName: "api_key", KeyValue: canary}
	if _, _, err := send(t, NewClient(), p, Request{URL: origin.URL + "/start?x=1"}); err != nil {
		t.Fatal(err)
	}
	got := landing.got()[0]
	if ref := got.Header.Get("Referer"); ref != "" {
		t.Errorf("landing server received Referer %q", ref)
	}
	assertLandingClean(t, got, canary)
}

// TestCrossOriginRedirectDropsSecretCustomHeaders: a secret in a custom
// header (headers = { X-Token = "{{env:KW_KEY}}" }), whether of the profile
// or of the request, does not follow a redirect to another origin; other
// headers do.
func TestCrossOriginRedirectDropsSecretCustomHeaders(t *testing.T) {
	const requestCanary = "canary-env-token-2"
	const profileCanary = "canary-bearer-3"
	origin, landing := twoServers(t, http.StatusFound, func(*http.Request) string { return "/landing" })
	p := &Profile{Type: TypeBearer, Token: profileCanary}
	_, flow, err := send(t, NewClient(), p, Request{
		URL: origin.URL + "/start",
		Header: http.Header{
			"X-Token":      {requestCanary},
			"X-Wrapped":    {"prefix " + url.QueryEscape(requestCanary+" ") + " suffix"},
			"X-Copy":       {"Bearer " + profileCanary},
			"X-Harmless":   {"keep me"},
			"Content-Type": {"text/plain"},
		},
		Secrets: []string{requestCanary},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := landing.got()[0]
	assertLandingClean(t, got, requestCanary)
	assertLandingClean(t, got, profileCanary)
	for _, name := range []string{"X-Token", "X-Wrapped", "X-Copy"} {
		if got.Header.Get(name) != "" {
			t.Errorf("%s followed the redirect", name)
		}
	}
	if got.Header.Get("X-Harmless") != "keep me" {
		t.Errorf("a header without a secret was dropped: %v", got.Header)
	}
	// The origin got them all: only the other origin is protected.
	if first := origin.got()[0]; first.Header.Get("X-Token") != requestCanary {
		t.Errorf("origin received X-Token %q", first.Header.Get("X-Token"))
	}
	if !strings.Contains(lastStep(flow).Fields[1].Value, "removed") {
		t.Errorf("follow step = %+v", lastStep(flow))
	}
}

// TestCrossOriginRedirectDropsEchoedQuerySecrets: a Location that echoes a
// secret of the request, under any name, loses that parameter; the rest of
// its query is kept as written.
func TestCrossOriginRedirectDropsEchoedQuerySecrets(t *testing.T) {
	const canary = "canary-echo-4"
	origin, landing := twoServers(t, http.StatusFound, func(*http.Request) string {
		return "/landing?z=1&copy=" + canary + "&a=b%20c&flag"
	})
	if _, _, err := send(t, NewClient(), nil, Request{URL: origin.URL + "/start", Secrets: []string{canary}}); err != nil {
		t.Fatal(err)
	}
	got := landing.got()[0]
	assertLandingClean(t, got, canary)
	if got.URL != "/landing?z=1&a=b%20c&flag" {
		t.Errorf("landing URL = %q, want the other parameters byte for byte", got.URL)
	}
}

// TestCrossOriginRedirectWithSecretInPathIsRefused: a secret the Location
// put in the path cannot be stripped, so the redirect is not followed (a
// secret bound to one host is never sent to another), with one
// "authflow:" prefix and no secret in the error.
func TestCrossOriginRedirectWithSecretInPathIsRefused(t *testing.T) {
	const canary = "canary-path-5"
	origin, landing := twoServers(t, http.StatusFound, func(*http.Request) string { return "/keys/" + canary })
	p := &Profile{Type: TypeAPIKey, In: InHeader, KeyName: "X-API-Key", KeyValue: canary}
	_, _, err := send(t, NewClient(), p, Request{URL: origin.URL + "/start"})
	var refused *RedirectRefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a *RedirectRefusedError", err)
	}
	if n := len(landing.got()); n != 0 {
		t.Errorf("landing server received %d requests", n)
	}
	if msg := err.Error(); strings.Contains(msg, canary) || strings.Count(msg, "not following") != 1 || strings.Contains(msg, "authflow") {
		t.Errorf("err = %q; want the refusal said once, no package name and no secret", msg)
	}
}

// TestQueryAPIKeyKeepsTheQueryAsWritten: the key is appended; a signed
// URL's query survives byte for byte, and a redirect to another origin
// still loses the key.
func TestQueryAPIKeyKeepsTheQueryAsWritten(t *testing.T) {
	const signed = "X-Amz-Date=20260101T000000Z&b=2&a=x%20y&flag&sig=abc%2Bdef%3D"
	const canary = "canary key+6"
	srv := newRecordingServer(t, jsonHandler(200, `{}`))
	p := &Profile{Type: TypeAPIKey, In: InQuery, KeyName: "api key", KeyValue: canary}
	if _, _, err := send(t, NewClient(), p, Request{URL: srv.URL + "/file?" + signed}); err != nil {
		t.Fatal(err)
	}
	want := "/file?" + signed + "&api+key=" + url.QueryEscape(canary)
	if got := srv.got()[0].URL; got != want {
		t.Errorf("URL = %q\nwant  %q", got, want)
	}

	origin, landing := twoServers(t, http.StatusTemporaryRedirect, func(r *http.Request) string {
		return "/landing?" + r.URL.RawQuery // echoes the key under its own name
	})
	if _, _, err := send(t, NewClient(), p, Request{URL: origin.URL + "/file?" + signed}); err != nil {
		t.Fatal(err)
	}
	got := landing.got()[0]
	assertLandingClean(t, got, canary)
	if got.URL != "/landing?"+signed {
		t.Errorf("landing URL = %q, want the signed query without the key", got.URL)
	}
}

package demoapi

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func basicHeader(userPass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(userPass))
}

func TestBasic(t *testing.T) {
	h, _ := newDemo(t)
	const challenge = `Basic realm="keyway demo", charset="UTF-8"`
	tests := []struct {
		name          string
		authorization string
		status        int
		message       string
	}{
		{"alice", basicHeader(Username + ":" + Password), 200, "hello, alice"},
		{"bob", basicHeader(ReadOnlyUsername + ":" + ReadOnlyPassword), 200, "hello, bob"},
		{"scheme is case-insensitive", "bAsIc " + base64.StdEncoding.EncodeToString([]byte(Username+":"+Password)), 200, "hello, alice"},
		{"no credentials", "", 401, ""},
		{"wrong password", basicHeader(Username + ":nope"), 401, ""},
		{"password with the user's colon moved", basicHeader(Username + Password), 401, ""},
		{"unknown user", basicHeader("mallory:" + Password), 401, ""},
		{"not base64", "Basic !!!", 401, ""},
		{"not UTF-8", "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:\xff\xfe")), 401, ""},
		{"bearer scheme", bearer(BearerToken), 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := get(t, h, "/basic/hello", "Authorization", tt.authorization)
			if a.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.Status, tt.status, a.Body)
			}
			if tt.status == 401 {
				if got := a.Header.Get("WWW-Authenticate"); got != challenge {
					t.Errorf("WWW-Authenticate %q, want %q", got, challenge)
				}
				if a.JSON["error"] != "unauthorized" {
					t.Errorf("error %v, want unauthorized", a.JSON["error"])
				}
				return
			}
			if a.JSON["message"] != tt.message || a.JSON["method"] != "basic" {
				t.Errorf("body %s, want message %q", a.Body, tt.message)
			}
		})
	}
}

func TestParseBasicSplitsAtFirstColon(t *testing.T) {
	// RFC 7617 §2: the user-id cannot hold a colon, the password can.
	name, password, ok := parseBasic(basicHeader("alice:pass:word"))
	if !ok || name != "alice" || password != "pass:word" {
		t.Fatalf("parseBasic = %q, %q, %v", name, password, ok)
	}
}

func FuzzParseBasic(f *testing.F) {
	f.Add("alice", "wonderland")
	f.Add("", "")
	f.Add("zoë", "pässwörd:with:colons")
	f.Fuzz(func(t *testing.T, name, password string) {
		header := basicHeader(name + ":" + password)
		gotName, gotPassword, ok := parseBasic(header)
		// A colon in name is not an error the parser could see: the
		// user-id ends at the first colon (RFC 7617 §2), and the rest is
		// the password.
		valid := utf8.ValidString(name + ":" + password)
		wantName, wantPassword, _ := strings.Cut(name+":"+password, ":")
		if ok != valid {
			t.Fatalf("parseBasic(%q) ok = %v, want %v", header, ok, valid)
		}
		if ok && (gotName != wantName || gotPassword != wantPassword) {
			t.Fatalf("parseBasic(%q) = %q, %q; want %q, %q", header, gotName, gotPassword, wantName, wantPassword)
		}
		// Arbitrary headers must never panic.
		parseBasic(name)
		parseBasic("Basic " + password)
	})
}

func TestStaticBearer(t *testing.T) {
	h, _ := newDemo(t)
	tests := []struct {
		name          string
		authorization string
		status        int
		challenge     string
	}{
		{"right token", bearer(BearerToken), 200, ""},
		{"scheme is case-insensitive", "bearer " + BearerToken, 200, ""},
		{"no credentials", "", 401, `Bearer realm="keyway demo"`},
		{"another scheme", basicHeader(Username + ":" + Password), 401, `Bearer realm="keyway demo"`},
		{"wrong token", bearer("nope"), 401, `Bearer realm="keyway demo", error="invalid_token", error_description="The access token is not valid"`},
		{"two tokens", bearer("a b"), 400, `Bearer realm="keyway demo", error="invalid_request", error_description="The Authorization header must be Bearer, one space, then the token"`},
		{"empty token", "Bearer ", 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := get(t, h, "/bearer/hello", "Authorization", tt.authorization)
			if a.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.Status, tt.status, a.Body)
			}
			if tt.challenge != "" {
				if got := a.Header.Get("WWW-Authenticate"); got != tt.challenge {
					t.Errorf("WWW-Authenticate\n got %s\nwant %s", got, tt.challenge)
				}
			}
			if tt.status == 200 && a.JSON["method"] != "bearer" {
				t.Errorf("body %s", a.Body)
			}
		})
	}
}

func TestIsB64Token(t *testing.T) {
	for token, want := range map[string]bool{
		"abc":           true,
		"a-b.c_d~e+f/g": true,
		"abc==":         true,
		"==":            false,
		"":              false,
		"a b":           false,
		"a=b":           false,
		"ä":             false,
	} {
		if got := isB64Token(token); got != want {
			t.Errorf("isB64Token(%q) = %v, want %v", token, got, want)
		}
	}
}

func TestAPIKey(t *testing.T) {
	h, _ := newDemo(t)
	withHeader := func(key string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set(APIKeyHeader, key) }
	}
	withQuery := func(key string) func(*http.Request) {
		return func(r *http.Request) { r.URL.RawQuery = APIKeyQuery + "=" + key }
	}
	withCookie := func(key string) func(*http.Request) {
		return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: APIKeyCookie, Value: key}) }
	}
	none := func(*http.Request) {}
	tests := []struct {
		name   string
		path   string
		send   func(*http.Request)
		status int
		error  string
		says   string // in error_description
	}{
		{"header", "/apikey/header", withHeader(APIKey), 200, "", ""},
		{"query", "/apikey/query", withQuery(APIKey), 200, "", ""},
		{"cookie", "/apikey/cookie", withCookie(APIKey), 200, "", ""},
		{"header missing", "/apikey/header", none, 401, "missing_api_key", "in the X-API-Key header"},
		{"query missing", "/apikey/query", none, 401, "missing_api_key", "in the api_key query parameter"},
		{"cookie missing", "/apikey/cookie", none, 401, "missing_api_key", "in the api_key cookie"},
		{"header sent to the query endpoint", "/apikey/query", withHeader(APIKey), 401, "missing_api_key", "one came in the X-API-Key header"},
		{"query sent to the cookie endpoint", "/apikey/cookie", withQuery(APIKey), 401, "missing_api_key", "one came in the api_key query parameter"},
		{"wrong header key", "/apikey/header", withHeader("nope"), 401, "invalid_api_key", "X-API-Key header is not valid"},
		{"wrong query key", "/apikey/query", withQuery("nope"), 401, "invalid_api_key", "api_key query parameter is not valid"},
		{"wrong cookie key", "/apikey/cookie", withCookie("nope"), 401, "invalid_api_key", "api_key cookie is not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodGet, tt.path, nil)
			tt.send(r)
			a := serve(t, h, r)
			if a.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.Status, tt.status, a.Body)
			}
			if tt.status == 200 {
				if a.JSON["message"] != "hello, API key holder" {
					t.Errorf("body %s", a.Body)
				}
				if a.Header.Get("WWW-Authenticate") != "" {
					t.Errorf("a 200 carries a challenge: %q", a.Header.Get("WWW-Authenticate"))
				}
				return
			}
			if a.JSON["error"] != tt.error {
				t.Errorf("error %v, want %s", a.JSON["error"], tt.error)
			}
			if d, _ := a.JSON["error_description"].(string); !strings.Contains(d, tt.says) {
				t.Errorf("error_description %q does not say %q", d, tt.says)
			}
			if !strings.HasPrefix(a.Header.Get("WWW-Authenticate"), `APIKey realm="keyway demo"`) {
				t.Errorf("WWW-Authenticate %q", a.Header.Get("WWW-Authenticate"))
			}
			if strings.Contains(a.Body, APIKey) {
				t.Errorf("the answer echoes the key: %s", a.Body)
			}
		})
	}
}

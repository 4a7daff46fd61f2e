package demoapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// deviceRequest asks for a device code as demo-cli.
func deviceRequest(t *testing.T, h http.Handler, scope string) answer {
	t.Helper()
	f := url.Values{"client_id": {CLIClientID}}
	if scope != "" {
		f.Set("scope", scope)
	}
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/oauth/device", strings.NewReader(f.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(t, h, r)
}

// poll is the device's token request.
func poll(t *testing.T, h http.Handler, deviceCode string) answer {
	t.Helper()
	return serve(t, h, tokenRequest(url.Values{"grant_type": {GrantDeviceCode}, "device_code": {deviceCode}, "client_id": {CLIClientID}}, false))
}

// approve posts the verification page as the user does.
func approve(t *testing.T, h http.Handler, userCode, name, password, button string) answer {
	t.Helper()
	f := url.Values{"user_code": {userCode}, "username": {name}, "password": {password}, "consent": {button}}
	r := httptest.NewRequest(http.MethodPost, "/device", strings.NewReader(f.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(t, h, r)
}

var userCodeShape = regexp.MustCompile(`^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$`)

func TestDeviceGrant(t *testing.T) {
	h, clock := newDemo(t)
	a := deviceRequest(t, h, "openid read")
	if a.Status != http.StatusOK || a.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("device authorization: %d %s", a.Status, a.Body)
	}
	userCode, _ := a.JSON["user_code"].(string)
	deviceCode, _ := a.JSON["device_code"].(string)
	if !userCodeShape.MatchString(userCode) || len(deviceCode) != 43 {
		t.Fatalf("codes %q %q", userCode, deviceCode)
	}
	want := `{
  "device_code": "` + deviceCode + `",
  "user_code": "` + userCode + `",
  "verification_uri": "http://127.0.0.1:8080/device",
  "verification_uri_complete": "http://127.0.0.1:8080/device?user_code=` + userCode + `",
  "expires_in": 600,
  "interval": 5
}
`
	if a.Body != want {
		t.Fatalf("device authorization body:\n%s\nwant\n%s", a.Body, want)
	}

	clock.Advance(5 * time.Second)
	if a := poll(t, h, deviceCode); a.Status != 400 || a.Body != `{
  "error": "authorization_pending",
  "error_description": "Nobody has entered the user code yet: keep polling (RFC 8628 section 3.5)"
}
` {
		t.Fatalf("pending: %s", a.Body)
	}
	clock.Advance(4 * time.Second)
	if a := poll(t, h, deviceCode); a.Body != `{
  "error": "slow_down",
  "error_description": "Polled too soon: wait 10 seconds between polls from now on (RFC 8628 section 3.5)"
}
` {
		t.Fatalf("too soon: %s", a.Body)
	}
	clock.Advance(5 * time.Second) // 5 s is no longer enough
	if a := poll(t, h, deviceCode); a.JSON["error"] != "slow_down" {
		t.Fatalf("5 s after a slow_down: %s", a.Body)
	}

	page := get(t, h, "/device?user_code="+userCode)
	if !strings.Contains(page.Body, `name="user_code" value="`+userCode+`"`) || !strings.Contains(page.Body, "<h1>Connect a device</h1>") {
		t.Fatalf("verification page:\n%s", page.Body)
	}
	if a := approve(t, h, userCode, Username, "nope", "allow"); !strings.Contains(a.Body, "The username or password is wrong.") {
		t.Fatalf("wrong password:\n%s", a.Body)
	}
	typed := strings.ToLower(strings.ReplaceAll(userCode, "-", " ")) // RFC 8628 §6.1: lenient
	if a := approve(t, h, typed, Username, Password, "allow"); !strings.Contains(a.Body, "<h1>Device connected</h1>") {
		t.Fatalf("approval:\n%s", a.Body)
	}
	if a := approve(t, h, userCode, Username, Password, "allow"); !strings.Contains(a.Body, "This code has already been used.") {
		t.Fatalf("second approval:\n%s", a.Body)
	}

	clock.Advance(20 * time.Second)
	a = poll(t, h, deviceCode)
	if a.Status != http.StatusOK || a.JSON["scope"] != "openid read" || a.JSON["id_token"] == nil || a.JSON["refresh_token"] == nil {
		t.Fatalf("token: %s", a.Body)
	}
	if me := get(t, h, "/me", "Authorization", bearer(a.JSON["access_token"].(string))); me.JSON["name"] != Username {
		t.Fatalf("/me: %s", me.Body)
	}
	clock.Advance(20 * time.Second)
	if a := poll(t, h, deviceCode); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("redeemed twice: %s", a.Body)
	}
}

func TestDeviceGrantDenied(t *testing.T) {
	h, clock := newDemo(t)
	a := deviceRequest(t, h, "")
	if a.JSON["device_code"] == nil {
		t.Fatal(a.Body)
	}
	if a := approve(t, h, a.JSON["user_code"].(string), Username, Password, "deny"); !strings.Contains(a.Body, "<h1>Device refused</h1>") {
		t.Fatalf("deny:\n%s", a.Body)
	}
	clock.Advance(5 * time.Second)
	if a := poll(t, h, a.JSON["device_code"].(string)); a.Body != `{
  "error": "access_denied",
  "error_description": "The user denied the device (RFC 8628 section 3.5)"
}
` {
		t.Fatalf("denied: %s", a.Body)
	}
}

func TestDeviceGrantExpires(t *testing.T) {
	h, clock := newDemo(t)
	a := deviceRequest(t, h, "")
	clock.Advance(DeviceCodeLifetime)
	if a := approve(t, h, a.JSON["user_code"].(string), Username, Password, "allow"); !strings.Contains(a.Body, "This code has expired.") {
		t.Fatalf("approval of an expired code:\n%s", a.Body)
	}
	if p := poll(t, h, a.JSON["device_code"].(string)); p.JSON["error"] != "expired_token" {
		t.Fatalf("expired: %s", p.Body)
	}
}

func TestDeviceGrantFailures(t *testing.T) {
	h, _ := newDemo(t)
	if a := approve(t, h, "BCDF-GHJK", Username, Password, "allow"); !strings.Contains(a.Body, "No device shows this code.") {
		t.Fatalf("unknown user code:\n%s", a.Body)
	}
	if a := poll(t, h, "nope"); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("unknown device code: %s", a.Body)
	}
	r := httptest.NewRequest(http.MethodPost, "/oauth/device", strings.NewReader("scope=read"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.SetBasicAuth(ServiceClientID, ServiceClientSecret)
	if a := serve(t, h, r); a.JSON["error"] != "unauthorized_client" {
		t.Fatalf("a client without the device grant: %s", a.Body)
	}
	if a := deviceRequest(t, h, "admin"); a.JSON["error"] != "invalid_scope" {
		t.Fatalf("unknown scope: %s", a.Body)
	}
	// bob may not grant write: the page says so and the device waits on.
	a := deviceRequest(t, h, "write")
	if p := approve(t, h, a.JSON["user_code"].(string), ReadOnlyUsername, ReadOnlyPassword, "allow"); !strings.Contains(p.Body, "The scope &#39;write&#39; is not allowed") {
		t.Fatalf("bob granting write:\n%s", p.Body)
	}
}

func TestDeviceVerificationPageEscapes(t *testing.T) {
	h, _ := newDemo(t)
	a := get(t, h, "/device?user_code="+url.QueryEscape(`"><script>x</script>`))
	if strings.Contains(a.Body, "<script>") {
		t.Fatalf("user_code not escaped:\n%s", a.Body)
	}
}

func TestDeviceAutoApproveAs(t *testing.T) {
	clock := newFakeClock()
	h := New(Options{Clock: clock.Now, AutoApproveAs: Username, DeviceInterval: time.Millisecond})
	a := deviceRequest(t, h, "read")
	if a.JSON["interval"] != 1.0 {
		t.Fatalf("interval %v, want whole seconds", a.JSON["interval"])
	}
	u, _ := url.Parse(a.JSON["verification_uri_complete"].(string))
	if p := get(t, h, u.RequestURI()); !strings.Contains(p.Body, "Device connected") {
		t.Fatalf("auto approval:\n%s", p.Body)
	}
	clock.Advance(time.Second)
	if p := poll(t, h, a.JSON["device_code"].(string)); p.Status != http.StatusOK {
		t.Fatalf("token: %s", p.Body)
	}
}

func TestNewUserCode(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := newUserCode()
		if !regexp.MustCompile(`^[BCDFGHJKLMNPQRSTVWXZ]{8}$`).MatchString(c) {
			t.Fatalf("user code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 190 {
		t.Fatalf("only %d distinct codes in 200", len(seen))
	}
}

// FuzzOAuthForms: whatever form a client posts to the token, device,
// revocation or introspection endpoint or the verification page, the demo
// answers without panicking, and the OAuth endpoints answer JSON.
func FuzzOAuthForms(f *testing.F) {
	f.Add("/oauth/token", "grant_type=authorization_code&code=x&client_id=demo-cli&code_verifier=y")
	f.Add("/oauth/token", "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=x&client_id=demo-cli")
	f.Add("/oauth/device", "client_id=demo-cli&scope=openid+read")
	f.Add("/oauth/revoke", "token=x&client_id=demo-cli")
	f.Add("/oauth/introspect", "token=x&client_id=keyway-demo&client_secret=demo%2Bsecret+42")
	f.Add("/device", "user_code=bcdf-ghjk&username=alice&password=wonderland&consent=allow")
	h := New(Options{Clock: func() time.Time { return time.Unix(1, 0) }})
	f.Fuzz(func(t *testing.T, path, body string) {
		switch path {
		case "/oauth/token", "/oauth/device", "/oauth/revoke", "/oauth/introspect", "/device":
		default:
			return
		}
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		ct := rec.Header().Get("Content-Type")
		if path != "/device" && rec.Body.Len() > 0 && !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s answered %d with %q", path, rec.Code, ct)
		}
	})
}

package authflow

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// deviceServer is a device authorization endpoint at /device and a token
// endpoint at /token whose n-th poll answers answers[n-1] (the last one
// repeats): "pending", "slow_down", "denied", "expired" or "ok".
type deviceServer struct {
	*recordingServer
	polls   atomic.Int32
	answers []string
	auth    string // the device authorization response
}

func newDeviceServer(t *testing.T, answers ...string) *deviceServer {
	d := &deviceServer{answers: answers,
		auth: `{"device_code":"dc-secret-123","user_code":"WDJB-MJHT","verification_uri":"https://id.example/device",` +
			`"verification_uri_complete":"https://id.example/device?user_code=WDJB-MJHT","expires_in":600,"interval":3}`}
	d.recordingServer = newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/device":
			io.WriteString(w, d.auth)
		case "/token":
			n := int(d.polls.Add(1))
			answer := d.answers[min(n, len(d.answers))-1]
			switch answer {
			case "ok":
				io.WriteString(w, `{"access_token":"at-device","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-device"}`)
			case "pending":
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"authorization_pending"}`)
			case "slow_down":
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"slow_down"}`)
			case "denied":
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"access_denied"}`)
			case "expired":
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"expired_token"}`)
			}
		default:
			io.WriteString(w, `{"auth":"`+r.Header.Get("Authorization")+`"}`)
		}
	})
	return d
}

func (d *deviceServer) profile() *Profile {
	return &Profile{Name: "tv", Type: TypeOAuth2DeviceCode, DeviceAuthorizationURL: d.URL + "/device",
		TokenURL: d.URL + "/token", ClientID: "keyway-cli", Scopes: []string{"read"}}
}

// recordWaits is an Interaction whose waits return at once, recording how
// long each would have been.
func recordWaits(waits *[]time.Duration) *Interaction {
	return &Interaction{Wait: func(_ context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return nil
	}}
}

// TestDeviceCodeWireBytes: the device authorization request and each poll
// carry RFC 8628's exact form; keyway waits interval before each poll,
// 5 s more after slow_down (§3.5), and each poll is a step as it happens.
func TestDeviceCodeWireBytes(t *testing.T) {
	d := newDeviceServer(t, "pending", "slow_down", "pending", "ok")
	var waits []time.Duration
	var observed []string
	c := NewClient()
	resp, flow, err := c.Send(context.Background(), d.profile(), Request{URL: d.URL + "/api"}, SendOptions{
		FreshToken: true, Interaction: recordWaits(&waits),
		Observe: func(_ int, s Step) {
			if s.Status == StepDone && strings.HasPrefix(s.Title, "Poll") {
				observed = append(observed, s.Title)
			}
		},
	})
	if err != nil {
		t.Fatalf("Send: %v\n%s", err, flowText(flow))
	}
	if !strings.Contains(string(resp.Body), "Bearer at-device") {
		t.Fatalf("API saw %s", resp.Body)
	}
	got := d.got()
	if got[0].URL != "/device" || got[0].Body != "client_id=keyway-cli&scope=read" {
		t.Errorf("device authorization request %s %q", got[0].URL, got[0].Body)
	}
	wantPoll := url.Values{"grant_type": {grantDeviceCode}, "device_code": {"dc-secret-123"}, "client_id": {"keyway-cli"}}.Encode()
	polls := 0
	for _, r := range got {
		if r.URL == "/token" {
			polls++
			if r.Body != wantPoll {
				t.Errorf("poll body %q, want %q", r.Body, wantPoll)
			}
		}
	}
	if polls != 4 {
		t.Errorf("%d polls, want 4", polls)
	}
	wantWaits := []time.Duration{3 * time.Second, 3 * time.Second, 8 * time.Second, 8 * time.Second}
	if len(waits) != len(wantWaits) {
		t.Fatalf("waits %v, want %v", waits, wantWaits)
	}
	for i := range waits {
		if waits[i] != wantWaits[i] {
			t.Fatalf("waits %v, want %v", waits, wantWaits)
		}
	}
	// A step put back after a restart is seen done again; each poll
	// still shows as it happens.
	if want := "[Poll for the token (1) Poll for the token (1) Poll for the token (2) Poll for the token (3) Poll for the token (3) Poll for the token (4)]"; fmt.Sprint(observed) != want {
		t.Errorf("observed polls %v, want %s", observed, want)
	}
	text := flowText(flow)
	for _, want := range []string{"Ask for a device code", "Enter the code WDJB-MJHT at https://id.example/device",
		"user code, large", "██", "QR code of verification_uri_complete", "authorization_pending: you have not finished",
		"slow_down: keyway polled too often; the interval grows by 5 s to 8s", "a token: you approved the login"} {
		if !strings.Contains(text, want) {
			t.Errorf("the walk lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "dc-secret-123") || strings.Contains(text, "at-device") {
		t.Errorf("the walk shows the device code or token:\n%s", text)
	}
}

// TestDeviceCodeEnds: access_denied and expired_token end the polling
// with what happened.
func TestDeviceCodeEnds(t *testing.T) {
	for answer, want := range map[string]string{
		"denied":  "refused on the verification page (access_denied",
		"expired": "the device code expired before the sign-in was finished (expired_token",
	} {
		d := newDeviceServer(t, "pending", answer)
		var waits []time.Duration
		_, flow, err := NewClient().Send(context.Background(), d.profile(), Request{URL: d.URL + "/api"},
			SendOptions{FreshToken: true, Interaction: recordWaits(&waits)})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("%s: err = %v; want %q", answer, err, want)
		}
		last := flow.Steps[len(flow.Steps)-1]
		if last.Title != "Poll for the token (2)" || last.Status != StepFailed {
			t.Errorf("%s: last step %q %s", answer, last.Title, last.Status)
		}
	}
}

// TestBigTextAndQR: the user code is drawn five lines tall; the QR code
// is text of half blocks.
func TestBigTextAndQR(t *testing.T) {
	big := BigText("wd-1")
	if lines := strings.Split(big, "\n"); len(lines) != 5 || !strings.Contains(lines[2], "██████") {
		t.Errorf("BigText:\n%s", big)
	}
	qr, err := QRText("https://id.example/device?user_code=WDJB-MJHT")
	if err != nil || !strings.ContainsAny(qr, "▀▄") || len(strings.Split(qr, "\n")) < 10 {
		t.Errorf("QRText: %v\n%s", err, qr)
	}
}

// TestParseDeviceAuthorization covers what a device authorization
// response must hold.
func TestParseDeviceAuthorization(t *testing.T) {
	const ok = `{"device_code":"d","user_code":"U","verification_uri":"https://x/device","expires_in":60}`
	da, err := ParseDeviceAuthorization(200, "application/json", []byte(ok))
	if err != nil || da.Interval != DefaultDeviceInterval || da.ExpiresIn != time.Minute {
		t.Fatalf("%+v %v", da, err)
	}
	for body, want := range map[string]string{
		`{"user_code":"U","verification_uri":"https://x","expires_in":60}`:                              "lacks device_code",
		`{"device_code":"d","user_code":"U","verification_uri":"javascript:x","expires_in":60}`:         "not an http(s) URL",
		`{"device_code":"d","user_code":"U","verification_uri":"https://x/device","expires_in":"soon"}`: "not a positive number",
		`<html>`: "something other than JSON",
	} {
		if _, err := ParseDeviceAuthorization(200, "application/json", []byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want %q", body, err, want)
		}
	}
	if _, err := ParseDeviceAuthorization(400, "application/json", []byte(`{"error":"invalid_client"}`)); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("error response: %v", err)
	}
}

// FuzzParseDeviceAuthorization: any body parses or fails, never panics,
// and a failure never quotes the device code.
func FuzzParseDeviceAuthorization(f *testing.F) {
	f.Add(200, "application/json", []byte(`{"device_code":"devcode-xyz","user_code":"U","verification_uri":"https://x/device","expires_in":60,"interval":1e300}`))
	f.Add(400, "application/json", []byte(`{"error":"slow_down"}`))
	f.Add(200, "application/x-www-form-urlencoded", []byte(`device_code=devcode-xyz&user_code=U`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		da, err := ParseDeviceAuthorization(status, contentType, body)
		if err == nil {
			if da.DeviceCode == "" || da.UserCode == "" || da.ExpiresIn <= 0 || da.Interval < 0 {
				t.Fatalf("accepted %+v", da)
			}
			return
		}
		if strings.Contains(err.Error(), "devcode-xyz") && status >= 200 && status <= 299 {
			t.Fatalf("error quotes the device code: %v", err)
		}
	})
}

// TestDevicePendingPollsFold: polls answered authorization_pending in a
// row are one step that counts them and holds the latest exchange; the
// poll that brings the token is a step of its own.
func TestDevicePendingPollsFold(t *testing.T) {
	d := newDeviceServer(t, "pending", "pending", "pending", "ok")
	var waits []time.Duration
	running := map[string]bool{}
	c := NewClient()
	_, flow, err := c.Send(context.Background(), d.profile(), Request{URL: d.URL + "/api"}, SendOptions{
		FreshToken: true, Interaction: recordWaits(&waits),
		Observe: func(_ int, s Step) {
			if s.Status == StepRunning && strings.HasPrefix(s.Title, "Poll") {
				running[s.Title] = true
			}
		},
	})
	if err != nil {
		t.Fatalf("Send: %v\n%s", err, flowText(flow))
	}
	var polls []Step
	for _, s := range flow.Steps {
		if strings.HasPrefix(s.Title, "Poll") {
			polls = append(polls, s)
		}
	}
	if len(polls) != 2 || polls[0].Title != "Polls 1-3: pending" || polls[1].Title != "Poll for the token (4)" {
		t.Fatalf("poll steps %v", flowText(flow))
	}
	text := flowText(&Flow{Steps: polls[:1]})
	if !strings.Contains(text, "3 in a row answered authorization_pending") || !strings.Contains(text, "authorization_pending") {
		t.Fatalf("folded step:\n%s", text)
	}
	if polls[0].Exchange == nil || polls[1].Exchange == nil || polls[0].Exchange == polls[1].Exchange {
		t.Fatal("each step should hold its own latest exchange")
	}
	if len(running) != 4 {
		t.Fatalf("polls seen running %v, want each of the 4 as it happened", running)
	}
}

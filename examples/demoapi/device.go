package demoapi

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// This file is the device authorization grant (RFC 8628), for devices
// with no browser or no keyboard: the device asks for a code (§3.1-3.2),
// the user types the short one into /device on another screen (§3.3),
// and meanwhile the device polls the token endpoint (§3.4-3.5).

// DeviceCodeLifetime is how long a device code can be approved and
// redeemed (RFC 8628 §3.2 expires_in).
const DeviceCodeLifetime = 10 * time.Minute

// maxDevices bounds the device table.
const maxDevices = 10000

// userCodeAlphabet is the base-20 alphabet RFC 8628 §6.1 suggests: no
// vowels, so no word can be spelled by accident, and no letter that is
// easily mistaken for another.
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

// The states of a device authorization.
const (
	devicePending = iota
	deviceApproved
	deviceDenied
	deviceRedeemed
)

// deviceGrant is what a device code stands for.
type deviceGrant struct {
	clientID string
	userCode string // normalized: eight letters, no dash
	scope    string
	expires  time.Time
	interval time.Duration
	lastPoll time.Time
	state    int
	username string
	authTime int64
}

// deviceAuthorizationResponse is RFC 8628 §3.2.
type deviceAuthorizationResponse struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int64  `json:"expires_in"`
	Interval                int64  `json:"interval"`
}

// deviceAuthorization is POST /oauth/device (RFC 8628 §3.1).
func (s *server) deviceAuthorization(w http.ResponseWriter, r *http.Request) {
	form, c, ok := clientPost(w, r)
	if !ok {
		return
	}
	if !c.may(GrantDeviceCode) {
		oauthError(w, "unauthorized_client", fmt.Sprintf("The client %s is not registered for the device grant", quoteParam(c.ID)))
		return
	}
	asked := strings.Fields(form.Get("scope"))
	for _, sc := range asked {
		if _, known := scopeMeanings[sc]; !known {
			oauthError(w, "invalid_scope", fmt.Sprintf("Unknown scope %s; this server knows %s", quoteParam(sc), strings.Join(knownScopes, ", ")))
			return
		}
	}
	scope := strings.Join(asked, " ")
	if scope == "" {
		scope = defaultScope
	}
	now := s.now()
	deviceCode := randomToken(32)
	s.mu.Lock()
	s.pruneDevicesLocked(now)
	userCode := newUserCode()
	for s.userCodes[userCode] != "" {
		userCode = newUserCode()
	}
	s.devices[deviceCode] = &deviceGrant{
		clientID: c.ID, userCode: userCode, scope: scope,
		expires: now.Add(DeviceCodeLifetime), interval: s.deviceInterval, lastPoll: now,
	}
	s.userCodes[userCode] = deviceCode
	s.mu.Unlock()

	shown := userCode[:4] + "-" + userCode[4:]
	verify := s.base(r) + "/device"
	writeJSON(w, http.StatusOK, deviceAuthorizationResponse{
		DeviceCode:              deviceCode,
		UserCode:                shown,
		VerificationURI:         verify,
		VerificationURIComplete: verify + "?user_code=" + url.QueryEscape(shown),
		ExpiresIn:               int64(DeviceCodeLifetime / time.Second),
		Interval:                int64(s.deviceInterval / time.Second),
	})
}

// newUserCode returns eight random letters of userCodeAlphabet: 20^8,
// about 2^34.6 codes, enough for codes that live ten minutes when guesses
// are limited (RFC 8628 §5.1). The demo does not limit them; a real
// server must.
func newUserCode() string {
	b := make([]byte, 8)
	for i := range b {
		b[i] = userCodeAlphabet[randIntn(len(userCodeAlphabet))]
	}
	return string(b)
}

// randIntn is a uniform random number in [0, n), n < 256.
func randIntn(n int) int {
	var b [1]byte
	limit := 256 - 256%n // reject the top, which would bias the low values
	for {
		rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

// normalizeUserCode is what the user typed, as it is stored: dashes and
// spaces dropped, upper case (RFC 8628 §6.1: be lenient with what people
// type).
func normalizeUserCode(typed string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, typed)
}

// pruneDevicesLocked forgets expired device codes once the table is full.
// s.mu must be held.
func (s *server) pruneDevicesLocked(now time.Time) {
	if len(s.devices) < maxDevices {
		return
	}
	for code, d := range s.devices {
		if !now.Before(d.expires) || len(s.devices) >= maxDevices {
			delete(s.devices, code)
			delete(s.userCodes, d.userCode)
		}
	}
}

// devicePage is GET and POST /device, the verification page (RFC 8628
// §3.3): the user enters the code, signs in, and allows or denies.
func (s *server) devicePage(w http.ResponseWriter, r *http.Request) {
	p := page{Title: "Connect a device", Action: "/device", Hint: demoHint}
	if r.Method == http.MethodGet {
		p.UserCode = r.URL.Query().Get("user_code")
		if s.autoApproveAs != "" && p.UserCode != "" {
			s.decideDevice(w, p, normalizeUserCode(p.UserCode), s.autoApproveAs, true)
			return
		}
		writePage(w, http.StatusOK, devicePage, p)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, messagePage, page{Title: "Connect a device", Message: "The form could not be read."})
		return
	}
	p.UserCode = r.PostForm.Get("user_code")
	name := r.PostForm.Get("username")
	if u, known := users[name]; !known || !equal(r.PostForm.Get("password"), u.Password) {
		p.Message = "The username or password is wrong."
		writePage(w, http.StatusOK, devicePage, p)
		return
	}
	s.decideDevice(w, p, normalizeUserCode(p.UserCode), name, r.PostForm.Get("consent") == "allow")
}

// decideDevice records name's answer for the device showing userCode.
func (s *server) decideDevice(w http.ResponseWriter, p page, userCode, name string, allow bool) {
	now := s.now()
	s.mu.Lock()
	d := s.devices[s.userCodes[userCode]]
	problem := ""
	switch {
	case d == nil:
		problem = "No device shows this code. Check it, or start again on the device."
	case !now.Before(d.expires):
		problem = "This code has expired. Start again on the device."
	case d.state != devicePending:
		problem = "This code has already been used."
	case allow:
		if _, bad := grantScope(d.scope, userScopes(users[name]), name+" may grant"); bad != "" {
			problem = bad + "."
			break
		}
		d.state, d.username, d.authTime = deviceApproved, name, now.Unix()
	default:
		d.state = deviceDenied
	}
	s.mu.Unlock()
	if problem != "" {
		p.Message = problem
		writePage(w, http.StatusOK, devicePage, p)
		return
	}
	p.UserCode = ""
	if allow {
		p.Title, p.Message = "Device connected", "You can go back to your device: it will be signed in at its next poll."
	} else {
		p.Title, p.Message = "Device refused", "The device was not let in; it will be told so at its next poll."
	}
	writePage(w, http.StatusOK, messagePage, p)
}

// deviceCodeGrant is the token request of a polling device (RFC 8628
// §3.4), answered as §3.5 says.
func (s *server) deviceCodeGrant(w http.ResponseWriter, r *http.Request, form url.Values, c client) {
	code := form.Get("device_code")
	if code == "" {
		oauthError(w, "invalid_request", "The device_code parameter is missing")
		return
	}
	now := s.now()
	s.mu.Lock()
	d := s.devices[code]
	var grant deviceGrant
	errCode, problem := "", ""
	switch {
	case d == nil || d.clientID != c.ID:
		errCode, problem = "invalid_grant", "The device code is invalid, or was issued to another client"
	case !now.Before(d.expires):
		errCode, problem = "expired_token", "The device code expired before anyone approved it: ask for a new one (RFC 8628 section 3.5)"
	case now.Sub(d.lastPoll) < d.interval:
		// §3.5: polled too soon; the device must wait 5 more seconds
		// from now on.
		d.interval += 5 * time.Second
		d.lastPoll = now
		errCode, problem = "slow_down", fmt.Sprintf("Polled too soon: wait %d seconds between polls from now on (RFC 8628 section 3.5)", d.interval/time.Second)
	case d.state == devicePending:
		d.lastPoll = now
		errCode, problem = "authorization_pending", "Nobody has entered the user code yet: keep polling (RFC 8628 section 3.5)"
	case d.state == deviceDenied:
		errCode, problem = "access_denied", "The user denied the device (RFC 8628 section 3.5)"
	case d.state == deviceRedeemed:
		errCode, problem = "invalid_grant", "The device code was already redeemed"
	default:
		d.state = deviceRedeemed
		grant = *d
	}
	s.mu.Unlock()
	if errCode != "" {
		oauthError(w, errCode, problem)
		return
	}
	s.issue(w, r, issuance{
		subject: grant.username, clientID: c.ID, scope: grant.scope, refresh: true,
		idToken: true, authTime: grant.authTime,
	})
}

package authflow

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DeviceAuthorization is a device authorization response (RFC 8628 §3.2).
// DeviceCode is a secret: whoever holds it can poll for the token.
type DeviceAuthorization struct {
	DeviceCode              string
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string // optional: the URI with the code in it
	// ExpiresIn is the lifetime of both codes.
	ExpiresIn time.Duration
	// Interval is how long to wait between polls; RFC 8628 §3.2 says 5 s
	// when the server gives none.
	Interval time.Duration
}

// DefaultDeviceInterval is the polling interval when the server gives
// none (RFC 8628 §3.2).
const DefaultDeviceInterval = 5 * time.Second

// maxDeviceSeconds bounds expires_in and interval (a day), so that a
// hostile number neither overflows a duration nor stalls keyway for years.
const maxDeviceSeconds = 24 * 3600

// ParseDeviceAuthorization reads the device authorization endpoint's
// answer: a §3.2 success, or a §3.2 error in the RFC 6749 §5.2 form,
// returned as a *TokenError. Required: device_code, user_code,
// verification_uri (an http(s) URL) and expires_in; a missing or unusable
// interval is 5 s. The error never quotes device_code.
func ParseDeviceAuthorization(status int, contentType string, body []byte) (*DeviceAuthorization, error) {
	fields, parsed := decodeTokenBody(contentType, body)
	if code := fields["error"]; status < 200 || status > 299 || code != "" {
		excerpt := ""
		if !parsed || code == "" {
			excerpt = Excerpt(body, 200)
		}
		return nil, &TokenError{StatusCode: status, Code: code, Description: fields["error_description"],
			URI: fields["error_uri"], Body: body, Excerpt: excerpt}
	}
	if !parsed {
		return nil, fmt.Errorf("the device authorization endpoint answered %d with something other than JSON (RFC 8628 §3.2): %s", status, describeHiddenBody(contentType, body))
	}
	da := &DeviceAuthorization{
		DeviceCode:              fields["device_code"],
		UserCode:                fields["user_code"],
		VerificationURI:         fields["verification_uri"],
		VerificationURIComplete: fields["verification_uri_complete"],
		Interval:                DefaultDeviceInterval,
	}
	if da.VerificationURI == "" {
		// Some servers (Google's early ones) named it verification_url.
		da.VerificationURI = fields["verification_url"]
	}
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"device_code", da.DeviceCode}, {"user_code", da.UserCode},
		{"verification_uri", da.VerificationURI}, {"expires_in", fields["expires_in"]},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the device authorization response lacks %s (RFC 8628 §3.2 requires them)", strings.Join(missing, ", "))
	}
	if strings.ContainsFunc(da.UserCode, isControl) || len(da.UserCode) > 64 {
		return nil, fmt.Errorf("the device authorization response's user_code is not a short printable code (RFC 8628 §6.1)")
	}
	for name, raw := range map[string]string{"verification_uri": da.VerificationURI, "verification_uri_complete": da.VerificationURIComplete} {
		if raw == "" {
			continue
		}
		if CheckURL(raw) != nil { // url.Parse refuses control characters
			return nil, fmt.Errorf("the device authorization response's %s is not an http(s) URL", name)
		}
	}
	expires, ok := deviceSeconds(fields["expires_in"])
	if !ok || expires == 0 {
		return nil, fmt.Errorf("the device authorization response's expires_in %q is not a positive number of seconds (RFC 8628 §3.2)", shortText(Printable(fields["expires_in"]), 20))
	}
	da.ExpiresIn = expires
	if raw := fields["interval"]; raw != "" {
		if interval, ok := deviceSeconds(raw); ok {
			da.Interval = interval
		}
	}
	return da, nil
}

// deviceSeconds reads a whole number of seconds, capped at a day.
func deviceSeconds(raw string) (time.Duration, bool) {
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(n) || n < 0 {
		return 0, false
	}
	return time.Duration(min(n, maxDeviceSeconds)) * time.Second, true
}

package authflow

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// JWT is a decoded JSON Web Token (RFC 7519). Its signature is NOT
// verified: keyway shows what a token says, the API decides whether to
// trust it.
type JWT struct {
	// Header is the JOSE header (RFC 7515 §4), e.g. "alg" and "typ".
	Header map[string]any
	// Claims is the claims set (RFC 7519 §4).
	Claims map[string]any
	// Expiry is the "exp" claim (RFC 7519 §4.1.4); zero when absent.
	Expiry time.Time
	// IssuedAt is the "iat" claim (RFC 7519 §4.1.6); zero when absent.
	IssuedAt time.Time
}

// ErrNotJWT is returned by DecodeJWT for a token that is not a JWT, which
// is normal: RFC 6750 tokens may be opaque strings.
var ErrNotJWT = errors.New("not a JWT")

// DecodeJWT decodes the header and claims of a JWS compact serialization
// (RFC 7515 §7.1: three base64url parts separated by dots). It returns an
// error wrapping ErrNotJWT when token does not have that shape.
func DecodeJWT(token string) (*JWT, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: %d parts, want 3", ErrNotJWT, len(parts))
	}
	var jwt JWT
	if err := decodeJWTPart(parts[0], &jwt.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrNotJWT, err)
	}
	if err := decodeJWTPart(parts[1], &jwt.Claims); err != nil {
		return nil, fmt.Errorf("%w: claims: %w", ErrNotJWT, err)
	}
	jwt.Expiry = numericDate(jwt.Claims["exp"])
	jwt.IssuedAt = numericDate(jwt.Claims["iat"])
	return &jwt, nil
}

// decodeJWTPart decodes one base64url part holding a JSON object. RFC 7515
// §2 omits padding; padded input is accepted too.
func decodeJWTPart(part string, into *map[string]any) error {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(part, "="))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return err
	}
	if *into == nil {
		return errors.New("not a JSON object")
	}
	if dec.More() {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}

// numericDate converts a NumericDate (RFC 7519 §2: seconds since the epoch,
// possibly fractional) to a time; zero when v is not a usable number.
func numericDate(v any) time.Time {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || f <= 0 || f > 1e11 {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

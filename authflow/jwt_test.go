package authflow

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"
)

func makeJWT(header, claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(claims)) + ".c2lnbmF0dXJl"
}

func TestDecodeJWT(t *testing.T) {
	token := makeJWT(`{"alg":"HS256","typ":"JWT"}`, `{"sub":"alice","exp":1767323045,"iat":1767319445.5,"scope":"read"}`)
	jwt, err := DecodeJWT(token)
	if err != nil {
		t.Fatal(err)
	}
	if jwt.Header["alg"] != "HS256" || jwt.Claims["sub"] != "alice" {
		t.Errorf("decoded %+v", jwt)
	}
	if want := time.Unix(1767323045, 0).UTC(); !jwt.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", jwt.Expiry, want)
	}
	if want := time.Unix(1767319445, 5e8).UTC(); !jwt.IssuedAt.Equal(want) {
		t.Errorf("IssuedAt = %v, want %v", jwt.IssuedAt, want)
	}
	for _, bad := range []string{"opaque-token", "a.b", "a.b.c", makeJWT(`[]`, `{}`), makeJWT(`{}`, `null`), makeJWT(`{}`, `{} {}`)} {
		if _, err := DecodeJWT(bad); !errors.Is(err, ErrNotJWT) {
			t.Errorf("DecodeJWT(%q) = %v, want ErrNotJWT", bad, err)
		}
	}
	if jwt, err := DecodeJWT(makeJWT(`{}`, `{"exp":"tomorrow"}`)); err != nil || !jwt.Expiry.IsZero() {
		t.Errorf("a non-numeric exp: %v, %v", jwt, err)
	}
}

func TestJWTExpiryUsedWhenExpiresInMissing(t *testing.T) {
	token := makeJWT(`{"alg":"none"}`, `{"exp":1767323045}`)
	tr, err := parseTokenResponse(200, "application/json", []byte(`{"access_token":"`+token+`","token_type":"Bearer"}`), time.Unix(1767320000, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	tr.useJWTExpiry()
	if !tr.Expiry.Equal(time.Unix(1767323045, 0)) {
		t.Errorf("Expiry = %v", tr.Expiry)
	}
}

func FuzzDecodeJWT(f *testing.F) {
	f.Add(makeJWT(`{"alg":"HS256"}`, `{"exp":1767323045}`))
	f.Add("a.b.c")
	f.Add(makeJWT(`{}`, `{"exp":1e300}`))
	f.Fuzz(func(t *testing.T, token string) {
		jwt, err := DecodeJWT(token)
		if err != nil {
			if !errors.Is(err, ErrNotJWT) {
				t.Errorf("error %v does not wrap ErrNotJWT", err)
			}
			return
		}
		if jwt.Header == nil || jwt.Claims == nil {
			t.Errorf("nil maps for %q", token)
		}
	})
}

func FuzzParseTokenResponse(f *testing.F) {
	f.Add(200, "application/json", `{"access_token":"t","token_type":"bearer","expires_in":"60"}`)
	f.Add(400, "application/json", `{"error":"invalid_grant","error_description":"x"}`)
	f.Add(200, "application/x-www-form-urlencoded", "access_token=t&expires_in=1e999")
	f.Add(500, "text/html", "<html><title>x</title>")
	f.Add(302, "", "")
	f.Fuzz(func(t *testing.T, status int, contentType, body string) {
		now := time.Unix(1767320000, 0)
		tr, err := parseTokenResponse(status, contentType, []byte(body), now, nil)
		if err != nil {
			var te *TokenError
			if errors.As(err, &te) {
				_ = te.Error()
				if te.StatusCode != status {
					t.Errorf("StatusCode %d, want %d", te.StatusCode, status)
				}
			}
			return
		}
		if tr.AccessToken == "" || status < 200 || status > 299 {
			t.Errorf("accepted a token response with status %d and no access token: %q", status, body)
		}
		if !tr.Expiry.IsZero() && tr.Expiry.Before(now) {
			t.Errorf("expiry %v before now for %q", tr.Expiry, body)
		}
		tr.useJWTExpiry()
	})
}

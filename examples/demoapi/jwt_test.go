package demoapi

import (
	"strings"
	"testing"
	"time"
)

func validClaims(now time.Time) claims {
	return claims{
		Issuer: Issuer, Subject: Username, Audience: Audience, ClientID: ClientID,
		Scope: "read", IssuedAt: now.Unix(), Expiry: now.Unix() + 60, ID: "t1",
	}
}

func TestVerifyToken(t *testing.T) {
	key := []byte("k")
	now := time.Unix(1_700_000_000, 0)
	good := signToken(key, validClaims(now))
	parts := strings.Split(good, ".")
	noneHeader := b64.EncodeToString([]byte(`{"alg":"none","typ":"at+jwt"}`))
	idTokenHeader := b64.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	otherIssuer := validClaims(now)
	otherIssuer.Issuer = "elsewhere"
	tests := []struct {
		name  string
		token string
		at    time.Time
		want  *tokenError
	}{
		{"valid", good, now, nil},
		{"valid one second before exp", good, now.Add(59 * time.Second), nil},
		{"expired at exp (RFC 7519 §4.1.4)", good, now.Add(60 * time.Second), errTokenExpired},
		{"another key", signToken([]byte("other"), validClaims(now)), now, errTokenSignature},
		{"payload changed", parts[0] + "." + b64.EncodeToString([]byte(`{"sub":"bob"}`)) + "." + parts[2], now, errTokenSignature},
		{"alg none", noneHeader + "." + parts[1] + ".", now, errTokenAlg},
		{"typ JWT signed with the key", resign(key, idTokenHeader, parts[1]), now, errTokenClaims},
		{"another issuer", signToken(key, otherIssuer), now, errTokenClaims},
		{"two parts", parts[0] + "." + parts[1], now, errTokenMalformed},
		{"not base64", "!." + parts[1] + "." + parts[2], now, errTokenMalformed},
		{"static token", BearerToken, now, errTokenMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := verifyToken(key, tt.token, tt.at)
			if err != tt.want {
				t.Fatalf("verifyToken error %v, want %v", err, tt.want)
			}
			if err == nil && c != validClaims(now) {
				t.Fatalf("claims %+v", c)
			}
		})
	}
}

// resign signs header.payload with key, whatever they say.
func resign(key []byte, header, payload string) string {
	input := header + "." + payload
	return input + "." + b64.EncodeToString(mac(key, input))
}

func TestTokenErrorMessage(t *testing.T) {
	if got := errTokenExpired.Error(); got != "demoapi: access token refused: The access token expired" {
		t.Fatalf("Error() = %q", got)
	}
}

func FuzzVerifyToken(f *testing.F) {
	key := []byte("k")
	now := time.Unix(1_700_000_000, 0)
	good := signToken(key, validClaims(now))
	f.Add(good)
	f.Add("a.b.c")
	f.Add("")
	f.Add("..")
	f.Fuzz(func(t *testing.T, token string) {
		c, err := verifyToken(key, token, now)
		if err != nil {
			return
		}
		// Only the signed header and payload can be accepted.
		i := strings.LastIndexByte(token, '.')
		j := strings.LastIndexByte(good, '.')
		if token[:i] != good[:j] || c != validClaims(now) {
			t.Fatalf("accepted a token not signed here: %q", token)
		}
	})
}

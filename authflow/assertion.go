package authflow

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// clientAssertionType is the client_assertion_type of a JWT client
// assertion (RFC 7523 §2.2).
const clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// assertionLifetime is how long a client assertion is valid: RFC 7523 §3
// asks for an expiry, and a short one limits what a captured assertion is
// worth (the jti lets the server refuse a replay within it).
const assertionLifetime = 60 * time.Second

// clientAssertion is a signed private_key_jwt assertion and what it says,
// for the flow step.
type clientAssertion struct {
	JWT    string // the compact JWS: a secret
	Header map[string]any
	Claims map[string]any
}

// signClientAssertion builds and signs the client assertion for a request
// to audience (the endpoint it is sent to) at now: iss and sub are the
// client_id (RFC 7523 §3 items 1 and 2), aud the endpoint (item 3), exp
// shortly after iat (item 4, RFC 7519 §4.1.6), and jti random so that the
// server can refuse a replay (item 7). The key is read for each assertion:
// a profile's key may change on disk between sends, and a token request is
// rare.
func signClientAssertion(p *Profile, audience string, now time.Time) (*clientAssertion, error) {
	key, err := loadAssertionKey(p.AssertionKey)
	if err != nil {
		return nil, err
	}
	alg, err := assertionAlg(key, p.AssertionAlg)
	if err != nil {
		return nil, err
	}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if p.AssertionKID != "" {
		opts = opts.WithHeader("kid", p.AssertionKID)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		return nil, fmt.Errorf("assertion_key: cannot sign with %s: %w", alg, err)
	}
	jti := make([]byte, 16)
	rand.Read(jti)
	claims := map[string]any{
		"iss": p.ClientID,
		"sub": p.ClientID,
		"aud": audience,
		"jti": base64.RawURLEncoding.EncodeToString(jti),
		"iat": now.Unix(),
		"exp": now.Add(assertionLifetime).Unix(),
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return nil, err
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return nil, fmt.Errorf("assertion_key: signing the client assertion failed: %w", err)
	}
	compact, err := obj.CompactSerialize()
	if err != nil {
		return nil, err
	}
	decoded, err := DecodeJWT(compact)
	if err != nil {
		return nil, err
	}
	return &clientAssertion{JWT: compact, Header: decoded.Header, Claims: decoded.Claims}, nil
}

// loadAssertionKey reads the PEM private key at path, bounded like a TLS
// key file. Errors name the file and what is wrong with it, never its
// content.
func loadAssertionKey(path string) (crypto.Signer, error) {
	data, err := readTLSFile(path)
	if err != nil {
		return nil, fmt.Errorf("assertion_key: %w", err)
	}
	return parseAssertionKey(path, data)
}

// parseAssertionKey reads the first PRIVATE KEY block of a PEM file:
// PKCS #8 ("PRIVATE KEY"), PKCS #1 ("RSA PRIVATE KEY") or SEC 1 ("EC
// PRIVATE KEY").
func parseAssertionKey(path string, data []byte) (crypto.Signer, error) {
	var sawBlock []string
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		var key any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("assertion_key: %s holds an encrypted private key; keyway reads unencrypted PEM keys only (decrypt it with openssl pkcs8 and keep the file owner-only)", path)
		default:
			sawBlock = append(sawBlock, Printable(shortText(block.Type, 40)))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("assertion_key: %s: the %s block cannot be read as a private key", path, block.Type)
		}
		switch k := key.(type) {
		case *rsa.PrivateKey:
			if k.N.BitLen() < 2048 {
				return nil, fmt.Errorf("assertion_key: %s is a %d-bit RSA key; RFC 7518 §3.3 requires at least 2048 bits", path, k.N.BitLen())
			}
			return k, nil
		case *ecdsa.PrivateKey:
			return k, nil
		case ed25519.PrivateKey:
			return k, nil
		}
		return nil, fmt.Errorf("assertion_key: %s holds a %T key; keyway signs with RSA, EC (P-256, P-384, P-521) or Ed25519 keys", path, key)
	}
	if len(sawBlock) > 0 {
		return nil, fmt.Errorf("assertion_key: %s holds no private key (it holds %s); name the PEM private key", path, strings.Join(sawBlock, ", "))
	}
	return nil, fmt.Errorf("assertion_key: %s is not a PEM file (no -----BEGIN PRIVATE KEY----- block)", path)
}

// assertionAlg is the signing algorithm: the one asked for, when it fits
// the key, or the key type's usual one (RFC 7518 §3.1, RFC 8037 §3.1).
func assertionAlg(key crypto.Signer, want string) (jose.SignatureAlgorithm, error) {
	var fits []string
	switch k := key.(type) {
	case *rsa.PrivateKey:
		fits = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			fits = []string{"ES256"}
		case elliptic.P384():
			fits = []string{"ES384"}
		case elliptic.P521():
			fits = []string{"ES512"}
		default:
			return "", errors.New("assertion_key: the EC key's curve is not P-256, P-384 or P-521")
		}
	case ed25519.PrivateKey:
		fits = []string{"EdDSA"}
	}
	if want == "" {
		return jose.SignatureAlgorithm(fits[0]), nil
	}
	if !slices.Contains(fits, want) {
		return "", fmt.Errorf("assertion_alg %q does not fit the key in assertion_key (it fits %s)", Printable(want), strings.Join(fits, ", "))
	}
	return jose.SignatureAlgorithm(want), nil
}

// assertionFields show a client assertion: its decoded header and claims
// (not secret: what the server learns from it) and the assertion itself
// (a secret: whoever holds it can use it until it expires).
func assertionFields(a *clientAssertion) []Field {
	fields := []Field{
		{Label: "client_assertion_type", Value: clientAssertionType},
		{Label: "client_assertion", Value: a.JWT, Secret: true},
		{Label: "assertion header", Value: compactJSON(a.Header)},
	}
	for _, name := range sortedKeys(a.Claims) {
		fields = append(fields, Field{Label: "assertion claim " + name, Value: compactJSON(a.Claims[name])})
	}
	return fields
}

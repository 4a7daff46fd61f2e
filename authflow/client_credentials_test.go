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
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

func clientCredentialsProfile(a *tokenAPI) *Profile {
	return &Profile{
		Name: "svc", Type: TypeOAuth2ClientCredentials, TokenURL: a.URL + "/token",
		ClientID: "svc+1", ClientSecret: "s3 cr:et", Scopes: []string{"read"},
	}
}

// TestClientCredentialsWireBytes: the exact token request of each client
// authentication, with params, then the API request with the token.
func TestClientCredentialsWireBytes(t *testing.T) {
	basic := func(id, secret string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
	}
	tests := []struct {
		name, clientAuth, wantAuth, wantBody string
		params                               map[string]string
	}{
		{"basic (default) form-encodes id and secret", "", basic("svc%2B1", "s3+cr%3Aet"),
			"grant_type=client_credentials&scope=read", nil},
		{"body", ClientAuthBody, "",
			"client_id=svc%2B1&client_secret=s3+cr%3Aet&grant_type=client_credentials&scope=read", nil},
		{"basic-unencoded", ClientAuthBasicUnencoded, basic("svc+1", "s3 cr:et"),
			"grant_type=client_credentials&scope=read", nil},
		{"params in sorted order (RFC 8707)", ClientAuthBasic, basic("svc%2B1", "s3+cr%3Aet"),
			"audience=https%3A%2F%2Fapi.example.com&grant_type=client_credentials&resource=https%3A%2F%2Fapi.example.com%2Fv1&scope=read",
			map[string]string{"resource": "https://api.example.com/v1", "audience": "https://api.example.com"}},
		{"params with body auth", ClientAuthBody, "",
			"audience=x&client_id=svc%2B1&client_secret=s3+cr%3Aet&grant_type=client_credentials&scope=read",
			map[string]string{"audience": "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTokenAPI(t, bearerToken("cc-tok", "3600"))
			p := clientCredentialsProfile(a)
			p.ClientAuth, p.Params = tt.clientAuth, tt.params
			resp, flow, err := send(t, NewClient(), p, Request{URL: a.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != `{"auth":"Bearer cc-tok"}` {
				t.Errorf("API saw %s", resp.Body)
			}
			reqs := a.tokenRequests()
			if len(reqs) != 1 {
				t.Fatalf("%d token requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Header.Get("Authorization") != tt.wantAuth {
				t.Errorf("Authorization = %q, want %q", got.Header.Get("Authorization"), tt.wantAuth)
			}
			if got.Body != tt.wantBody {
				t.Errorf("body = %q\nwant   %q", got.Body, tt.wantBody)
			}
			want := "Why this grant|Request a token|Read the token response|Use the token|Send the request"
			if titles := strings.Join(stepTitles(flow), "|"); titles != want {
				t.Errorf("steps = %s", titles)
			}
			if s := flow.Steps[0]; s.RFC != "RFC 6749 §4.4" {
				t.Errorf("why step RFC = %q", s.RFC)
			}
			step := stepTitled(t, flow, "Request a token")
			if step.RFC != "RFC 6749 §4.4.2" || step.Exchange == nil || string(step.Exchange.Request.Body) != got.Body {
				t.Errorf("request step %q does not show the bytes sent", step.RFC)
			}
		})
	}
}

// TestClientCredentialsCachedAndRenewedAtExpiry: one token request for
// many sends; at expiry (no refresh token, §4.4.3) a new client
// credentials request.
func TestClientCredentialsCachedAndRenewedAtExpiry(t *testing.T) {
	a := newTokenAPI(t, bearerToken("cc-tok", "3600"))
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := clientCredentialsProfile(a)
	for range 3 {
		if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(a.tokenRequests()); n != 1 {
		t.Fatalf("%d token requests for 3 sends, want 1", n)
	}
	clock.Advance(2 * time.Hour)
	if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
		t.Fatal(err)
	}
	reqs := a.tokenRequests()
	if len(reqs) != 2 || !strings.Contains(reqs[1].Body, "grant_type=client_credentials") {
		t.Fatalf("after expiry: %d token requests, last %q", len(reqs), reqs[len(reqs)-1].Body)
	}
}

// TestRefreshRotation: a refresh token from any grant is used at expiry;
// a new one replaces it (rotation), and when the answer holds none the
// old one is kept (RFC 6749 §6).
func TestRefreshRotation(t *testing.T) {
	a := newTokenAPI(t, func(n int) (int, string) {
		switch n {
		case 1:
			return 200, `{"access_token":"a1","token_type":"Bearer","expires_in":60,"refresh_token":"r1"}`
		case 2:
			return 200, `{"access_token":"a2","token_type":"Bearer","expires_in":60,"refresh_token":"r2"}`
		}
		return 200, `{"access_token":"a3","token_type":"Bearer","expires_in":60}`
	})
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := clientCredentialsProfile(a)
	for range 4 {
		if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
	}
	var bodies []string
	for _, r := range a.tokenRequests() {
		bodies = append(bodies, r.Body)
	}
	want := []string{
		"grant_type=client_credentials&scope=read",
		"grant_type=refresh_token&refresh_token=r1",
		"grant_type=refresh_token&refresh_token=r2", // rotated
		"grant_type=refresh_token&refresh_token=r2", // none returned: the old one kept
	}
	if strings.Join(bodies, "\n") != strings.Join(want, "\n") {
		t.Errorf("token requests:\n%s\nwant:\n%s", strings.Join(bodies, "\n"), strings.Join(want, "\n"))
	}
}

// TestClientCredentialsFailures: the server's refusals are failed steps
// with the server's error code, and no secret in the error.
func TestClientCredentialsFailures(t *testing.T) {
	for _, code := range []string{"invalid_client", "unsupported_grant_type", "invalid_scope"} {
		t.Run(code, func(t *testing.T) {
			a := newTokenAPI(t, func(int) (int, string) {
				return 400, `{"error":"` + code + `","error_description":"no: s3 cr:et"}`
			})
			p := clientCredentialsProfile(a)
			_, flow, err := send(t, NewClient(), p, Request{URL: a.URL + "/api"})
			if err == nil || !strings.Contains(err.Error(), code) {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), p.ClientSecret) {
				t.Errorf("error shows the client secret: %v", err)
			}
			if s := lastStep(flow); s.Title != "Read the token response" || s.Status != StepFailed {
				t.Errorf("last step %q %v", s.Title, s.Status)
			}
			if n := len(a.got()); n != 1 {
				t.Errorf("%d requests, want the one token request", n)
			}
		})
	}
}

// writeKey writes key as a PKCS #8 PEM file and returns its path.
func writeKey(t *testing.T, key crypto.Signer) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPrivateKeyJWT: the token request carries a client assertion whose
// signature verifies with the public key and whose claims are RFC 7523
// §3's; the step shows them, and the assertion is a secret.
func TestPrivateKeyJWT(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	for _, tt := range []struct {
		alg string
		key crypto.Signer
	}{{"RS256", rsaKey}, {"ES256", ecKey}, {"EdDSA", edKey}} {
		t.Run(tt.alg, func(t *testing.T) {
			a := newTokenAPI(t, bearerToken("jwt-tok", "3600"))
			c := NewClient()
			clock := newFakeClock()
			c.Tokens.Now = clock.Now
			p := clientCredentialsProfile(a)
			p.ClientSecret, p.ClientAuth, p.AssertionKey, p.AssertionKID = "", ClientAuthPrivateKeyJWT, writeKey(t, tt.key), "k1"
			_, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			got := a.tokenRequests()[0]
			if got.Header.Get("Authorization") != "" {
				t.Errorf("Authorization %q sent beside the assertion", got.Header.Get("Authorization"))
			}
			form := parseForm(t, got.Body)
			if form["client_assertion_type"] != clientAssertionType || form["client_id"] != "svc+1" || form["grant_type"] != "client_credentials" {
				t.Errorf("form = %v", form)
			}
			assertion := form["client_assertion"]
			jws, err := jose.ParseSignedCompact(assertion, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(tt.alg)})
			if err != nil {
				t.Fatal(err)
			}
			payload, err := jws.Verify(tt.key.Public())
			if err != nil {
				t.Fatalf("signature does not verify with the public key: %v", err)
			}
			if kid := jws.Signatures[0].Header.KeyID; kid != "k1" {
				t.Errorf("kid = %q", kid)
			}
			var claims map[string]any
			json.Unmarshal(payload, &claims)
			now := clock.Now().Unix()
			if claims["iss"] != "svc+1" || claims["sub"] != "svc+1" || claims["aud"] != a.URL+"/token" ||
				claims["iat"] != float64(now) || claims["exp"] != float64(now+60) || len(claims["jti"].(string)) < 16 {
				t.Errorf("claims = %v", claims)
			}
			step := stepTitled(t, flow, "Request a token")
			var sawSecret, sawClaim bool
			for _, f := range step.Fields {
				sawSecret = sawSecret || (f.Label == "client_assertion" && f.Secret && f.Value == assertion)
				sawClaim = sawClaim || (f.Label == "assertion claim aud" && f.Value == `"`+a.URL+`/token"`)
			}
			if !sawSecret || !sawClaim {
				t.Errorf("step fields %+v", step.Fields)
			}
			red := NewRedactor(flow.Secrets...)
			if strings.Contains(red.Redact(string(step.Exchange.Request.Body)), assertion) {
				t.Error("the assertion is not masked in the recorded request")
			}
		})
	}
}

func parseForm(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, kv := range strings.Split(body, "&") {
		k, v, _ := strings.Cut(kv, "=")
		k, _ = urlUnescape(k)
		v, _ = urlUnescape(v)
		out[k] = v
	}
	return out
}

// TestPrivateKeyJWTKeyErrors: unreadable and wrong keys are clear errors
// naming the file, and nothing is sent.
func TestPrivateKeyJWTKeyErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(content), 0o600)
		return path
	}
	smallRSA, _ := rsa.GenerateKey(rand.Reader, 1024)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	certPEM := "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	tests := []struct {
		name, path, alg, want string
	}{
		{"missing", filepath.Join(dir, "nope.pem"), "", "no such file"},
		{"folder", dir, "", "is not a regular file"},
		{"not PEM", write("text.pem", "hello"), "", "is not a PEM file"},
		{"a certificate", write("cert.pem", certPEM), "", "holds no private key (it holds CERTIFICATE)"},
		{"encrypted", write("enc.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"), "", "encrypted private key"},
		{"garbage key", write("bad.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "", "cannot be read as a private key"},
		{"short RSA", writeKey(t, smallRSA), "", "1024-bit RSA key"},
		{"alg not fitting", writeKey(t, ecKey), "RS256", `assertion_alg "RS256" does not fit the key in assertion_key (it fits ES256)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTokenAPI(t, bearerToken("t", "60"))
			p := clientCredentialsProfile(a)
			p.ClientSecret, p.ClientAuth, p.AssertionKey, p.AssertionAlg = "", ClientAuthPrivateKeyJWT, tt.path, tt.alg
			_, flow, err := send(t, NewClient(), p, Request{URL: a.URL + "/api"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if s := lastStep(flow); s.Title != "Sign the client assertion" || s.Status != StepFailed {
				t.Errorf("last step %q %v", s.Title, s.Status)
			}
			if n := len(a.got()); n != 0 {
				t.Errorf("%d requests sent with an unusable key", n)
			}
		})
	}
}

func urlUnescape(s string) (string, error) { return url.QueryUnescape(s) }

// TestParamsAndNoneOnEveryGrant: params go on the password grant's token
// request and on refreshes; client_auth = "none" sends client_id in the
// form and no Authorization header.
func TestParamsAndNoneOnEveryGrant(t *testing.T) {
	a := newTokenAPI(t, func(n int) (int, string) {
		return 200, `{"access_token":"a` + string(rune('0'+n)) + `","token_type":"Bearer","expires_in":60,"refresh_token":"r1"}`
	})
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := oauthProfile(a)
	p.ClientID, p.ClientAuth, p.Params = "public-cli", ClientAuthNone, map[string]string{"resource": "https://api.example/"}
	for range 2 {
		if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
	}
	reqs := a.tokenRequests()
	want := []string{
		"client_id=public-cli&grant_type=password&password=pa+ss%2Bwo%25rd&resource=https%3A%2F%2Fapi.example%2F&scope=read+write&username=alice",
		"client_id=public-cli&grant_type=refresh_token&refresh_token=r1&resource=https%3A%2F%2Fapi.example%2F",
	}
	if len(reqs) != 2 {
		t.Fatalf("%d token requests", len(reqs))
	}
	for i, r := range reqs {
		if r.Body != want[i] || r.Header.Get("Authorization") != "" {
			t.Errorf("request %d: body %q, Authorization %q\nwant body %q", i+1, r.Body, r.Header.Get("Authorization"), want[i])
		}
	}
}

package authflow

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/http"
)

// A refused token request is never sent again with the same credentials:
// some servers lock an account after a few failed logins, and a run of 20
// requests would otherwise make 20 of them. The TokenCache remembers the
// first refusal per profile (Profile.TokenCacheKey) together with a
// fingerprint of the credentials it was refused for; a later send for that
// profile fails with the same error, without sending anything, until the
// credentials change (a new password typed in the TUI, say) or the entry
// is forgotten (TokenCache.Forget). The check sits in the shared token
// fetch (sharedFetch), so every grant type inherits it.

// refusal is a token request the token endpoint refused.
type refusal struct {
	// fingerprint identifies the credentials that were refused (see
	// credentialFingerprint); it is not reversible to them.
	fingerprint string
	err         *TokenError
}

// refusedCredentials returns the token error when err is the token
// endpoint refusing the request itself: a 4xx (RFC 6749 §5.2, or a
// server's own error body), or a 2xx carrying an error code. Sending the same request again can only be refused again,
// and counts as one more failed login.
//
// Not refusals: a 5xx, a timeout or a dropped connection (the server
// failed, not the credentials); 408 and 429 (try later, RFC 9110 §15.5.9,
// RFC 6585 §4); a redirect, a 404 or a 405 (the wrong address or method;
// keyway never follows a redirect); and the codes that ask the client to try again:
// authorization_pending and slow_down while polling for a device code (RFC
// 8628 §3.5) and temporarily_unavailable (RFC 6749 §4.1.2.1).
func refusedCredentials(err error) (*TokenError, bool) {
	var e *TokenError
	if !errors.As(err, &e) {
		return nil, false
	}
	switch {
	case e.StatusCode >= 500, e.StatusCode == http.StatusRequestTimeout, e.StatusCode == http.StatusTooManyRequests:
		return nil, false
	case e.Code == "authorization_pending", e.Code == "slow_down", e.Code == "temporarily_unavailable":
		return nil, false
	case e.Code != "" && e.StatusCode < 500:
		return e, true
	}
	// A 4xx without a §5.2 body is a refusal all the same: many servers
	// answer a wrong password with their own JSON ({"message": "Invalid
	// credentials"}) or an HTML page, and the next try would count as one
	// more failed login. Not the wrong address or method (404, 405), which
	// says nothing of the credentials.
	switch e.StatusCode {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return nil, false
	}
	return e, e.StatusCode >= 400 && e.StatusCode < 500
}

// RefusedEarlierError is the error of a send that needed a token for
// credentials the token endpoint had already refused: the token request
// was not sent again. First is that refusal, with its hint; errors.As
// finds it.
type RefusedEarlierError struct {
	First *TokenError
}

// Error says that nothing was sent, and why: the first refusal's message.
func (e *RefusedEarlierError) Error() string {
	return "token request not sent again, these credentials were refused earlier: " + e.First.Error()
}

// Unwrap returns the first refusal.
func (e *RefusedEarlierError) Unwrap() error { return e.First }

// refused returns the earlier refusal of the credentials p holds now, or
// nil.
func (c *TokenCache) refused(key string, p *Profile) *RefusedEarlierError {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.refusals[key]
	if !ok || r.fingerprint != c.credentialFingerprint(p) {
		return nil
	}
	return &RefusedEarlierError{First: r.err}
}

// recordOutcome remembers err when it refuses p's credentials, and forgets
// an earlier refusal for the profile once a token request succeeds.
func (c *TokenCache) recordOutcome(key string, p *Profile, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		delete(c.refusals, key)
		return
	}
	first, ok := refusedCredentials(err)
	if !ok {
		return
	}
	if c.refusals == nil {
		c.refusals = map[string]refusal{}
	}
	c.refusals[key] = refusal{fingerprint: c.credentialFingerprint(p), err: first}
}

// credentialFingerprint identifies every value p's token requests send
// that TokenCacheKey leaves out — the password and the client secret among
// them — so that changed credentials are tried again. It is an HMAC keyed
// with a random key of this cache: it stays in memory only, and even there
// cannot be checked against guessed passwords without that key. c.mu must
// be held.
func (c *TokenCache) credentialFingerprint(p *Profile) string {
	if c.fingerprintKey == nil {
		c.fingerprintKey = make([]byte, 32)
		rand.Read(c.fingerprintKey) // never fails (crypto/rand, Go 1.24)
	}
	mac := hmac.New(sha256.New, c.fingerprintKey)
	for _, v := range []string{p.Password, p.ClientSecret, p.ClientAuth} {
		// Length-prefixed, so that no two lists of values collide.
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(v)))
		mac.Write(n[:])
		mac.Write([]byte(v))
	}
	return hex.EncodeToString(mac.Sum(nil))
}

// refusedEarlierStep records that the token request was not sent.
func (r *sendRun) refusedEarlierStep(err *RefusedEarlierError) {
	i := r.rec.begin(Step{
		Title: "Token request not sent again",
		Why: "The token endpoint refused these credentials earlier (RFC 6749 §5.2). keyway does not send a " +
			"refused token request again with the same credentials: some servers lock an account after a " +
			"few failed logins. Change the credentials to try again.",
		RFC: "RFC 6749 §5.2",
	})
	r.rec.fail(i, err, "Fix what the first refusal says; once the profile's credentials change, keyway sends a token request again.")
}

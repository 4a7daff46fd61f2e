package authflow

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// DefaultSkew is how long before its expiry a cached token is treated as
// expired, so that it does not expire while a request is on its way. A
// token that lives less than four times as long gets a quarter of its
// lifetime instead: see TokenCache.margin.
const DefaultSkew = 10 * time.Second

// TokenCache holds OAuth2 tokens per profile (Profile.CacheKey). It never
// holds a password: only what the token endpoint returned. The zero value
// is ready to use. It is safe for concurrent use; sends that need a token
// for the same profile at the same time share one token request.
type TokenCache struct {
	// Now returns the current time; nil means time.Now. Tests set a fake
	// clock.
	Now func() time.Time
	// Skew is at most how long before expiry a token counts as expired;
	// zero means DefaultSkew. A short-lived token's margin is a quarter of
	// its lifetime when that is less (see margin).
	Skew time.Duration

	mu     sync.Mutex
	tokens map[string]*Token
	flight singleflight.Group
	// refusals holds the refused token request per key (see refusal.go);
	// fingerprintKey keys the fingerprints of the refused credentials.
	refusals       map[string]refusal
	fingerprintKey []byte
}

func (c *TokenCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *TokenCache) skew() time.Duration {
	if c.Skew > 0 {
		return c.Skew
	}
	return DefaultSkew
}

// margin is how long before its expiry t counts as expired: the skew, or a
// quarter of the token's lifetime when that is less. The margin covers the
// trip of the token response and of the API request (the server counts
// the lifetime from before the answer left it, keyway from its arrival),
// which a fixed 10 s would overstate for a token that lives 2 s: it was
// expired on arrival and every request fetched a new one. A quarter keeps
// three quarters of any lifetime usable (500 ms margin on a 2 s token, far
// above a local round trip) and leaves tokens of 40 s and more with the
// full skew. A token whose arrival is unknown keeps the full skew.
func (c *TokenCache) margin(t *Token) time.Duration {
	skew := c.skew()
	if t.Obtained.IsZero() || t.Expiry.IsZero() {
		return skew
	}
	return max(0, min(skew, t.Expiry.Sub(t.Obtained)/4))
}

// Get returns a copy of the cached token for key (see
// Profile.TokenCacheKey) when it is still valid:
// its expiry (less the margin) is in the future, or its lifetime is unknown.
func (c *TokenCache) Get(key string) (*Token, bool) {
	t := c.peek(key)
	if t == nil || !c.valid(t) {
		return nil, false
	}
	return t, true
}

// valid reports whether t may still be used.
func (c *TokenCache) valid(t *Token) bool {
	return t.AccessToken != "" && (t.Expiry.IsZero() || c.now().Before(t.Expiry.Add(-c.margin(t))))
}

// peek returns a copy of the token for key, valid or not (an expired token
// still holds its refresh token).
func (c *TokenCache) peek(key string) *Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.tokens[key]; ok {
		copied := *t
		return &copied
	}
	return nil
}

// Put stores a copy of t under key.
func (c *TokenCache) Put(key string, t *Token) {
	copied := *t
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens == nil {
		c.tokens = map[string]*Token{}
	}
	c.tokens[key] = &copied
}

// Invalidate marks the token for key unusable when it is still accessToken
// (a newer token fetched meanwhile is kept), keeping its refresh token so
// that the next send can refresh. It is what a 401 invalid_token does.
func (c *TokenCache) Invalidate(key, accessToken string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.tokens[key]; ok && t.AccessToken == accessToken {
		t.AccessToken = ""
	}
}

// Forget drops the token for key (see Profile.TokenCacheKey), or all
// tokens when key is "": for example when the user switches environment
// or asks for a fresh login. It forgets a refusal of the key's
// credentials too, so that the next send tries them again.
func (c *TokenCache) Forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key == "" {
		c.tokens, c.refusals = nil, nil
		return
	}
	delete(c.tokens, key)
	delete(c.refusals, key)
}

// TokenCacheKey is where the profile's tokens live in a TokenCache: its
// CacheKey (or Name) plus everything that changes which token the server
// would issue, so that editing the profile does not reuse a token for
// other credentials. The password is left out on purpose: the cache never
// holds it, even hashed.
func (p *Profile) TokenCacheKey() string {
	base := p.CacheKey
	if base == "" {
		base = p.Name
	}
	key := strings.Join([]string{base, string(p.Type), p.Issuer, p.TokenURL, p.ClientID, p.Username, strings.Join(p.Scopes, " ")}, "\x00")
	// Params such as audience or resource change what the token is for.
	if len(p.Params) > 0 {
		for _, k := range slices.Sorted(maps.Keys(p.Params)) {
			key += "\x00" + k + "=" + p.Params[k]
		}
	}
	return key
}

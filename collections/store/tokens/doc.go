// Package tokens is the user's token store: the tokens of interactive
// OAuth2 logins (`keyway login`: the authorization code and device
// grants), kept across processes so that later runs and sessions use and
// refresh them without a new login. It implements authflow.TokenStore.
//
// It lives beside the secret store (collections/store/secrets) because it is of
// the same kind: the user's own credentials, outside every collection, in
// keyway's folder of the user's config directory — tokens.toml next to
// secrets.toml, or wherever KEYWAY_TOKENS_FILE points (and next to
// KEYWAY_SECRETS_FILE when only that is set, so that a test or CI that
// moves the secret store moves this one too). It is a package of its own
// because it holds other things under other rules: values keyway obtained
// rather than values the user typed, replaced on every refresh, keyed by
// authflow.Profile.TokenCacheKey.
//
// It holds no password and no client secret: only what a token endpoint
// issued (access, refresh and ID tokens, their type, scope and expiry) and
// the hosts each token may go to (authflow.HostLimit), so that a token
// kept today is bound tomorrow as it was when issued. Like the secret
// store, the file is owner-only: written 0600 in a 0700 folder, refused
// when another user owns it or anyone else may read or write it; every
// change takes the lock all keyway processes share
// (collections/store/internal/userfile), re-reads the file under it, and
// replaces it atomically (a temporary file renamed over it), so two runs
// that refresh at once lose neither token.
package tokens

// Package authflow owns every HTTP exchange keyway makes: applying a
// profile's credentials to a request, the OAuth2 password-grant token
// exchange (RFC 6749 §4.3), token caching and refresh, and sending the
// user's request.
//
// Its central value is the Flow: an ordered list of Steps, each with a
// title, a short explanation of why it happens (with the RFC section), its
// status and timing and, where bytes crossed the wire, the Exchange as it
// really was, captured by a recording http.RoundTripper. The TUI and the
// `keyway flow` command render the same steps; redaction happens when
// rendering (see Redactor and Flow.WriteText), so a user interface can
// offer "reveal". Errors are different: no error authflow returns holds a
// secret.
//
// Where things are:
//   - client.go, send.go: Client.Send and the user's request (timeouts,
//     body limits); redirect.go: redirects and credential stripping.
//   - credential.go: Profile.Credential, where each type's credentials go
//     on a request (the send applies it; a curl export renders it);
//     apply.go: the Basic, Bearer and API-key steps; validate.go:
//     Profile.Validate; syntax.go: the syntax of header names, values and
//     URLs, the one check collections runs at load and in Prepare and the
//     send runs again.
//   - oauth2.go: the password grant and refresh through golang.org/x/oauth2;
//     token.go, tokenerror.go: reading token responses (§5.1, §5.2);
//     tokenhint.go: the advice for a refused token request;
//     cache.go: TokenCache; token_flight.go: one token fetch per profile
//     at a time; refusal.go: a refused token request is not sent again;
//     jwt.go: DecodeJWT.
//   - interactive.go: the interactive grants' TokenStore, Interaction,
//     Client.Login and Client.CheckLogin, and how a send uses a kept token
//     (never starting a login without a person); authcode.go: the
//     authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636, RFC
//     8252); loopback.go, callback.go: the one-shot listener and the
//     redirect's parser; browser.go: OpenBrowser; device.go,
//     device_response.go: the device grant (RFC 8628); bigtext.go, qr.go:
//     the user code in block letters and the QR code of the page.
//   - transport.go, wire.go: the recording transport and the raw HTTP form
//     of an Exchange.
//   - redact.go, printable.go, text.go: masking secrets, neutralising
//     terminal escapes, and the plain-text rendering of a Flow.
//
// # What keyway takes from x/oauth2
//
// Every token request of the password, client credentials, refresh and
// authorization code grants is built and sent by golang.org/x/oauth2
// (oauth2.go: AuthStyle always explicit, its HTTP client the recording
// transport, no redirect followed). keyway takes x/oauth2's error only when
// no response arrived (a refused connection, a timeout). It does not take
// the *oauth2.Token or *oauth2.RetrieveError x/oauth2 returns: it reads the
// recorded response itself (parseTokenResponse), and that one reading
// both decides and is shown, so a flow never shows a response other than
// the one used. Reading it twice and using x/oauth2's answer would change
// what keyway does, because x/oauth2 (v0.38) hides what keyway must show
// or check (xoauth2_reading_test.go pins each case):
//   - It refuses a whole token response whose expires_in is not a whole
//     number ("soon", 60.5) or that starts with a byte order mark; keyway
//     reads the token and notes what was odd (RFC 6749 §5.1, RFC 8259 §8.1).
//   - Its Expiry is on the wall clock when it read the answer, and a form
//     body's expires_in that is not a whole number is dropped silently;
//     keyway puts every expiry on its TokenCache's clock (TokenCache.Now),
//     which the expiry it shows and the one it checks share.
//   - encoding/json matches its names whatever their case, so it takes
//     "ACCESS_TOKEN" for access_token; keyway reads §5.1's names as written.
//   - Its RetrieveError has no §5.2 error code when any field of the body
//     fails to decode (an expires_in beside the error), and its Error()
//     quotes the whole body, which may echo the password; keyway's
//     TokenError keeps the code and the §5.2 fields, with the secrets masked.
//   - A 2xx it cannot read is an error that may quote a character of it;
//     keyway says what the body was without quoting it, and masks its
//     values (unreadableSecrets), since it may hold tokens.
//
// The device grant (RFC 8628, device.go) is sent by keyway itself, through
// the same recording transport. x/oauth2's DeviceAuth sends client_id alone
// whatever the AuthStyle, so a confidential client could not authenticate
// (RFC 8628 §3.1), and it reads JSON only, with its expiry on the wall
// clock. Its DeviceAccessToken polls in a loop of its own on a wall-clock
// ticker and handles authorization_pending and slow_down inside (RFC 8628
// §3.5), so the flow could not show each poll as a step, nor wait through
// the Interaction (the countdown a person sees, a test's clock). keyway's
// polls are steps, read like every other token response.
//
// authflow knows nothing of TOML files or terminals.
package authflow

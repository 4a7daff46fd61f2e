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
// authflow knows nothing of TOML files or terminals.
package authflow

// Package demoapi is the demo API that `keyway demo` serves on loopback:
// one endpoint behind each authentication method keyway knows, an OAuth2
// token endpoint, and the failures a learner should meet — a wrong
// password, an expired token, a missing scope, a missing API key. The demo
// collection (examples/demo.toml) runs against it, and keyway's own tests
// use it as a realistic server.
//
// It uses the standard library only and keeps everything in memory;
// New returns a fresh, independent API each time.
//
// # Credentials
//
// The credentials are exported constants, public on purpose (a real
// collection refers to credentials with {{env:…}}, {{secret:…}} or
// {{prompt}} instead of holding them):
//
//   - users: Username/Password (alice, may be granted read and write) and
//     ReadOnlyUsername/ReadOnlyPassword (bob, read only);
//   - the OAuth2 clients: ClientID and ClientSecret (confidential: the
//     password, authorization code and refresh grants), ServiceClientID
//     and ServiceClientSecret (confidential: client credentials only), and
//     CLIClientID (public, no secret: authorization code with PKCE S256,
//     device code, refresh). Both user-facing clients accept any loopback
//     redirect URI http://127.0.0.1:PORT/callback or http://[::1]:PORT/callback
//     (RFC 8252 §7.3);
//   - the static bearer token: BearerToken;
//   - the API key: APIKey, read from the APIKeyHeader header, the
//     APIKeyQuery query parameter or the APIKeyCookie cookie.
//
// # Endpoints
//
// No authentication:
//
//	GET  /                     a plain-text map of the demo
//	GET  /health               {"status":"ok"}
//
// One per method; each answers {"message":"hello, …","method":…}:
//
//	GET  /basic/hello          HTTP Basic (RFC 7617); otherwise 401 with
//	                           WWW-Authenticate: Basic realm="keyway demo", charset="UTF-8"
//	GET  /bearer/hello         Authorization: Bearer BearerToken (RFC 6750 §2.1); a wrong
//	                           token gets 401 with error="invalid_token"
//	GET  /apikey/header        the API key in the X-API-Key header
//	GET  /apikey/query         the API key in the api_key query parameter
//	GET  /apikey/cookie        the API key in the api_key cookie; a missing key gets 401
//	                           and a JSON error that says where the key was expected
//
// OAuth2 (RFC 6749). The issuer is the base URL (Options.BaseURL, or the
// scheme and Host of the request):
//
//	GET  /.well-known/openid-configuration
//	GET  /.well-known/oauth-authorization-server
//	                           the same metadata document (RFC 8414 §2, OpenID Connect
//	                           Discovery): every endpoint below, grant_types_supported,
//	                           code_challenge_methods_supported ["S256"], and the rest
//	GET  /oauth/authorize      response_type=code (§4.1.1): an HTML sign-in and consent page
//	                           (client, scopes asked, Allow / Deny). A missing or unknown
//	                           client_id or an unregistered redirect_uri is an error page,
//	                           never a redirect (§4.1.2.1); other errors go back to the
//	                           client as error=…&state=…. demo-cli must send PKCE S256;
//	                           plain is refused. Options.AutoApproveAs skips the page
//	                           (tests only)
//	POST /oauth/authorize      the page's form: back to redirect_uri with code, state and
//	                           iss (RFC 9207), or error=access_denied. Codes work once, for
//	                           CodeLifetime; a second use revokes what the first issued
//	POST /oauth/token          grant_type password (§4.3), client_credentials (§4.4),
//	                           authorization_code (§4.1.3, with code_verifier: RFC 7636),
//	                           urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4)
//	                           or refresh_token (§6). A confidential client authenticates
//	                           with HTTP Basic over the form-urlencoded id and secret, or
//	                           with client_id and client_secret form fields (§2.3.1); a
//	                           public one sends client_id alone. Scopes: openid, read,
//	                           write; none asked means read. The answer is §5.1 JSON:
//	                           access_token (an HS256 JWT with iss, sub, aud, client_id,
//	                           scope, iat, exp, jti after RFC 9068), token_type "Bearer",
//	                           expires_in (Options.TokenLifetime), refresh_token (not for
//	                           client credentials; rotated on every use, and a reused one
//	                           revokes its whole grant: RFC 9700 §4.14.2), scope, and with
//	                           openid an id_token (with the nonce sent). Errors are §5.2
//	                           JSON: invalid_request, invalid_client (401), invalid_grant,
//	                           unauthorized_client, unsupported_grant_type, invalid_scope,
//	                           and for a device authorization_pending, slow_down,
//	                           access_denied, expired_token (RFC 8628 §3.5).
//	POST /oauth/device         device authorization (RFC 8628 §3.1-3.2): device_code,
//	                           user_code (like WDJB-MJHT), verification_uri (/device),
//	                           verification_uri_complete, expires_in, interval
//	GET  /device               the verification page: enter the code, sign in, Allow / Deny
//	POST /oauth/revoke         RFC 7009: 200 for any token, unknown ones included; revoking
//	                           a refresh token revokes its access tokens too
//	POST /oauth/introspect     RFC 7662, for confidential clients: {"active":true,…} or
//	                           {"active":false} for a revoked, expired or unknown token
//
// Behind an access token from /oauth/token. A missing token gets 401; an
// expired or revoked one 401 with WWW-Authenticate: Bearer error="invalid_token",
// error_description="The access token expired"; one without the scope
// needed 403 with error="insufficient_scope" and scope="…" (RFC 6750 §3.1):
//
//	GET    /me                 any scope: {"id","name","email","scopes","token_scope",…}
//	GET    /users/{id}         scope read (users u1 and u2)
//	GET    /notes              scope read: {"notes":[…],"count":N}
//	POST   /notes              scope write: JSON {"title","body"} → 201 {"id":"n1",…}
//	GET    /notes/{id}         scope read
//	DELETE /admin/notes/{id}   scope write → 204
//	POST   /admin/reset        scope write: forget every note → 204
//
// Helpers, no authentication:
//
//	GET  /slow?ms=N            answer after N ms (default 1000, at most 60000); stops when
//	                           the client cancels
//	GET  /large?mb=N or ?kb=N  a JSON document of exactly that size (default 1 MiB, at most
//	                           1 GiB), streamed with its Content-Length
//	GET  /binary               a PNG image
//	GET  /redirect?to=T        302 (or &status=301|303|307|308) to T, a path on this server
//	                           or an http(s) URL on a loopback address — another port there
//	                           is another origin, where credentials must not follow
//	GET  /redirect/chain/{n}   n redirects in a row, then 200
//	GET  /echo                 the names of the headers and query parameters received and
//	                           whether each kind of credential arrived, never their values
package demoapi

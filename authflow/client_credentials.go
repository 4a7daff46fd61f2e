package authflow

import (
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// grantClientCredentials is the client credentials grant's grant_type
// (RFC 6749 §4.4.2).
const grantClientCredentials = "client_credentials"

// initialGrant is the grant that gets a profile its first token, without
// a person: the password grant or the client credentials grant.
func (r *sendRun) initialGrant() string {
	if r.profile.Type == TypeOAuth2ClientCredentials {
		return grantClientCredentials
	}
	return grantPassword
}

// whyGrantStep explains the profile's grant, as the first step of its
// flow.
func whyGrantStep(t Type) Step {
	if t == TypeOAuth2ClientCredentials {
		return whyClientCredentialsStep()
	}
	return whyPasswordGrantStep()
}

// whyClientCredentialsStep explains the client credentials grant.
func whyClientCredentialsStep() Step {
	return Step{
		Title: "Why this grant",
		Why: "In the client credentials grant a program acts on its own behalf, not for a user: it proves " +
			"who it is (its client_id with a secret, a signed assertion or a TLS certificate) at the token " +
			"endpoint and receives an access token. No person signs in, so it suits services, jobs and " +
			"machine-to-machine APIs; only a confidential client, one that can keep a secret, may use it. " +
			"No refresh token is expected (RFC 6749 §4.4.3): when the token expires, keyway asks for a new one.",
		RFC: "RFC 6749 §4.4",
	}
}

// clientCredentialsConfig is the x/oauth2 client credentials
// configuration matching conf (see oauth2Config for the client
// authentication it carries).
func clientCredentialsConfig(conf *oauth2.Config) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     conf.ClientID,
		ClientSecret: conf.ClientSecret,
		TokenURL:     conf.Endpoint.TokenURL,
		Scopes:       conf.Scopes,
		AuthStyle:    conf.Endpoint.AuthStyle,
	}
}

// tokenRequestStep is the step of a token request for grant, and what it
// sends (for the clear-text warning: "the password and client secret
// are").
func tokenRequestStep(p *Profile, grant, refreshToken string) (Step, string) {
	endpoint := Field{Label: "token endpoint", Value: "POST " + p.TokenURL}
	grantField := Field{Label: "grant_type", Value: grant}
	switch grant {
	case grantRefresh:
		return Step{
			Title: "Refresh the token",
			Why: "The access token has expired, but the token response included a refresh token: the " +
				"client trades it for a new access token (grant_type=refresh_token) without asking for " +
				"the credentials again. If the answer holds a new refresh token it replaces the old one " +
				"(rotation); if not, the old one stays in use.",
			RFC:    "RFC 6749 §6",
			Fields: append([]Field{endpoint, grantField, {Label: "refresh_token", Value: refreshToken, Secret: true}, clientAuthField(p)}, paramsField(p)...),
		}, "the refresh token is"
	case grantClientCredentials:
		return Step{
			Title: "Request a token",
			Why: "The client POSTs grant_type=client_credentials to the token endpoint as a form " +
				"(application/x-www-form-urlencoded), authenticating itself as client_auth says. If the " +
				"server accepts the client it answers with an access token. A refused request is never " +
				"retried.",
			RFC:    "RFC 6749 §4.4.2",
			Fields: append([]Field{endpoint, grantField, {Label: "scope", Value: scopeText(p.Scopes)}, clientAuthField(p)}, paramsField(p)...),
		}, "the client credentials are"
	}
	return Step{
		Title: "Request a token",
		Why: "The client POSTs the username and password to the token endpoint as a form " +
			"(application/x-www-form-urlencoded) with grant_type=password. If the server accepts them it " +
			"answers with an access token. A refused request is never retried: some servers lock an " +
			"account after a few failures.",
		RFC: "RFC 6749 §4.3.2",
		Fields: append([]Field{
			endpoint, grantField,
			{Label: "username", Value: p.Username},
			{Label: "scope", Value: scopeText(p.Scopes)},
			clientAuthField(p),
		}, paramsField(p)...),
	}, "the password and client secret are"
}

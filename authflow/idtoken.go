package authflow

import (
	"crypto/subtle"
	"fmt"
	"time"
)

// IDTokenWant is what an OpenID Connect ID token must say (OpenID Connect
// Core 1.0 §3.1.3.7): Issuer ("" when the profile names none: then iss is
// shown, not checked), ClientID (one of aud), Nonce ("" when none was
// sent).
type IDTokenWant struct {
	Issuer   string
	ClientID string
	Nonce    string
}

// CheckIDToken decodes an ID token and checks its basic claims: iss is
// the issuer (item 2), aud contains the client_id (item 3), exp is in the
// future (item 9), and nonce is the one sent (item 11). It returns the
// checks as fields, each saying what it found, and an error naming the
// first mismatch. The signature is not verified (keyway is not the
// relying party that trusts it: it shows what the token says, as it does
// for a JWT access token).
func CheckIDToken(idToken string, want IDTokenWant, now time.Time) ([]Field, error) {
	jwt, err := DecodeJWT(idToken)
	if err != nil {
		return nil, fmt.Errorf("the id_token is not a JWT (OpenID Connect Core 1.0 §2 requires one): %w", err)
	}
	var fields []Field
	var firstErr error
	check := func(label string, ok bool, found, problem string) {
		mark := "✓ "
		if !ok {
			mark = "✗ "
			if firstErr == nil {
				firstErr = fmt.Errorf("id_token: %s", problem)
			}
		}
		fields = append(fields, Field{Label: label, Value: mark + found})
	}
	iss, _ := jwt.Claims["iss"].(string)
	if want.Issuer != "" {
		check("iss", iss == want.Issuer, Printable(iss), fmt.Sprintf("iss %q is not the issuer %q", shortText(Printable(iss), 80), want.Issuer))
	} else {
		fields = append(fields, Field{Label: "iss", Value: Printable(iss) + " (not checked: the profile names no issuer)"})
	}
	var auds []string
	switch a := jwt.Claims["aud"].(type) {
	case string:
		auds = []string{a}
	case []any:
		for _, v := range a {
			if s, ok := v.(string); ok {
				auds = append(auds, s)
			}
		}
	}
	hasClient := false
	for _, a := range auds {
		hasClient = hasClient || a == want.ClientID
	}
	check("aud", hasClient, Printable(compactJSON(jwt.Claims["aud"]))+" contains client_id "+want.ClientID,
		fmt.Sprintf("aud does not contain the client_id %q: the token was issued to another client", want.ClientID))
	if jwt.Expiry.IsZero() {
		check("exp", false, "missing", "no exp claim (OpenID Connect Core 1.0 §2 requires one)")
	} else {
		check("exp", jwt.Expiry.After(now), jwt.Expiry.Format(time.RFC3339), "it expired at "+jwt.Expiry.Format(time.RFC3339))
	}
	nonce, _ := jwt.Claims["nonce"].(string)
	if want.Nonce != "" {
		ok := subtle.ConstantTimeCompare([]byte(nonce), []byte(want.Nonce)) == 1
		check("nonce", ok, "the one sent", "nonce is not the one sent with the authorization request: the token may have been replayed")
		if !ok {
			fields[len(fields)-1].Value = "✗ not the one sent"
		}
	}
	return fields, firstErr
}

// checkIDToken adds a step showing the ID token of t, decoded, with the
// checks of CheckIDToken; a mismatch fails the step. nonce is the one
// sent with the authorization request ("" for grants without one: the
// authorization code grant calls this with its own).
func (r *sendRun) checkIDToken(t *Token, nonce string) error {
	if t.IDToken == "" {
		return nil
	}
	r.flow.Secrets = append(r.flow.Secrets, t.IDToken)
	i := r.rec.begin(Step{
		Title: "Check the ID token",
		Why: "OpenID Connect adds an ID token to the answer: a JWT that says who signed in (sub), for which " +
			"client (aud), issued by whom (iss), until when (exp). A client checks these before trusting it, " +
			"and that nonce is the one it sent, so that a token stolen from another login is refused.",
		RFC: "OpenID Connect Core 1.0 §3.1.3.7, §2",
	})
	fields, err := CheckIDToken(t.IDToken, IDTokenWant{Issuer: r.profile.Issuer, ClientID: r.profile.ClientID, Nonce: nonce}, r.client.tokens().now())
	fields = append(fields, Field{Label: "id_token", Value: t.IDToken, Secret: true})
	for _, f := range jwtFields(t.IDToken) {
		f.Label = "ID token " + f.Label[len("JWT "):]
		fields = append(fields, f)
	}
	if i != noStep {
		r.flow.Steps[i].Fields = fields
	}
	if err != nil {
		r.rec.fail(i, err, "The ID token does not belong to this login: check issuer and client_id, or the server's clock.")
		return err
	}
	r.rec.end(i, nil)
	return nil
}

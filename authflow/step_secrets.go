package authflow

// tokenResponseSecrets are the members of a token response that are
// credentials: RFC 6749 §5.1's access and refresh tokens, and OpenID
// Connect's ID token, which some token endpoints add.
var tokenResponseSecrets = []string{"access_token", "refresh_token", "id_token"}

// StepSecrets returns the secrets visible in steps: the values of their
// secret fields, and the tokens in any response body they recorded that
// reads as a token response, JSON or form-encoded (a refresh or ID token
// appears in no field). A renderer masks these while the steps stream in,
// before the finished flow lists its own Secrets, and together with them
// afterwards.
func StepSecrets(steps []Step) []string {
	var out []string
	for _, s := range steps {
		for _, f := range s.Fields {
			if f.Secret {
				out = append(out, f.Value)
			}
		}
		if s.Exchange == nil || s.Exchange.Response == nil {
			continue
		}
		resp := s.Exchange.Response
		fields, ok := decodeTokenBody(resp.Header.Get("Content-Type"), resp.Body)
		if !ok {
			continue
		}
		for _, name := range tokenResponseSecrets {
			if v := fields[name]; v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

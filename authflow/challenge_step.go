package authflow

import (
	"context"
	"io"
	"net/http"
	"strings"
)

// The challenge step, for learners (SendOptions.Challenge): before the
// credentials are applied, the request is sent once without them, to show
// how HTTP authentication starts. A protected resource answers 401 with a
// WWW-Authenticate challenge naming the scheme and the protection space
// (RFC 9110 §11.6.1; for Basic RFC 7617 §2: `Basic realm="…"`), which is
// what a browser answers by asking for a user-id and password.

// challengeMethods are the methods sent twice for the challenge: safe ones
// only (RFC 9110 §9.2.1), so that the lesson never creates or deletes
// anything twice.
var challengeMethods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodOptions: true}

// challenge sends a copy of req without credentials as a step of its own,
// or records why it was not sent. The answer, whatever it is, is the
// lesson: the step fails only when nothing came back.
func (r *sendRun) challenge(ctx context.Context, req *http.Request) error {
	step := Step{
		Title: "Ask without credentials",
		Why: "First, the request as it would go without credentials. A server protecting it answers 401 " +
			"Unauthorized with a challenge, WWW-Authenticate, naming the scheme it accepts and, for Basic, the " +
			"realm: the protection space the credentials are for, which a browser shows when it asks for a " +
			"user-id and password. The next steps answer the challenge. keyway run skips this step and sends " +
			"the credentials at once.",
		RFC: "RFC 7617 §2; RFC 9110 §11.6.1",
	}
	if !challengeMethods[req.Method] {
		step.Status = StepSkipped
		step.Why = "Not sent: " + req.Method + " is not a safe method (RFC 9110 §9.2.1), and a request that may " +
			"change something is not sent twice for a lesson. Walk a GET request to see the server's 401 and " +
			"its WWW-Authenticate challenge."
		i := r.rec.begin(step)
		r.rec.end(i, func(s *Step) { s.Status = StepSkipped })
		return nil
	}
	bare := req.Clone(ctx)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return err
		}
		bare.Body = body
	}
	current := r.rec.begin(step)
	settings := tlsSettings{insecure: r.request.Insecure || r.profile.Insecure, files: r.request.TLS.Or(r.profile.TLS)}
	base, err := r.client.transportFor(settings)
	if err != nil {
		r.rec.fail(current, err, transportHint(settings))
		return err
	}
	timeout := r.client.timeout(r.request.Timeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ctx = withExchangeHooks(ctx, &exchangeHooks{done: func(ex *Exchange) { r.flow.Steps[current].Exchange = ex }})
	client := &http.Client{
		Transport: &recordingTransport{base: base},
		// The lesson is the first answer: a redirect is not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(bare.WithContext(ctx))
	if err != nil {
		hint, err := describeTransportError(err, timeout, r.secrets())
		r.rec.fail(current, err, hint)
		return err
	}
	// Read what the recording keeps, so that the step shows the body.
	io.Copy(io.Discard, io.LimitReader(resp.Body, RecordLimit))
	resp.Body.Close()
	r.rec.end(current, func(s *Step) { s.Fields = challengeFields(resp) })
	return nil
}

// challengeFields say what the answer without credentials means.
func challengeFields(resp *http.Response) []Field {
	fields := []Field{{Label: "status", Value: resp.Status}}
	values := resp.Header.Values("WWW-Authenticate")
	for _, v := range values {
		fields = append(fields, Field{Label: "WWW-Authenticate", Value: v})
		for _, c := range parseChallenges(v) {
			if d := describeChallenge(c); d != "" {
				d = strings.TrimPrefix(d, "its challenge asks for ")
				if charset, ok := c.params["charset"]; ok {
					d += ", charset " + charset + " (RFC 7617 §2.1)"
				}
				fields = append(fields, Field{Label: "the challenge asks for", Value: d})
			}
		}
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized && len(values) == 0:
		fields = append(fields, Field{Label: "note", Value: "401 without a WWW-Authenticate challenge, which RFC 9110 §15.5.2 requires: the server does not say which scheme it wants"})
	case resp.StatusCode != http.StatusUnauthorized:
		fields = append(fields, Field{Label: "note", Value: "no challenge: without credentials the server answered " + resp.Status + ", so this resource may not need them, or the server refuses without saying how to authenticate"})
	}
	return fields
}

package collections

import (
	"net/url"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// MinCapturedSecretLength is the shortest captured value that counts as a
// secret when a request sends it in a header or the query string. A
// captured token ("tok = .access_token" then Authorization = "Bearer
// {{tok}}") is as secret as any password, but short captures — an id, a
// count — are not, and masking them would garble a report for nothing.
const MinCapturedSecretLength = 8

// capturedSecrets returns the captured values of s that req sends where
// credentials travel: a header, or the URL's query string (an API key or
// token there is common). A value in the URL's path or in the body is most
// likely an identifier, such as a note's id, and stays readable. The test
// is on the resolved request rather than on references, so that a capture
// reached through a variable ("auth = Bearer {{tok}}") counts too.
func capturedSecrets(s *Scope, req authflow.Request) []string {
	if s == nil || len(s.Captures) == 0 {
		return nil
	}
	query := ""
	if _, after, ok := strings.Cut(req.URL, "?"); ok {
		query, _, _ = strings.Cut(after, "#")
	}
	var out []string
	for _, v := range s.Captures {
		if len(v) < MinCapturedSecretLength {
			continue
		}
		// A value inserted into the URL by its template is sent
		// percent-encoded (encodeURLText).
		encoded := encodeURLValue(v)
		if strings.Contains(query, v) || strings.Contains(query, url.QueryEscape(v)) || strings.Contains(query, encoded) || headersHold(req, v) {
			out = append(out, v)
			if encoded != v {
				out = append(out, encoded)
			}
		}
	}
	return out
}

// headersHold reports whether any header of req contains v.
func headersHold(req authflow.Request, v string) bool {
	for _, values := range req.Header {
		for _, h := range values {
			if strings.Contains(h, v) {
				return true
			}
		}
	}
	return false
}

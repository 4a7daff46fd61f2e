package run

import (
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/report"
)

// runSecrets is every secret the requests of a run have used so far, and
// a redactor for them all. Each result is redacted with it before anyone
// sees it (OnResult, so a live line on stdout), not only in the final
// report: a token one request captured and another sent may surface in a
// later request's error or assertion. It is used by the scheduling
// goroutine only.
type runSecrets struct {
	seen     map[string]bool
	list     []string
	redactor *authflow.Redactor
}

// add records secrets, rebuilding the redactor only when one is new.
func (s *runSecrets) add(secrets []string) {
	grew := false
	for _, v := range secrets {
		if v == "" || s.seen[v] {
			continue
		}
		if s.seen == nil {
			s.seen = map[string]bool{}
		}
		s.seen[v] = true
		s.list = append(s.list, v)
		grew = true
	}
	if grew {
		s.redactor = authflow.NewRedactor(s.list...)
	}
}

// redact returns res with every secret seen so far masked.
func (s *runSecrets) redact(res report.Result) report.Result {
	if s.redactor == nil {
		return res
	}
	return redactResult(s.redactor, res)
}

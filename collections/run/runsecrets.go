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

// redactBeyond returns res, already redacted with its own request's
// secrets (own, distinct as runner.send leaves them), with every secret
// seen so far masked. When the run has seen no other secret, the result is
// returned as is: redacting it again could not change it, and on a run of
// one profile that is every result.
func (s *runSecrets) redactBeyond(res report.Result, own []string) report.Result {
	if s.redactor == nil || len(s.list) == countNonEmpty(own) {
		return res
	}
	return redactResult(s.redactor, res)
}

// count is how many distinct secrets were seen so far: a result redacted
// when count was n needs redacting again only if the run ends with more.
func (s *runSecrets) count() int { return len(s.list) }

func countNonEmpty(values []string) int {
	n := 0
	for _, v := range values {
		if v != "" {
			n++
		}
	}
	return n
}

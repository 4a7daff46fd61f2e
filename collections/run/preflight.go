package run

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// captureStandIn stands in, during the preflight, for a value an earlier
// step of the run will capture: what it will be is not known before the
// run, only that it will be there.
const captureStandIn = "keyway-captured-value"

// PreflightError lists what stopped a run with Options.Preflight before
// anything was sent. Each problem is told once, with how many requests it
// stops when it is shared (a profile's unset variable stops all of them).
type PreflightError struct {
	Problems []error
}

func (e *PreflightError) Error() string {
	var b strings.Builder
	for _, p := range e.Problems {
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	b.WriteString("nothing was sent")
	return b.String()
}

// Unwrap gives the problems to errors.Is and errors.As.
func (e *PreflightError) Unwrap() []error { return e.Problems }

// preflight resolves every step as it will be sent — reading environment
// variables, secrets and prompts, sending nothing — so that what the
// machine can tell before the run (an unset environment variable, a
// missing secret, a {{prompt}} with no terminal, a variable captured only
// by a request --only leaves out) stops it before the first request goes
// out, rather than failing requests halfway through.
//
// A request whose profile needs an interactive login (authorization code,
// device code) and has no token that client could use or refresh stops
// the run too, naming `keyway login`: a run never opens a browser, and a
// login missing halfway through would fail every request after it. A nil
// client has no kept tokens.
//
// A step that needs no capture resolves now exactly as it will when sent,
// so its Prepared is returned, by position, for the send to use: resolving
// it twice cost as much as a sixth of a run of plain GETs. A step that
// needs captures is resolved with stand-ins for them, and only the
// problems no captured value could cause or cure count; it is resolved
// again, with the real values, when sent.
func preflight(c *collections.Collection, steps []step, scope collections.Scope, client *authflow.Client) ([]*collections.Prepared, error) {
	if client == nil {
		client = authflow.NewClient()
	}
	prepared := make([]*collections.Prepared, len(steps))
	var problems []error
	repeats := map[string]int{}
	var shared sharedProfiles
	for pos, s := range steps {
		stepScope := scope
		if len(s.needs) > 0 {
			captures := make(map[string]string, len(scope.Captures)+len(s.needs))
			maps.Copy(captures, scope.Captures)
			for _, nd := range s.needs {
				captures[nd.name] = captureStandIn
			}
			// A host check the stand-in fails is not counted below.
			stepScope.Captures = captures
		}
		p, err := c.Prepare(s.req, &stepScope)
		if err == nil && p.Profile != nil && p.Profile.Type.Interactive() {
			err = client.CheckLogin(p.Profile)
			if err != nil && len(s.needs) > 0 {
				// Counted below whatever the stand-ins: a capture
				// cannot log in.
				if repeats[err.Error()]++; repeats[err.Error()] == 1 {
					problems = append(problems, err)
				}
				continue
			}
		}
		switch {
		case err == nil && len(s.needs) == 0:
			prepared[pos] = shared.share(p)
		case err != nil && (len(s.needs) == 0 || standInCannotCause(err)):
			if repeats[err.Error()]++; repeats[err.Error()] == 1 {
				problems = append(problems, err)
			}
		}
	}
	if len(problems) == 0 {
		return prepared, nil
	}
	for i, err := range problems {
		if n := repeats[err.Error()]; n > 1 {
			problems[i] = fmt.Errorf("%w (in each of %d requests)", err, n)
		}
	}
	return nil, &PreflightError{Problems: problems}
}

// sharedProfiles keeps one resolved copy of each profile for the
// prepared requests that use it. Every request resolves its profile
// afresh, to the same values when no capture is involved; holding a
// thousand requests until they are sent should not hold a thousand equal
// profiles and secret lists.
type sharedProfiles map[string]*collections.Prepared

// share points p at the profile and secrets of an earlier prepared request
// when they are equal, and returns p. Neither is changed once resolved:
// authflow and the runner only read them.
func (m *sharedProfiles) share(p *collections.Prepared) *collections.Prepared {
	if p.Profile == nil {
		return p
	}
	if *m == nil {
		*m = sharedProfiles{}
	}
	first, ok := (*m)[p.Profile.Name]
	if !ok {
		(*m)[p.Profile.Name] = p
		return p
	}
	if reflect.DeepEqual(first.Profile, p.Profile) {
		p.Profile = first.Profile
	}
	if slices.Equal(first.Secrets, p.Secrets) {
		p.Secrets, p.Request.Secrets = first.Secrets, first.Secrets
	}
	return p
}

// standInCannotCause reports whether err is a problem no captured value
// could cause or cure: with a stand-in in place, a malformed URL or a host
// check could be the stand-in's doing, and is left to the run.
func standInCannotCause(err error) bool {
	for _, kind := range []error{collections.ErrUndefined, collections.ErrEnvUnset,
		collections.ErrSecretUnavailable, collections.ErrPromptUnavailable, collections.ErrOutsideValue} {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}

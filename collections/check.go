package collections

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

// CheckEnv reports whether the collection defines environment name ("" is
// always valid: no environment), listing the ones it has when it does not.
func (c *Collection) CheckEnv(name string) error {
	if name == "" || c.Envs[name] != nil {
		return nil
	}
	if len(c.EnvNames) == 0 {
		return fmt.Errorf("unknown environment %q: %s defines no environments (add [env.%s])", name, c.Path, name)
	}
	msg := fmt.Sprintf("unknown environment %q", name)
	if s := nearestKey(name, c.EnvNames); s != "" {
		msg += "; did you mean " + strconv.Quote(s) + "?"
	}
	return errors.New(msg + " (environments: " + ListNames(c.EnvNames) + ")")
}

// Check validates, without sending anything or looking up any environment
// variable, secret or prompt, that every reference in the collection
// resolves in environment s.Env: no undefined variable, no cycle. A
// variable a request uses may come from a capture of an earlier request.
// URLs whose value is fully known from the file are validated too, and
// TLS files are opened (not read) to tell that each is a regular file of
// a sane size. All problems are returned as an ErrorList.
func (c *Collection) Check(s *Scope) error {
	if s == nil {
		s = &Scope{}
	}
	if err := c.CheckEnv(s.Env); err != nil {
		return err
	}
	var p problems
	allCaptured := map[string]bool{}
	for _, r := range c.Requests {
		for _, kv := range r.Capture {
			allCaptured[kv.Key] = true
		}
	}
	reported := c.checkVariables(s, allCaptured, &p)

	report := func(pos Pos, ctx, field string, err error) {
		var vf *varFailure
		if errors.As(err, &vf) && reported[vf.name] {
			return // already reported where the variable is defined
		}
		var ue *undefinedError
		msg := err.Error()
		if errors.As(err, &ue) && allCaptured[ue.name] {
			msg += fmt.Sprintf(" (a later request captures %q; requests run in file order)", ue.name)
		}
		p.list = append(p.list, &Error{Pos: pos, Msg: fmt.Sprintf("%s: %s: %s", ctx, field, msg), Err: err})
	}

	// jq expressions need no scope: they are compiled on another
	// goroutine while this one resolves references.
	jqProblems := make(chan problems, 1)
	go func() {
		var jq problems
		for _, r := range c.Requests {
			c.checkJQ(r, &jq)
		}
		jqProblems <- jq
	}()

	captured := map[string]bool{}
	res := c.newResolver(s)
	res.structural, res.captured = true, captured
	for _, r := range c.Requests {
		// One resolver for every request, its memo of variables cleared
		// before each: what a variable expands to depends on what earlier
		// requests capture, but its map need not be made again.
		res.reset()
		// Field names and the context are built only for an error: most
		// fields of most requests have none.
		fail := func(field string, err error) {
			report(r.fieldPos(field), fmt.Sprintf("request %q", r.Name), field, err)
		}
		for f := range r.templates {
			if f.group == fieldJSON {
				if jsonResolves(res, f.json) {
					continue
				}
				// Report the errors in key order, the same on every run.
				for str := range f.templateStrings {
					if _, _, err := res.expand(str, ""); err != nil {
						fail(fieldJSON, err)
					}
				}
				continue
			}
			v, _, err := res.expand(f.value, "")
			if err == nil && f.group == fieldURL {
				err = checkKnownURL(f.value, v)
			}
			if err != nil {
				fail(f.key(), err)
			}
		}
		for _, kv := range r.Capture {
			captured[kv.Key] = true
		}
	}
	jq := <-jqProblems
	p.list = append(p.list, jq.list...)
	c.checkTLSFiles(&p)
	c.checkBodyFiles(&p)

	for _, name := range c.ProfileNames {
		cp := c.Profiles[name]
		res := c.newResolver(s)
		res.structural, res.captured = true, allCaptured
		ctx := fmt.Sprintf("profile %q", name)
		for f := range cp.templates {
			v, _, err := res.expand(f.value, "")
			switch {
			case err != nil:
				report(cp.fieldPos(f.key()), ctx, f.key(), err)
			case f.group == "token_url":
				if err := checkKnownURL(f.value, v); err != nil {
					report(cp.fieldPos(f.key()), ctx, f.key(), err)
				}
			}
		}
	}
	return p.err()
}

// checkVariables resolves every variable in effect for the environment and
// reports each broken one at its definition, a cycle once. It returns the
// names reported.
func (c *Collection) checkVariables(s *Scope, captured map[string]bool, p *problems) map[string]bool {
	reported := map[string]bool{}
	names := make([]string, 0, len(c.Vars))
	for name := range c.Vars {
		names = append(names, name)
	}
	for name := range c.Envs[s.Env] {
		if _, ok := c.Vars[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	cycles, seenCycle := map[string]bool{}, map[*cycleError]bool{}
	// One resolver, and so one memo of expansions and failures, for every
	// variable: a resolver per variable expanded a chain of N variables N
	// times (N = 2,000 took seconds).
	res := c.newResolver(s)
	res.structural, res.captured = true, captured
	for _, name := range names {
		if _, overridden := s.Vars[name]; overridden {
			continue
		}
		if _, err := res.variable(name); err != nil {
			reported[name] = true
			var ce *cycleError
			if errors.As(err, &ce) {
				// Variables failing on one cycle share its error (the
				// resolver remembers failures): sort its members once.
				if seenCycle[ce] {
					continue
				}
				seenCycle[ce] = true
				members := slices.Clone(ce.chain[:len(ce.chain)-1])
				slices.Sort(members)
				key := strings.Join(members, "\x00")
				if cycles[key] {
					continue
				}
				cycles[key] = true
			}
			label, pos := "vars."+name, c.varPos("", name)
			if _, ok := c.Envs[s.Env][name]; ok {
				label, pos = "env."+s.Env+"."+name, c.varPos(s.Env, name)
			}
			p.list = append(p.list, &Error{Pos: pos, Msg: label + ": " + err.Error(), Err: err})
		}
	}
	return reported
}

// jsonResolves reports whether every string of a json body resolves,
// visiting maps in any order: the sorting jsonStrings does for stable
// messages is only needed once one does not.
func jsonResolves(res *resolver, v any) bool {
	switch x := v.(type) {
	case string:
		_, _, err := res.expand(x, "")
		return err == nil
	case []any:
		for _, item := range x {
			if !jsonResolves(res, item) {
				return false
			}
		}
	case map[string]any:
		for _, item := range x {
			if !jsonResolves(res, item) {
				return false
			}
		}
	}
	return true
}

// jsonStrings collects every string in a json body value.
func jsonStrings(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case []any:
		for _, item := range x {
			out = jsonStrings(item, out)
		}
	case map[string]any:
		// In key order, so that errors come out the same on every run.
		for _, key := range slices.Sorted(maps.Keys(x)) {
			out = jsonStrings(x[key], out)
		}
	}
	return out
}

// checkJQ compiles every jq expression of a request's expect and capture,
// as the run will, so that a typo (or an unknown function: ".a | nosuchfn"
// parses but does not compile) fails `keyway check` rather than the run.
// It is done here rather than at load, where it would cost a large file a
// compile per expression before the TUI could open; the programs are kept
// (jqcode), so the run does not compile them again.
func (c *Collection) checkJQ(r *Request, p *problems) {
	for i, expr := range r.Expect.JQ {
		if _, err := jqcode.Compile(expr); err != nil {
			p.add(r.src.itemPos("expect.jq", i, r.Pos), "request %q: expect.jq[%d]: invalid jq expression: %v", r.Name, i, err)
		}
	}
	for _, kv := range r.Capture {
		if _, err := jqcode.Compile(kv.Value); err != nil {
			p.add(r.fieldPos("capture."+kv.Key), "request %q: capture.%s: invalid jq expression: %v", r.Name, kv.Key, err)
		}
	}
}

// checkKnownURL validates, in Check, what is known of a URL template's
// expansion: all of it when it is built from the file's variables only (a
// literal URL was checked at load), else its scheme when that comes before
// the first value known only when sending.
func checkKnownURL(template, expanded string) error {
	if !hasReferences(template) {
		return nil
	}
	known, complete := expanded, true
	if i := strings.Index(expanded, unknownValue); i >= 0 {
		known, complete = expanded[:i], false
	}
	if complete {
		// As Prepare sends it: what a value put after the host is
		// percent-encoded there (url_encode.go), so a --var is judged as
		// a capture is.
		return authflow.CheckURL(encodeURLText(expanded))
	}
	if scheme, _, ok := strings.Cut(known, "://"); ok {
		return authflow.CheckURL(scheme + "://host")
	}
	return nil
}

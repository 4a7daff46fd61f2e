package collections

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
)

// Errors that resolution failures match with errors.Is, for callers that
// branch on them. The failures carry their own wording (naming the
// variable, chain or reference), so these texts are not shown.
var (
	// ErrUndefined is a {{name}} that no variable, environment, --var or
	// capture defines.
	ErrUndefined = errors.New("undefined variable")
	// ErrCycle is variables that refer to each other in a loop.
	ErrCycle = errors.New("variable cycle")
	// ErrEnvUnset is an {{env:NAME}} whose environment variable is not set.
	ErrEnvUnset = errors.New("environment variable not set")
	// ErrSecretUnavailable is a {{secret:NAME}} the secret store cannot give.
	ErrSecretUnavailable = errors.New("secret unavailable")
	// ErrPromptUnavailable is a {{prompt}} with no terminal to ask on.
	ErrPromptUnavailable = errors.New("prompt needs a terminal")
	// ErrTooLarge is a value that expands past MaxExpandedLength, or
	// variables nested deeper than MaxVariableDepth: a file such as
	// v1 = "{{v2}}{{v2}}", v2 = "{{v3}}{{v3}}", … ("billion laughs") would
	// otherwise take all memory.
	ErrTooLarge = errors.New("expansion too large")
)

// Limits on expansion. No real collection comes near them; they turn a
// hostile or mistaken file into an error instead of an out-of-memory crash.
const (
	// MaxExpandedLength bounds the expansion of one template or variable.
	MaxExpandedLength = 1 << 20
	// MaxExpandedTotal bounds what one resolver expands in all (one
	// request, one profile, or Check's pass over the variables), so that
	// many variables just under MaxExpandedLength cannot add up.
	MaxExpandedTotal = 64 << 20
	// MaxVariableDepth bounds how deeply variables may refer to each other.
	MaxVariableDepth = 10000
)

// resolver expands templates against a scope. One resolver serves one
// request (or profile), so each variable is expanded, and each prompt
// asked, at most once per Prepare.
type resolver struct {
	c     *Collection
	scope *Scope
	env   map[string]string // the chosen environment's variables

	// structural (Check) resolves variables only: env, secret and prompt
	// references are known to exist but are not looked up; they, and
	// captures not yet made, expand to unknownValue.
	structural bool
	// captured names variables earlier requests will capture, for Check.
	captured map[string]bool

	done map[string]resolvedVar
	// failed remembers each variable that failed, so that a broken
	// variable used by many others is expanded once, not once per user.
	failed  map[string]error
	chain   []string       // variables being expanded, for cycle messages
	inChain map[string]int // each name in chain and its index: cheap cycle checks
	// expanded counts the bytes expanded so far, against MaxExpandedTotal.
	expanded int
	secrets  []string
	// readOutside is set once an environment variable or a stored secret
	// was read, so that Prepare checks where such values go only then;
	// readSecret once a stored secret was, since only secrets are bound to
	// hosts by the store.
	readOutside, readSecret bool
	// readCapture is set once a captured value was used, so that Prepare
	// checks where it goes when captures are bound (Scope.CaptureLimits).
	readCapture bool
}

// unknownValue stands, in Check, for a value only known when sending. A
// NUL byte cannot come from the file, so what precedes the first one is
// known text.
const unknownValue = "\x00"

// resolvedVar is a variable's expansion and whether it depends on a value
// not known before sending (env, secret, prompt, capture).
type resolvedVar struct {
	value    string
	external bool
}

func (c *Collection) newResolver(s *Scope) *resolver {
	if s == nil {
		s = &Scope{}
	}
	return &resolver{c: c, scope: s, env: c.Envs[s.Env], done: map[string]resolvedVar{}, failed: map[string]error{}, inChain: map[string]int{}}
}

// reset forgets every expansion, as when what the variables expand to
// changes (Check: the captures made so far grow request by request).
func (r *resolver) reset() {
	clear(r.done)
	clear(r.failed)
	r.expanded = 0
}

// expand resolves a template. label is the prompt label a bare {{prompt}}
// gets. external reports whether any value came from outside the file.
func (r *resolver) expand(s, label string) (value string, external bool, err error) {
	segs, err := r.c.segmentsOf(s, !r.structural)
	if err != nil {
		return "", false, err
	}
	if len(segs) == 1 && segs[0].ref == nil {
		return segs[0].literal, false, nil
	}
	if len(segs) == 1 {
		// A template that is one reference shares its value: no copy, so
		// that a chain of such variables takes no more memory than one.
		return r.reference(*segs[0].ref, label)
	}
	var b strings.Builder
	for _, seg := range segs {
		if seg.ref == nil {
			b.WriteString(seg.literal)
			continue
		}
		v, ext, err := r.reference(*seg.ref, label)
		if err != nil {
			return "", false, err
		}
		external = external || ext
		if b.Len()+len(v) > MaxExpandedLength {
			return "", false, r.tooLarge()
		}
		// Written as is: a value inserted here is never scanned for
		// references again, so "{{" from the environment stays literal.
		b.WriteString(v)
	}
	if r.expanded += b.Len(); r.expanded > MaxExpandedTotal {
		return "", false, &causeError{fmt.Sprintf("the variables expand to more than %d MiB in all%s; keyway stops rather than run out of memory", MaxExpandedTotal>>20, r.chainNote()), ErrTooLarge}
	}
	return b.String(), external, nil
}

// tooLarge is the error for a template whose expansion passes
// MaxExpandedLength, naming the variables that led there.
func (r *resolver) tooLarge() error {
	what := "the value"
	if len(r.chain) > 0 {
		what = fmt.Sprintf("variable %q", r.chain[len(r.chain)-1])
	}
	return &causeError{fmt.Sprintf("%s expands to more than %d MiB%s; keyway stops rather than run out of memory", what, MaxExpandedLength>>20, r.chainNote()), ErrTooLarge}
}

// chainNote names the variables being expanded, the outermost first, with
// the middle of a long chain left out.
func (r *resolver) chainNote() string {
	if len(r.chain) == 0 {
		return ""
	}
	names := r.chain
	if len(names) > 8 {
		names = slices.Concat(names[:4], []string{"…"}, names[len(names)-3:])
	}
	return " (through " + strings.Join(names, " → ") + ")"
}

func (r *resolver) reference(ref reference, label string) (string, bool, error) {
	switch ref.kind {
	case refVariable:
		v, err := r.variable(ref.name)
		return v.value, v.external, err
	case refEnv:
		if r.structural {
			return unknownValue, true, nil
		}
		lookup := r.scope.LookupEnv
		if lookup == nil {
			lookup = os.LookupEnv
		}
		v, ok := lookup(ref.name)
		if !ok {
			return "", true, &causeError{fmt.Sprintf("%s: environment variable %s is not set", ref, ref.name), ErrEnvUnset}
		}
		r.readOutside = true
		r.addSecret(v)
		return v, true, nil
	case refSecret:
		if r.structural {
			return unknownValue, true, nil
		}
		if r.scope.Secrets == nil {
			return "", true, &causeError{fmt.Sprintf("%s: no secret store is available", ref), ErrSecretUnavailable}
		}
		v, err := r.scope.Secrets.Get(ref.name)
		if err != nil {
			msg := fmt.Sprintf("%s: %v", ref, err)
			var missing interface{ NotFound() bool }
			if errors.As(err, &missing) && missing.NotFound() {
				msg += " (add it with: keyway secret set " + ref.name + ")"
			}
			return "", true, &causeError{msg, errors.Join(ErrSecretUnavailable, err)}
		}
		r.readOutside, r.readSecret = true, true
		r.addSecret(v)
		return v, true, nil
	}
	if r.structural {
		return unknownValue, true, nil
	}
	if ref.name != "" {
		label = ref.name
	}
	if r.scope.Prompt == nil {
		return "", true, &causeError{r.noPromptMessage(ref), ErrPromptUnavailable}
	}
	v, err := r.scope.Prompt(label)
	if err != nil {
		return "", true, fmt.Errorf("%s: %w", ref, err)
	}
	r.addSecret(v)
	return v, true, nil
}

// variable resolves {{name}}, highest precedence first: captures, --var,
// the chosen environment, vars. Values from captures and --var are used as
// given; those from the file are templates and expanded in turn.
func (r *resolver) variable(name string) (resolvedVar, error) {
	if v, ok := r.done[name]; ok {
		return v, nil
	}
	if err, ok := r.failed[name]; ok {
		return resolvedVar{}, err
	}
	if v, ok := r.scope.Captures[name]; ok {
		r.readCapture = true
		return resolvedVar{value: v, external: true}, nil
	}
	if r.captured[name] {
		return resolvedVar{value: unknownValue, external: true}, nil
	}
	if v, ok := r.scope.Vars[name]; ok {
		return resolvedVar{value: v, external: true}, nil
	}
	tmpl, ok := r.env[name]
	if !ok {
		tmpl, ok = r.c.Vars[name]
	}
	if !ok {
		return resolvedVar{}, r.undefined(name)
	}
	if i, ok := r.inChain[name]; ok {
		return resolvedVar{}, &cycleError{chain: append(slices.Clone(r.chain[i:]), name)}
	}
	if len(r.chain) >= MaxVariableDepth {
		return resolvedVar{}, &causeError{fmt.Sprintf("variables nest more than %d deep%s", MaxVariableDepth, r.chainNote()), ErrTooLarge}
	}
	r.inChain[name] = len(r.chain)
	r.chain = append(r.chain, name)
	value, external, err := r.expand(tmpl, name)
	r.chain = r.chain[:len(r.chain)-1]
	delete(r.inChain, name)
	if err != nil {
		// One level of varFailure, naming the outermost variable, over
		// the cause: nesting one per variable of a long chain made every
		// errors.As and Error() walk the whole chain.
		var inner *varFailure
		if errors.As(err, &inner) && err == error(inner) {
			err = inner.err
		}
		err = &varFailure{name: name, err: err}
		r.failed[name] = err
		return resolvedVar{}, err
	}
	v := resolvedVar{value: value, external: external}
	r.done[name] = v
	return v, nil
}

// undefined words the error for a missing variable, saying which variable
// needed it when the reference was nested.
func (r *resolver) undefined(name string) error {
	where := ""
	if len(r.chain) > 0 {
		where = fmt.Sprintf(" (used by variable %q)", r.chain[len(r.chain)-1])
	}
	flag := fmt.Sprintf(", or pass --var %s=VALUE", name)
	if r.scope.Interactive {
		flag = ""
	}
	var hint string
	if from := r.capturedBy(name); from != "" && !r.structural {
		// Check words this itself, knowing the order of the requests.
		hint = fmt.Sprintf("; send %q first (it captures %s)%s", from, name, flag)
	} else if r.scope.Env != "" {
		hint = fmt.Sprintf("; define it in [vars] or [env.%s]%s", r.scope.Env, flag)
	} else {
		hint = fmt.Sprintf("; define it in [vars]%s", flag)
	}
	return &undefinedError{name: name, msg: fmt.Sprintf("undefined variable %q%s%s", name, where, hint)}
}

// capturedBy returns the name of the first request that captures
// variable name, "" when none does.
func (r *resolver) capturedBy(name string) string {
	for _, req := range r.c.Requests {
		for _, kv := range req.Capture {
			if kv.Key == name {
				return req.Name
			}
		}
	}
	return ""
}

// undefinedError is ErrUndefined for one variable name.
type undefinedError struct{ name, msg string }

func (e *undefinedError) Error() string        { return e.msg }
func (e *undefinedError) Is(target error) bool { return target == ErrUndefined }

// cycleError is ErrCycle with the chain of variables, first repeated last.
type cycleError struct{ chain []string }

func (e *cycleError) Error() string        { return "variable cycle: " + strings.Join(e.chain, " → ") }
func (e *cycleError) Is(target error) bool { return target == ErrCycle }

// varFailure marks an error met while expanding variable name, so that
// Check can report it once, at the variable, rather than at every use.
type varFailure struct {
	name string
	err  error
}

func (e *varFailure) Error() string { return e.err.Error() }
func (e *varFailure) Unwrap() error { return e.err }

func (r *resolver) addSecret(v string) {
	if v != "" {
		r.secrets = append(r.secrets, v)
	}
}

// noPromptMessage says, headless, what to use instead of a prompt: a
// prompt in a variable can be answered with --var; elsewhere it has to
// become an env or secret reference (or a variable).
func (r *resolver) noPromptMessage(ref reference) string {
	if len(r.chain) > 0 {
		name := r.chain[len(r.chain)-1]
		return fmt.Sprintf("%s in variable %q needs a terminal; set it with --var %s=VALUE, or use {{env:NAME}} or {{secret:NAME}} instead", ref, name, name)
	}
	return fmt.Sprintf("%s needs a terminal; use {{env:NAME}} or {{secret:NAME}} instead, or a variable set with --var NAME=VALUE", ref)
}

// causeError is an error with its own wording that still matches a
// sentinel with errors.Is.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.cause }

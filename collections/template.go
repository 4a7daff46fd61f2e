package collections

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// refKind says where a reference's value comes from.
type refKind int

const (
	refVariable refKind = iota // {{name}}
	refEnv                     // {{env:NAME}}
	refSecret                  // {{secret:NAME}}
	refPrompt                  // {{prompt}} or {{prompt:Label}}
)

// reference is one {{...}} in a template.
type reference struct {
	kind refKind
	name string // variable, environment variable or secret name; prompt label
}

// String writes the reference back in its canonical form, for messages.
func (r reference) String() string {
	switch r.kind {
	case refEnv:
		return "{{env:" + r.name + "}}"
	case refSecret:
		return "{{secret:" + r.name + "}}"
	case refPrompt:
		if r.name == "" {
			return "{{prompt}}"
		}
		return "{{prompt:" + r.name + "}}"
	}
	return "{{" + r.name + "}}"
}

// segment is a run of literal text or one reference.
type segment struct {
	literal string
	ref     *reference
}

// ErrTemplateSyntax is wrapped by errors about a malformed {{...}}.
var ErrTemplateSyntax = errors.New("invalid reference")

// parseTemplate splits s into literal text and references. Whitespace inside
// the braces is ignored: {{ base_url }} is {{base_url}}. Every "{{" opens a
// reference, so text can never reach the wire with an unresolved one.
func parseTemplate(s string) ([]segment, error) {
	var segs []segment
	err := scanTemplate(s, func(literal string, ref *reference) {
		segs = append(segs, segment{literal: literal, ref: ref})
	})
	if err != nil {
		return nil, err
	}
	return segs, nil
}

// scanTemplate calls emit for each literal run (ref nil) and reference
// of s in order; with a nil emit it only checks the syntax, allocating
// nothing, as loading does for every string of the file.
func scanTemplate(s string, emit func(literal string, ref *reference)) error {
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			if s != "" && emit != nil {
				emit(s, nil)
			}
			return nil
		}
		if open > 0 && emit != nil {
			emit(s[:open], nil)
		}
		closing := strings.Index(s[open+2:], "}}")
		if closing < 0 {
			return fmt.Errorf("%w: \"{{\" has no closing \"}}\"", ErrTemplateSyntax)
		}
		ref, err := parseReference(s[open+2 : open+2+closing])
		if err != nil {
			return err
		}
		if emit != nil {
			emit("", &ref)
		}
		s = s[open+2+closing+2:]
	}
}

func parseReference(inner string) (reference, error) {
	inner = strings.TrimSpace(inner)
	if inner == "" {
		return reference{}, fmt.Errorf("%w: {{}} names nothing", ErrTemplateSyntax)
	}
	kind, name, qualified := strings.Cut(inner, ":")
	kind, name = strings.TrimSpace(kind), strings.TrimSpace(name)
	if !qualified {
		if inner == "prompt" {
			return reference{kind: refPrompt}, nil
		}
		if !validVariableName(inner) {
			// The text is not echoed: it may be part of a literal secret.
			return reference{}, fmt.Errorf("%w: a {{...}} must hold a variable name (letters, digits, '_', '-', '.'), env:NAME, secret:NAME or prompt:Label", ErrTemplateSyntax)
		}
		return reference{kind: refVariable, name: inner}, nil
	}
	switch kind {
	case "env", "secret":
		if name == "" || strings.ContainsAny(name, " \t\r\n{}") {
			return reference{}, fmt.Errorf("%w: {{%s:NAME}} needs a name without spaces or braces", ErrTemplateSyntax, kind)
		}
		if kind == "env" {
			return reference{kind: refEnv, name: name}, nil
		}
		return reference{kind: refSecret, name: name}, nil
	case "prompt":
		if strings.ContainsAny(name, "{}\r\n") {
			return reference{}, fmt.Errorf("%w: a {{prompt:Label}} label cannot hold braces or line breaks", ErrTemplateSyntax)
		}
		return reference{kind: refPrompt, name: name}, nil
	}
	if !validVariableName(kind) {
		kind = "..."
	}
	return reference{}, fmt.Errorf("%w: unknown kind \"%s:\" (use {{name}}, {{env:NAME}}, {{secret:NAME}} or {{prompt:Label}})", ErrTemplateSyntax, kind)
}

// validVariableName reports whether name can be written as {{name}}.
// ValidVariableName reports whether name may name a variable or a capture:
// letters, digits, '_', '-' and '.', and not "prompt" (a reference of its
// own).
func ValidVariableName(name string) bool { return validVariableName(name) }

func validVariableName(name string) bool {
	if name == "" || name == "prompt" {
		return false
	}
	for _, r := range name {
		ok := r == '_' || r == '-' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// segments returns s parsed, from the collection's cache when it has one:
// a run of a thousand requests resolves the same few templates many times.
func (c *Collection) segments(s string) ([]segment, error) {
	return c.segmentsOf(s, true)
}

// segmentsOf is segments, adding what it parses to the cache only when
// store is set: Check reads every template of the file once, and keeping
// them all would cost `keyway check` memory for nothing (what is sent
// later caches its own).
func (c *Collection) segmentsOf(s string, store bool) ([]segment, error) {
	if !hasReferences(s) {
		if s == "" {
			return nil, nil
		}
		return []segment{{literal: s}}, nil
	}
	if c.templates == nil {
		return parseTemplate(s)
	}
	if cached, ok := c.templates.Load(s); ok {
		entry := cached.(templateEntry)
		return entry.segs, entry.err
	}
	segs, err := parseTemplate(s)
	if store {
		c.templates.Store(s, templateEntry{segs: segs, err: err})
	}
	return segs, err
}

type templateEntry struct {
	segs []segment
	err  error
}

// ReferencedVariables returns the names of the {{name}} variables template
// refers to directly, in order and without repeats; env, secret and prompt
// references are not variables. A malformed template refers to none.
func ReferencedVariables(template string) []string {
	var names []string
	err := scanTemplate(template, func(_ string, ref *reference) {
		if ref != nil && ref.kind == refVariable && !slices.Contains(names, ref.name) {
			names = append(names, ref.name)
		}
	})
	if err != nil {
		return nil
	}
	return names
}

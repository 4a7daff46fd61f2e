package tui

import "strings"

// Name checks for the profile form, written as character loops rather
// than package-level regexps: a compiled regexp costs init time on every
// start of the binary, headless `keyway run` included, for a form that
// most runs never open.

// isProfileName reports whether s is lower-case snake_case or kebab-case:
// runs of [a-z0-9] joined by single - or _, neither first nor last.
func isProfileName(s string) bool {
	if s == "" {
		return false
	}
	prevSep := true // a separator may not come first
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			prevSep = false
		case r == '-' || r == '_':
			if prevSep {
				return false
			}
			prevSep = true
		default:
			return false
		}
	}
	return !prevSep
}

// isEnvName reports whether s is a portable environment variable name:
// letters, digits and _, not starting with a digit (POSIX.1-2017 §8.1).
func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// isVariableReference reports whether s is one {{name}} and nothing else
// (spaces allowed inside the braces), name being [A-Za-z0-9_.-]+.
func isVariableReference(s string) bool {
	inner, ok := strings.CutPrefix(s, "{{")
	if !ok {
		return false
	}
	if inner, ok = strings.CutSuffix(inner, "}}"); !ok {
		return false
	}
	inner = strings.Trim(inner, " \t\n\f\r") // the spaces of RE2's \s
	if inner == "" {
		return false
	}
	for _, r := range inner {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

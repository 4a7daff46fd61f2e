package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// modifiers in the order the terminal library writes them ("ctrl+alt+x",
// never "alt+ctrl+x"): a binding matches a key press by its name, so a
// name written in another order would never match.
var modifiers = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// namedKeys are the keys with a name rather than a character, as the
// terminal library names them.
var namedKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields("enter tab backspace esc space up down left right home end pgup pgdown insert delete begin find select") {
		m[k] = true
	}
	for i := 1; i <= 24; i++ {
		m["f"+strconv.Itoa(i)] = true
	}
	return m
}()

// keyAliases are names people write for a key, with the name keyway
// expects: the file is refused with the right name rather than accepted
// with a binding that would never match.
var keyAliases = map[string]string{
	"escape": "esc", "return": "enter", "pageup": "pgup", "pagedown": "pgdown",
	"pgdn": "pgdown", "del": "delete", "ins": "insert", "bs": "backspace",
	"spacebar": "space", "control": "ctrl", "option": "alt", "cmd": "super",
	"arrowup": "up", "arrowdown": "down", "arrowleft": "left", "arrowright": "right",
}

// keyNamesHelp lists what a key may be, for error messages.
const keyNamesHelp = `a key is one character ("q", "?", "R") or one of enter, esc, tab, backspace, space, up, down, left, right, home, end, pgup, pgdown, insert, delete, f1 to f24, after any of ctrl+, alt+, shift+`

// NormalizeKey checks a key as written in the config file and returns it
// as the terminal library names a key press: "ctrl+r", "shift+tab", "R",
// "f5". Modifiers are put in the library's order, and names in lower case.
func NormalizeKey(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("an empty key; %s", keyNamesHelp)
	}
	if utf8.RuneCountInString(s) == 1 {
		return single(s)
	}
	base, mods := s, ""
	switch {
	case strings.HasSuffix(s, "++"): // ctrl++ : the + key itself
		base, mods = "+", s[:len(s)-2]
	case strings.Contains(s, "+"):
		i := strings.LastIndex(s, "+")
		base, mods = s[i+1:], s[:i]
	}
	var have []string
	if mods != "" {
		for m := range strings.SplitSeq(mods, "+") {
			lm := strings.ToLower(m)
			if alias, ok := keyAliases[lm]; ok && isModifier(alias) {
				return "", fmt.Errorf("%q is not a modifier; write %q", m, alias)
			}
			if !isModifier(lm) {
				return "", fmt.Errorf("%q in %q is not a modifier; the modifiers are ctrl, alt, shift, meta, hyper and super", m, s)
			}
			if slices.Contains(have, lm) {
				return "", fmt.Errorf("%q names %s twice", s, lm)
			}
			have = append(have, lm)
		}
	}
	name, err := keyBase(base, s)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(name) == 1 {
		r, _ := utf8.DecodeRuneInString(name)
		if unicode.IsUpper(r) {
			lower := string(unicode.ToLower(r))
			return "", fmt.Errorf("%q: write the letter in lower case, as %q (or %q for the shifted letter)", s, ordered(have)+"+"+lower, ordered(append(have, "shift"))+"+"+lower)
		}
		if len(have) == 1 && have[0] == "shift" {
			// A shifted character arrives as the character it types.
			return "", fmt.Errorf("%q: write the character shift types, such as %q", s, strings.ToUpper(name))
		}
	}
	if len(have) == 0 {
		return name, nil
	}
	return ordered(have) + "+" + name, nil
}

// single checks a one-character key.
func single(s string) (string, error) {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case r == utf8.RuneError:
		return "", fmt.Errorf("%q is not a key; %s", s, keyNamesHelp)
	case r == ' ':
		return "", fmt.Errorf(`write "space" for the space bar`)
	case !unicode.IsPrint(r):
		return "", fmt.Errorf("%q is not a key; %s", s, keyNamesHelp)
	}
	return s, nil
}

// keyBase checks the key after the modifiers of whole.
func keyBase(base, whole string) (string, error) {
	if base == "" {
		return "", fmt.Errorf("%q has no key after its modifiers; %s", whole, keyNamesHelp)
	}
	if utf8.RuneCountInString(base) == 1 {
		return single(base)
	}
	lb := strings.ToLower(base)
	if namedKeys[lb] {
		return lb, nil
	}
	if alias, ok := keyAliases[lb]; ok {
		return "", fmt.Errorf("%q is not a key name; write %q", base, alias)
	}
	if isModifier(lb) {
		return "", fmt.Errorf("%q has no key after its modifiers; %s", whole, keyNamesHelp)
	}
	return "", fmt.Errorf("%q is not a key name; %s", base, keyNamesHelp)
}

func isModifier(s string) bool { return slices.Contains(modifiers, s) }

// ordered joins the modifiers in have in the library's order.
func ordered(have []string) string {
	var out []string
	for _, m := range modifiers {
		if slices.Contains(have, m) {
			out = append(out, m)
		}
	}
	return strings.Join(out, "+")
}

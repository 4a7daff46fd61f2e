package tui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"github.com/keyway-cli/keyway/config"
)

// The config file names each binding of the KeyMap by its field names:
// the screen is the KeyMap field in lower case ("explore", "flow") and the
// action the binding's field in snake case (EditBody → "edit_body"). A
// binding added to the KeyMap can be rebound with no list to keep in step,
// and docs/config.md lists them all (TestConfigDocListsEveryAction).

// keyAction is one rebindable binding of the KeyMap.
type keyAction struct {
	screen, action string
	binding        *key.Binding
}

// keyActions lists km's bindings, screen by screen, in declaration order.
func keyActions(km *KeyMap) []keyAction {
	var out []keyAction
	v := reflect.ValueOf(km).Elem()
	for i := range v.NumField() {
		screen := strings.ToLower(v.Type().Field(i).Name)
		group := v.Field(i)
		for j := range group.NumField() {
			f := group.Field(j)
			if b, ok := f.Addr().Interface().(*key.Binding); ok {
				out = append(out, keyAction{screen: screen, action: snakeCase(group.Type().Field(j).Name), binding: b})
			}
		}
	}
	return out
}

// snakeCase turns a Go field name into an action name: EditBody →
// edit_body.
func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// modalActions share keys with others by design: each works only in a
// mode where the others do not (a filter being typed, an overlay open), or,
// for force_quit, is meant to be the same key as quit.
var modalActions = map[string]bool{
	"global.back": true, "global.confirm": true, "global.force_quit": true,
	"explore.filter_apply": true, "explore.filter_clear": true,
	"response.input_done": true, "response.input_cancel": true,
	"response.replace": true, "response.keep": true, // the overwrite question
	// Help-only bindings: they name the scroll keys in the footer.
	"response.scroll_help": true, "response.jump_help": true,
	// The variables panel closes with the key that opened it.
	"vars.close": true,
}

// textScreens take every key for a text input while they are in use, so
// the global keys do not apply there.
var textScreens = map[string]bool{"edit": true}

// applyKeys rebinds km's actions as the config says. An action named
// without a screen is rebound on every screen that has it; one under
// [keys.SCREEN] on that screen only, and it wins. Every problem is
// reported with its place in the file: an unknown screen or action, and two
// actions given one key on a screen (including a global key) when the file
// set at least one of them.
func applyKeys(km *KeyMap, bindings []config.KeyBinding) error {
	var problems config.Problems
	actions := keyActions(km)
	screens := map[string]bool{}
	for _, a := range actions {
		screens[a.screen] = true
	}
	// set records, for each rebound binding, the config entry that set it.
	set := map[*key.Binding]config.KeyBinding{}
	apply := func(b config.KeyBinding, scoped bool) {
		found := false
		for _, a := range actions {
			if a.action != b.Action || (scoped && a.screen != b.Screen) {
				continue
			}
			found = true
			*a.binding = rebind(*a.binding, b.Keys)
			set[a.binding] = b
		}
		switch {
		case found:
		case scoped:
			problems.Add(b.Pos, "the %s screen has no action %q%s", b.Screen, b.Action, suggest(b.Action, actionNames(actions, b.Screen)))
		default:
			problems.Add(b.Pos, "unknown action %q%s", b.Action, suggest(b.Action, actionNames(actions, "")))
		}
	}
	for _, b := range bindings {
		if b.Screen == "" {
			apply(b, false)
		}
	}
	for _, b := range bindings {
		if b.Screen == "" {
			continue
		}
		if !screens[b.Screen] {
			names := slices.Sorted(func(yield func(string) bool) {
				for s := range screens {
					if !yield(s) {
						return
					}
				}
			})
			problems.Add(b.Pos, "unknown screen %q in [keys]; the screens are %s", b.Screen, strings.Join(names, ", "))
			continue
		}
		apply(b, true)
	}
	checkClashes(actions, set, &problems)
	return problems.Err()
}

// checkClashes reports two actions with one key on a screen, one of them
// set by the config file. A screen's keys meet the global keys too, except
// on a screen that takes text.
func checkClashes(actions []keyAction, set map[*key.Binding]config.KeyBinding, problems *config.Problems) {
	var global []keyAction
	for _, a := range actions {
		if a.screen == "global" && !modalActions["global."+a.action] {
			global = append(global, a)
		}
	}
	reported := map[[2]*key.Binding]bool{}
	check := func(a, b keyAction, screen string) {
		if a.binding == b.binding || reported[[2]*key.Binding{a.binding, b.binding}] {
			return
		}
		ca, aSet := set[a.binding]
		cb, bSet := set[b.binding]
		if !aSet && !bSet {
			return // keyway's own defaults
		}
		for _, k := range a.binding.Keys() {
			if !slices.Contains(b.binding.Keys(), k) {
				continue
			}
			// Name the later of the two lines the file wrote.
			at, other, pos := b, a, cb.Pos
			if !bSet || (aSet && later(ca.Pos, cb.Pos)) {
				at, other, pos = a, b, ca.Pos
			}
			reported[[2]*key.Binding{a.binding, b.binding}] = true
			reported[[2]*key.Binding{b.binding, a.binding}] = true
			problems.Add(pos, "%q is bound to both %s and %s on the %s screen", k, at.qualified(screen), other.qualified(screen), screen)
			return
		}
	}
	for i, a := range actions {
		if modalActions[a.screen+"."+a.action] {
			continue
		}
		for _, b := range actions[i+1:] {
			if b.screen == a.screen && !modalActions[b.screen+"."+b.action] {
				check(a, b, a.screen)
			}
		}
		if a.screen != "global" && !textScreens[a.screen] {
			for _, g := range global {
				check(a, g, a.screen)
			}
		}
	}
}

// qualified names the action as seen from screen: "send", or "global
// quit" for a global key met on another screen.
func (a keyAction) qualified(screen string) string {
	if a.screen == screen {
		return a.action
	}
	return a.screen + " " + a.action
}

func later(a, b config.Pos) bool {
	return a.Line > b.Line || (a.Line == b.Line && a.Col > b.Col)
}

// rebind gives b new keys, its help showing them.
func rebind(b key.Binding, keys []string) key.Binding {
	nb := key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKeys(keys), b.Help().Desc))
	nb.SetEnabled(b.Enabled())
	return nb
}

// helpKeys is how the footer shows keys: arrows as arrows, the rest as
// named, joined with "/".
func helpKeys(keys []string) string {
	arrows := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}
	shown := make([]string, len(keys))
	for i, k := range keys {
		if a, ok := arrows[k]; ok {
			k = a
		}
		shown[i] = k
	}
	return strings.Join(shown, "/")
}

// actionNames lists the action names of a screen, or of every screen.
func actionNames(actions []keyAction, screen string) []string {
	var names []string
	for _, a := range actions {
		if (screen == "" || a.screen == screen) && !slices.Contains(names, a.action) {
			names = append(names, a.action)
		}
	}
	return names
}

// suggest proposes the name closest to a mistyped one, when one is close.
func suggest(typed string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(typed, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return "; docs/config.md lists the actions"
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

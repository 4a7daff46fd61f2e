package run

import (
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// step is one request selected for a run, with what it waits for.
type step struct {
	// index is the request's position in Collection.Requests, the index
	// OnStart and OnResult report.
	index int
	req   *collections.Request
	// needs lists the variables the request uses that an earlier step of
	// the run captures, each with the step whose capture it takes.
	needs []need
	// after lists earlier steps (positions) that must finish first for
	// ordering alone: see barriers in plan.
	after []int
	// prepared is the request as the preflight resolved it, for a step
	// that needs no capture; the send takes it (and clears it).
	prepared *collections.Prepared
}

// need is one variable a step takes from an earlier step's captures.
type need struct {
	name string
	from int // position in the plan's steps
}

// UsageError reports options that do not fit the collection, such as an
// --only name that matches nothing. Run returns it before sending anything;
// the command line maps it to exit status 2.
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return "run: " + e.Msg }

// Selected reports whether --only keeps r: when only is empty, or names r
// or r's folder. It is the one rule every caller of Run (the CLI's checks
// before a run, the TUI's replay) uses to tell what a run will send.
func Selected(r *collections.Request, only []string) bool {
	return len(only) == 0 || slices.Contains(only, r.Name) || (r.Folder != "" && slices.Contains(only, r.Folder))
}

// collectionName names c in messages: its file, or its name when it was
// parsed from memory.
func collectionName(c *collections.Collection) string {
	if c.Path != "" {
		return c.Path
	}
	return fmt.Sprintf("collection %q", c.Name)
}

// plan builds the steps for the requests at the given positions and links
// each to the earlier steps whose captures it uses. A step needs variable x
// from step A when the request refers to x — in any field of the request or
// of its profile, directly or through the definition of another variable —
// and A is the last step before it that captures x. Captures take precedence
// over every other definition, so the definitions of x itself are not
// followed further.
//
// A request with an unsafe method (RFC 9110 §9.2.1: anything but GET, HEAD,
// OPTIONS and TRACE) is a barrier: it changes state on the server that
// the requests around it in the file may rely on — "Delete the note" must
// not overtake "Read the note back" — so it waits for every earlier step
// and every later step waits for it. Each step only records the nearest
// barrier before it, and a barrier the steps since the previous one, so
// the links stay linear in the number of steps.
func plan(c *collections.Collection, positions []int, scope *collections.Scope) []step {
	steps := make([]step, len(positions))
	// capturedBy maps a variable to the last step so far that captures it.
	capturedBy := map[string]int{}
	lastBarrier := -1
	for pos, index := range positions {
		r := c.Requests[index]
		steps[pos] = step{index: index, req: r}
		if unsafeMethod(r.Method) {
			for earlier := max(lastBarrier, 0); earlier < pos; earlier++ {
				steps[pos].after = append(steps[pos].after, earlier)
			}
			lastBarrier = pos
		} else if lastBarrier >= 0 {
			steps[pos].after = []int{lastBarrier}
		}
		refs := newRefSet(c, scope)
		refs.request(r)
		refs.profile(profileOf(c, r))
		for _, name := range refs.closure(func(name string) bool { _, ok := capturedBy[name]; return ok }) {
			if from, ok := capturedBy[name]; ok {
				steps[pos].needs = append(steps[pos].needs, need{name: name, from: from})
			}
		}
		for _, kv := range r.Capture {
			capturedBy[kv.Key] = pos
		}
	}
	return steps
}

// unsafeMethod reports whether method is not one of the safe methods of
// RFC 9110 §9.2.1 (GET, HEAD, OPTIONS, TRACE; "" means GET). Extension
// methods count as unsafe: keyway cannot know what they change.
func unsafeMethod(method string) bool {
	switch strings.ToUpper(method) {
	case "", "GET", "HEAD", "OPTIONS", "TRACE":
		return false
	}
	return true
}

// profileOf returns the profile r is sent with (Collection.ProfileFor),
// nil for none.
func profileOf(c *collections.Collection, r *collections.Request) *collections.Profile {
	if name := c.ProfileFor(r); name != "" {
		return c.Profiles[name]
	}
	return nil
}

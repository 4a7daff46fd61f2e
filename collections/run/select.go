package run

import (
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// Selection is what a run sends: the requests Options.Only, Options.Tags
// and Options.Shard pick, in file order.
type Selection struct {
	// Requests are the requests the run sends, in file order.
	Requests []*collections.Request
	// Matched counts the requests Only and Tags picked, before sharding.
	Matched int
	// Shard is Options.Shard: the zero value when the run is not sharded.
	Shard Shard

	// positions are the Requests' indexes in Collection.Requests.
	positions []int
}

// Select returns the requests a run with opts sends, or a *UsageError when
// an Only name or a tag matches nothing. It is the rule Run follows, for
// callers that check the requests before the run (what they read, where
// they send it).
//
// Only and Tags are applied first — a request is kept when Only is empty
// or names it or its folder, and Tags is empty or it holds one of them —
// then Shard splits what they kept (see Shards).
func Select(c *collections.Collection, opts Options) (*Selection, error) {
	positions, err := selectRequests(c, opts.Only, opts.Tags)
	if err != nil {
		return nil, err
	}
	sel := &Selection{Matched: len(positions), Shard: opts.Shard}
	if opts.Shard.Total > 0 {
		if err := opts.Shard.check(); err != nil {
			return nil, &UsageError{Msg: err.Error()}
		}
		positions = Shards(c, positions, &opts.Scope, opts.Shard.Total)[opts.Shard.Index-1]
	}
	sel.positions = positions
	sel.Requests = make([]*collections.Request, len(positions))
	for i, index := range positions {
		sel.Requests[i] = c.Requests[index]
	}
	return sel, nil
}

// selectRequests returns the positions in c.Requests of the requests
// whose name or folder is in only (every request when only is empty) and
// that hold one of tags (every request when tags is empty), in file order.
// Every name in only must match a request or folder and every tag must be
// held by a request: a typo selects nothing rather than less. So must the
// two together, as an intersection.
func selectRequests(c *collections.Collection, only, tags []string) ([]int, error) {
	if missing := unmatched(c, only, func(r *collections.Request, name string) bool {
		return name == r.Name || (r.Folder != "" && name == r.Folder)
	}); len(missing) > 0 {
		return nil, &UsageError{Msg: fmt.Sprintf("--only %s matches no request or folder in %s", quoteAll(missing), collectionName(c))}
	}
	if missing := unmatched(c, tags, func(r *collections.Request, tag string) bool {
		return slices.Contains(r.Tags, tag)
	}); len(missing) > 0 {
		return nil, &UsageError{Msg: fmt.Sprintf("--tag %s matches no request's tags in %s", quoteAll(missing), collectionName(c))}
	}
	picked := make([]int, 0, len(c.Requests))
	for i, r := range c.Requests {
		if Selected(r, only) && tagged(r, tags) {
			picked = append(picked, i)
		}
	}
	if len(picked) == 0 && len(only) > 0 && len(tags) > 0 {
		return nil, &UsageError{Msg: fmt.Sprintf("no request in %s is both selected by --only %s and tagged %s",
			collectionName(c), quoteAll(only), quoteAll(tags))}
	}
	return picked, nil
}

// tagged reports whether r holds one of tags, or tags is empty.
func tagged(r *collections.Request, tags []string) bool {
	if len(tags) == 0 {
		return true
	}
	for _, tag := range tags {
		if slices.Contains(r.Tags, tag) {
			return true
		}
	}
	return false
}

// unmatched returns, once each, the values that match no request of c.
func unmatched(c *collections.Collection, values []string, match func(*collections.Request, string) bool) []string {
	var missing []string
	for _, v := range values {
		if !slices.Contains(missing, v) && !slices.ContainsFunc(c.Requests, func(r *collections.Request) bool { return match(r, v) }) {
			missing = append(missing, v)
		}
	}
	return missing
}

// quoteAll quotes each value and joins them with commas.
func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

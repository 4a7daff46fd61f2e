package run

import (
	"cmp"
	"slices"

	"github.com/keyway-cli/keyway/collections"
)

// Shard is one of Total parts of a run, for a CI matrix that spreads a
// collection over machines: Index counts from 1. The zero Shard means the
// run is not sharded.
type Shard struct {
	Index, Total int
}

// Shards splits the selected requests (positions in c.Requests, in file
// order) into total shards and returns each shard's positions, in file
// order; a shard may be empty when there are fewer groups than shards.
// The split depends only on the collection, the positions and the scope's
// environment and variables, so every machine of a matrix computes the
// same one, and every position is in exactly one shard.
//
// Requests that must run on one machine form a group, kept in one shard:
//
//   - a request that uses a variable another selected request captures
//     goes with the request whose capture it takes (as the scheduler links
//     them; see the package documentation);
//   - a request with an unsafe method (RFC 9110 §9.2.1) goes with the safe
//     requests after it, up to the next unsafe one: they read what it
//     changed.
//
// Order between shards cannot be kept — they run at the same time — so
// an unsafe request is not tied to the requests before it; collections
// whose state changes depend on each other without a capture should run
// them in one shard (select them with --only or --tag).
//
// Groups are given out largest first (ties in file order), each to the
// shard with the fewest requests so far (ties to the lowest index), so the
// shards' sizes differ by at most the largest group's size.
func Shards(c *collections.Collection, positions []int, scope *collections.Scope, total int) [][]int {
	steps := plan(c, positions, scope)
	byShard := assign(linkedGroups(steps), max(total, 1))
	shards := make([][]int, len(byShard))
	for i, members := range byShard {
		shards[i] = make([]int, len(members))
		for j, pos := range members {
			shards[i][j] = positions[pos]
		}
	}
	return shards
}

// linkedGroups returns the groups of steps (positions in steps) that must
// run on one machine, as Shards describes, each in file order, the groups
// in the order of their first step.
func linkedGroups(steps []step) [][]int {
	parent := make([]int, len(steps))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]] // path halving
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := root(a), root(b)
		// The earlier step stays the root, so that roots are first members.
		if ra > rb {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	for pos, s := range steps {
		for _, nd := range s.needs {
			union(pos, nd.from)
		}
		// A safe step's only ordering link is the nearest unsafe step
		// before it (plan); an unsafe step's links point back at the
		// steps before it, which are not tied to it.
		if !unsafeMethod(s.req.Method) {
			for _, earlier := range s.after {
				union(pos, earlier)
			}
		}
	}
	var groups [][]int
	index := make(map[int]int, len(steps))
	for pos := range steps {
		r := root(pos)
		g, ok := index[r]
		if !ok {
			g = len(groups)
			index[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], pos)
	}
	return groups
}

// assign gives the groups (in file order of their first member) out to
// total shards: largest first, ties in file order, each to the shard with
// the fewest members so far, ties to the lowest index — the greedy rule
// that keeps the sizes within the largest group's size of each other. Each
// shard's members are returned in file order.
func assign(groups [][]int, total int) [][]int {
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(len(groups[b]), len(groups[a])) })
	shards := make([][]int, total)
	for _, g := range order {
		smallest := 0
		for i := range shards {
			if len(shards[i]) < len(shards[smallest]) {
				smallest = i
			}
		}
		shards[smallest] = append(shards[smallest], groups[g]...)
	}
	for _, members := range shards {
		slices.Sort(members)
	}
	return shards
}

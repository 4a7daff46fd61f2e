package run

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// randomCollection returns n requests, some unsafe, some capturing a
// variable and some using one captured earlier (in the URL, or through a
// variable whose definition refers to it), with uses[i] naming the
// variables request i uses.
func randomCollection(rng *rand.Rand, n int) (*collections.Collection, [][]string) {
	c := &collections.Collection{Path: "random.toml", Vars: map[string]string{}}
	uses := make([][]string, n)
	var captured []string
	for i := range n {
		r := &collections.Request{Name: fmt.Sprintf("r%d", i), Method: "GET", URL: "http://h/x"}
		if rng.IntN(5) == 0 {
			r.Method = []string{"POST", "DELETE", "PUT", "PATCH"}[rng.IntN(4)]
		}
		if len(captured) > 0 && rng.IntN(3) == 0 {
			v := captured[rng.IntN(len(captured))]
			uses[i] = append(uses[i], v)
			if rng.IntN(2) == 0 {
				r.URL += "/{{" + v + "}}"
			} else {
				// Through a variable: {{path_v}} is defined as /{{v}}.
				c.Vars["path_"+v] = "/{{" + v + "}}"
				r.URL += "{{path_" + v + "}}"
			}
		}
		if rng.IntN(4) == 0 {
			// Sometimes a name captured before, so that a later use
			// takes the last capture.
			v := fmt.Sprintf("v%d", i)
			if len(captured) > 0 && rng.IntN(3) == 0 {
				v = captured[rng.IntN(len(captured))]
			} else {
				captured = append(captured, v)
			}
			r.Capture = append(r.Capture, collections.KV{Key: v, Value: ".id"})
		}
		c.Requests = append(c.Requests, r)
	}
	return c, uses
}

// TestShardsProperty checks Shards on random collections with capture
// chains and unsafe requests, against rules worked out here from the
// requests alone: for every N from 1 to 7 the shards are disjoint, their
// union is the selection, each is in file order, a request is in the
// shard of the request whose capture it takes and of the nearest unsafe
// request before it, and the sizes differ by at most the largest group.
func TestShardsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2026))
	for round := range 400 {
		n := rng.IntN(40)
		c, uses := randomCollection(rng, n)
		var positions []int
		for i := range n {
			if rng.IntN(5) != 0 { // a selection, as --only or --tag leaves
				positions = append(positions, i)
			}
		}
		links := expectedLinks(c, positions, uses)
		largest := largestGroup(len(c.Requests), links)
		scope := &collections.Scope{}
		for total := 1; total <= 7; total++ {
			shards := Shards(c, positions, scope, total)
			where := map[int]int{}
			if len(shards) != total {
				t.Fatalf("round %d: %d shards, want %d", round, len(shards), total)
			}
			sizes := make([]int, total)
			for s, members := range shards {
				if !slices.IsSorted(members) {
					t.Errorf("round %d, %d shards: shard %d not in file order: %v", round, total, s+1, members)
				}
				for _, p := range members {
					if other, dup := where[p]; dup {
						t.Fatalf("round %d: request %d in shards %d and %d", round, p, other+1, s+1)
					}
					where[p] = s
				}
				sizes[s] = len(members)
			}
			if len(where) != len(positions) {
				t.Fatalf("round %d, %d shards: %d requests in shards, %d selected", round, total, len(where), len(positions))
			}
			for _, p := range positions {
				if _, ok := where[p]; !ok {
					t.Fatalf("round %d, %d shards: selected request %d in no shard", round, total, p)
				}
			}
			for _, l := range links {
				if where[l[0]] != where[l[1]] {
					t.Errorf("round %d, %d shards: requests %d and %d must share a shard: %v", round, total, l[0], l[1], shards)
				}
			}
			if spread := slices.Max(sizes) - slices.Min(sizes); spread > largest {
				t.Errorf("round %d, %d shards: sizes %v differ by %d, more than the largest group (%d)", round, total, sizes, spread, largest)
			}
			if again := Shards(c, positions, scope, total); !reflect.DeepEqual(again, shards) {
				t.Fatalf("round %d: not deterministic: %v then %v", round, shards, again)
			}
		}
	}
}

// expectedLinks lists the pairs of selected requests that must share a
// shard: a use and the last selected capture before it of that variable;
// a safe request and the nearest selected unsafe request before it.
func expectedLinks(c *collections.Collection, positions []int, uses [][]string) [][2]int {
	var links [][2]int
	lastCapture := map[string]int{}
	lastUnsafe := -1
	for _, p := range positions {
		r := c.Requests[p]
		for _, v := range uses[p] {
			if from, ok := lastCapture[v]; ok {
				links = append(links, [2]int{from, p})
			}
		}
		if unsafeMethod(r.Method) {
			lastUnsafe = p
		} else if lastUnsafe >= 0 {
			links = append(links, [2]int{lastUnsafe, p})
		}
		for _, kv := range r.Capture {
			lastCapture[kv.Key] = p
		}
	}
	return links
}

// largestGroup returns the size of the largest set of requests the links
// join (1 when there are none).
func largestGroup(n int, links [][2]int) int {
	group := make([]int, n)
	for i := range group {
		group[i] = i
	}
	for changed := true; changed; {
		changed = false
		for _, l := range links {
			if a, b := group[l[0]], group[l[1]]; a != b {
				for i := range group {
					if group[i] == max(a, b) {
						group[i] = min(a, b)
					}
				}
				changed = true
			}
		}
	}
	sizes := map[int]int{}
	largest := 1
	for _, l := range links {
		for _, p := range l {
			sizes[group[p]] = 0
		}
	}
	for i := range n {
		if _, linked := sizes[group[i]]; linked {
			sizes[group[i]]++
			largest = max(largest, sizes[group[i]])
		}
	}
	return largest
}

// TestShardsDemoCollection: the demo collection splits as Shards says —
// the notes, tied by the note's id and by POST and DELETE, stay together;
// "User by id" stays with "Who am I", whose capture it takes.
func TestShardsDemoCollection(t *testing.T) {
	src, err := os.ReadFile("../../examples/demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	c := parse(t, string(src))
	all, err := selectRequests(c, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := func(positions []int) string {
		var out []string
		for _, p := range positions {
			out = append(out, c.Requests[p].Name)
		}
		return strings.Join(out, ", ")
	}
	shards := Shards(c, all, &collections.Scope{}, 3)
	notes := shards[0]
	if got := names(notes); !strings.Contains(got, "Create a note, Read the note back, Delete without the write scope is 403, Delete the note") {
		t.Errorf("shard 1 = %s; want the notes together", got)
	}
	for i, s := range shards {
		got := names(s)
		if strings.Contains(got, "Who am I") != strings.Contains(got, "User by id") {
			t.Errorf("shard %d = %s: Who am I and User by id split", i+1, got)
		}
		t.Logf("shard %d/3 (%d): %s", i+1, len(s), got)
	}
}

func TestSelectTagsAndOnly(t *testing.T) {
	tagged := func(name, folder string, tags ...string) *collections.Request {
		r := request(name, folder, "/"+name)
		r.Tags = tags
		return r
	}
	c := &collections.Collection{Path: "api.toml", Requests: []*collections.Request{
		tagged("Login", "", "smoke"),
		tagged("List users", "users", "smoke", "users"),
		tagged("Get user", "users", "users"),
		tagged("Health", ""),
	}}
	for _, tc := range []struct {
		only, tags []string
		want       []int
		err        string
	}{
		{tags: []string{"smoke"}, want: []int{0, 1}},
		{tags: []string{"smoke", "users"}, want: []int{0, 1, 2}},
		{only: []string{"users"}, tags: []string{"smoke"}, want: []int{1}},
		{only: []string{"Login", "Get user"}, tags: []string{"users"}, want: []int{2}},
		{tags: []string{"smok"}, err: `run: --tag "smok" matches no request's tags in api.toml`},
		{tags: []string{"smoke", "nightly", "nightly"}, err: `run: --tag "nightly" matches no request's tags in api.toml`},
		{only: []string{"Health"}, tags: []string{"smoke"}, err: `run: no request in api.toml is both selected by --only "Health" and tagged "smoke"`},
		{only: []string{"Nope"}, tags: []string{"smoke"}, err: `run: --only "Nope" matches no request or folder in api.toml`},
	} {
		got, err := selectRequests(c, tc.only, tc.tags)
		if tc.err != "" {
			var usage *UsageError
			if !errors.As(err, &usage) || err.Error() != tc.err {
				t.Errorf("only %q tags %q: error %v, want the UsageError %s", tc.only, tc.tags, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("only %q tags %q = %v, %v; want %v", tc.only, tc.tags, got, err, tc.want)
		}
	}
}

// TestRunShard: a sharded run sends its shard only and its report names
// it; a shard with no request is an empty run, not an error.
func TestRunShard(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.URL.Path)
	})
	c := parse(t, `
[[request]]
name = "a"
url = "{{base_url}}/a"
[[request]]
name = "b"
url = "{{base_url}}/b"
[[request]]
name = "c"
url = "{{base_url}}/c"
`)
	opts := options(srv.URL)
	opts.Shard = Shard{Index: 2, Total: 3}
	rep := mustRun(t, context.Background(), c, opts)
	if !slices.Equal(got, []string{"/b"}) || len(rep.Results) != 1 || rep.Results[0].Name != "b" {
		t.Errorf("shard 2/3 sent %v, reported %+v; want b alone", got, rep.Results)
	}
	if rep.Shard == nil || *rep.Shard != (report.Shard{Index: 2, Total: 3}) {
		t.Errorf("report shard = %+v", rep.Shard)
	}

	got = nil
	opts.Shard = Shard{Index: 5, Total: 5}
	rep = mustRun(t, context.Background(), c, opts)
	if len(got) != 0 || len(rep.Results) != 0 || rep.Summary != (report.Summary{}) || rep.Shard == nil {
		t.Errorf("empty shard sent %v, reported %+v", got, rep)
	}

	opts.Shard = Shard{Index: 4, Total: 3}
	if _, err := Run(context.Background(), c, opts); err == nil || !strings.Contains(err.Error(), "shard 4 does not exist") {
		t.Errorf("shard 4/3: error %v", err)
	}
}

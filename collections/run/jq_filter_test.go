package run

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

// TestFilterOutputs: each output comes back as indented JSON, numbers
// digit for digit.
func TestFilterOutputs(t *testing.T) {
	out, err := Filter(context.Background(), ".users[] | {id, name}", []byte(`{"users":[{"id":12345678901234567890,"name":"ann"},{"id":2,"name":"bob"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"{\n  \"id\": 12345678901234567890,\n  \"name\": \"ann\"\n}", "{\n  \"id\": 2,\n  \"name\": \"bob\"\n}"}
	if strings.Join(out, "|") != strings.Join(want, "|") {
		t.Fatalf("outputs %q, want %q", out, want)
	}
}

// TestFilterErrors: what the user typed wrong, said without a panic; the
// outputs before a runtime error are kept.
func TestFilterErrors(t *testing.T) {
	for expr, want := range map[string]string{
		".a |":           "invalid jq expression",
		"nosuchfunc":     "invalid jq expression",
		"1, (.a | keys)": "jq error: keys cannot be applied to: number",
	} {
		out, err := Filter(context.Background(), expr, []byte(`{"a":1}`))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", expr, err, want)
		}
		if expr == "1, (.a | keys)" && (len(out) != 1 || out[0] != "1") {
			t.Errorf("%s: outputs %q, want the 1 before the error", expr, out)
		}
	}
	for body, want := range map[string]string{"": "empty", "<html>": "not JSON", `{"a":1} {}`: "more data"} {
		if _, err := Filter(context.Background(), ".", []byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("body %q: error %v, want %q", body, err, want)
		}
	}
}

// TestFilterIsBounded: a filter typed in the TUI is stopped by the run's
// time bound, the memory guard and the output cap.
func TestFilterIsBounded(t *testing.T) {
	old := jqTimeout
	jqTimeout = 50 * time.Millisecond
	t.Cleanup(func() { jqTimeout = old })
	if _, err := Filter(context.Background(), "last(range(1e18))", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "still running after 50ms") {
		t.Fatalf("runaway filter: %v", err)
	}
	oldLimit := jqcode.MemoryLimit
	jqcode.MemoryLimit = 16 << 20
	t.Cleanup(func() { jqcode.MemoryLimit = oldLimit })
	_, err := Filter(context.Background(), `"ab" * 1e8 | length`, []byte(`{}`))
	var memErr *jqcode.MemoryError
	if !errors.As(err, &memErr) {
		t.Fatalf("doubling string: %v, want the memory guard's error", err)
	}
	out, err := Filter(context.Background(), "range(1e6)", []byte(`{}`))
	if err != nil || len(out) != MaxFilterOutputs {
		t.Fatalf("range(1e6): %d outputs, %v; want %d", len(out), err, MaxFilterOutputs)
	}
}

package collections

import (
	"fmt"
	"testing"
)

// smallMap must behave as a map on both sides of its switch to one.
func TestSmallMapActsAsAMap(t *testing.T) {
	var m smallMap[int]
	want := map[string]int{}
	check := func(step string) {
		t.Helper()
		for k, v := range want {
			if got, ok := m.get(k); !ok || got != v {
				t.Fatalf("%s: get(%q) = %d, %v; want %d", step, k, got, ok, v)
			}
		}
		if _, ok := m.get("absent"); ok {
			t.Fatalf("%s: get(absent) found something", step)
		}
	}
	for i := range 3 * smallMapInline {
		k := fmt.Sprintf("v%d", i)
		m.set(k, i)
		want[k] = i
		check("after set " + k)
		m.set(k, i*10) // overwrite
		want[k] = i * 10
		check("after overwrite " + k)
		if i%3 == 1 {
			m.delete(k)
			delete(want, k)
			check("after delete " + k)
		}
	}
	m.clear()
	for k := range want {
		if _, ok := m.get(k); ok {
			t.Fatalf("get(%q) after clear found it", k)
		}
	}
	m.set("again", 1)
	if v, ok := m.get("again"); !ok || v != 1 {
		t.Fatalf("set after clear: %d, %v", v, ok)
	}
}

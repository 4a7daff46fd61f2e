package collections

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// laughs is a collection whose variable v0 would expand to 2^n bytes.
func laughs(n int) string {
	var b strings.Builder
	b.WriteString("[vars]\n")
	for i := range n {
		fmt.Fprintf(&b, "v%d = \"{{v%d}}{{v%d}}\"\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "v%d = \"ha\"\n", n)
	b.WriteString("[[request]]\nname = \"laugh\"\nurl = \"http://h/{{v0}}\"\n")
	return b.String()
}

// TestBillionLaughsIsAnError: 40 doubling variables (a terabyte) fail with
// ErrTooLarge, naming the chain, in Check and in Prepare, instead of
// running out of memory.
func TestBillionLaughsIsAnError(t *testing.T) {
	c := mustParse(t, laughs(40))
	err := c.Check(&Scope{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Check: %v, want ErrTooLarge", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "more than 1 MiB") || !strings.Contains(msg, "v0 → v1") {
		t.Errorf("Check: %s", msg)
	}
	_, err = c.Prepare(c.Requests[0], &Scope{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "through v0 → v1") {
		t.Errorf("Prepare: %v", err)
	}
}

// TestExpansionJustUnderTheLimitWorks: 2^19 bytes is fine.
func TestExpansionJustUnderTheLimitWorks(t *testing.T) {
	c := mustParse(t, laughs(18))
	if err := c.Check(&Scope{}); err != nil {
		t.Fatal(err)
	}
	p, err := c.Prepare(c.Requests[0], &Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Request.URL); n != len("http://h/")+1<<19 {
		t.Errorf("URL is %d bytes", n)
	}
}

// chain is a collection of n variables, each using the next.
func chain(n int) string {
	var b strings.Builder
	b.WriteString("[vars]\n")
	for i := range n {
		fmt.Fprintf(&b, "c%d = \"{{c%d}}\"\n", i, i+1)
	}
	fmt.Fprintf(&b, "c%d = \"end\"\n", n)
	b.WriteString("[[request]]\nname = \"deep\"\nurl = \"http://h/{{c0}}\"\n")
	return b.String()
}

// TestLongVariableChainChecks: a chain of 5,000 variables is checked and
// prepared (once a resolver per variable made this cubic).
func TestLongVariableChainChecks(t *testing.T) {
	c := mustParse(t, chain(5000))
	if err := c.Check(&Scope{}); err != nil {
		t.Fatal(err)
	}
	p, err := c.Prepare(c.Requests[0], &Scope{})
	if err != nil || p.Request.URL != "http://h/end" {
		t.Fatalf("Prepare: %v, %+v", err, p)
	}
}

// TestVariableDepthIsCapped: deeper than MaxVariableDepth is ErrTooLarge,
// not a stack overflow.
func TestVariableDepthIsCapped(t *testing.T) {
	c := mustParse(t, chain(MaxVariableDepth+5))
	if err := c.Check(&Scope{}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "nest more than") {
		t.Fatalf("Check: %v", err)
	}
}

// TestLongCycleIsReportedOnce: a cycle through many variables is one error.
func TestLongCycleIsReportedOnce(t *testing.T) {
	src := strings.Replace(chain(3000), `c3000 = "end"`, `c3000 = "{{c0}}"`, 1)
	err := mustParse(t, src).Check(&Scope{})
	var list ErrorList
	if !errors.As(err, &list) || !errors.Is(err, ErrCycle) {
		t.Fatalf("Check: %v", err)
	}
	cycles := 0
	for _, e := range list {
		if strings.Contains(e.Msg, "variable cycle") {
			cycles++
		}
	}
	if cycles != 1 {
		t.Errorf("%d cycle errors, want 1", cycles)
	}
}

// BenchmarkCheckVariableChain measures checking a chain of 2,000
// variables, which is linear in the chain's length.
func BenchmarkCheckVariableChain(b *testing.B) {
	c, err := Parse("chain.toml", []byte(chain(2000)))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := c.Check(&Scope{}); err != nil {
			b.Fatal(err)
		}
	}
}

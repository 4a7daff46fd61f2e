package userfile

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLockIsExclusiveAndGivesUp: a second Lock on the same store waits
// for the first and, when it is not released in time, fails with a
// message that says another keyway holds it; once released, it succeeds.
func TestLockIsExclusiveAndGivesUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.toml")
	release, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	old := LockTimeout
	LockTimeout = 30 * time.Millisecond
	t.Cleanup(func() { LockTimeout = old })

	if _, err := Lock(path); err == nil || !strings.Contains(err.Error(), "another keyway process") {
		t.Fatalf("second Lock while held = %v; want a refusal naming another keyway process", err)
	}
	release()
	again, err := Lock(path)
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	again()
}

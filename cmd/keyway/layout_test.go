package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps the layout of docs/architecture.md: cmd → tui →
// collections → authflow, nothing importing upward, and only tui importing
// the Charm modules (whose init and terminal set-up the headless paths must
// not pay for).
func TestDependencyDirection(t *testing.T) {
	const module = "github.com/keyway-cli/keyway/"
	out, err := exec.Command("go", "list", "-deps=false", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := map[string][]string{
		"authflow":    {module + "collections", module + "tui", module + "cmd", module + "examples", "charm.land/", "github.com/pelletier/go-toml"},
		"collections": {module + "tui", module + "cmd", module + "examples", "charm.land/"},
		"examples":    {module + "tui", module + "cmd", "charm.land/"},
		"tui":         {module + "cmd"},
		"config":      {module + "tui", module + "cmd", module + "collections", module + "authflow", module + "examples", "charm.land/"},
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := strings.TrimPrefix(fields[0], module), fields[1:]
		top, _, _ := strings.Cut(pkg, "/")
		bans, ok := forbidden[top]
		if !ok {
			continue
		}
		checked++
		for _, dep := range deps {
			for _, ban := range bans {
				if strings.HasPrefix(dep, ban) {
					t.Errorf("%s depends on %s; dependencies must point cmd → tui → collections → authflow", pkg, dep)
				}
			}
		}
	}
	if checked < 5 {
		t.Fatalf("checked only %d packages; is the layout as docs/architecture.md says?", checked)
	}
}

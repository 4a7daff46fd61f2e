package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	vcs := func(pairs ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, debug.BuildSetting{Key: pairs[i], Value: pairs[i+1]})
		}
		return out
	}
	const rev = "573f748abcdef0123456789abcdef0123456789a"
	stamped := vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-12-06T01:39:00Z", "vcs.modified", "false")
	dirty := vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-12-06T01:39:00Z", "vcs.modified", "true")
	build := func(v string, settings []debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/keyway-cli/keyway", Version: v}, Settings: settings}
	}
	tests := []struct {
		name string
		set  string
		info *debug.BuildInfo
		want string
	}{
		{"release from a tagged checkout", "", build("v1.2.3", stamped), "v1.2.3 (rev 573f748, 2026-12-06T01:39:00Z)"},
		{"checkout without a tag", "", build("v0.0.0-20261206013900-573f748abcde", stamped), "devel (rev 573f748, 2026-12-06T01:39:00Z)"},
		{"checkout after a tag, modified", "", build("v1.2.4-0.20261206013900-573f748abcde+dirty", dirty), "devel (rev 573f748+dirty, 2026-12-06T01:39:00Z)"},
		{"tagged but modified", "", build("v1.2.3+dirty", dirty), "v1.2.3 (rev 573f748+dirty, 2026-12-06T01:39:00Z)"},
		{"no version of its own", "", build("(devel)", stamped), "devel (rev 573f748, 2026-12-06T01:39:00Z)"},
		{"set with -ldflags", "v2.0.0", build("(devel)", dirty), "v2.0.0 (rev 573f748+dirty, 2026-12-06T01:39:00Z)"},
		{"go install module@version: no VCS stamp", "", build("v1.2.3", nil), "v1.2.3"},
		{"go install module@commit keeps its pseudo-version", "", build("v0.0.0-20261206013900-573f748abcde", nil), "v0.0.0-20261206013900-573f748abcde"},
		{"built with -buildvcs=false", "", build("(devel)", nil), "devel"},
		{"no time", "", build("(devel)", vcs("vcs.revision", "abc")), "devel (rev abc)"},
		{"no build info", "", nil, "devel"},
		{"a pre-release is not a pseudo-version", "", build("v1.3.0-rc.1", stamped), "v1.3.0-rc.1 (rev 573f748, 2026-12-06T01:39:00Z)"},
	}
	for _, tt := range tests {
		if got := describeBuild(tt.set, tt.info); got != tt.want {
			t.Errorf("%s: describeBuild = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestVersionOfABuiltBinary builds keyway from a git repository holding
// this working tree, committed at a known time, and runs --version: the
// line must name the commit go build stamped, then "+dirty" once a file
// changes, and a version set with -ldflags.
func TestVersionOfABuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds keyway three times")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := copyWorkingTree(t)
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=keyway test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE=2026-12-06T01:39:00Z", "GIT_AUTHOR_DATE=2026-12-06T01:39:00Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "keyway at a known time")
	rev := git("rev-parse", "--short=7", "HEAD")

	version := func(buildFlags ...string) string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "keyway")
		// -buildvcs=true: the stamp is what is under test, whatever GOFLAGS says.
		build := exec.Command("go", append(append([]string{"build", "-buildvcs=true", "-o", bin}, buildFlags...), "./cmd/keyway")...)
		build.Dir = repo
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("keyway --version: %v\n%s", err, out)
		}
		return string(out)
	}
	if got, want := version(), "keyway devel (rev "+rev+", 2026-12-06T01:39:00Z)\n"; got != want {
		t.Errorf("clean checkout: --version printed %q, want %q", got, want)
	}
	if got, want := version("-ldflags", "-X main.version=v1.2.3"), "keyway v1.2.3 (rev "+rev+", 2026-12-06T01:39:00Z)\n"; got != want {
		t.Errorf("-X main.version: --version printed %q, want %q", got, want)
	}
	if err := os.WriteFile(filepath.Join(repo, "README.md"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := version(), "keyway devel (rev "+rev+"+dirty, 2026-12-06T01:39:00Z)\n"; got != want {
		t.Errorf("modified checkout: --version printed %q, want %q", got, want)
	}
}

// copyWorkingTree copies the module's files — tracked, and new ones not
// ignored — into a new folder, so that a build there is of the code under
// test.
func copyWorkingTree(t *testing.T) string {
	t.Helper()
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	root := strings.TrimSpace(string(top))
	list := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	list.Dir = root
	files, err := list.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

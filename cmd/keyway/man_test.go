package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/spf13/cobra/doc"
)

// The man pages in docs/man are generated from the commands, so that they
// say what --help says. cobra's doc package (and go-md2man) stay out of the
// keyway binary: only this test links them. To regenerate after changing a
// command:
//
//go:generate go test -run TestManPagesAreUpToDate -update-man .

var updateMan = flag.Bool("update-man", false, "rewrite docs/man from the commands")

const manDir = "../../docs/man"

// manDate matches the date in a page's .TH line, which says when the page
// last changed: it is left out of comparisons.
var manDate = regexp.MustCompile(`(?m)^(\.TH "[^"]*" "[^"]*" )"[^"]*"`)

// TestManPagesAreUpToDate generates the man pages into a new folder and
// compares them, all but their dates, with docs/man. With -update-man it
// writes the pages that changed, dated this month, and removes the ones
// whose command is gone.
func TestManPagesAreUpToDate(t *testing.T) {
	fresh := t.TempDir()
	root := newRootCommand(stdio{})
	root.InitDefaultCompletionCmd()
	root.DisableAutoGenTag = true // no generation date in the text
	now := time.Now()
	header := &doc.GenManHeader{Title: "KEYWAY", Section: "1", Source: "keyway", Manual: "keyway manual", Date: &now}
	if err := doc.GenManTree(root, header, fresh); err != nil {
		t.Fatalf("generating man pages: %v", err)
	}
	generated, _ := filepath.Glob(filepath.Join(fresh, "*.1"))
	committed, _ := filepath.Glob(filepath.Join(manDir, "*.1"))
	if len(generated) < 8 {
		t.Fatalf("generated only %d pages", len(generated))
	}
	var stale []string
	for _, page := range generated {
		want, _ := os.ReadFile(page)
		target := filepath.Join(manDir, filepath.Base(page))
		got, err := os.ReadFile(target)
		if err == nil && bytes.Equal(undated(got), undated(want)) {
			continue
		}
		stale = append(stale, filepath.Base(page))
		if *updateMan {
			if err := os.MkdirAll(manDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(target, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, page := range committed {
		if slices.Contains(generated, filepath.Join(fresh, filepath.Base(page))) {
			continue
		}
		stale = append(stale, filepath.Base(page)+" (no such command)")
		if *updateMan {
			if err := os.Remove(page); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(stale) > 0 && !*updateMan {
		t.Errorf("docs/man is out of date with the commands: %q; run go generate ./cmd/keyway", stale)
	}
}

func undated(page []byte) []byte { return manDate.ReplaceAll(page, []byte(`$1""`)) }

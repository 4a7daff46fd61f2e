package main

import (
	"runtime/debug"
	"strings"
)

// version, when set at build time with -ldflags "-X main.version=v1.2.3",
// is the version --version prints; otherwise the module version the go
// command recorded in the binary is.
var version = ""

// versionTemplate prints `keyway VERSION (rev REVISION, TIME)`: the version
// a script compares, then the commit a bug report needs.
const versionTemplate = "{{.Name}} {{.Version}}\n"

// binaryVersion describes this binary's build for --version.
func binaryVersion() string {
	info, _ := debug.ReadBuildInfo()
	return describeBuild(version, info)
}

// describeBuild formats a build as "v1.2.3 (rev 573f748, 2026-12-06T01:39:00Z)".
// The version is the one set with -ldflags, else the main module's; a
// binary built from a checkout has none of its own ("(devel)", or a
// pseudo-version the go command derives from the commit), and says
// "devel": its revision says which commit it is. The revision and commit
// time come from the VCS stamp that go build records in a checkout;
// "+dirty" marks uncommitted changes. info may be nil (a binary built
// without module support).
func describeBuild(set string, info *debug.BuildInfo) string {
	v := set
	settings := map[string]string{}
	if info != nil {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	rev := settings["vcs.revision"]
	// The go command marks a module version built from a modified
	// checkout with +dirty; the revision below carries that mark.
	v = strings.TrimSuffix(v, "+dirty")
	if v == "" || v == "(devel)" || (rev != "" && isPseudoVersion(v)) {
		v = "devel"
	}
	if rev == "" {
		return v
	}
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if settings["vcs.modified"] == "true" {
		rev += "+dirty"
	}
	if t := settings["vcs.time"]; t != "" {
		return v + " (rev " + rev + ", " + t + ")"
	}
	return v + " (rev " + rev + ")"
}

// isPseudoVersion reports a Go module pseudo-version, such as
// v0.0.0-20261206013900-573f748abcde or v1.2.4-0.20261206013900-573f748abcde:
// a version that names a commit, not a release. Its last two parts are a
// 14-digit UTC time and a 12-character revision prefix.
func isPseudoVersion(v string) bool {
	v, _, _ = strings.Cut(v, "+") // +incompatible
	parts := strings.Split(v, "-")
	if len(parts) < 3 {
		return false
	}
	rev, stamp := parts[len(parts)-1], parts[len(parts)-2]
	if i := strings.LastIndexByte(stamp, '.'); i >= 0 {
		stamp = stamp[i+1:]
	}
	return len(rev) == 12 && strings.Trim(rev, "0123456789abcdef") == "" &&
		len(stamp) == 14 && strings.Trim(stamp, "0123456789") == ""
}

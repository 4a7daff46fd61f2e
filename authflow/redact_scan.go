package authflow

import (
	"strings"
	"unicode/utf8"
)

// scan finds the secret forms of a Redactor in one text, reading escape
// sequences as what they stand for (see redact_escape.go).
type scan struct {
	r *Redactor
	s string
	// open says s is the start of a longer text: its end is a cut.
	open bool
	// cuts says s may hold a cut: it is open or holds CutMark.
	cuts bool
	// failed holds, by (text position, pattern position), the branches
	// of the current match attempt that found no match, with the cut
	// they ran into; made only when matching branches (see match).
	failed map[[2]int]int
	// branches counts the branches of the current attempt; all counts
	// them over the whole text. Past their budgets (branchBudget) the
	// search gives up, and what it could not search is masked.
	branches, all int
	gaveUp        bool
}

// matchEnd is where a match ended: end is the end of a complete match,
// -1 for none; cut is the position of a cut the match ran into (the text
// there could be the start of the secret), -1 for none.
type matchEnd struct{ end, cut int }

// branchBudget bounds the branches one match attempt follows, per byte
// of the pattern, and the branches a whole scan follows, per byte of the
// text. Only a text built for it comes near: megabytes of "\\" against a
// secret made of backslashes.
const branchBudget = 16

// next returns the first span at or after p to mask: a secret form, or
// what could be the start of one cut off by a cut. ok is false when there
// is none.
func (m *scan) next(p int) (start, end int, ok bool) {
	s := m.s
	for p < len(s) {
		if !m.r.interesting[s[p]] {
			p++
			continue
		}
		if e := m.at(p); e > p {
			return p, e, true
		}
		p++
	}
	return 0, 0, false
}

// at returns the end of the longest span to mask that starts at p, or -1.
func (m *scan) at(p int) int {
	c := m.s[p]
	best := m.tryAt(p, m.r.first[c], -1)
	if startsEscape[c] {
		var buf [utf8.UTFMax]byte
		decoded, n, incomplete, cut := escapeAt(m.s, p, &buf)
		switch {
		case n > 0 && decoded[0] != c:
			best = m.tryAt(p, m.r.first[decoded[0]], best)
		case incomplete && m.isCut(cut):
			// An escape sequence cut short could stand for any
			// character, the first of a secret too.
			best = max(best, cut)
		}
	}
	if best == p {
		return -1
	}
	return best
}

// tryAt matches the patterns of list at p and returns the furthest end
// found, or best. When the search gave up, everything a match starting at
// p could reach is masked (and, past the whole scan's budget, the rest of
// the text): never less than the secret.
func (m *scan) tryAt(p int, list []int32, best int) int {
	for _, k := range list {
		pattern := m.r.patterns[k]
		m.branches = 0
		clear(m.failed)
		found := m.match(pattern, p, 0)
		best = max(best, found.end, found.cut)
		if m.gaveUp {
			reach := len(m.s)
			if m.all <= branchBudget*len(m.s) {
				reach = min(reach, p+len(pattern)*maxExpansion)
			}
			m.gaveUp = false
			best = max(best, reach)
		}
	}
	return best
}

// match matches pattern from pattern[i:] against the text at p.
//
// At each character the text may hold the pattern's byte as is or an
// escape sequence standing for the pattern's next character. Both can
// fit only when the escape stands for its own first byte ("%25" for
// '%', "\\" for '\', "&amp;" for '&') and the pattern holds that byte:
// then the escaped reading is followed first, and the plain one only if
// it found no match. Any match will do — each covers the secret — and a
// branch that failed is remembered, so that a text built to make the
// readings branch again and again costs a table of positions at most
// (bounded by branchBudget).
func (m *scan) match(pattern string, p, i int) matchEnd {
	s := m.s
	res := matchEnd{end: -1, cut: -1}
	var buf [utf8.UTFMax]byte
	for i < len(pattern) {
		if p >= len(s) {
			if m.open && i > 0 {
				res.cut = max(res.cut, p)
			}
			return res
		}
		c := s[p]
		if m.cuts && i > 0 && c == CutMark[0] && strings.HasPrefix(s[p:], CutMark) {
			// The text was cut here: what matched so far may be the
			// start of the secret. (A secret holding "…" still matches
			// on.)
			res.cut = max(res.cut, p)
		}
		if startsEscape[c] {
			decoded, n, incomplete, cut := escapeAt(s, p, &buf)
			if incomplete && m.isCut(cut) {
				res.cut = max(res.cut, cut)
			}
			if n > 0 && strings.HasPrefix(pattern[i:], string(decoded)) {
				if c != pattern[i] {
					p, i = p+n, i+len(decoded)
					continue
				}
				other := m.branch(pattern, p+n, i+len(decoded))
				if other.end >= 0 {
					return other
				}
				res.cut = max(res.cut, other.cut)
			}
		}
		if c != pattern[i] {
			return res
		}
		p, i = p+1, i+1
	}
	res.end = p
	return res
}

// isCut reports whether the text was cut at p: at CutMark, or at the end
// of an open text.
func (m *scan) isCut(p int) bool {
	return m.cuts && (p < len(m.s) || m.open)
}

// branch is match from (p, i), remembered when it fails.
func (m *scan) branch(pattern string, p, i int) matchEnd {
	if m.branches++; m.branches > branchBudget*len(pattern) {
		m.gaveUp = true
	}
	if m.all++; m.all > branchBudget*len(m.s) {
		m.gaveUp = true
	}
	if m.gaveUp {
		return matchEnd{end: -1, cut: -1}
	}
	if m.failed == nil {
		m.failed = map[[2]int]int{}
	}
	key := [2]int{p, i}
	if cut, ok := m.failed[key]; ok {
		return matchEnd{end: -1, cut: cut}
	}
	found := m.match(pattern, p, i)
	if found.end < 0 {
		m.failed[key] = found.cut
	}
	return found
}

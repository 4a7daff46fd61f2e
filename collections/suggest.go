package collections

import (
	"strconv"
	"strings"
)

// nearestKey returns the known key closest to an unknown one, or "" when
// none is close enough to be a plausible typo.
func nearestKey(unknown string, known []string) string {
	best, bestDistance := "", -1
	for _, k := range known {
		d := editDistance(strings.ToLower(unknown), k)
		if bestDistance < 0 || d < bestDistance {
			best, bestDistance = k, d
		}
	}
	// Allow about one edit per three characters: "methd" → "method",
	// but "colour" is not offered "url".
	limit := max(1, (len(unknown)+2)/3)
	if bestDistance < 0 || bestDistance > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counted in
// bytes (keys are ASCII snake_case), with adjacent transpositions costing
// one edit since they are the commonest typo.
func editDistance(a, b string) int {
	prevPrev := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prevPrev[j-2]+1)
			}
		}
		prevPrev, prev, cur = prev, cur, prevPrev
	}
	return prev[len(b)]
}

// unknownKeyMessage words the error for a key the format does not define.
func unknownKeyMessage(key, where string, known []string) string {
	msg := "unknown key " + strconv.Quote(key) + where
	if s := nearestKey(key, known); s != "" {
		msg += "; did you mean " + strconv.Quote(s) + "?"
	} else {
		msg += "; known keys: " + strings.Join(known, ", ")
	}
	return msg
}

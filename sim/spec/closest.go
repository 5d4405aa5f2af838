package spec

import (
	"strings"
	"unicode/utf8"
)

// levenshtein returns the edit distance between a and b (in runes).
func levenshtein(a, b string) int {
	if a == b {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to s, for "did you mean"
// messages: the least Levenshtein distance ignoring case (a candidate
// that s is a prefix of, or that is a prefix of s, counts as distance 1:
// a truncated or extended name), then the least distance with case, then
// the first in order. It returns "" if there are no candidates. Every
// spec parser of Golgi's model families names the closest key with it.
func Closest(s string, candidates []string) string {
	const maxLen = 256 // keep the quadratic distance cheap on garbage input
	if utf8.RuneCountInString(s) > maxLen {
		s = string([]rune(s)[:maxLen])
	}
	best, bestFold, bestCase := "", 0, 0
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		df := levenshtein(ls, lc)
		if ls != "" && df > 1 && (strings.HasPrefix(lc, ls) || strings.HasPrefix(ls, lc)) {
			df = 1
		}
		dc := levenshtein(s, c)
		if best == "" || df < bestFold || (df == bestFold && dc < bestCase) {
			best, bestFold, bestCase = c, df, dc
		}
	}
	return best
}

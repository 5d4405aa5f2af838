package spec

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a problem with a spec or a defaults file: where it is and what
// was expected. Parse, Load and Spec.Sims return *Error values for problems
// of the spec itself.
type Error struct {
	File      string // the spec's name (the path given to Load)
	Line, Col int    // 1-based position (byte column); 0 if not known
	Key       string // the key at fault, if any
	Msg       string // what is wrong and what was expected
}

// Error returns "file:line:col: key "k": message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Key != "" {
		fmt.Fprintf(&b, "key %q: ", e.Key)
	}
	b.WriteString(e.Msg)
	return b.String()
}

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

// closest returns the candidate nearest to s: the least Levenshtein
// distance ignoring case, then the least distance with case, then the
// first in order. It returns "" if there are no candidates.
func closest(s string, candidates []string) string {
	const maxLen = 256 // keep the quadratic distance cheap on garbage input
	if utf8.RuneCountInString(s) > maxLen {
		s = string([]rune(s)[:maxLen])
	}
	best, bestFold, bestCase := "", 0, 0
	ls := strings.ToLower(s)
	for _, c := range candidates {
		df := levenshtein(ls, strings.ToLower(c))
		dc := levenshtein(s, c)
		if best == "" || df < bestFold || (df == bestFold && dc < bestCase) {
			best, bestFold, bestCase = c, df, dc
		}
	}
	return best
}

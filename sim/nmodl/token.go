package nmodl

import "fmt"

// Pos is a position in a .mod file: 1-based line and column (bytes).
type Pos struct{ Line, Col int }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// kind is the kind of a token.
type kind int

const (
	tEOF      kind = iota
	tName          // identifier or keyword
	tNumber        // numeric literal
	tString        // "text"
	tOp            // operator or punctuation
	tPrime         // a name followed by primes: m' (text holds the name, n the count)
	tVerbatim      // VERBATIM ... ENDVERBATIM (text holds the C code)
)

// token is one lexical token.
type token struct {
	kind kind
	text string
	pos  Pos
	n    int // tPrime: the number of primes
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tNumber:
		return "number " + t.text
	case tString:
		return fmt.Sprintf("string %q", t.text)
	case tVerbatim:
		return "VERBATIM block"
	case tPrime:
		return fmt.Sprintf("%q", t.text+"'")
	}
	return fmt.Sprintf("%q", t.text)
}

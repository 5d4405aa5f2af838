package units

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/nmodl"
)

// Error is a unit error in a .mod file, where modlunit reports it: Pos
// is the last token of the expression modlunit was reading (its
// <<ERROR>> mark), so Pos.Line is the line modlunit names.
type Error struct {
	File string
	Pos  nmodl.Pos
	// Expr is the statement or expression in error, "" when none.
	Expr string
	// Msg says what is wrong in modlunit's words, with the units
	// involved as modlunit prints them.
	Msg string
}

func (e *Error) Error() string {
	where := fmt.Sprintf("%d:%d", e.Pos.Line, e.Pos.Col)
	if e.File != "" {
		where = e.File + ":" + where
	}
	if e.Expr == "" {
		return where + ": " + e.Msg
	}
	return where + ": " + e.Expr + ": " + e.Msg
}

// Errors are the unit errors of a file, in the order modlunit would
// meet them (modlunit stops at the first).
type Errors []*Error

func (es Errors) Error() string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += "\n"
		}
		s += e.Error()
	}
	return s
}

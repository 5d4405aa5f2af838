package spec

import (
	"fmt"
	"strings"
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

// Error returns "file:line:col: key "k": message" ("line L col C: ..."
// without a file name).
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	switch {
	case e.Line > 0 && e.File != "":
		fmt.Fprintf(&b, ":%d:%d: ", e.Line, e.Col)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d col %d: ", e.Line, e.Col)
	case e.File != "":
		b.WriteString(": ")
	}
	if e.Key != "" {
		fmt.Fprintf(&b, "key %q: ", e.Key)
	}
	b.WriteString(e.Msg)
	return b.String()
}

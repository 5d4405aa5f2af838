package nmodl

import (
	"fmt"
	"strings"
	"testing"
)

// stmtsString formats statements for comparison: one per line, nested
// bodies in braces.
func stmtsString(body []Stmt) string {
	var b strings.Builder
	for _, s := range body {
		switch s := s.(type) {
		case *Assign:
			fmt.Fprintf(&b, "%s = %s\n", ExprString(s.LHS), ExprString(s.RHS))
		case *ExprStmt:
			fmt.Fprintf(&b, "%s\n", ExprString(s.X))
		case *If:
			fmt.Fprintf(&b, "if %s {\n%s} else {\n%s}\n", ExprString(s.Cond), stmtsString(s.Then), stmtsString(s.Else))
		case *From:
			fmt.Fprintf(&b, "FROM %s = %s TO %s {\n%s}\n", s.Var, ExprString(s.Lo), ExprString(s.Hi), stmtsString(s.Body))
		case *Reaction:
			side := func(ts []Term) string {
				var parts []string
				for _, t := range ts {
					idx := ""
					if t.Index != nil {
						idx = "[" + ExprString(t.Index) + "]"
					}
					parts = append(parts, fmt.Sprintf("%d %s%s", t.Coef, t.Name, idx))
				}
				return strings.Join(parts, " + ")
			}
			var rates []string
			for _, r := range s.Rates {
				rates = append(rates, ExprString(r))
			}
			fmt.Fprintf(&b, "~ %s %s %s (%s)\n", side(s.LHS), s.Op, side(s.RHS), strings.Join(rates, ", "))
		case *Compartment:
			fmt.Fprintf(&b, "%s %s, %s {%s}\n", s.Kind, s.Index, ExprString(s.Volume), strings.Join(s.Names, " "))
		case *Solve:
			fmt.Fprintf(&b, "SOLVE %s METHOD %s\n", s.Name, s.Method)
		default:
			fmt.Fprintf(&b, "%T\n", s)
		}
	}
	return b.String()
}

// TestExpandArrays compares the expansion of a file with arrays with the
// same file written by hand with the elements as scalars: the
// declarations, the NEURON block's lists and every block's statements.
func TestExpandArrays(t *testing.T) {
	arrays := `NEURON { SUFFIX arr NONSPECIFIC_CURRENT i RANGE LL, b GLOBAL vrat }
DEFINE N 3
ASSIGNED { v i vrat[N] LL[N] (mM) }
STATE { ca[N] (mM) <1e-7> b }
LOCAL frat[N]
BREAKPOINT { SOLVE s METHOD sparse i = ca[0] + ca[N-1] }
INITIAL {
	FROM i = 0 TO N-1 { ca[i] = 1 LL[i] = ca[i]*i }
	FROM j = 0 TO 2 BY 2 { FROM i = j TO j { LL[i] = j } }
}
PROCEDURE f() { LOCAL w[2] FROM i = 0 TO N-2 { vrat[i+1] = vrat[i] + 1 frat[i+1] = 2 } w[1] = vrat[2] }
KINETIC s {
	COMPARTMENT i, 2*vrat[i] {ca LL}
	COMPARTMENT 5 {ca}
	FROM i = 0 TO N-2 { ~ ca[i] <-> ca[i+1] (frat[i+1], 1) }
	~ ca[2] << (i)
	~ b << (1)
}`
	scalars := `NEURON { SUFFIX arr NONSPECIFIC_CURRENT i RANGE LL_0_, LL_1_, LL_2_, b GLOBAL vrat_0_, vrat_1_, vrat_2_ }
ASSIGNED { v i vrat_0_ vrat_1_ vrat_2_ LL_0_ (mM) LL_1_ (mM) LL_2_ (mM) }
STATE { ca_0_ (mM) <1e-7> ca_1_ (mM) <1e-7> ca_2_ (mM) <1e-7> b }
LOCAL frat_0_, frat_1_, frat_2_
BREAKPOINT { SOLVE s METHOD sparse i = ca_0_ + ca_2_ }
INITIAL {
	ca_0_ = 1 LL_0_ = ca_0_*0
	ca_1_ = 1 LL_1_ = ca_1_*1
	ca_2_ = 1 LL_2_ = ca_2_*2
	LL_0_ = 0
	LL_2_ = 2
}
PROCEDURE f() { LOCAL w_0_, w_1_ vrat_1_ = vrat_0_ + 1 frat_1_ = 2 vrat_2_ = vrat_1_ + 1 frat_2_ = 2 w_1_ = vrat_2_ }
KINETIC s {
	COMPARTMENT 2*vrat_0_ {ca_0_}
	COMPARTMENT 2*vrat_1_ {ca_1_}
	COMPARTMENT 2*vrat_2_ {ca_2_}
	COMPARTMENT 2*vrat_0_ {LL_0_}
	COMPARTMENT 2*vrat_1_ {LL_1_}
	COMPARTMENT 2*vrat_2_ {LL_2_}
	COMPARTMENT 5 {ca_0_}
	COMPARTMENT 5 {ca_1_}
	COMPARTMENT 5 {ca_2_}
	~ ca_0_ <-> ca_1_ (frat_1_, 1)
	~ ca_1_ <-> ca_2_ (frat_2_, 1)
	~ ca_2_ << (i)
	~ b << (1)
}`
	fa, err := Parse("arr.mod", []byte(arrays))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := Parse("arr.mod", []byte(scalars))
	if err != nil {
		t.Fatal(err)
	}
	got, err := expandArrays(fa)
	if err != nil {
		t.Fatal(err)
	}
	if fa.Blocks[0] == got.Blocks[0] || len(fa.States) != 2 {
		t.Errorf("the file was changed in place")
	}
	if g, w := strings.Join(got.Neuron.Range, " "), strings.Join(fs.Neuron.Range, " "); g != w {
		t.Errorf("RANGE %s, want %s", g, w)
	}
	if g, w := strings.Join(got.Neuron.Global, " "), strings.Join(fs.Neuron.Global, " "); g != w {
		t.Errorf("GLOBAL %s, want %s", g, w)
	}
	for _, c := range []struct {
		what      string
		got, want []Decl
	}{{"ASSIGNED", got.Assigned, fs.Assigned}, {"STATE", got.States, fs.States}, {"LOCAL", got.Locals, fs.Locals}} {
		if len(c.got) != len(c.want) {
			t.Errorf("%s: %d declarations, want %d", c.what, len(c.got), len(c.want))
			continue
		}
		for i, d := range c.got {
			w := c.want[i]
			if d.Name != w.Name || d.Units != w.Units || d.Tolerance != w.Tolerance || d.Size != 0 {
				t.Errorf("%s %d: %+v, want %+v", c.what, i, d, w)
			}
		}
	}
	if d := got.States[2]; d.Array != "ca" || d.Elem != 2 || d.Name0() != "ca0" {
		t.Errorf("element ca[2]: %+v (initial value %s)", d, d.Name0())
	}
	for i, b := range got.Blocks {
		if g, w := stmtsString(b.Body), stmtsString(fs.Blocks[i].Body); g != w {
			t.Errorf("%s %s:\n%s\nwant\n%s", b.Kind, b.Name, g, w)
		}
	}
	// The users' names of the elements.
	src, err := Generate(fa, "arr")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`case "ca[2]": return m.X_ca_2_`, `case "LL[0]": return m.X_LL_0_`,
		`case "vrat[1]": m.X_vrat_1_ = value`, `"ca0"`} {
		if !strings.Contains(strings.Join(strings.Fields(string(src)), " "), want) {
			t.Errorf("generated code lacks %s", want)
		}
	}
}

// TestLocalArrayScope checks that a LOCAL array is its block's own: a
// LOCAL scalar of the same name in another block (and a LOCAL scalar
// shadowing a file array) is a scalar there, as in NEURON.
func TestLocalArrayScope(t *testing.T) {
	const src = `
NEURON { SUFFIX tst RANGE y }
ASSIGNED { y  g[2] }
INITIAL { y = f1() + f2() + f3() }
FUNCTION f1() {
	LOCAL a[2]
	a[0] = 1
	a[1] = 2
	f1 = a[0] + a[1]
}
FUNCTION f2() {
	LOCAL a
	a = 3
	f2 = a
}
FUNCTION f3() {
	LOCAL g
	g = 4
	f3 = g
}
`
	f, err := Parse("tst.mod", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(f, "x"); err != nil {
		t.Fatalf("a LOCAL array in one block, a LOCAL scalar of its name in another: %v", err)
	}
}

package nmodl

import (
	"strings"
	"testing"
)

// TestExpressions checks precedence and associativity against NMODL's (C's,
// with ^ binding tighter than unary minus and associating to the right).
func TestExpressions(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"a + b*c", "(a+(b*c))"},
		{"a - b - c", "((a-b)-c)"},
		{"a / b / c", "((a/b)/c)"},
		{"-a^2", "(-(a^2))"},
		{"a^b^c", "(a^(b^c))"},
		{"2^-x", "(2^(-x))"},
		{"a < b && c >= d || !e", "(((a<b)&&(c>=d))||(!e))"},
		{"exp((-27-v)/3.8) - 1", "(exp((((-27)-v)/3.8))-1)"},
		{"f(a, b[i+1], 1e-3)", "f(a, b[(i+1)], 1e-3)"},
		{"3^((celsius - 23)/10 (degC))", "(3^((celsius-23)/10))"},
		{"+x", "x"},
		{".5*x'", "(.5*x')"},
	} {
		f, err := Parse("t.mod", []byte("NEURON { SUFFIX t }\nBREAKPOINT { y = "+tc.src+" }"))
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		a := f.Blocks[0].Body[0].(*Assign)
		if got := ExprString(a.RHS); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.src, got, tc.want)
		}
	}
}

const caHVA = `TITLE HVA calcium
NEURON	{
	SUFFIX Ca_HVA
	USEION ca READ eca WRITE ica
	USEION k READ ko, ki VALENCE -1
	RANGE gCa_HVAbar, gCa_HVA, ica
	GLOBAL q10 THREADSAFE
}
UNITS	{
	(S) = (siemens)
	FARADAY = (faraday) (coulombs)
	R = 8.314 (J/K)
}
PARAMETER	{
	gCa_HVAbar = 0.00001 (S/cm2) <0, 1e9>
	q10 = -2.3
	v (mV)
}
STATE { m  h FROM 0 TO 1  ca[4] (mM) <1e-10> }
ASSIGNED { ica (mA/cm2) eca (mV) }
BREAKPOINT	{
	SOLVE states METHOD cnexp
	ica = gCa_HVAbar*m*m*h*(v-eca)
}
DERIVATIVE states	{
	rates()
	m' = (mInf-m)/mTau
}
INITIAL { rates() m = mInf }
PROCEDURE rates() {
	LOCAL a, b[2]
	TABLE mInf DEPEND celsius FROM -100 TO 100 WITH 200
	UNITSOFF
	if (v == -27) { v = v+0.0001 } else if (v > 0) { a = 1 } else { a = 2 }
	FROM i = 0 TO 3 { b[i] = i }
	UNITSON
}
FUNCTION efun(z (mV)) (1) { efun = z }
KINETIC kin {
	COMPARTMENT i, diam*diam*vrat[i] {ca}
	~ ca[0] << (-ica*PI*diam/(2*FARADAY))
	~ c1 + 2 o <-> c2 (kf, kb)
	CONSERVE c1 + c2 = 1
}
NET_RECEIVE(w (uS), flag) {
	INITIAL { flag = 0 }
	WATCH (v > 10) 2
	net_send(0, 1)
}
`

// TestParseFile checks the declarations and blocks of a file using most
// of the grammar.
func TestParseFile(t *testing.T) {
	f, err := Parse("ca.mod", []byte(caHVA))
	if err != nil {
		t.Fatal(err)
	}
	n := f.Neuron
	if f.Title != "HVA calcium" || n.Kind != "SUFFIX" || n.Name != "Ca_HVA" || !n.ThreadSafe {
		t.Errorf("title %q, neuron %+v", f.Title, n)
	}
	if len(n.Ions) != 2 || n.Ions[0].Name != "ca" || strings.Join(n.Ions[0].Read, ",") != "eca" || strings.Join(n.Ions[0].Write, ",") != "ica" ||
		strings.Join(n.Ions[1].Read, ",") != "ko,ki" || !n.Ions[1].HasValence || n.Ions[1].Valence != -1 {
		t.Errorf("ions %+v", n.Ions)
	}
	if len(n.Range) != 3 || len(n.Global) != 1 {
		t.Errorf("RANGE %v GLOBAL %v", n.Range, n.Global)
	}
	if len(f.Units) != 3 || f.Units[0].From != "S" || f.Units[0].To != "siemens" || f.Units[1].Name != "FARADAY" ||
		f.Units[1].From != "faraday" || f.Units[1].To != "coulombs" || !f.Units[2].HasValue || f.Units[2].Value != 8.314 {
		t.Errorf("units %+v", f.Units)
	}
	g := f.Parameters[0]
	if g.Name != "gCa_HVAbar" || g.Value != 1e-5 || g.Units != "S/cm2" || !g.HasLimits || g.Lo != 0 || g.Hi != 1e9 {
		t.Errorf("parameter %+v", g)
	}
	if q := f.Parameters[1]; q.Value != -2.3 || f.Parameters[2].HasValue || f.Parameters[2].Units != "mV" {
		t.Errorf("parameters %+v", f.Parameters)
	}
	if len(f.States) != 3 || !f.States[1].HasRange || f.States[1].To != 1 || f.States[2].Size != 4 || f.States[2].Tolerance != 1e-10 {
		t.Errorf("states %+v", f.States)
	}
	var kinds []string
	for _, b := range f.Blocks {
		kinds = append(kinds, b.Kind+" "+b.Name)
	}
	if got := strings.Join(kinds, ","); got != "BREAKPOINT ,DERIVATIVE states,INITIAL ,PROCEDURE rates,FUNCTION efun,KINETIC kin,NET_RECEIVE " {
		t.Errorf("blocks %s", got)
	}
	solve := f.Blocks[0].Body[0].(*Solve)
	if solve.Name != "states" || solve.Method != "cnexp" {
		t.Errorf("solve %+v", solve)
	}
	if d := f.Blocks[1].Body[1].(*Assign); d.Deriv != 1 || ExprString(d.RHS) != "((mInf-m)/mTau)" {
		t.Errorf("derivative %+v", d)
	}
	rates := f.Blocks[3].Body
	if tab := rates[1].(*Table); strings.Join(tab.Names, ",") != "mInf" || tab.With != 200 || ExprString(tab.From) != "(-100)" {
		t.Errorf("table %+v", tab)
	}
	if ifs := rates[3].(*If); len(ifs.Else) != 1 || len(ifs.Else[0].(*If).Else) != 1 {
		t.Errorf("if/else if/else %+v", ifs)
	}
	if fn := f.Blocks[4]; len(fn.Params) != 1 || fn.Params[0].Units != "mV" || fn.Units != "1" {
		t.Errorf("function %+v", fn)
	}
	kin := f.Blocks[5].Body
	if c := kin[0].(*Compartment); c.Index != "i" || c.Names[0] != "ca" {
		t.Errorf("compartment %+v", c)
	}
	if r := kin[1].(*Reaction); r.Op != "<<" || len(r.Rates) != 1 || r.LHS[0].Name != "ca" {
		t.Errorf("flux %+v", r)
	}
	if r := kin[2].(*Reaction); r.Op != "<->" || r.LHS[1].Coef != 2 || r.RHS[0].Name != "c2" || len(r.Rates) != 2 {
		t.Errorf("reaction %+v", r)
	}
	nr := f.Blocks[6]
	if len(nr.Params) != 2 || nr.Params[0].Units != "uS" || nr.Body[0].(*Nested).Kind != "INITIAL" {
		t.Errorf("NET_RECEIVE %+v", nr)
	}
	if w := nr.Body[1].(*Watch); ExprString(w.Cond) != "(v>10)" {
		t.Errorf("watch %+v", w)
	}
}

// TestParseErrors checks that malformed files give an error with the
// position and what was expected, never a panic.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"NEURON { SUFFIX }", "1:17: unexpected \"}\", want the mechanism's name"},
		{"NEURON { SUFIX x }", "1:10: unknown NEURON statement \"SUFIX\""},
		{"PARAMETER { g = }", "1:17: unexpected \"}\", want the value of g"},
		{"PARAMETER { g = 1 (mV }", "1:19: unit in parentheses not closed on its line"},
		{"BREAKPOINT { x = 1 +\n}", "2:1: unexpected \"}\", want an expression"},
		{"BREAKPOINT { if x > 1 { } }", "1:17: unexpected \"x\", want \"(\""},
		{"BREAKPOINT { x y }", "1:16: unexpected \"y\", want \"=\" or \"(\" after \"x\""},
		{"COMMENT never closed", "1:1: COMMENT without ENDCOMMENT"},
		{"PROCEDURE p() { VERBATIM x", "1:17: VERBATIM without ENDVERBATIM"},
		{"NEURON { SUFFIX a SUFFIX b }", "SUFFIX: the mechanism is already named by SUFFIX a"},
		{"KINETIC k { ~ a <-> b (kf) }", "reaction <-> takes 2 rate(s), got 1"},
		{"BREAKPOINT { x = 1 $ }", "unexpected character \"$\""},
		{"FOO { }", "1:1: unexpected \"FOO\", want a block"},
		{"BREAKPOINT { x = 1", "unexpected end of file, want \"}\""},
	} {
		_, err := Parse("bad.mod", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "bad.mod:") {
			t.Errorf("%q: %v, want an error containing %q", tc.src, err, tc.want)
		}
	}
}

// FuzzParse checks that no input makes the parser panic or loop, and
// that errors carry a position.
func FuzzParse(f *testing.F) {
	f.Add([]byte(caHVA))
	f.Add([]byte("NEURON { POINT_PROCESS p }\nNET_RECEIVE(w) { net_event(t) }"))
	f.Add([]byte("KINETIC k { ~ a + b <-> 2c (x, y) }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := Parse("f.mod", src)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("error without a position: %v", err)
			}
		}
	})
}

// TestCheckErrors checks the names Check rejects, with positions.
func TestCheckErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"NEURON { SUFFIX a }\nBREAKPOINT { y = 1 }", "2:14: undefined name y"},
		{"NEURON { SUFFIX a }\nASSIGNED { y }\nBREAKPOINT { y = foo(1) }", "3:18: undefined function foo"},
		{"NEURON { SUFFIX a }\nASSIGNED { y }\nBREAKPOINT { y = exp(1, 2) }", "exp takes 1 argument(s), got 2"},
		{"NEURON { SUFFIX a }\nBREAKPOINT { SOLVE s METHOD cnexp }", "SOLVE s: no DERIVATIVE"},
		{"NEURON { SUFFIX a }\nSTATE { m }\nBREAKPOINT { SOLVE d METHOD runge }\nDERIVATIVE d { m' = -m }", "METHOD runge: unknown method"},
		{"NEURON { SUFFIX a }\nASSIGNED { y }\nDERIVATIVE d { y' = 1 }", "y': y is not a STATE"},
		{"NEURON { SUFFIX a }\nASSIGNED { y }\nPROCEDURE p(x) { y = x }\nBREAKPOINT { p(1, 2) }", "p takes 1 argument(s), got 2"},
		{"PARAMETER { g = 1 }", "no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL"},
	} {
		f, err := Parse("c.mod", []byte(tc.src))
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		_, errs := Check(f)
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("%q: %v, want an error containing %q", tc.src, errs, tc.want)
		}
	}
	// And what is declared implicitly: m0 of STATE m, ion variables,
	// UNITS constants, flag in NET_RECEIVE.
	ok := `NEURON { SUFFIX a USEION ca READ eca WRITE ica }
UNITS { FARADAY = (faraday) (coulombs) }
STATE { m }
ASSIGNED { v }
INITIAL { m = m0 + FARADAY*0 }
BREAKPOINT { ica = m*(v - eca) }`
	f, err := Parse("ok.mod", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := Check(f); len(errs) > 0 {
		t.Errorf("ok.mod: %v", errs)
	}
}

// TestConductanceHint parses CONDUCTANCE with and without USEION.
func TestConductanceHint(t *testing.T) {
	f, err := Parse("c.mod", []byte("NEURON { SUFFIX c }\nBREAKPOINT { CONDUCTANCE gna USEION na\nCONDUCTANCE gl }"))
	if err != nil {
		t.Fatal(err)
	}
	body := f.Blocks[0].Body
	a, ok1 := body[0].(*Conductance)
	b, ok2 := body[1].(*Conductance)
	if !ok1 || !ok2 || a.Name != "gna" || a.Ion != "na" || b.Name != "gl" || b.Ion != "" {
		t.Errorf("hints %+v %+v", body[0], body[1])
	}
}

// FuzzGenerate checks that no parsed file makes the translator panic:
// it translates or returns an error.
func FuzzGenerate(f *testing.F) {
	f.Add([]byte(caHVA))
	f.Add([]byte("NEURON { SUFFIX a NONSPECIFIC_CURRENT i RANGE g }\nPARAMETER { g = 1 <0, 2> }\nASSIGNED { v i }\nSTATE { m }\nBREAKPOINT { SOLVE s METHOD derivimplicit i = g*m*(v - 1) }\nDERIVATIVE s { m' = (1 - m)/2 }"))
	f.Add([]byte("NEURON { POINT_PROCESS p NONSPECIFIC_CURRENT i }\nASSIGNED { v i }\nSTATE { A }\nBREAKPOINT { SOLVE s METHOD cnexp i = A*v }\nDERIVATIVE s { A' = -A }\nNET_RECEIVE(w) { A = A + w }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("f.mod", src)
		if err != nil {
			return
		}
		_, _ = Generate(file, "fuzz")
	})
}

// TestRefusals checks constructs the translator refuses with their name
// rather than translating them wrongly, and NEURON's REPRESENTS syntax.
func TestRefusals(t *testing.T) {
	head := "NEURON { SUFFIX r USEION ca READ cai WRITE ica }\nASSIGNED { v ica cai }\n"
	for _, tc := range []struct{ src, construct string }{
		{"NEURON { SUFFIX r USEION ca READ cai WRITE eca }\nASSIGNED { eca cai }", "WRITE eca"},
		{head + "STATE { m }\nINITIAL { SOLVE s STEADYSTATE sparse }\nDERIVATIVE s { m' = -m }", "STEADYSTATE sparse"},
		{head + "STATE { m n }\nASSIGNED { p }\nBREAKPOINT { SOLVE s METHOD sparse ica = m }\nKINETIC s { LONGITUDINAL_DIFFUSION 2 {p}\n~ m <-> n (1, 1) }", "LONGITUDINAL_DIFFUSION of p"},
		// array indices that are not constants, or out of range
		{head + "ASSIGNED { x[3] j }\nBREAKPOINT { ica = x[j] }", "x[j]"},
		{head + "DEFINE N 3\nASSIGNED { x[N] }\nBREAKPOINT { ica = x[N] }", "x[N]"},
		{head + "ASSIGNED { x[3] j }\nBREAKPOINT { ica = 0 FROM q = 0 TO j { ica = ica + x[q] } }", "x[q]"},
		{head + "STATE { m[2] n }\nBREAKPOINT { SOLVE s METHOD sparse ica = m[0] }\nKINETIC s { COMPARTMENT i, 2 {n}\n~ m[0] <-> n (1, 1) }", "COMPARTMENT i"},
		{head + "STATE { m n }\nBREAKPOINT { SOLVE s METHOD cnexp ica = m }\nKINETIC s { ~ m <-> n (1, 1) }", "METHOD cnexp"},
		{"NEURON { POINT_PROCESS p }\nNET_RECEIVE(w) { net_event(t) }", "net_event"},
		{"NEURON { POINT_PROCESS p }\nINITIAL { net_send(1, 1) }\nNET_RECEIVE(w) { }", "net_send"},
		{head + "STATE { m }\nBREAKPOINT { SOLVE s METHOD cnexp ica = m }\nDERIVATIVE s { m'' = -m }", "higher derivative"},
		{head + "STATE { m }\nASSIGNED { p }\nBREAKPOINT { SOLVE s METHOD derivimplicit ica = m }\nDERIVATIVE s { p = m*m  m' = -p }", "derivimplicit"},
		{head + "BREAKPOINT { ica = 1 }\nPROCEDURE p() { VERBATIM\nint x = 1;\nENDVERBATIM }", "VERBATIM"},
		// a bbcore stub with code, or one inside a block
		{"NEURON { SUFFIX r NONSPECIFIC_CURRENT i }\nASSIGNED { v i }\nBREAKPOINT { i = 0 }\nVERBATIM\nstatic void bbcore_write(double* x, int* d) { d[0] = 1; }\nENDVERBATIM", "VERBATIM"},
		// a derivative read before it is assigned (NEURON: the last step's),
		// or outside euler
		{head + "STATE { m n }\nBREAKPOINT { SOLVE s METHOD euler ica = m }\nDERIVATIVE s { n' = m' m' = -m }", "a derivative used as a value"},
		{head + "STATE { m n }\nBREAKPOINT { SOLVE s METHOD cnexp ica = m }\nDERIVATIVE s { m' = -m n' = m' - n }", "a derivative used as a value"},
	} {
		f, err := Parse("r.mod", []byte(tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.construct, err)
			continue
		}
		_, err = Generate(f, "r")
		u, ok := err.(*Unsupported)
		if !ok || u.Construct != tc.construct {
			t.Errorf("%q: %v, want the construct %s refused", tc.src, err, tc.construct)
		}
	}
	f, err := Parse("hh.mod", []byte("NEURON {\n SUFFIX hh\n REPRESENTS NCIT:C17145 : sodium channel\n USEION na READ ena WRITE ina REPRESENTS CHEBI:29101\n}"))
	if err != nil || f.Neuron.Name != "hh" || len(f.Neuron.Ions) != 1 {
		t.Errorf("REPRESENTS: %v %+v", err, f)
	}
}

// TestNGVConstructs checks what NGV's Glia.mod needs: empty bbcore_write
// and bbcore_read stubs at the top level (line continuations included)
// and an unused BBCOREPOINTER are left out, and an euler equation may read
// a derivative assigned before it (nocmodl's Dx).
func TestNGVConstructs(t *testing.T) {
	src := "NEURON { SUFFIX r BBCOREPOINTER g2 NONSPECIFIC_CURRENT i }\nASSIGNED { v i g2 }\n" +
		"STATE { a b }\nBREAKPOINT { SOLVE s METHOD euler i = 0 }\n" +
		"DERIVATIVE s { a' = 1 - a b' = 2*a' }\n" +
		"VERBATIM\n/** stubs */\nstatic void bbcore_write(double* x, int* d, int* xx, int* offset, _threadargspr\\\noto_) {\n}\n" +
		"static void bbcore_read(double* x, int* d, int* xx, int* offset, _threadargsproto_) {\n}\nENDVERBATIM\n"
	f, err := Parse("r.mod", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Generate(f, "r")
	if err != nil {
		t.Fatalf("not translated: %v", err)
	}
	if !strings.Contains(string(out), "d_b = (2.0 * d_a)") {
		t.Errorf("b' does not read a': %s", out)
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"static void bbcore_write(double* x, int* d) {\n}\nstatic void bbcore_read(double* x, int* d) { }", true},
		{"/* c */ static void bbcore_read(double* x,\\\n int* d) {}", true},
		{"", false},
		{"static void bbcore_write(double* x, int* d) { x[0] = 1; }", false},
		{"static void bbcore_write(double* x, int* d) {}\nint y;", false},
	} {
		if got := emptyBBCoreStubs(tc.text); got != tc.want {
			t.Errorf("emptyBBCoreStubs(%q) = %v", tc.text, got)
		}
	}
}

// TestParameterDefaults checks that PARAMETER defaults are NEURON
// 8.2.2's: nocmodl writes them with %g (six significant digits), RANGE
// and GLOBAL alike.
func TestParameterDefaults(t *testing.T) {
	src := "NEURON { SUFFIX r RANGE a GLOBAL b NONSPECIFIC_CURRENT i }\nASSIGNED { v i }\n" +
		"PARAMETER { a = 142.1009 b = 0.07207477 c = 2.5 }\nBREAKPOINT { i = a + b + c }\n"
	f, err := Parse("r.mod", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Generate(f, "r")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"= 142.101\n", "= 0.0720748\n", "= 2.5\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no default %q in\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "142.1009") || strings.Contains(string(out), "0.07207477") {
		t.Error("a default with more than six significant digits")
	}
}

// TestPromotedState checks which State a file gets: one loop with the
// variables in locals where the calls allow it, the per-instance code
// where a FUNCTION touches what the loop holds, a PROCEDURE is a value
// or recursive, or a TABLE tabulates a RANGE variable.
func TestPromotedState(t *testing.T) {
	head := "NEURON { SUFFIX s NONSPECIFIC_CURRENT i RANGE r GLOBAL q }\nASSIGNED { v i r q }\nSTATE { m }\nBREAKPOINT { SOLVE d METHOD cnexp i = m*v }\n"
	for _, tc := range []struct {
		name, src string
		promoted  bool
	}{
		{"procedure and pure function", "DERIVATIVE d { rates(v) m' = (q - m)/f(v) }\nPROCEDURE rates(u) { q = f(u) }\nFUNCTION f(x) { f = exp(x/10) + 1 }", true},
		{"function reading a parameter", "PARAMETER { a = 2 }\nDERIVATIVE d { m' = (f(v) - m)/2 }\nFUNCTION f(x) { f = a*x }", true},
		{"tabled procedure", "DERIVATIVE d { rates(v) m' = (q - m)/2 }\nPROCEDURE rates(u) { TABLE q FROM -100 TO 100 WITH 200\n q = u/100 }", true},
		{"function assigning a global", "DERIVATIVE d { m' = (f(v) - m)/2 }\nFUNCTION f(x) { q = x f = x }", false},
		{"function reading what the loop assigns", "DERIVATIVE d { r = v m' = (f(v) - m)/2 }\nFUNCTION f(x) { f = r*x }", false},
		{"recursive procedure", "DERIVATIVE d { p(v) m' = (q - m)/2 }\nPROCEDURE p(u) { if (u > 0) { p(u - 1) } q = u }", false},
		{"tabled RANGE variable", "DERIVATIVE d { rates(v) m' = (r - m)/2 }\nPROCEDURE rates(u) { TABLE r FROM -100 TO 100 WITH 200\n r = u/100 }", false},
	} {
		f, err := Parse("s.mod", []byte(head+tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if _, errs := Check(f); len(errs) > 0 {
			t.Errorf("%s: %v", tc.name, errs[0])
			continue
		}
		src, err := Generate(f, "s")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		s := string(src)
		state := s[strings.Index(s, "func (m *S) State("):]
		state = state[:strings.Index(state, "\n}\n")]
		if got := strings.Contains(state, "V := e.V[:k1]"); got != tc.promoted {
			t.Errorf("%s: promoted %v, want %v:\n%s", tc.name, got, tc.promoted, state)
		}
	}
}

// TestPromotedCurrent checks that a BREAKPOINT calling a FUNCTION gets
// Current's promoted loop, and one whose FUNCTION reads what it assigns
// the per-instance code.
func TestPromotedCurrent(t *testing.T) {
	head := "NEURON { SUFFIX c NONSPECIFIC_CURRENT i RANGE r }\nASSIGNED { v i r }\n"
	for _, tc := range []struct {
		src      string
		promoted bool
	}{
		{"BREAKPOINT { r = f(v) i = r*v }\nFUNCTION f(x) { f = exp(x/10) }", true},
		{"BREAKPOINT { r = v i = f(v) }\nFUNCTION f(x) { f = r*x }", false},
	} {
		f, err := Parse("c.mod", []byte(head+tc.src))
		if err != nil {
			t.Fatal(err)
		}
		src, err := Generate(f, "c")
		if err != nil {
			t.Fatal(err)
		}
		s := string(src)
		cur := s[strings.Index(s, "func (m *C) Current("):]
		cur = cur[:strings.Index(cur, "\n}\n")]
		if got := strings.Contains(cur, "V := e.V[:k1]"); got != tc.promoted {
			t.Errorf("%q: promoted %v, want %v:\n%s", tc.src, got, tc.promoted, cur)
		}
	}
}

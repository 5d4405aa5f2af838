package nmodl

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Unsupported is returned by Generate for a mechanism the translator
// refuses: the construct and where it is.
type Unsupported struct {
	File      string
	Pos       Pos
	Construct string // "VERBATIM", "KINETIC", "TABLE", "METHOD derivimplicit", ...
	Why       string
}

func (u *Unsupported) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", u.File, u.Pos.Line, u.Pos.Col, u.Construct, u.Why)
}

// unitConstants are the values of the UNITS constants the reference
// mechanisms use, in nocmodl's modern units (nrnunits.lib): (from, to).
var unitConstants = map[[2]string]float64{
	{"faraday", "coulombs"}:      96485.3321233100141,
	{"faraday", "coulomb"}:       96485.3321233100141,
	{"faraday", "kilocoulombs"}:  96.4853321233100141,
	{"faraday", "10000 coulomb"}: 9.64853321233100141,
	{"k-mole", "joule/degC"}:     8.31446261815324,
	{"pi", "1"}:                  math.Pi,
}

// GoName returns the exported Go type name of a mechanism.
func GoName(mech string) string {
	r := []rune(mech)
	if len(r) == 0 {
		return "Mech"
	}
	if !unicode.IsUpper(r[0]) {
		if unicode.IsLetter(r[0]) {
			r[0] = unicode.ToUpper(r[0])
		} else {
			return "M" + mech
		}
	}
	return string(r)
}

// Generate translates a parsed and checked mechanism into the Go source
// of a sim/mech.Mechanism in package pkg, registered under its NEURON
// name. A construct it does not translate is an *Unsupported with its
// position; nothing is generated then.
func Generate(f *File, pkg string) ([]byte, error) {
	src, _, err := generate(f, pkg)
	return src, err
}

// generate is Generate, which also returns the lane file of the
// mechanism's instance loops (lanes.go; nil if none has lanes).
func generate(f *File, pkg string) (src, lanes []byte, err error) {
	g := &gen{f: f, typ: GoName(f.Neuron.Name), vars: map[string]varKind{}, consts: map[string]string{}}
	// VERBATIM first: names defined in C code are not errors of the file.
	if hasCode(f) {
		return nil, nil, g.refusals()
	}
	if _, errs := Check(f); len(errs) > 0 {
		return nil, nil, errs[0]
	}
	f, err = expandArrays(f)
	if err != nil {
		return nil, nil, err
	}
	g.f = f
	if err := g.refusals(); err != nil {
		return nil, nil, err
	}
	if err := g.classify(); err != nil {
		return nil, nil, err
	}
	g.file(pkg)
	if g.err != nil {
		return nil, nil, g.err
	}
	src, err = format.Source(g.b.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("nmodl: generated Go for %s does not compile (a translator bug): %v\n%s", f.Name, err, g.b.Bytes())
	}
	if g.point() {
		return src, nil, nil
	}
	src, lanes, err = laneLoops(src, pkg, g.typ)
	if err != nil {
		return nil, nil, fmt.Errorf("nmodl: lanes for %s (a translator bug): %v", f.Name, err)
	}
	return src, lanes, nil
}

type varKind int

const (
	vInstance varKind = iota + 1 // a slice, one value per instance
	vGlobal                      // a scalar of the mechanism
)

// tableField is a TABLE of a PROCEDURE or FUNCTION: its columns.
type tableField struct {
	name  string
	cols  []string
	ndeps int
	n     int
}

type gen struct {
	// stateDerived are the variables a derivimplicit block assigns from
	// expressions of the states.
	stateDerived []string
	method       string    // the SOLVE method of the DERIVATIVE block being written
	eulerDs      []string  // euler: the states whose derivative d_x is pending
	implicitDs   []*Assign // derivimplicit: the equations, for secondorder's extrapolation
	// tail, when set, is written by the next body before its closing
	// brace (in its scope).
	tail    func()
	lastPos Pos             // of the name being translated, for errors
	promote map[string]bool // instance variables held in locals x_name
	tables  []tableField
	f       *File
	typ     string
	vars    map[string]varKind
	consts  map[string]string // DEFINE, CONSTANT and UNITS constants: Go literal
	order   []string          // instance variables in declaration order
	gorder  []string          // globals in declaration order
	defs    map[string]float64
	b       bytes.Buffer
	err     error
	locals  map[string]bool // names local to the block being written
	loop    *loopRec        // set while a promoted instance loop is written
	// stepExp is set while Current and State are written: their
	// exponentials are vmath.Exp (the same bits in ExpSlice's vector
	// lanes); Init, NET_RECEIVE and the methods of PROCEDUREs and
	// FUNCTIONs keep math.Exp.
	stepExp bool
	nscr    int // scratch arrays of the distributed loops (vecloop.go)
	// inReceive is set while NET_RECEIVE is written (net_send is
	// translated there).
	inReceive bool
	// ldiffWritten is set once a KINETIC block's LONGITUDINAL_DIFFUSION
	// methods are written.
	ldiffWritten bool
	// arrayElems are the user names name[i] of the elements of arrays
	// by their Go-side names (arrays.go).
	arrayElems map[string]string
}

func (g *gen) unsupported(p Pos, construct, why string) error {
	return &Unsupported{File: g.f.Name, Pos: p, Construct: construct, Why: why}
}

// refusals reports the first construct the translator does not handle.
func (g *gen) refusals() error {
	f := g.f
	harmless := harmlessReloads(f)
	for _, v := range f.Verbatims {
		if headersOnly(v.Text) || harmless[v.Pos] || (v.In == "" && emptyBBCoreStubs(v.Text)) {
			continue
		}
		in := "at the top level"
		if v.In != "" {
			in = "in " + v.In
		}
		return g.unsupported(v.Pos, "VERBATIM", "C code "+in+" cannot be translated; the mechanism needs a native Go implementation")
	}
	if f.Neuron.Kind != "SUFFIX" && f.Neuron.Kind != "POINT_PROCESS" {
		return g.unsupported(f.Neuron.Pos, f.Neuron.Kind, "not yet translated (density mechanisms and point processes are)")
	}
	for _, ion := range f.Neuron.Ions {
		for _, w := range ion.Write {
			if w == "e"+ion.Name {
				return g.unsupported(ion.Pos, "WRITE "+w, "writing a reversal potential is not yet translated")
			}
		}
	}
	// A POINTER or BBCOREPOINTER is a pointer NEURON's setpointer aims
	// at another mechanism's variable (or, BBCOREPOINTER, a C object the
	// VERBATIM code uses). Read and written as a value in NMODL code, it
	// is translated as a per-instance variable of the mechanism (its
	// ASSIGNED declaration) that the user or a linking mechanism sets;
	// one the file never uses changes nothing (NGV's Glia.mod). One that
	// C code names is a C object: refused.
	for _, list := range []struct {
		what  string
		names []string
	}{{"POINTER", f.Neuron.Pointer}, {"BBCOREPOINTER", f.Neuron.BBCore}} {
		for _, name := range list.names {
			if inVerbatim(f, name) {
				return g.unsupported(f.Neuron.Pos, list.what+" "+name,
					"a pointer the C code of VERBATIM uses (a C object): not translated")
			}
			if nameUsed(f, name) && !declaredAssigned(f, name) {
				return g.unsupported(f.Neuron.Pos, list.what+" "+name, "a pointer the file uses must be declared in ASSIGNED")
			}
		}
	}
	if len(f.Neuron.Electrode) > 0 {
		return g.unsupported(f.Neuron.Pos, "ELECTRODE_CURRENT", "not yet translated")
	}
	for _, b := range f.Blocks {
		switch b.Kind {
		case "INITIAL", "BREAKPOINT", "DERIVATIVE", "PROCEDURE", "FUNCTION":
		case "KINETIC":
			if _, err := g.kinetic(b); err != nil {
				return err
			}
		case "NET_RECEIVE":
			var bad error
			walk(b.Body, func(s Stmt) {
				switch s := s.(type) {
				case *Nested:
					if s.Kind == "INITIAL" && len(s.Body) > 0 && bad == nil {
						bad = g.unsupported(s.Pos, "INITIAL in NET_RECEIVE", "not yet translated")
					}
				case *ExprStmt:
					if c, ok := s.X.(*Call); ok && (c.Name == "net_event" || c.Name == "net_move") && bad == nil {
						bad = g.unsupported(c.Pos, c.Name, "events sent from NET_RECEIVE are not yet translated (net_send is)")
					}
				}
			})
			if bad != nil {
				return bad
			}
			continue
		default:
			return g.unsupported(b.Pos, b.Kind, "not yet translated")
		}
		var bad error
		walk(b.Body, func(s Stmt) {
			if bad != nil {
				return
			}
			switch s := s.(type) {
			case *Table:
				if (b.Kind != "PROCEDURE" && b.Kind != "FUNCTION") || len(b.Params) != 1 {
					bad = g.unsupported(s.Pos, "TABLE", "a TABLE must be in a PROCEDURE or FUNCTION of one argument")
				}
			case *Assign:
				if s.Deriv > 1 {
					bad = g.unsupported(s.Pos, "higher derivative", "x'' equations are not yet translated")
				}
			case *Solve:
				kin := false
				if t := g.blockNamed(s.Name); t != nil && t.Kind == "KINETIC" {
					kin = true
				}
				if s.SteadyState != "" {
					if s.SteadyState != "sparse" || !kin {
						bad = g.unsupported(s.Pos, "STEADYSTATE "+s.SteadyState, "not yet translated (STEADYSTATE sparse of a KINETIC block is)")
					}
					return
				}
				switch {
				case kin && s.Method == "sparse":
				case kin:
					bad = g.unsupported(s.Pos, "METHOD "+s.Method, "a KINETIC block is translated with METHOD sparse")
				case s.Method == "", s.Method == "cnexp", s.Method == "derivimplicit", s.Method == "euler", s.Method == "after_cvode":
				default:
					bad = g.unsupported(s.Pos, "METHOD "+s.Method, "not yet translated (cnexp, derivimplicit and euler are; sparse for KINETIC blocks)")
				}
			case *Reaction, *Conserve, *Compartment:
				if b.Kind != "KINETIC" {
					bad = g.unsupported(s.stmtPos(), fmt.Sprintf("%T", s)[len("*nmodl."):], "outside a KINETIC block")
				}
			case *Watch:
				bad = g.unsupported(s.stmtPos(), fmt.Sprintf("%T", s)[len("*nmodl."):], "not yet translated")
			case *ExprStmt:
				if c, ok := s.X.(*Call); ok && randomFuncs[c.Name] {
					bad = g.unsupported(c.Pos, c.Name, "random numbers of NEURON's scop library are not translated (the mechanism needs a native Go implementation with Golgi's streams)")
				}
				if c, ok := s.X.(*Call); ok && (c.Name == "net_send" || c.Name == "net_event" || c.Name == "net_move") {
					bad = g.unsupported(c.Pos, c.Name, "events sent outside NET_RECEIVE are not yet translated")
				}
			}
		})
		if bad != nil {
			return bad
		}
	}
	return nil
}

// randomFuncs are NEURON's random-number functions callable from NMODL.
var randomFuncs = map[string]bool{"set_seed": true, "scop_random": true, "normrand": true, "exprand": true, "unirand": true}

// walk calls fn on every statement of body, nested ones included.
func walk(body []Stmt, fn func(Stmt)) {
	for _, s := range body {
		fn(s)
		switch s := s.(type) {
		case *If:
			walk(s.Then, fn)
			walk(s.Else, fn)
		case *While:
			walk(s.Body, fn)
		case *From:
			walk(s.Body, fn)
		case *Nested:
			walk(s.Body, fn)
		}
	}
}

// classify decides which variables are per instance and which global.
func (g *gen) classify() error {
	f := g.f
	inRange := map[string]bool{}
	for _, n := range f.Neuron.Range {
		inRange[n] = true
	}
	global := map[string]bool{}
	for _, n := range f.Neuron.Global {
		global[n] = true
	}
	g.defs = map[string]float64{}
	g.arrayElems = map[string]string{}
	for _, ds := range [][]Decl{f.Parameters, f.Constants, f.Assigned, f.States, f.Locals} {
		for _, d := range ds {
			if d.Array != "" {
				g.arrayElems[d.Name] = fmt.Sprintf("%s[%d]", d.Array, d.Elem)
			}
		}
	}
	inst := func(n string) {
		if _, ok := g.vars[n]; !ok {
			g.vars[n] = vInstance
			g.order = append(g.order, n)
		}
	}
	glob := func(n string, def float64) {
		if _, ok := g.vars[n]; !ok {
			g.vars[n] = vGlobal
			g.gorder = append(g.gorder, n)
			g.defs[n] = def
		}
	}
	for _, d := range f.Defines {
		g.consts[d.Name] = floatLit(strconv.Itoa(d.Value))
	}
	for _, d := range f.Constants {
		g.consts[d.Name] = goFloat(d.Value)
	}
	for _, u := range f.Units {
		if u.Name == "" {
			continue
		}
		if u.HasValue {
			g.consts[u.Name] = goFloat(u.Value)
			continue
		}
		v, ok := unitConstants[[2]string{u.From, u.To}]
		if !ok {
			return g.unsupported(u.Pos, "UNITS "+u.Name, fmt.Sprintf("the constant (%s) in (%s) is not in Golgi's table of units", u.From, u.To))
		}
		g.consts[u.Name] = goFloat(v)
	}
	inst("v")
	for _, b := range f.Blocks {
		if tableOf(b) != nil {
			glob("usetable", 1) // NEURON's usetable_<suffix>
			break
		}
	}
	// Ion variables are per instance whatever block declares them: the
	// mechanism's copies of the ion's values (nocmodl's _ion_ pointers).
	for _, ion := range f.Neuron.Ions {
		for _, n := range append(append([]string{}, ion.Read...), ion.Write...) {
			inst(n)
		}
	}
	for _, d := range f.Locals {
		glob(d.Name, 0) // a top-level LOCAL: one variable of the mechanism
	}
	for _, d := range f.Parameters {
		if builtinVars[d.Name] {
			continue
		}
		if inRange[d.Name] && !global[d.Name] {
			inst(d.Name)
		} else {
			glob(d.Name, nocmodlDefault(d.Value))
		}
		if inRange[d.Name] {
			g.defs[d.Name] = nocmodlDefault(d.Value)
		}
	}
	for _, d := range f.States {
		inst(d.Name)
		if inRange[d.Name0()] {
			inst(d.Name0())
		} else {
			glob(d.Name0(), 0)
		}
	}
	for _, d := range f.Assigned {
		if builtinVars[d.Name] {
			continue
		}
		if global[d.Name] {
			glob(d.Name, 0)
		} else {
			inst(d.Name)
		}
	}
	for _, n := range f.Neuron.Nonspecific {
		inst(n)
	}
	for _, n := range f.Neuron.Range {
		inst(n) // undeclared RANGE names (nocmodl makes them ASSIGNED)
	}
	return nil
}

func (g *gen) p(format string, args ...any) { fmt.Fprintf(&g.b, format+"\n", args...) }

// floatLit writes an NMODL number as a Go float literal (NMODL numbers
// are doubles: 1/2 is 0.5).
func floatLit(text string) string {
	if strings.ContainsAny(text, ".eE") {
		if strings.HasSuffix(text, ".") {
			return text + "0"
		}
		if strings.HasPrefix(text, ".") {
			return "0" + text
		}
		return text
	}
	return text + ".0"
}

// goFloat writes v as a Go float literal (a constant 1 must not divide
// as an integer).
func goFloat(v float64) string {
	return "(" + floatLit(strconv.FormatFloat(v, 'g', -1, 64)) + ")"
}

func fieldName(n string) string { return "X_" + n }

// currents lists the currents the mechanism contributes: written ion
// currents (with their ion) and NONSPECIFIC_CURRENTs.
func (g *gen) currents() (ionCur [][2]string, nonspec []string) {
	for _, ion := range g.f.Neuron.Ions {
		for _, w := range ion.Write {
			if w == "i"+ion.Name {
				ionCur = append(ionCur, [2]string{ion.Name, w})
			}
		}
	}
	return ionCur, g.f.Neuron.Nonspecific
}

func (g *gen) file(pkg string) {
	f, t := g.f, g.typ
	g.p("// Code generated by golgi nmodl from %s; DO NOT EDIT.", baseName(f.Name))
	g.p("")
	g.p("package %s", pkg)
	g.p("")
	g.p("import (\n\"math\"\n\n\"github.com/golgi-sim/golgi/sim/mech\"\n\"github.com/golgi-sim/golgi/sim/vmath\"\n)")
	g.p("")
	g.p("var (\n_ = math.Exp\n_ = vmath.Exp\n)")
	g.p("")
	g.p("func init() {\n mech.MustRegisterSet(%q, %q, func(n int) mech.Mechanism { return New%s(n) })\n}", pkg, f.Neuron.Name, t)
	g.p("")
	// The type and New are written last, when the loops have said how
	// many scratch arrays they need.
	mark := g.b.Len()
	g.p("func (m *%s) Name() string { return %q }", t, f.Neuron.Name)
	if g.point() {
		g.p("func (m *%s) Kind() mech.Kind { return mech.PointProcess }", t)
	} else {
		g.p("func (m *%s) Kind() mech.Kind { return mech.Density }", t)
	}
	g.p("func (m *%s) Len() int { return m.n }", t)
	g.p("")
	g.p("func (m *%s) Ions() []mech.IonUse {", t)
	g.p("return []mech.IonUse{")
	for _, ion := range f.Neuron.Ions {
		g.p("{Name: %q, Read: %#v, Write: %#v, Valence: %v},", ion.Name, ion.Read, ion.Write, ion.Valence)
	}
	g.p("}\n}")
	g.p("")
	g.varsMethods()
	g.initMethod()
	g.stepExp = true
	g.currentMethods()
	g.stateMethod()
	g.stepExp = false
	rest := append([]byte(nil), g.b.Bytes()[mark:]...)
	g.b.Truncate(mark)
	g.typeAndNew()
	g.b.Write(rest)
	for _, b := range f.Blocks {
		switch b.Kind {
		case "PROCEDURE", "FUNCTION":
			g.funcMethod(b)
		case "NET_RECEIVE":
			g.netReceive(b)
		case "KINETIC":
			g.kineticMethods(b)
		}
	}
	g.p("// tables%s holds the mechanism's TABLEs.", t)
	g.p("type tables%s struct {", t)
	for _, tb := range g.tables {
		var cols []string
		for i := range tb.cols {
			cols = append(cols, fmt.Sprintf("c%d", i))
		}
		g.p("tab_%s struct {\nok bool\ndep [%d]float64\nmfac, tmin float64\n%s [%d]float64\n}", tb.name, tb.ndeps, strings.Join(cols, ", "), tb.n+1)
	}
	g.p("}")
}

// typeAndNew writes the mechanism's type and its New function.
func (g *gen) typeAndNew() {
	f, t := g.f, g.typ
	title := f.Title
	if title != "" {
		title = ": " + title
	}
	what := "density mechanism"
	if g.point() {
		what = "point process"
	}
	g.p("// %s is the %s %s of %s%s.", t, what, f.Neuron.Name, baseName(f.Name), title)
	g.p("type %s struct {", t)
	g.p("n int")
	g.p("tables%s", t)
	for _, n := range g.order {
		g.p("%s []float64", fieldName(n))
	}
	for _, n := range g.gorder {
		g.p("%s float64", fieldName(n))
	}
	if g.nscr > 0 {
		g.p("// scratch holds per instance what the stages of the distributed")
		g.p("// loops of Current and State pass on (vecloop.go).")
		g.p("scratch [%d][]float64", g.nscr)
	}
	g.p("}")
	g.p("")
	g.p("// New%s returns %s over n instances at its default parameters.", t, f.Neuron.Name)
	g.p("func New%s(n int) *%s {", t, t)
	g.p("m := &%s{n: n}", t)
	// One allocation for all instance variables, a stride of an odd
	// number of cache lines apart: slices of their own would start at the
	// same address modulo 4096, where the CPU takes the loads and stores
	// of one instance for overlapping (4K aliasing; twice the time of the
	// hh benchmark at 1000 instances).
	g.p("// The instance variables share one allocation, an odd number of")
	g.p("// cache lines apart (separate ones would alias modulo 4096).")
	g.p("stride := 8 * ((n+7)/8 | 1)")
	g.p("back := make([]float64, %d*stride)", len(g.order)+g.nscr)
	for i, n := range g.order {
		switch i {
		case 0:
			g.p("m.%s = back[:n:n]", fieldName(n))
		case 1:
			g.p("m.%s = back[stride : stride+n : stride+n]", fieldName(n))
		default:
			g.p("m.%s = back[%d*stride : %d*stride+n : %d*stride+n]", fieldName(n), i, i, i)
		}
	}
	for j := range g.nscr {
		i := len(g.order) + j
		g.p("m.scratch[%d] = back[%d*stride : %d*stride+n : %d*stride+n]", j, i, i, i)
	}
	for _, d := range f.Parameters {
		if g.vars[d.Name] == vInstance && d.Value != 0 {
			g.p("for k := range m.%s { m.%s[k] = %s }", fieldName(d.Name), fieldName(d.Name), strconv.FormatFloat(nocmodlDefault(d.Value), 'g', -1, 64))
		}
	}
	for _, n := range g.gorder {
		if v := g.defs[n]; v != 0 {
			g.p("m.%s = %s", fieldName(n), strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	g.p("return m")
	g.p("}")
	g.p("")
}

// userName is the name users give a variable: name[i] for element i of
// an array (expanded into its elements, arrays.go), else its own.
func (g *gen) userName(n string) string {
	if u, ok := g.arrayElems[n]; ok {
		return u
	}
	return n
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

func (g *gen) varsMethods() {
	t := g.typ
	names := append([]string{}, g.order...)
	sort.Slice(names, func(i, j int) bool { return g.userName(names[i]) < g.userName(names[j]) })
	user := make([]string, len(names))
	for i, n := range names {
		user[i] = g.userName(n)
	}
	g.p("// Vars lists the per-instance variables.")
	g.p("func (m *%s) Vars() []string { return %#v }", t, user)
	g.p("")
	g.p("// Var returns a per-instance variable, or nil.")
	g.p("func (m *%s) Var(name string) []float64 {", t)
	g.p("switch name {")
	for _, n := range names {
		g.p("case %q: return m.%s", g.userName(n), fieldName(n))
	}
	g.p("}\nreturn nil\n}")
	g.p("")
	g.p("// Limits are the PARAMETER limits <lo, hi> of the .mod file.")
	g.p("func (m *%s) Limits() map[string][2]float64 {", t)
	g.p("return map[string][2]float64{")
	for _, d := range g.f.Parameters {
		if d.HasLimits {
			g.p("%q: {%s, %s},", g.userName(d.Name), strconv.FormatFloat(d.Lo, 'g', -1, 64), strconv.FormatFloat(d.Hi, 'g', -1, 64))
		}
	}
	g.p("}\n}")
	g.p("")
	g.p("// SetGlobal sets a GLOBAL parameter.")
	g.p("func (m *%s) SetGlobal(name string, value float64) error {", t)
	g.p("switch name {")
	for _, n := range g.gorder {
		g.p("case %q: m.%s = value; return nil", g.userName(n), fieldName(n))
	}
	g.p("}\nreturn mech.ErrNoGlobal(%q, name)\n}", g.f.Neuron.Name)
	g.p("")
}

// ionCopyIn writes the copies of the ion variables the mechanism reads
// (and the concentrations it writes) into its own, as nocmodl does.
func (g *gen) ionCopyIn(currentsToo bool) {
	for _, ion := range g.f.Neuron.Ions {
		vars := map[string]bool{}
		for _, r := range ion.Read {
			vars[r] = true
		}
		for _, w := range ion.Write {
			if w == ion.Name+"i" || w == ion.Name+"o" {
				vars[w] = true
			}
		}
		for _, n := range sortedKeys(vars) {
			src := ionField(ion.Name, n)
			if src == "" || (!currentsToo && n == "i"+ion.Name) {
				continue
			}
			g.p("m.%s[k] = ion_%s.%s[k]", fieldName(n), ion.Name, src)
		}
	}
}

// concCopyOut writes back written concentrations; at initialisation
// (nernst) E follows at once (nrn_wrote_conc), during a run the ion
// recomputes it at the start of the next step.
func (g *gen) concCopyOut(nernst bool) {
	for _, ion := range g.f.Neuron.Ions {
		wrote := false
		for _, w := range ion.Write {
			if w == ion.Name+"i" || w == ion.Name+"o" {
				g.p("ion_%s.%s[k] = m.%s[k]", ion.Name, ionField(ion.Name, w), fieldName(w))
				wrote = true
			}
		}
		if wrote && nernst {
			g.p("ion_%s.WroteConc(k, e.Celsius)", ion.Name)
		}
	}
}

// ionField maps an ion variable to the mech.Ion field.
func ionField(ion, n string) string {
	switch n {
	case ion + "i":
		return "Ci"
	case ion + "o":
		return "Co"
	case "e" + ion:
		return "E"
	case "i" + ion:
		return "I"
	}
	return ""
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (g *gen) ionLocals() {
	for i, ion := range g.f.Neuron.Ions {
		g.p("ion_%s := e.IonAt(%d, %q)", ion.Name, i, ion.Name)
		g.p("_ = ion_%s", ion.Name)
	}
}

func (g *gen) blockOf(kind string) *Block {
	for _, b := range g.f.Blocks {
		if b.Kind == kind {
			return b
		}
	}
	return nil
}

// blockNamed returns the block called name, or nil.
func (g *gen) blockNamed(name string) *Block {
	for _, b := range g.f.Blocks {
		if b.Name == name {
			return b
		}
	}
	return nil
}

func (g *gen) initMethod() {
	g.p("// Init is the INITIAL block (NEURON's nrn_init).")
	g.p("func (m *%s) Init(e *mech.Env) {", g.typ)
	g.ionLocals()
	g.p("for k := 0; k < m.n; k++ {")
	g.p("m.X_v[k] = e.V[k]")
	g.ionCopyIn(true)
	ionVar := map[string]bool{}
	for _, ion := range g.f.Neuron.Ions {
		for _, n := range append(append([]string{}, ion.Read...), ion.Write...) {
			ionVar[n] = true
		}
	}
	for _, s := range g.f.States {
		if !ionVar[s.Name] {
			g.p("m.%s[k] = %s", fieldName(s.Name), g.ref(s.Name0()))
		}
	}
	if b := g.blockOf("INITIAL"); b != nil {
		g.body(b.Body, nil)
	}
	g.concCopyOut(true)
	g.p("}\n}")
	g.p("")
}

// Name0 is the implicit initial-value parameter of a STATE.
// The elements of an array STATE share one, the array's (nocmodl's
// ca[i] = ca0).
func (d Decl) Name0() string {
	if d.Array != "" {
		return d.Array + "0"
	}
	return d.Name + "0"
}

func (g *gen) currentMethods() {
	ionCur, nonspec := g.currents()
	bp := g.blockOf("BREAKPOINT")
	g.p("// current is the BREAKPOINT block at potential v: the total current.")
	g.p("func (m *%s) current(e *mech.Env, k int, v float64) float64 {", g.typ)
	keep := func(s Stmt) bool { _, ok := s.(*Solve); return !ok }
	// Without calls, the block's instance variables live in locals: one
	// load before and one store after, instead of a slice access each.
	var body []Stmt
	if bp != nil {
		for _, s := range bp.Body {
			if keep(s) {
				body = append(body, s)
			}
		}
	}
	promoted := !g.callsUser(body)
	if promoted {
		read, written := g.instanceNames(body)
		for _, c := range ionCur {
			read[c[1]] = true
		}
		for _, n := range nonspec {
			read[n] = true
		}
		g.promotedBody(body, read, written, "v", func(n string) string { return "m." + fieldName(n) + "[k]" }, true)
	} else {
		g.p("m.X_v[k] = v")
		g.body(body, nil)
	}
	var terms []string
	for _, c := range ionCur {
		terms = append(terms, g.ref(c[1]))
	}
	for _, n := range nonspec {
		terms = append(terms, g.ref(n))
	}
	g.promote = nil
	if len(terms) == 0 {
		g.p("return 0")
	} else {
		g.p("var cur float64")
		for _, t := range terms {
			g.p("cur += %s", t)
		}
		g.p("return cur")
	}
	g.p("}")
	g.p("")
	g.p("// Current adds the currents and their slopes (NEURON's nrn_cur).")
	g.p("func (m *%s) Current(e *mech.Env) { m.CurrentRange(e, 0, m.n) }", g.typ)
	g.p("")
	g.p("// CurrentRange is Current for the instances k0 to k1-1 (mech.Ranged).")
	g.p("func (m *%s) CurrentRange(e *mech.Env, k0, k1 int) {", g.typ)
	if !g.hasCurrents() {
		g.p("// No currents: BREAKPOINT runs in State, as nocmodl.")
		g.p("}")
		g.p("")
		return
	}
	defer g.ranged(g.b.Len())
	g.ionLocals()
	if hints := g.conductances(body, ionCur, nonspec); promoted && hints != nil && !g.point() {
		g.hintedCurrent(body, ionCur, nonspec, hints)
		return
	}
	if promoted {
		g.inlineCurrent(body, ionCur, nonspec)
		return
	}
	if g.promotedCurrent(body, ionCur, nonspec) {
		return
	}
	g.p("for k := 0; k < m.n; k++ {")
	g.p("v := e.V[k]")
	g.ionCopyIn(false)
	g.p("g := m.current(e, k, v+.001)")
	for _, c := range ionCur {
		g.p("d%s := m.%s[k]", c[1], fieldName(c[1]))
	}
	g.p("rhs := m.current(e, k, v)")
	g.currentTail(ionCur, func(n string) string { return "m." + fieldName(n) + "[k]" }, false)
	g.p("}\n}")
	g.p("")
}

// ranged makes the method body written from mark on run over the
// instances k0 to k1-1: its instance loops start at k0 and end at k1, its
// slices are hoisted up to k1.
func (g *gen) ranged(mark int) {
	body := string(g.b.Bytes()[mark:])
	body = strings.NewReplacer(
		"for k := range V {", "for k := k0; k < k1; k++ {",
		"for k := 0; k < m.n; k++ {", "for k := k0; k < k1; k++ {",
		"[:m.n]", "[:k1]",
	).Replace(body)
	g.b.Truncate(mark)
	g.b.WriteString(body)
}

// currentTail accumulates the slope and currents of instance k, into
// the slices hoistCurrentSlices wrote if hoisted; the caller closes the
// loop.
func (g *gen) currentTail(ionCur [][2]string, cur func(string) string, hoisted bool) {
	ionRef := func(ion, field string) string { return "ion_" + ion + "." + field }
	eI, eG := "e.I", "e.G"
	if hoisted {
		ionRef = func(ion, field string) string { return "ion_" + ion + "_" + field }
		eI, eG = "e_I", "e_G"
	}
	scale := ""
	if g.point() {
		// nA to mA/cm2, as nocmodl: 1e2/area.
		scale = " * (1.e2 / e.Area[k])"
	}
	for _, c := range ionCur {
		g.p("%s[k] += (d%s - %s) / .001%s", ionRef(c[0], "DIDV"), c[1], cur(c[1]), scale)
	}
	g.p("g = (g - rhs) / .001")
	for _, c := range ionCur {
		g.p("%s[k] += %s%s", ionRef(c[0], "I"), cur(c[1]), scale)
	}
	if g.point() {
		g.p("g *= 1.e2 / e.Area[k]")
		g.p("rhs *= 1.e2 / e.Area[k]")
	}
	g.p("%s[k] += rhs", eI)
	g.p("%s[k] += g", eG)
}

// hoistCurrentSlices writes, before Current's loop, the slices it uses:
// s_name of the instance variables in vars and of the ion variables
// copied in (added to vars), ion_<ion>_<field> of the ions' fields, V,
// e_I and e_G.
func (g *gen) hoistCurrentSlices(vars map[string]bool, ionCur [][2]string) {
	copies, ions, fields := g.ionCopies(false)
	done := map[string]bool{}
	hoist := func(ion, field string) {
		if !done[ion+"."+field] {
			done[ion+"."+field] = true
			g.p("ion_%s_%s := ion_%s.%s[:m.n]", ion, field, ion, field)
		}
	}
	for i, n := range copies {
		vars[n] = true
		hoist(ions[i], fields[i])
	}
	for _, c := range ionCur {
		hoist(c[0], "I")
		hoist(c[0], "DIDV")
	}
	for _, n := range sortedKeys(vars) {
		g.p("s_%s := m.%s[:m.n]", n, fieldName(n))
	}
	g.p("V := e.V[:m.n]")
	g.p("e_I, e_G := e.I[:m.n], e.G[:m.n]")
}

// ionCopyInHoisted is ionCopyIn (currents excluded) into the slices
// hoistCurrentSlices wrote.
func (g *gen) ionCopyInHoisted() {
	copies, ions, fields := g.ionCopies(false)
	for i, n := range copies {
		g.p("s_%s[k] = ion_%s_%s[k]", n, ions[i], fields[i])
	}
}

// hoisted is the slot of instance variable n in slices hoisted out of the
// instance loop.
func hoisted(n string) string { return "s_" + n + "[k]" }

// promotedBody writes body with the instance variables it reads and
// writes held in locals x_name: loaded from slot(name) (v from vexpr),
// the body, then the written ones stored back (v only if storeV). It
// leaves g.promote set for the caller's use of the locals.
func (g *gen) promotedBody(body []Stmt, read, written map[string]bool, vexpr string, slot func(string) string, storeV bool) {
	g.promote = map[string]bool{}
	for _, n := range sortedKeys(read) {
		g.promote[n] = true
		if n == "v" {
			g.p("x_v := %s", vexpr)
		} else {
			g.p("x_%s := %s", n, slot(n))
		}
		g.p("_ = x_%s", n)
	}
	for _, n := range sortedKeys(written) {
		if !g.promote[n] {
			// Loaded too: a branch that does not assign it keeps it.
			g.promote[n] = true
			g.p("x_%s := %s", n, slot(n))
			g.p("_ = x_%s", n)
		}
	}
	g.body(body, nil)
	for _, n := range sortedKeys(written) {
		if n != "v" || storeV {
			g.p("%s = x_%s", slot(n), n)
		}
	}
}

// conductances returns the CONDUCTANCE hints of body when every current
// has one (ion currents by ion, NONSPECIFIC_CURRENTs in order), in the
// order of the statements, else nil.
func (g *gen) conductances(body []Stmt, ionCur [][2]string, nonspec []string) []*Conductance {
	var hints []*Conductance
	walk(body, func(s Stmt) {
		if c, ok := s.(*Conductance); ok {
			hints = append(hints, c)
		}
	})
	if len(hints) == 0 || len(hints) != len(ionCur)+len(nonspec) {
		return nil
	}
	ions, plain := map[string]bool{}, 0
	for _, h := range hints {
		if h.Ion == "" {
			plain++
		} else {
			ions[h.Ion] = true
		}
	}
	for _, c := range ionCur {
		if !ions[c[0]] {
			return nil
		}
	}
	if plain != len(nonspec) {
		return nil
	}
	return hints
}

// hintedCurrent writes Current as nocmodl does when every current has a
// CONDUCTANCE: the body once at v, the slope the sum of the
// conductances, each ion's slope its conductance.
func (g *gen) hintedCurrent(body []Stmt, ionCur [][2]string, nonspec []string, hints []*Conductance) {
	read, written := g.instanceNames(body)
	for _, c := range ionCur {
		read[c[1]] = true
	}
	for _, n := range nonspec {
		read[n] = true
	}
	for _, h := range hints {
		if g.vars[h.Name] == vInstance {
			read[h.Name] = true
		}
	}
	all := map[string]bool{}
	for n := range read {
		all[n] = true
	}
	for n := range written {
		all[n] = true
	}
	delete(all, "v")
	g.hoistCurrentSlices(all, ionCur)
	g.p("for k := range V {")
	g.p("v := V[k]")
	g.ionCopyInHoisted()
	g.promotedBody(body, read, written, "v", hoisted, false)
	var terms, gs []string
	for _, c := range ionCur {
		terms = append(terms, "x_"+c[1])
	}
	for _, n := range nonspec {
		terms = append(terms, "x_"+n)
	}
	for _, h := range hints {
		gs = append(gs, g.ref(h.Name))
	}
	g.p("rhs := %s", strings.Join(terms, " + "))
	g.p("g := %s", strings.Join(gs, " + "))
	for _, h := range hints {
		if h.Ion != "" {
			g.p("ion_%s_DIDV[k] += %s", h.Ion, g.ref(h.Name))
		}
	}
	for _, c := range ionCur {
		g.p("ion_%s_I[k] += x_%s", c[0], c[1])
	}
	g.promote = nil
	g.p("e_I[k] += rhs")
	g.p("e_G[k] += g")
	g.p("}\n}")
	g.p("")
}

// inlineCurrent writes Current with the BREAKPOINT body inlined twice
// (at v + 0.001 and at v), its instance variables in locals loaded from
// slices hoisted out of the loop: what NEURON computes, without a call
// and a slice header load per variable and instance.
func (g *gen) inlineCurrent(body []Stmt, ionCur [][2]string, nonspec []string) {
	read, written := g.instanceNames(body)
	for _, c := range ionCur {
		read[c[1]] = true
	}
	for _, n := range nonspec {
		read[n] = true
	}
	all := map[string]bool{}
	for n := range read {
		all[n] = true
	}
	for n := range written {
		all[n] = true
	}
	delete(all, "v")
	g.hoistCurrentSlices(all, ionCur)
	g.p("for k := range V {")
	g.p("v := V[k]")
	g.ionCopyInHoisted()
	pass := func(vexpr, result string, snapshot bool) {
		g.p("{")
		g.promotedBody(body, read, written, vexpr, hoisted, false)
		var terms []string
		for _, c := range ionCur {
			terms = append(terms, "x_"+c[1])
		}
		for _, n := range nonspec {
			terms = append(terms, "x_"+n)
		}
		if len(terms) == 0 {
			terms = []string{"0"}
		}
		g.p("%s = %s", result, strings.Join(terms, " + "))
		if snapshot {
			for _, c := range ionCur {
				g.p("d%s = x_%s", c[1], c[1])
			}
		}
		g.promote = nil
		g.p("}")
	}
	g.p("var g, rhs float64")
	for _, c := range ionCur {
		g.p("var d%s float64", c[1])
	}
	pass("v + .001", "g", true)
	pass("v", "rhs", false)
	g.currentTail(ionCur, func(n string) string { return "s_" + n + "[k]" }, true)
	g.p("}\n}")
	g.p("")
}

func (g *gen) stateMethod() {
	g.p("// State runs the SOLVE statements at the new potentials (NEURON's nrn_state).")
	g.p("func (m *%s) State(e *mech.Env) { m.StateRange(e, 0, m.n) }", g.typ)
	g.p("")
	g.p("// StateRange is State for the instances k0 to k1-1 (mech.Ranged).")
	g.p("func (m *%s) StateRange(e *mech.Env, k0, k1 int) {", g.typ)
	defer g.ranged(g.b.Len())
	if g.halvesDt() {
		// nocmodl's nrn_state with secondorder: the whole state update
		// at dt/2 (dt restored after).
		g.p("if e.SecondOrder != 0 {")
		g.p("eh := *e")
		g.p("eh.Dt *= 0.5")
		g.p("e = &eh")
		g.p("}")
	}
	if g.promotedLoop(g.stateBody) {
		return
	}
	g.ionLocals()
	g.p("for k := 0; k < m.n; k++ {")
	g.p("m.X_v[k] = e.V[k]")
	g.ionCopyIn(true)
	g.stateBody()
	g.concCopyOut(false)
	g.p("}\n}")
	g.p("")
}

// stateBody writes the statements State runs for instance k.
func (g *gen) stateBody() {
	bp := g.blockOf("BREAKPOINT")
	if bp == nil {
		return
	}
	if g.hasCurrents() {
		walk(bp.Body, func(s Stmt) {
			if sv, ok := s.(*Solve); ok {
				g.solve(sv)
			}
		})
		return
	}
	// Without currents nocmodl runs the whole BREAKPOINT here, once per
	// step at its end: the SOLVEs first (nocmodl's nrn_state calls the
	// solvers before the block's other statements, wherever the SOLVE
	// stands: mcd13.mod tests glu2 above it), then the other statements
	// in order.
	saved := g.locals
	g.locals = map[string]bool{}
	defer func() { g.locals = saved }()
	g.p("{")
	for _, s := range bp.Body {
		if sv, ok := s.(*Solve); ok {
			g.solve(sv)
		}
	}
	for _, s := range bp.Body {
		if _, ok := s.(*Solve); !ok {
			g.stmt(s)
		}
	}
	g.p("}")
}

// solve writes a SOLVE statement of BREAKPOINT for instance k.
func (g *gen) solve(sv *Solve) {
	var target *Block
	for _, b := range g.f.Blocks {
		if b.Name == sv.Name {
			target = b
		}
	}
	if target == nil {
		return
	}
	if target.Kind == "PROCEDURE" {
		if g.loop != nil {
			g.inlineProc(target, nil)
			return
		}
		g.p("m.p_%s(e, k)", target.Name)
		return
	}
	if target.Kind == "KINETIC" {
		if g.loop != nil {
			g.loop.failed = true // the Newton iteration runs per instance
			return
		}
		g.p("_ = m.kin_%s(e, k, false) // NEURON ignores the solver's errors", target.Name)
		return
	}
	g.method = sv.Method
	g.eulerDs = nil
	g.implicitDs = nil
	g.stateDerived = nil
	if sv.Method == "derivimplicit" {
		walk(target.Body, func(s Stmt) {
			a, ok := s.(*Assign)
			if !ok || a.Deriv > 0 {
				return
			}
			for _, st := range g.f.States {
				if dependsOn(a.RHS, st.Name) {
					if id, ok := a.LHS.(*Ident); ok {
						g.stateDerived = append(g.stateDerived, id.Name)
					}
					return
				}
			}
		})
	}
	if sv.Method == "euler" {
		walk(target.Body, func(s Stmt) {
			if a, ok := s.(*Assign); ok && a.Deriv > 0 {
				g.p("var d_%s float64", a.LHS.(*Ident).Name)
			}
		})
	}
	if sv.Method == "derivimplicit" {
		// secondorder: s += dt/2 s'(s) at the states just solved for
		// (nocmodl evaluates the derivatives once more after its Newton
		// iteration), in the block's scope.
		g.tail = func() {
			if len(g.implicitDs) == 0 {
				return
			}
			g.p("if e.SecondOrder != 0 {")
			for _, a := range g.implicitDs {
				g.p("d2_%s := %s", a.LHS.(*Ident).Name, g.fexpr(a.RHS))
			}
			for _, a := range g.implicitDs {
				x := a.LHS.(*Ident).Name
				g.p("%s = %s + e.Dt*d2_%s", g.wref(x), g.ref(x), x)
			}
			g.p("}")
		}
	}
	g.body(target.Body, nil)
	g.tail = nil
	for _, x := range g.eulerDs {
		g.p("%s = %s + e.Dt*d_%s", g.wref(x), g.ref(x), x)
	}
	if len(g.eulerDs) > 0 {
		// secondorder: the second half step with the same derivatives
		// (nocmodl's euler leaves them as they were at the start).
		g.p("if e.SecondOrder != 0 {")
		for _, x := range g.eulerDs {
			g.p("%s = %s + e.Dt*d_%s", g.wref(x), g.ref(x), x)
		}
		g.p("}")
	}
	g.method, g.eulerDs, g.implicitDs = "", nil, nil
}

// halvesDt reports whether a SOLVE of BREAKPOINT uses a method whose
// nrn_state nocmodl runs at dt/2 under secondorder (derivimplicit,
// euler).
func (g *gen) halvesDt() bool {
	bp := g.blockOf("BREAKPOINT")
	if bp == nil {
		return false
	}
	found := false
	walk(bp.Body, func(s Stmt) {
		if sv, ok := s.(*Solve); ok && (sv.Method == "derivimplicit" || sv.Method == "euler") {
			found = true
		}
	})
	return found
}

// tableOf returns the TABLE statement of a block, or nil.
func tableOf(b *Block) *Table {
	for _, s := range b.Body {
		if t, ok := s.(*Table); ok {
			return t
		}
	}
	return nil
}

func (g *gen) funcMethod(b *Block) {
	if tab := tableOf(b); tab != nil {
		g.tabled(b, tab)
		return
	}
	g.rawFunc(b, "")
}

// tabled writes a PROCEDURE or FUNCTION with a TABLE as NEURON runs it
// with usetable on (the default): the body evaluated at n+1 points of
// [from, to] (rebuilt when celsius or a DEPEND variable changes), then
// linear interpolation in the argument, the end values outside.
func (g *gen) tabled(b *Block, tab *Table) {
	t, name := g.typ, b.Name
	for _, n := range tab.Names {
		if g.vars[n] == 0 {
			g.err = g.unsupported(tab.Pos, "TABLE "+n, "a tabulated variable must be declared")
			return
		}
	}
	deps := []string{"e.Celsius"}
	for _, d := range tab.Depend {
		if d == "celsius" {
			continue
		}
		if d == "dt" {
			deps = append(deps, "e.Dt")
			continue
		}
		if g.vars[d] != vGlobal {
			g.err = g.unsupported(tab.Pos, "TABLE DEPEND "+d, "a table may depend only on GLOBAL variables")
			return
		}
		deps = append(deps, "m."+fieldName(d))
	}
	cols := tab.Names
	if b.Kind == "FUNCTION" {
		cols = []string{name}
	}
	g.tables = append(g.tables, tableField{name: name, cols: cols, ndeps: len(deps), n: tab.With})
	g.rawFunc(b, "raw_")
	arg := "a_" + b.Params[0].Name
	from, to := g.fexpr(tab.From), g.fexpr(tab.To)
	g.p("// table_%s builds %s's table if it is missing or out of date.", name, name)
	g.p("func (m *%s) table_%s(e *mech.Env, k int) {", t, name)
	g.p("dep := [%d]float64{%s}", len(deps), strings.Join(deps, ", "))
	g.p("if m.tab_%s.ok && m.tab_%s.dep == dep { return }", name, name)
	g.p("tmin, tmax := %s, %s", from, to)
	g.p("dx := (tmax - tmin) / %d.0", tab.With)
	g.p("m.tab_%s.mfac = 1.0 / dx", name)
	g.p("m.tab_%s.tmin = tmin", name)
	g.p("x := tmin")
	g.p("for i := 0; i < %d; i++ {", tab.With+1)
	if b.Kind == "FUNCTION" {
		g.p("m.tab_%s.c0[i] = m.raw_%s(e, k, x)", name, name)
	} else {
		g.p("m.raw_%s(e, k, x)", name)
		for i, c := range cols {
			g.p("m.tab_%s.c%d[i] = %s", name, i, g.ref(c))
		}
	}
	g.p("x += dx")
	g.p("}")
	g.p("m.tab_%s.ok, m.tab_%s.dep = true, dep", name, name)
	g.p("}")
	g.p("")
	ret := ""
	if b.Kind == "FUNCTION" {
		g.p("func (m *%s) f_%s(e *mech.Env, k int, %s float64) float64 {", t, name, arg)
		ret = "float64"
	} else {
		g.p("func (m *%s) p_%s(e *mech.Env, k int, %s float64) {", t, name, arg)
	}
	_ = ret
	set := func(val func(c int) string) {
		for i, c := range cols {
			if b.Kind == "FUNCTION" {
				g.p("return %s", val(i))
			} else {
				g.p("%s = %s", g.ref(c), val(i))
			}
		}
		if b.Kind != "FUNCTION" {
			g.p("return")
		}
	}
	g.p("if m.X_usetable == 0 {")
	if b.Kind == "FUNCTION" {
		g.p("return m.raw_%s(e, k, %s)", name, arg)
	} else {
		g.p("m.raw_%s(e, k, %s)\nreturn", name, arg)
	}
	g.p("}")
	g.p("m.table_%s(e, k)", name)
	g.p("tb := &m.tab_%s", name)
	g.p("xi := tb.mfac * (%s - tb.tmin)", arg)
	g.p("if math.IsNaN(xi) {")
	set(func(int) string { return "xi" })
	g.p("}")
	g.p("if xi <= 0.0 {")
	set(func(i int) string { return fmt.Sprintf("tb.c%d[0]", i) })
	g.p("}")
	g.p("if xi >= %d.0 {", tab.With)
	set(func(i int) string { return fmt.Sprintf("tb.c%d[%d]", i, tab.With) })
	g.p("}")
	g.p("i := int(xi)")
	g.p("theta := xi - float64(i)")
	set(func(i int) string { return fmt.Sprintf("tb.c%d[i] + theta*(tb.c%d[i+1]-tb.c%d[i])", i, i, i) })
	g.p("}")
	g.p("")
}

// rawFunc writes a PROCEDURE or FUNCTION as a method named with prefix
// (f_ or p_ by default).
func (g *gen) rawFunc(b *Block, prefix string) {
	var params []string
	for _, p := range b.Params {
		params = append(params, "a_"+p.Name+" float64")
	}
	args := strings.Join(params, ", ")
	if args != "" {
		args = ", " + args
	}
	fp, pp := "f_", "p_"
	if prefix != "" {
		fp, pp = prefix, prefix
	}
	if b.Kind == "FUNCTION" {
		g.p("func (m *%s) %s%s(e *mech.Env, k int%s) float64 {", g.typ, fp, b.Name, args)
		g.p("var r_%s float64", b.Name)
	} else {
		g.p("func (m *%s) %s%s(e *mech.Env, k int%s) {", g.typ, pp, b.Name, args)
	}
	g.body(b.Body, nil, b)
	if b.Kind == "FUNCTION" {
		g.p("return r_%s", b.Name)
	}
	g.p("}")
	g.p("")
}

// body writes statements in a new scope; keep, if set, filters them.
func (g *gen) body(body []Stmt, keep func(Stmt) bool, in ...*Block) {
	tail := g.tail
	g.tail = nil // nested bodies do not take it
	saved := g.locals
	g.locals = map[string]bool{}
	for k := range saved {
		g.locals[k] = true
	}
	if len(in) > 0 {
		for _, p := range in[0].Params {
			g.locals["a_"+p.Name] = true
			g.locals[p.Name] = true
		}
		if in[0].Kind == "FUNCTION" {
			g.locals["r:"+in[0].Name] = true
			g.locals[in[0].Name] = true
		}
	}
	g.p("{")
	for _, s := range body {
		if keep != nil && !keep(s) {
			continue
		}
		g.stmt(s)
	}
	if tail != nil {
		tail()
	}
	g.p("}")
	g.locals = saved
}

func (g *gen) stmt(s Stmt) {
	switch s := s.(type) {
	case *VerbatimStmt:
		// refusals let through only headers and harmless ion reloads,
		// which change nothing.
		return
	case *Local:
		for _, d := range s.Names {
			g.p("var l_%s float64", d.Name)
			g.p("_ = l_%s", d.Name)
			g.locals[d.Name] = true
		}
	case *Assign:
		if s.Deriv > 0 {
			switch g.method {
			case "derivimplicit":
				g.implicit(s)
			case "euler":
				x := s.LHS.(*Ident).Name
				g.p("d_%s = %s", x, g.fexpr(s.RHS))
				g.eulerDs = append(g.eulerDs, x)
			default:
				g.cnexp(s)
			}
			return
		}
		g.p("%s = %s", g.lvalue(s.LHS), g.fexpr(s.RHS))
	case *ExprStmt:
		if c, ok := s.X.(*Call); ok {
			if c.Name == "printf" {
				return // printf output is not reproduced
			}
			if c.Name == "net_send" && g.inReceive {
				// nocmodl: net_send(_tqitem, _args, _pnt, t + delay, flag),
				// the self event sharing the connection's weight vector
				g.p("if e.Queue != nil {")
				g.p("e.Queue.Send(e.T+(%s), m, k, args, %s)", g.fexpr(c.Args[0]), g.fexpr(c.Args[1]))
				g.p("}")
				return
			}
			if b := g.funcBlock(c.Name); b != nil && b.Kind == "PROCEDURE" {
				if g.loop != nil {
					var args []string
					for _, a := range c.Args {
						args = append(args, g.fexpr(a))
					}
					g.inlineProc(b, args)
					return
				}
				args := []string{"e", "k"}
				for _, a := range c.Args {
					args = append(args, g.fexpr(a))
				}
				g.p("m.p_%s(%s)", c.Name, strings.Join(args, ", "))
				return
			}
		}
		g.p("_ = %s", g.fexpr(s.X))
	case *If:
		g.p("if %s {", g.bexpr(s.Cond))
		g.body(s.Then, nil)
		if len(s.Else) > 0 {
			g.p("} else {")
			g.body(s.Else, nil)
		}
		g.p("}")
	case *While:
		g.p("for %s {", g.bexpr(s.Cond))
		g.body(s.Body, nil)
		g.p("}")
	case *From:
		step := "1.0"
		if s.By != nil {
			step = g.fexpr(s.By)
		}
		g.p("for l_%s := %s; l_%s <= %s; l_%s += %s {", s.Var, g.fexpr(s.Lo), s.Var, g.fexpr(s.Hi), s.Var, step)
		saved := g.locals[s.Var]
		g.locals[s.Var] = true
		g.body(s.Body, nil)
		g.locals[s.Var] = saved
		g.p("}")
	case *Nested:
		g.body(s.Body, nil)
	case *Solve:
		if t := g.blockNamed(s.Name); t != nil && t.Kind == "KINETIC" {
			if g.loop != nil {
				g.loop.failed = true
				return
			}
			g.p("_ = m.kin_%s(e, k, %v) // NEURON ignores the solver's errors", t.Name, s.SteadyState != "")
		}
	case *Keyword, *Table, *Conductance:
	default:
		g.fail(s.stmtPos(), fmt.Sprintf("%T", s))
	}
}

func (g *gen) fail(p Pos, what string) {
	if p.Line == 0 {
		p = g.lastPos
	}
	if g.err == nil {
		g.err = g.unsupported(p, what, "not translated")
	}
}

// cnexp writes NEURON's cnexp update of x' = f, f linear in x:
// x = x + (1 - exp(dt a)) (-b/a - x), a = df/dx, b = f at x = 0; or
// x = x + dt f when f does not depend on x.
// implicit writes NEURON's derivimplicit step (backward Euler, which its
// Newton iteration converges to) of x' = f for f linear in x and free of
// the block's other states: x = (x + dt b)/(1 - dt a), a = df/dx, b = f
// at x = 0. Coupled or nonlinear equations are refused.
func (g *gen) implicit(s *Assign) {
	x := s.LHS.(*Ident).Name
	for _, st := range g.f.States {
		if st.Name != x && dependsOn(s.RHS, st.Name) {
			g.err = g.unsupported(s.Pos, "derivimplicit", fmt.Sprintf("%s' depends on the state %s: coupled equations are not yet translated", x, st.Name))
			return
		}
	}
	for _, n := range g.stateDerived {
		if dependsOn(s.RHS, n) {
			g.err = g.unsupported(s.Pos, "derivimplicit", fmt.Sprintf("%s' depends on the states through %s: Newton iteration is not yet translated", x, n))
			return
		}
	}
	a, ok := derivative(s.RHS, x)
	if !ok || dependsOn(a, x) {
		g.err = g.unsupported(s.Pos, "derivimplicit", fmt.Sprintf("%s' is not linear in %s: Newton iteration is not yet translated", x, x))
		return
	}
	xs := g.wref(x)
	b := atZero(s.RHS, x)
	g.p("%s = (%s + e.Dt*(%s)) / (1.0 - e.Dt*(%s))", xs, xs, g.fexpr(b), g.fexpr(a))
	g.implicitDs = append(g.implicitDs, s)
}

func (g *gen) cnexp(s *Assign) {
	x := s.LHS.(*Ident).Name
	a, ok := derivative(s.RHS, x)
	if !ok || dependsOn(a, x) {
		g.err = g.unsupported(s.Pos, "cnexp", fmt.Sprintf("%s' is not linear in %s (use METHOD derivimplicit)", x, x))
		return
	}
	xs := g.wref(x)
	if isNum(a, 0) {
		g.p("%s = %s + e.Dt*(%s)", xs, xs, g.fexpr(s.RHS))
		return
	}
	b := atZero(s.RHS, x)
	if isNum(b, 0) { // -b/a is a zero
		g.p("%s = %s + (1.0-vmath.Exp(e.Dt*(%s)))*(-%s)", xs, xs, g.fexpr(a), xs)
		return
	}
	if _, simple := a.(*Ident); simple || isNumExpr(a) {
		g.p("%s = %s + (1.0-vmath.Exp(e.Dt*(%s)))*(-(%s)/(%s)-%s)", xs, xs, g.fexpr(a), g.fexpr(b), g.fexpr(a), xs)
		return
	}
	// a once, in a local: the same bits, and one division fewer where
	// the loop is distributed at the exponential (its stages would each
	// compute a).
	g.p("{")
	g.p("cn_a := %s", g.fexpr(a))
	g.p("%s = %s + (1.0-vmath.Exp(e.Dt*cn_a))*(-(%s)/cn_a-%s)", xs, xs, g.fexpr(b), xs)
	g.p("}")
}

// ref returns the Go expression of a variable.
func (g *gen) ref(n string) string {
	if g.locals[n] {
		if g.locals["r:"+n] {
			return "r_" + n
		}
		if g.locals["a_"+n] {
			return "a_" + n
		}
		return "l_" + n
	}
	switch n {
	case "celsius":
		return "e.Celsius"
	case "dt":
		return "e.Dt"
	case "t":
		return "e.T"
	case "area":
		return "e.Area[k]"
	case "diam":
		return "e.Diam[k]"
	}
	if c, ok := g.consts[n]; ok {
		return c
	}
	if g.promote[n] {
		return "x_" + n
	}
	if g.loop != nil && g.vars[n] != 0 {
		g.loop.used[n] = true
		return "x_" + n
	}
	switch g.vars[n] {
	case vInstance:
		return "m." + fieldName(n) + "[k]"
	case vGlobal:
		return "m." + fieldName(n)
	}
	g.fail(Pos{}, "name "+n)
	return "0"
}

func (g *gen) lvalue(e Expr) string {
	g.lastPos = e.exprPos()
	id, ok := e.(*Ident)
	if !ok {
		g.fail(e.exprPos(), "assignment to an array element")
		return "_"
	}
	if _, c := g.consts[id.Name]; c && !g.locals[id.Name] {
		g.fail(id.Pos, "assignment to constant "+id.Name)
	}
	return g.wref(id.Name)
}

// fexpr returns e as a float64 expression.
func (g *gen) fexpr(e Expr) string {
	s, isBool := g.expr(e)
	if isBool {
		return "mech.B2F(" + s + ")"
	}
	return s
}

// bexpr returns e as a bool expression.
func (g *gen) bexpr(e Expr) string {
	s, isBool := g.expr(e)
	if isBool {
		return s
	}
	return "(" + s + " != 0)"
}

var goFuncs = map[string]string{
	"exp": "math.Exp", "log": "math.Log", "log10": "math.Log10", "fabs": "math.Abs", "sqrt": "math.Sqrt",
	"pow": "math.Pow", "sin": "math.Sin", "cos": "math.Cos", "tan": "math.Tan", "asin": "math.Asin",
	"acos": "math.Acos", "atan": "math.Atan", "atan2": "math.Atan2", "sinh": "math.Sinh", "cosh": "math.Cosh",
	"tanh": "math.Tanh", "floor": "math.Floor", "ceil": "math.Ceil", "fmod": "math.Mod", "erf": "math.Erf",
	"erfc": "math.Erfc", "fmin": "math.Min", "fmax": "math.Max", "exprelr": "mech.Exprelr",
}

// envFuncs are NEURON functions that also need the time: name(args) is
// Go's fn(e.T, e.Dt, args).
var envFuncs = map[string]string{"at_time": "mech.AtTime"}

// expr returns the Go of e and whether it is boolean.
func (g *gen) expr(e Expr) (string, bool) {
	switch e.(type) {
	case *Unary, *Binary, *Call:
		// An expression of numbers alone (NaTs2_t's 2.3^((34-21)/10))
		// becomes its value: the instance loops need not compute it.
		if v, ok := constValue(e); ok {
			return goFloat(v), false
		}
	}
	switch e := e.(type) {
	case *Num:
		return floatLit(e.Text), false
	case *Ident:
		g.lastPos = e.Pos
		if e.Primes > 0 {
			// nocmodl's euler keeps x' in Dx: a later equation may read
			// it (Glia.mod's Hb' reads Vv'). Elsewhere, or before the
			// derivative is assigned in the block (NEURON would read the
			// last step's value), it is refused.
			if e.Primes == 1 && g.method == "euler" && slices.Contains(g.eulerDs, e.Name) {
				return "d_" + e.Name, false
			}
			g.fail(e.Pos, "a derivative used as a value")
		}
		return g.ref(e.Name), false
	case *Call:
		var args []string
		for _, a := range e.Args {
			args = append(args, g.fexpr(a))
		}
		if b := g.funcBlock(e.Name); b != nil {
			if g.loop != nil {
				if b.Kind == "FUNCTION" {
					g.loop.funcs[b.Name] = true
				} else {
					g.loop.failed = true // a PROCEDURE's value
				}
			}
			all := append([]string{"e", "k"}, args...)
			if b.Kind == "FUNCTION" {
				return "m.f_" + e.Name + "(" + strings.Join(all, ", ") + ")", false
			}
			return "mech.Call0(func() { m.p_" + e.Name + "(" + strings.Join(all, ", ") + ") })", false
		}
		if e.Name == "pow" && len(e.Args) == 2 {
			return g.pow(e.Args[0], e.Args[1]), false
		}
		if fn, ok := goFuncs[e.Name]; ok {
			if e.Name == "exp" && g.stepExp {
				fn = "vmath.Exp"
			}
			return fn + "(" + strings.Join(args, ", ") + ")", false
		}
		if fn, ok := envFuncs[e.Name]; ok {
			return fn + "(" + strings.Join(append([]string{"e.T", "e.Dt"}, args...), ", ") + ")", false
		}
		g.fail(e.Pos, "call of "+e.Name)
		return "0", false
	case *Unary:
		if e.Op == "!" {
			return "!" + g.bexpr(e.X), true
		}
		return "(-" + g.fexpr(e.X) + ")", false
	case *Binary:
		switch e.Op {
		case "&&", "||":
			return "(" + g.bexpr(e.X) + " " + e.Op + " " + g.bexpr(e.Y) + ")", true
		case "==", "!=", "<", ">", "<=", ">=":
			return "(" + g.fexpr(e.X) + " " + e.Op + " " + g.fexpr(e.Y) + ")", true
		case "^":
			return g.pow(e.X, e.Y), false
		}
		return "(" + g.fexpr(e.X) + " " + e.Op + " " + g.fexpr(e.Y) + ")", false
	}
	g.fail(e.exprPos(), fmt.Sprintf("expression %T", e))
	return "0", false
}

// pow returns x^y: vmath.Pow2, Pow3 or Pow4 for the integer exponents
// 2, 3 and 4 (math.Pow's bits for normal results, products instead of
// its decomposition), else math.Pow.
func (g *gen) pow(x, y Expr) string {
	if n, ok := y.(*Num); ok && (n.Value == 2 || n.Value == 3 || n.Value == 4) {
		return fmt.Sprintf("vmath.Pow%d(%s)", int(n.Value), g.fexpr(x))
	}
	return "math.Pow(" + g.fexpr(x) + ", " + g.fexpr(y) + ")"
}

func (g *gen) funcBlock(name string) *Block {
	for _, b := range g.f.Blocks {
		if (b.Kind == "FUNCTION" || b.Kind == "PROCEDURE") && b.Name == name {
			return b
		}
	}
	return nil
}

// callsUser reports whether statements call a PROCEDURE or FUNCTION of
// the file (which may read or write instance variables).
func (g *gen) callsUser(body []Stmt) bool {
	found := false
	var inExpr func(e Expr)
	inExpr = func(e Expr) {
		switch e := e.(type) {
		case *Call:
			if g.funcBlock(e.Name) != nil {
				found = true
			}
			for _, a := range e.Args {
				inExpr(a)
			}
		case *Unary:
			inExpr(e.X)
		case *Binary:
			inExpr(e.X)
			inExpr(e.Y)
		case *IndexExpr:
			inExpr(e.Index)
		}
	}
	walk(body, func(s Stmt) {
		switch s := s.(type) {
		case *Assign:
			inExpr(s.RHS)
		case *ExprStmt:
			inExpr(s.X)
		case *If:
			inExpr(s.Cond)
		case *While:
			inExpr(s.Cond)
		case *From:
			found = true // loops: keep it simple
		}
	})
	return found
}

// instanceNames returns the instance variables statements read and
// those they assign (LOCALs excluded).
func (g *gen) instanceNames(body []Stmt) (read, written map[string]bool) {
	read, written = map[string]bool{}, map[string]bool{}
	locals := map[string]bool{}
	var inExpr func(e Expr)
	inExpr = func(e Expr) {
		switch e := e.(type) {
		case *Ident:
			if !locals[e.Name] && g.vars[e.Name] == vInstance && g.consts[e.Name] == "" {
				read[e.Name] = true
			}
		case *Call:
			for _, a := range e.Args {
				inExpr(a)
			}
		case *Unary:
			inExpr(e.X)
		case *Binary:
			inExpr(e.X)
			inExpr(e.Y)
		}
	}
	walk(body, func(s Stmt) {
		switch s := s.(type) {
		case *Local:
			for _, d := range s.Names {
				locals[d.Name] = true
			}
		case *Assign:
			inExpr(s.RHS)
			if id, ok := s.LHS.(*Ident); ok && !locals[id.Name] && g.vars[id.Name] == vInstance {
				written[id.Name] = true
			}
		case *ExprStmt:
			inExpr(s.X)
		case *If:
			inExpr(s.Cond)
		case *While:
			inExpr(s.Cond)
		}
	})
	read["v"] = true
	return read, written
}

// headersOnly reports whether VERBATIM text holds only #include lines
// (and blank lines or C comments): nothing NEURON computes depends on it,
// so the translation leaves it out.
func headersOnly(text string) bool {
	// Drop /* ... */ comments, which may span lines.
	for {
		i := strings.Index(text, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(text[i+2:], "*/")
		if j < 0 {
			return false
		}
		text = text[:i] + " " + text[i+2+j+2:]
	}
	for _, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(line)
		if l == "" || strings.HasPrefix(l, "#include") || strings.HasPrefix(l, "//") {
			continue
		}
		return false
	}
	return true
}

// hasCode reports whether any VERBATIM block of f holds more than headers
// and harmless ion reloads.
func hasCode(f *File) bool {
	harmless := harmlessReloads(f)
	for _, v := range f.Verbatims {
		if !headersOnly(v.Text) && !harmless[v.Pos] && !(v.In == "" && emptyBBCoreStubs(v.Text)) {
			return true
		}
	}
	return false
}

// nocmodlDefault is a PARAMETER's default as NEURON 8.2.2 has it:
// nocmodl writes defaults into the C file with printf's %g, six
// significant digits (Glia.mod's Aminusn = 142.1009 is 142.101 in NEURON,
// vascouplingB's f = 96485.33289 is 96485.3).
func nocmodlDefault(v float64) float64 {
	x, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	if err != nil {
		return v
	}
	return x
}

// bbcoreStub is a CoreNEURON serialisation callback with an empty body.
var bbcoreStub = regexp.MustCompile(`^static\s+void\s+bbcore_(write|read)\s*\([^()]*\)\s*\{\s*\}`)

// emptyBBCoreStubs reports whether VERBATIM text holds only empty
// bbcore_write and bbcore_read functions (and C comments): the callbacks
// CoreNEURON calls to copy a BBCOREPOINTER's data, which NEURON never
// calls, written empty by the NGV files ("not executed in coreneuron and
// hence need empty stubs only").
func emptyBBCoreStubs(text string) bool {
	text = strings.ReplaceAll(text, "\\\n", "") // line continuations
	for {
		i := strings.Index(text, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(text[i+2:], "*/")
		if j < 0 {
			return false
		}
		text = text[:i] + " " + text[i+2+j+2:]
	}
	text = strings.TrimSpace(text)
	n := 0
	for text != "" {
		loc := bbcoreStub.FindStringIndex(text)
		if loc == nil {
			return false
		}
		text = strings.TrimSpace(text[loc[1]:])
		n++
	}
	return n > 0
}

// nameUsed reports whether a statement or a VERBATIM block of f mentions
// name (declarations aside).
// inVerbatim reports whether a VERBATIM block of f names name.
func inVerbatim(f *File, name string) bool {
	word := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
	for _, v := range f.Verbatims {
		if word.MatchString(v.Text) {
			return true
		}
	}
	return false
}

// declaredAssigned reports whether name is declared in ASSIGNED.
func declaredAssigned(f *File, name string) bool {
	for _, d := range f.Assigned {
		if d.Name == name || d.Array == name {
			return true
		}
	}
	return false
}

func nameUsed(f *File, name string) bool {
	word := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
	for _, v := range f.Verbatims {
		if word.MatchString(v.Text) {
			return true
		}
	}
	in := func(es ...Expr) bool {
		for _, e := range es {
			if e != nil && dependsOn(e, name) {
				return true
			}
		}
		return false
	}
	used := false
	for _, b := range f.Blocks {
		walk(b.Body, func(s Stmt) {
			switch s := s.(type) {
			case *Assign:
				used = used || in(s.LHS, s.RHS)
			case *ExprStmt:
				used = used || in(s.X)
			case *If:
				used = used || in(s.Cond)
			case *While:
				used = used || in(s.Cond)
			case *From:
				used = used || s.Var == name || in(s.Lo, s.Hi, s.By)
			case *Table:
				used = used || slices.Contains(s.Names, name) || slices.Contains(s.Depend, name) || in(s.From, s.To)
			case *Reaction:
				for _, t := range append(append([]Term{}, s.LHS...), s.RHS...) {
					used = used || t.Name == name || in(t.Index)
				}
				used = used || in(s.Rates...)
			case *Conserve:
				used = used || in(s.LHS, s.RHS)
			case *Compartment:
				used = used || s.Index == name || slices.Contains(s.Names, name) || in(s.Volume)
			case *Watch:
				used = used || in(s.Cond, s.Flag)
			case *Conductance:
				used = used || s.Name == name
			}
		})
	}
	return used
}

// point reports whether the mechanism is a point process.
func (g *gen) point() bool { return g.f.Neuron.Kind == "POINT_PROCESS" }

// netReceive writes NET_RECEIVE as Receive: the event's arguments (the
// NetCon's weight vector, kept between events) in args, t the event's
// time in e.T. A block that sends self events (net_send) is ReceiveFlag,
// with the event's flag (mech.FlagReceiver), and Receive is ReceiveFlag
// with flag 0.
func (g *gen) netReceive(b *Block) {
	sends := false
	walk(b.Body, func(s Stmt) {
		if x, ok := s.(*ExprStmt); ok {
			if c, ok := x.X.(*Call); ok && c.Name == "net_send" {
				sends = true
			}
		}
	})
	g.p("// Receive is the NET_RECEIVE block: an event for instance k, args the")
	g.p("// connection's weight vector (%d values), e.T the event's time.", len(b.Params))
	if sends {
		g.p("func (m *%s) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }", g.typ)
		g.p("")
		g.p("// ReceiveFlag is the NET_RECEIVE block for an event of flag flag: 0 from")
		g.p("// a NetCon, else a self event (net_send), sent through e.Queue with the")
		g.p("// weight vector of the connection whose event sent it.")
		g.p("func (m *%s) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {", g.typ)
	} else {
		g.p("func (m *%s) Receive(e *mech.Env, k int, args []float64) {", g.typ)
	}
	g.p("if len(args) < %d { return }", len(b.Params))
	for i, p := range b.Params {
		g.p("a_%s := args[%d]", p.Name, i)
	}
	g.p("m.X_v[k] = e.V[k]")
	g.ionLocals()
	g.ionCopyIn(true)
	var body []Stmt
	for _, s := range b.Body {
		if n, ok := s.(*Nested); ok && n.Kind == "INITIAL" {
			continue
		}
		body = append(body, s)
	}
	if sends {
		g.p("l_flag := flag")
	} else {
		g.p("l_flag := 0.0 // no self events: flag is 0")
	}
	g.p("_ = l_flag")
	saved := g.locals
	g.locals = map[string]bool{"flag": true}
	g.inReceive = true
	g.body(body, nil, b)
	g.inReceive = false
	g.locals = saved
	for i, p := range b.Params {
		g.p("args[%d] = a_%s", i, p.Name)
	}
	g.p("}")
	g.p("")
}

// hasCurrents reports whether the mechanism writes a current.
func (g *gen) hasCurrents() bool {
	ionCur, nonspec := g.currents()
	return len(ionCur)+len(nonspec) > 0
}

package nmodl

import (
	"bytes"
	"fmt"
	"strings"
)

// loopRec is what a promoted instance loop records while its body is
// written: the loop holds every variable of the mechanism it touches in a
// local x_name (instance variables loaded from slices hoisted out of the
// loop and stored back after the body, GLOBALs loaded before the loop and
// stored after it), and inlines the PROCEDUREs it calls, so that the body
// is straight Go over locals, as a hand-written kernel.
type loopRec struct {
	used, wrote map[string]bool // variables of the mechanism held in locals
	ions        map[string]bool // ion slices hoisted, "ion_field"
	funcs       map[string]bool // FUNCTIONs called as methods
	tables      []*Block        // tabled PROCEDUREs inlined
	inlining    map[string]bool // PROCEDUREs being inlined (recursion)
	failed      bool            // something the loop cannot hold
}

// wref returns the Go expression of a variable that is assigned.
func (g *gen) wref(n string) string {
	s := g.ref(n)
	if g.loop != nil && strings.HasPrefix(s, "x_") {
		g.loop.wrote[n] = true
	}
	return s
}

// inlineProc writes a call of PROCEDURE b with the Go arguments args in
// place: its parameters and LOCALs in a scope of their own, its TABLE
// looked up in the table checked before the loop.
func (g *gen) inlineProc(b *Block, args []string) {
	if g.loop.inlining[b.Name] || len(args) != len(b.Params) {
		g.loop.failed = true
		return
	}
	g.loop.inlining[b.Name] = true
	defer delete(g.loop.inlining, b.Name)
	g.p("{")
	if len(b.Params) > 0 {
		var names []string
		for _, p := range b.Params {
			names = append(names, "a_"+p.Name)
		}
		g.p("%s := %s", strings.Join(names, ", "), strings.Join(args, ", "))
		for _, n := range names {
			g.p("_ = %s", n)
		}
	}
	saved := g.locals
	g.locals = map[string]bool{}
	defer func() { g.locals = saved }()
	tab := tableOf(b)
	if tab == nil {
		g.body(b.Body, nil, b)
		g.p("}")
		return
	}
	if len(b.Params) != 1 {
		g.loop.failed = true
		return
	}
	seen := false
	for _, t := range g.loop.tables {
		seen = seen || t == b
	}
	if !seen {
		g.loop.tables = append(g.loop.tables, b)
	}
	g.p("if m.X_usetable == 0 {")
	g.body(b.Body, nil, b)
	g.p("} else {")
	tb, last := "tb_"+b.Name, tab.With
	set := func(val func(c int) string) {
		for i, c := range tab.Names {
			g.p("%s = %s", g.wref(c), val(i))
		}
	}
	g.p("xi := %s.mfac * (a_%s - %s.tmin)", tb, b.Params[0].Name, tb)
	g.p("if math.IsNaN(xi) {")
	set(func(int) string { return "xi" })
	g.p("} else if xi <= 0.0 {")
	set(func(i int) string { return fmt.Sprintf("%s.c%d[0]", tb, i) })
	g.p("} else if xi >= %d.0 {", last)
	set(func(i int) string { return fmt.Sprintf("%s.c%d[%d]", tb, i, last) })
	g.p("} else {")
	g.p("i := int(xi)")
	g.p("theta := xi - float64(i)")
	set(func(i int) string {
		return fmt.Sprintf("%s.c%d[i] + theta*(%s.c%d[i+1]-%s.c%d[i])", tb, i, tb, i, tb, i)
	})
	g.p("}")
	g.p("}")
	g.p("}")
}

// ionCopies returns the ion variables copied into the mechanism before a
// block, with their ion and mech.Ion field, as ionCopyIn writes them.
func (g *gen) ionCopies(currentsToo bool) (names, ions, fields []string) {
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
			names, ions, fields = append(names, n), append(ions, ion.Name), append(fields, src)
		}
	}
	return names, ions, fields
}

// promotedLoop writes the rest of State (after its signature) as one
// loop over the instances with the mechanism's variables in locals (see
// loopRec), body writing the statements of instance k. It reports false,
// having written nothing, when the statements call what the loop cannot
// hold: a PROCEDURE used as a value, a recursive one, a FUNCTION that
// assigns variables of the mechanism or reads one the loop assigns, or a
// TABLE whose computation does more than assign its columns.
func (g *gen) promotedLoop(body func()) bool {
	savedB, savedErr := g.b, g.err
	g.b = bytes.Buffer{}
	g.loop = &loopRec{used: map[string]bool{}, wrote: map[string]bool{}, ions: map[string]bool{},
		funcs: map[string]bool{}, inlining: map[string]bool{}}
	body()
	rec, inner := g.loop, g.b.String()
	g.loop, g.b = nil, savedB
	if rec.failed || g.err != savedErr || !g.loopSafe(rec) {
		g.err = savedErr
		return false
	}
	copies, ions, fields := g.ionCopies(true)
	copied := map[string]bool{}
	slices := map[string]bool{"v": true}
	for _, n := range copies {
		copied[n] = true
		slices[n] = true
	}
	var globals []string
	for _, n := range sortedKeys(rec.used) {
		if g.vars[n] == vGlobal {
			globals = append(globals, n)
		} else {
			slices[n] = true
		}
	}
	g.ionLocals()
	for i := range copies {
		g.p("ion_%s_%s := ion_%s.%s[:m.n]", ions[i], fields[i], ions[i], fields[i])
	}
	for _, n := range sortedKeys(slices) {
		g.p("s_%s := m.%s[:m.n]", n, fieldName(n))
	}
	g.p("V := e.V[:m.n]")
	// The GLOBALs are loaded before a table is built: a build assigns
	// the columns, which the loop then stores back as it left them.
	for _, n := range globals {
		g.p("x_%s := m.%s", n, fieldName(n))
	}
	for _, b := range rec.tables {
		g.p("if m.X_usetable != 0 && m.n > 0 {")
		g.p("m.table_%s(e, 0)", b.Name)
		g.p("}")
		g.p("tb_%s := &m.tab_%s", b.Name, b.Name)
	}
	mark := g.b.Len()
	g.p("for k := range V {")
	g.p("x_v := V[k]")
	g.p("s_v[k] = x_v")
	for i, n := range copies {
		g.p("x_%s := ion_%s_%s[k]", n, ions[i], fields[i])
		g.p("s_%s[k] = x_%s", n, n)
	}
	for _, n := range sortedKeys(rec.used) {
		if g.vars[n] == vInstance && n != "v" && !copied[n] {
			g.p("x_%s := s_%s[k]", n, n)
		}
	}
	for _, n := range sortedKeys(slices) {
		g.p("_ = x_%s", n)
	}
	g.b.WriteString(inner)
	for _, n := range sortedKeys(rec.wrote) {
		if g.vars[n] == vInstance {
			g.p("s_%s[k] = x_%s", n, n)
		}
	}
	for _, ion := range g.f.Neuron.Ions {
		for _, w := range ion.Write {
			if w == ion.Name+"i" || w == ion.Name+"o" {
				g.p("ion_%s_%s[k] = x_%s", ion.Name, ionField(ion.Name, w), w)
			}
		}
	}
	g.p("}")
	if len(rec.tables) == 0 {
		g.distributeLoop(mark)
	}
	for _, n := range sortedKeys(rec.wrote) {
		if g.vars[n] == vGlobal {
			g.p("m.%s = x_%s", fieldName(n), n)
		}
	}
	g.p("}")
	g.p("")
	return true
}

// distributeLoop replaces the instance loop written from mark on by its
// distributed form (vecloop.go) where distribute takes it.
func (g *gen) distributeLoop(mark int) {
	out, n, ok := distribute(string(g.b.Bytes()[mark:]))
	if !ok {
		return
	}
	g.b.Truncate(mark)
	for j := range n {
		g.p("w%d := m.scratch[%d][:m.n]", j, j)
	}
	g.b.WriteString(out)
	g.nscr = max(g.nscr, n)
}

// loopSafe reports whether the FUNCTIONs a promoted loop calls as
// methods and the TABLEs it checks before the loop see and leave the
// variables as the loop's locals have them.
func (g *gen) loopSafe(rec *loopRec) bool {
	for _, name := range sortedKeys(rec.funcs) {
		ef := g.effectsOf(g.funcBlock(name))
		if ef.failed || len(ef.writes) > 0 {
			return false
		}
		for n := range ef.reads {
			if rec.wrote[n] {
				return false
			}
		}
	}
	for _, b := range rec.tables {
		tab := tableOf(b)
		cols := map[string]bool{}
		for _, c := range tab.Names {
			if g.vars[c] != vGlobal {
				return false // a tabulated RANGE variable: written into an instance
			}
			cols[c] = true
		}
		ef := g.effectsOf(b)
		if ef.failed {
			return false
		}
		for n := range ef.writes {
			if !cols[n] {
				return false
			}
		}
		for n := range ef.reads {
			if g.vars[n] == vInstance || (rec.wrote[n] && !cols[n]) {
				return false
			}
		}
	}
	return true
}

// effects are the variables of the mechanism a PROCEDURE or FUNCTION
// reads and assigns, those of the blocks it calls included.
type effects struct {
	reads, writes map[string]bool
	failed        bool
}

func (g *gen) effectsOf(b *Block) *effects {
	ef := &effects{reads: map[string]bool{}, writes: map[string]bool{}}
	g.addEffects(b, map[string]bool{}, ef)
	return ef
}

func (g *gen) addEffects(b *Block, seen map[string]bool, ef *effects) {
	if b == nil {
		ef.failed = true
		return
	}
	if seen[b.Name] {
		return
	}
	seen[b.Name] = true
	locals := map[string]bool{}
	if b.Kind == "FUNCTION" {
		locals[b.Name] = true
	}
	for _, p := range b.Params {
		locals[p.Name] = true
	}
	mechVar := func(n string) bool {
		_, c := g.consts[n]
		return !locals[n] && !c && g.vars[n] != 0
	}
	if tab := tableOf(b); tab != nil {
		for _, d := range tab.Depend {
			if mechVar(d) {
				ef.reads[d] = true
			}
		}
	}
	var expr func(e Expr)
	expr = func(e Expr) {
		switch e := e.(type) {
		case *Ident:
			if mechVar(e.Name) {
				ef.reads[e.Name] = true
			}
		case *Call:
			if fb := g.funcBlock(e.Name); fb != nil {
				g.addEffects(fb, seen, ef)
			}
			for _, a := range e.Args {
				expr(a)
			}
		case *Unary:
			expr(e.X)
		case *Binary:
			expr(e.X)
			expr(e.Y)
		case *Num:
		default:
			ef.failed = true
		}
	}
	walk(b.Body, func(s Stmt) {
		switch s := s.(type) {
		case *Local:
			for _, d := range s.Names {
				locals[d.Name] = true
			}
		case *Assign:
			expr(s.RHS)
			id, ok := s.LHS.(*Ident)
			if !ok || s.Deriv > 0 {
				ef.failed = true
				return
			}
			if mechVar(id.Name) {
				ef.writes[id.Name] = true
			}
		case *ExprStmt:
			expr(s.X)
		case *If:
			expr(s.Cond)
		case *While:
			expr(s.Cond)
		case *From:
			locals[s.Var] = true
			expr(s.Lo)
			expr(s.Hi)
			if s.By != nil {
				expr(s.By)
			}
		case *Nested, *Keyword, *Table, *Conductance:
		default:
			ef.failed = true
		}
	})
}

// promotedCurrent writes the rest of Current (after the ion locals) for
// a BREAKPOINT that calls PROCEDUREs or FUNCTIONs as inlineCurrent does
// for one that does not: both evaluations (v + 0.001, then v) inlined in
// one loop over the instances, the mechanism's variables in locals (see
// loopRec; v stored before each evaluation, as the current method does,
// for the FUNCTIONs that read it). It reports false, having written
// nothing, where promotedLoop would.
func (g *gen) promotedCurrent(body []Stmt, ionCur [][2]string, nonspec []string) bool {
	savedB, savedErr := g.b, g.err
	g.loop = &loopRec{used: map[string]bool{}, wrote: map[string]bool{}, ions: map[string]bool{},
		funcs: map[string]bool{}, inlining: map[string]bool{}}
	var terms []string
	pass := func() string {
		g.b = bytes.Buffer{}
		g.body(body, nil)
		terms = terms[:0]
		for _, c := range ionCur {
			terms = append(terms, g.ref(c[1]))
		}
		for _, n := range nonspec {
			terms = append(terms, g.ref(n))
		}
		return g.b.String()
	}
	p1, p2 := pass(), pass()
	rec := g.loop
	g.loop, g.b = nil, savedB
	if rec.failed || g.err != savedErr || !g.loopSafe(rec) {
		g.err = savedErr
		return false
	}
	vars := map[string]bool{"v": true}
	var globals []string
	for _, n := range sortedKeys(rec.used) {
		if g.vars[n] == vGlobal {
			globals = append(globals, n)
		} else {
			vars[n] = true
		}
	}
	copies, _, _ := g.ionCopies(false)
	copied := map[string]bool{}
	for _, n := range copies {
		copied[n] = true
	}
	g.hoistCurrentSlices(vars, ionCur)
	for _, n := range globals {
		g.p("x_%s := m.%s", n, fieldName(n))
	}
	for _, b := range rec.tables {
		g.p("if m.X_usetable != 0 && m.n > 0 {")
		g.p("m.table_%s(e, 0)", b.Name)
		g.p("}")
		g.p("tb_%s := &m.tab_%s", b.Name, b.Name)
	}
	g.p("for k := range V {")
	g.p("v := V[k]")
	g.ionCopyInHoisted()
	g.p("var g, rhs float64")
	for _, c := range ionCur {
		g.p("var d%s float64", c[1])
	}
	write := func(vexpr, inner, result string, snapshot bool) {
		g.p("{")
		g.p("x_v := %s", vexpr)
		g.p("s_v[k] = x_v")
		for _, n := range sortedKeys(vars) {
			if n != "v" {
				g.p("x_%s := s_%s[k]", n, n)
			}
			g.p("_ = x_%s", n)
		}
		g.b.WriteString(inner)
		for _, n := range sortedKeys(rec.wrote) {
			if g.vars[n] == vInstance && n != "v" {
				g.p("s_%s[k] = x_%s", n, n)
			}
		}
		g.p("%s = %s", result, strings.Join(terms, " + "))
		if snapshot {
			for _, c := range ionCur {
				g.p("d%s = x_%s", c[1], c[1])
			}
		}
		g.p("}")
	}
	write("v + .001", p1, "g", true)
	write("v", p2, "rhs", false)
	g.currentTail(ionCur, func(n string) string { return "s_" + n + "[k]" }, true)
	g.p("}")
	for _, n := range sortedKeys(rec.wrote) {
		if g.vars[n] == vGlobal {
			g.p("m.%s = x_%s", fieldName(n), n)
		}
	}
	g.p("}")
	g.p("")
	return true
}

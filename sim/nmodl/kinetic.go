package nmodl

import (
	"fmt"
	"slices"
	"strings"
)

// kinScheme is a KINETIC block as nocmodl sets up its equations for
// METHOD sparse: one row per STATE the block uses, a CONSERVE statement
// replacing the row of the last state of its sum (that no earlier
// CONSERVE replaced), the rows of the other states scaled by their
// COMPARTMENT.
type kinScheme struct {
	b         *Block
	states    []string // the rows, in the order of the STATE block
	row       map[string]int
	conserved map[*Conserve]int // the row each CONSERVE replaces
	isCons    map[int]bool
	vol       map[string]Expr // COMPARTMENT volume by state
	linear    bool            // every reaction linear in the states
	// ldiff are the LONGITUDINAL_DIFFUSION statements' species: the
	// ion whose inside concentration (a STATE) diffuses, and the
	// statement's expression.
	ldiff []ldiffSpecies
}

// ldiffSpecies is a concentration that LONGITUDINAL_DIFFUSION diffuses.
type ldiffSpecies struct {
	state, ion string
	dc         Expr
}

// kinetic returns the scheme of KINETIC block b, or the construct it
// cannot translate.
func (g *gen) kinetic(b *Block) (*kinScheme, error) {
	isState := map[string]bool{}
	for _, d := range g.f.States {
		isState[d.Name] = true
	}
	ks := &kinScheme{b: b, row: map[string]int{}, conserved: map[*Conserve]int{},
		isCons: map[int]bool{}, vol: map[string]Expr{}, linear: true}
	used := map[string]bool{}
	var conserves []*Conserve
	locals := map[string]bool{}
	for _, s := range b.Body {
		switch s := s.(type) {
		case *Reaction:
			for _, t := range append(append([]Term{}, s.LHS...), s.RHS...) {
				if isState[t.Name] {
					used[t.Name] = true
				}
			}
			switch s.Op {
			case "<->":
				if len(s.Rates) != 2 {
					return nil, g.unsupported(s.Pos, "reaction", "<-> needs two rates")
				}
				for _, side := range [][]Term{s.LHS, s.RHS} {
					deg := 0
					for _, t := range side {
						if isState[t.Name] {
							deg += t.Coef
						}
					}
					if deg > 1 {
						ks.linear = false
					}
				}
			case "<<":
				if len(s.LHS) != 1 || s.LHS[0].Coef != 1 || len(s.Rates) != 1 || !isState[s.LHS[0].Name] {
					return nil, g.unsupported(s.Pos, "~ << flux", "the flux must go into one STATE")
				}
			default:
				return nil, g.unsupported(s.Pos, "~ "+s.Op, "not a reaction NEURON compiles (<-> and << are)")
			}
		case *Conserve:
			names, ok := sumOfNames(s.LHS)
			if !ok {
				return nil, g.unsupported(s.Pos, "CONSERVE", "the left-hand side must be a sum of STATEs")
			}
			for _, n := range names {
				if !isState[n] {
					return nil, g.unsupported(s.Pos, "CONSERVE", n+" is not a STATE")
				}
				used[n] = true
			}
			conserves = append(conserves, s)
		case *Compartment:
			if s.Kind == "LONGITUDINAL_DIFFUSION" {
				if err := g.longDiffusion(ks, s, isState, locals); err != nil {
					return nil, err
				}
				continue
			}
			for n := range namesIn(s.Volume) {
				if locals[n] {
					return nil, g.unsupported(s.Pos, "COMPARTMENT", "a volume using a LOCAL of the block")
				}
			}
			for _, n := range s.Names {
				if isState[n] {
					ks.vol[n] = s.Volume
				}
			}
		case *Local:
			for _, d := range s.Names {
				locals[d.Name] = true
			}
		case *Assign:
			if s.Deriv > 0 {
				return nil, g.unsupported(s.Pos, "x' in KINETIC", "not yet translated")
			}
		case *ExprStmt, *If:
			var bad error
			walk([]Stmt{s}, func(x Stmt) {
				switch x.(type) {
				case *Reaction, *Conserve, *Compartment:
					if bad == nil {
						bad = g.unsupported(x.stmtPos(), "reaction in IF", "reactions inside IF are not yet translated")
					}
				}
			})
			if bad != nil {
				return nil, bad
			}
		default:
			return nil, g.unsupported(s.stmtPos(), fmt.Sprintf("%T", s)[len("*nmodl."):], "not yet translated in KINETIC")
		}
	}
	for _, d := range g.f.States {
		if used[d.Name] {
			ks.row[d.Name] = len(ks.states)
			ks.states = append(ks.states, d.Name)
		}
	}
	for _, c := range conserves {
		names, _ := sumOfNames(c.LHS)
		r := -1
		for i := len(names) - 1; i >= 0; i-- {
			if !ks.isCons[ks.row[names[i]]] {
				r = ks.row[names[i]]
				break
			}
		}
		if r < 0 {
			return nil, g.unsupported(c.Pos, "CONSERVE", "every state of the sum is conserved already")
		}
		ks.conserved[c] = r
		ks.isCons[r] = true
	}
	return ks, nil
}

// sumOfNames returns the names of a sum of identifiers.
func sumOfNames(e Expr) ([]string, bool) {
	switch e := e.(type) {
	case *Ident:
		return []string{e.Name}, true
	case *Binary:
		if e.Op != "+" {
			return nil, false
		}
		l, ok1 := sumOfNames(e.X)
		r, ok2 := sumOfNames(e.Y)
		return append(l, r...), ok1 && ok2
	}
	return nil, false
}

// namesIn returns the identifiers of an expression.
func namesIn(e Expr) map[string]bool {
	out := map[string]bool{}
	var visit func(Expr)
	visit = func(e Expr) {
		switch e := e.(type) {
		case *Ident:
			out[e.Name] = true
		case *Unary:
			visit(e.X)
		case *Binary:
			visit(e.X)
			visit(e.Y)
		case *Call:
			for _, a := range e.Args {
				visit(a)
			}
		}
	}
	visit(e)
	return out
}

// longDiffusion records a LONGITUDINAL_DIFFUSION statement: each name
// must be a STATE, either the inside concentration of an ion the
// mechanism WRITEs (sim/morph diffuses the ion's concentration) or a
// variable of the mechanism's own (sim/morph diffuses it, as NEURON's
// ldifus does any STATE).
func (g *gen) longDiffusion(ks *kinScheme, s *Compartment, isState, locals map[string]bool) error {
	for n := range namesIn(s.Volume) {
		if locals[n] {
			return g.unsupported(s.Pos, "LONGITUDINAL_DIFFUSION", "a coefficient using a LOCAL of the block")
		}
	}
	for _, n := range s.Names {
		ion := ""
		for _, u := range g.f.Neuron.Ions {
			if n == u.Name+"i" && slices.Contains(u.Write, n) {
				ion = u.Name
			}
		}
		if !isState[n] {
			return g.unsupported(s.Pos, "LONGITUDINAL_DIFFUSION of "+g.userName(n), "only of a STATE is translated")
		}
		if ion == "" && g.isIonVar(n) {
			return g.unsupported(s.Pos, "LONGITUDINAL_DIFFUSION of "+n, "of an ion variable the mechanism does not WRITE as its inside concentration")
		}
		ks.ldiff = append(ks.ldiff, ldiffSpecies{state: n, ion: ion, dc: s.Volume})
	}
	return nil
}

// longDiffusionMethods writes LongDiffusion and LongDiffusionCoef
// (mech.LongDiffuser) for the LONGITUDINAL_DIFFUSION of a KINETIC block.
func (g *gen) longDiffusionMethods(ks *kinScheme) {
	t := g.typ
	var ions []string
	for _, d := range ks.ldiff {
		if d.ion == "" {
			ions = append(ions, fmt.Sprintf("{State: %q}", g.userName(d.state)))
			continue
		}
		ions = append(ions, fmt.Sprintf("{Ion: %q}", d.ion))
	}
	g.p("// LongDiffusion lists the concentrations KINETIC %s diffuses between", ks.b.Name)
	g.p("// neighbouring segments (LONGITUDINAL_DIFFUSION; mech.LongDiffuser).")
	g.p("func (m *%s) LongDiffusion() []mech.LongDiffusion {", t)
	g.p("return []mech.LongDiffusion{%s}", strings.Join(ions, ", "))
	g.p("}")
	g.p("")
	g.p("// LongDiffusionCoef returns the LONGITUDINAL_DIFFUSION coefficient of")
	g.p("// concentration s for instance k and its COMPARTMENT volume (1 without")
	g.p("// one), as nocmodl's _difcoef functions.")
	g.p("func (m *%s) LongDiffusionCoef(e *mech.Env, s, k int) (dc, vol float64) {", t)
	g.p("switch s {")
	for i, d := range ks.ldiff {
		vol := "1.0"
		if v, ok := ks.vol[d.state]; ok {
			vol = g.fexpr(v)
		}
		g.p("case %d:", i)
		g.p("return %s, %s", g.fexpr(d.dc), vol)
	}
	g.p("}")
	g.p("return 0, 1")
	g.p("}")
	g.p("")
}

// kineticMethods writes, for KINETIC block b, kinf_<name> (the equations
// of one Newton iteration, mech.KineticFunc) and kin_<name> (a step of
// METHOD sparse, or STEADYSTATE sparse).
func (g *gen) kineticMethods(b *Block) {
	ks, err := g.kinetic(b)
	if err != nil {
		if g.err == nil {
			g.err = err
		}
		return
	}
	if len(ks.ldiff) > 0 {
		if g.ldiffWritten {
			g.err = g.unsupported(b.Pos, "LONGITUDINAL_DIFFUSION", "in two KINETIC blocks: not yet translated")
			return
		}
		g.ldiffWritten = true
		g.longDiffusionMethods(ks)
	}
	n := len(ks.states)
	t := g.typ
	g.p("// kinf_%s is KINETIC %s for instance k as nocmodl writes it for", b.Name, b.Name)
	g.p("// METHOD sparse: the matrix a and right-hand side rhs of one Newton")
	g.p("// iteration of backward Euler at the states s (rows: %s), old the", strings.Join(ks.states, ", "))
	g.p("// states at the start of the step (mech.KineticFunc).")
	g.p("func (m *%s) kinf_%s(e *mech.Env, k int, s, old, a, rhs []float64, dt float64) {", t, b.Name)
	for i, st := range ks.states {
		g.p("%s = s[%d]", g.wref(st), i)
	}
	saved := g.locals
	g.locals = map[string]bool{"f_flux": true, "b_flux": true}
	g.p("l_dt1 := 1.0 / dt")
	for i := range ks.states {
		if ks.isCons[i] {
			continue
		}
		g.p("rhs[%d] = -l_dt1 * (s[%d] - old[%d])", i, i, i)
		g.p("a[%d] = l_dt1", i*n+i)
	}
	for i, st := range ks.states {
		if v, ok := ks.vol[st]; ok && !ks.isCons[i] {
			vol := g.fexpr(v)
			g.p("rhs[%d] *= (%s)", i, vol)
			g.p("a[%d] *= (%s)", i*n+i, vol)
		}
	}
	g.p("var l_f_flux, l_b_flux, l_term float64")
	g.p("_, _, _ = l_f_flux, l_b_flux, l_term")
	for _, s := range b.Body {
		switch s := s.(type) {
		case *Reaction:
			g.reaction(ks, s)
		case *Conserve:
			g.conserve(ks, s)
		case *Compartment: // COMPARTMENT or LONGITUDINAL_DIFFUSION
		default:
			g.stmt(s)
		}
	}
	// A state the block assigns (cadifus's bufm[i] = 0) changes the
	// iterate itself, as in nocmodl, whose function writes the state in
	// _p that the Newton update then adds to.
	assigned := map[string]bool{}
	walk(b.Body, func(s Stmt) {
		if a, ok := s.(*Assign); ok {
			if id, ok := a.LHS.(*Ident); ok {
				assigned[id.Name] = true
			}
		}
	})
	for i, st := range ks.states {
		if assigned[st] {
			g.p("s[%d] = %s", i, g.ref(st))
		}
	}
	g.locals = saved
	g.p("}")
	g.p("")
	g.p("// kin_%s solves KINETIC %s for instance k: a step of e.Dt (METHOD", b.Name, b.Name)
	g.p("// sparse, NEURON's sparse_thread) or, steady, the steady state")
	g.p("// (STEADYSTATE sparse, _ss_sparse_thread).")
	g.p("func (m *%s) kin_%s(e *mech.Env, k int, steady bool) error {", t, b.Name)
	g.p("var s, old, rhs [%d]float64", n)
	g.p("var a [%d]float64", n*n)
	for i, st := range ks.states {
		g.p("s[%d] = %s", i, g.ref(st))
	}
	g.p("var err error")
	g.p("if steady {")
	g.p("es := *e")
	g.p("es.Dt = mech.SteadyStateDtMs")
	g.p("err = mech.SparseSteadyState(s[:], old[:], a[:], rhs[:], %v, func(s, old, a, rhs []float64, dt float64) { m.kinf_%s(&es, k, s, old, a, rhs, dt) })", ks.linear, b.Name)
	g.p("} else {")
	g.p("err = mech.SparseStep(s[:], old[:], a[:], rhs[:], e.Dt, %v, func(s, old, a, rhs []float64, dt float64) { m.kinf_%s(e, k, s, old, a, rhs, dt) })", ks.linear, b.Name)
	g.p("}")
	for i, st := range ks.states {
		g.p("%s = s[%d]", g.wref(st), i)
	}
	g.p("return err")
	g.p("}")
	g.p("")
}

// reaction writes a reaction of a KINETIC block as nocmodl does.
func (g *gen) reaction(ks *kinScheme, s *Reaction) {
	n := len(ks.states)
	rowOf := func(name string) (int, bool) {
		r, ok := ks.row[name]
		return r, ok && !ks.isCons[r]
	}
	coef := func(c int) string {
		if c == 1 {
			return ""
		}
		return fmt.Sprintf("%d.0 * ", c)
	}
	if s.Op == "<<" {
		g.p("l_f_flux, l_b_flux = 0, (%s)", g.fexpr(s.Rates[0]))
		if r, ok := rowOf(s.LHS[0].Name); ok {
			g.p("rhs[%d] += l_b_flux", r)
		}
		return
	}
	// the product of a side, its terms in reverse order (as nocmodl)
	product := func(rate string, side []Term, skip string) string {
		parts := []string{rate}
		for i := len(side) - 1; i >= 0; i-- {
			tm := side[i]
			c := tm.Coef
			if tm.Name == skip {
				if c > 1 {
					parts = append(parts, fmt.Sprintf("%d", c))
				}
				c--
			}
			for range c {
				parts = append(parts, g.ref(tm.Name))
			}
		}
		return strings.Join(parts, " * ")
	}
	kf, kb := "("+g.fexpr(s.Rates[0])+")", "("+g.fexpr(s.Rates[1])+")"
	g.p("l_f_flux = %s", product(kf, s.LHS, ""))
	g.p("l_b_flux = %s", product(kb, s.RHS, ""))
	for _, tm := range s.LHS {
		if r, ok := rowOf(tm.Name); ok {
			g.p("rhs[%d] -= %s(l_f_flux - l_b_flux)", r, coef(tm.Coef))
		}
	}
	for _, tm := range s.RHS {
		if r, ok := rowOf(tm.Name); ok {
			g.p("rhs[%d] += %s(l_f_flux - l_b_flux)", r, coef(tm.Coef))
		}
	}
	// d(f - b)/d state: the forward flux's reactants add to their rows
	// and take from the products', the backward flux's the reverse
	deriv := func(rate string, side []Term, sign string) {
		seen := map[string]bool{}
		for i := len(side) - 1; i >= 0; i-- {
			st := side[i].Name
			col, isRow := ks.row[st]
			if !isRow || seen[st] {
				continue
			}
			seen[st] = true
			g.p("l_term = %s", product(rate, side, st))
			for _, group := range []struct {
				terms []Term
				op    string
			}{{s.LHS, sign}, {s.RHS, flip(sign)}} {
				for j := len(group.terms) - 1; j >= 0; j-- {
					tm := group.terms[j]
					if r, ok := rowOf(tm.Name); ok {
						c := ""
						if tm.Coef != 1 {
							c = fmt.Sprintf("%d * ", tm.Coef)
						}
						g.p("a[%d] %s= %sl_term", r*n+col, group.op, c)
					}
				}
			}
		}
	}
	deriv(kf, s.LHS, "+")
	deriv(kb, s.RHS, "-")
}

func flip(op string) string {
	if op == "+" {
		return "-"
	}
	return "+"
}

// conserve writes a CONSERVE statement: the row of its state replaced by
// the sum of the states (each times its COMPARTMENT) equal to the
// right-hand side.
func (g *gen) conserve(ks *kinScheme, s *Conserve) {
	n := len(ks.states)
	r := ks.conserved[s]
	names, _ := sumOfNames(s.LHS)
	g.p("rhs[%d] = %s", r, g.fexpr(s.RHS))
	for _, nm := range slices.Backward(names) {
		col := ks.row[nm]
		if v, ok := ks.vol[nm]; ok {
			vol := g.fexpr(v)
			g.p("a[%d] = 1 * (%s)", r*n+col, vol)
			g.p("rhs[%d] -= %s * (%s)", r, g.ref(nm), vol)
		} else {
			g.p("a[%d] = 1", r*n+col)
			g.p("rhs[%d] -= %s", r, g.ref(nm))
		}
	}
}

// isIonVar reports whether n is a variable of an ion the mechanism uses.
func (g *gen) isIonVar(n string) bool {
	for _, u := range g.f.Neuron.Ions {
		if slices.Contains(u.Read, n) || slices.Contains(u.Write, n) {
			return true
		}
	}
	return false
}

package units

import (
	"fmt"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/nmodl"
)

// Check checks the units of the parsed file f as NEURON's modlunit does,
// with the unit database db (nil: System's). It returns nil, or Errors
// in the order modlunit meets them; modlunit stops at the first, Check
// goes on to the next statement.
//
// The rules, found by running modlunit on small files:
//
//   - every variable has the units it is declared with ("" is the
//     dimensionless 1); a LOCAL variable, a parameter without units and
//     a name declared nowhere are dimensionless until a LOCAL is
//     assigned, when it takes the units of the value;
//   - the two sides of =, +, -, and of a comparison must have the same
//     dimensions and the same factor (within 1e-5): mV and V conform but
//     need the conversion factor (1000);
//   - a number without units is dimensionless and fits anything in +, -,
//     comparisons, assignments and arguments; a number with units,
//     0.1 (/mV), has them; a number alone in parentheses, (1000), is a
//     conversion factor: dimensionless, with the factor 1/1000;
//   - * and / combine units; x^n with an integer literal n gives x's
//     units to the n; with any other exponent x must be dimensionless;
//     the exponent is always dimensionless;
//   - x' has the units of x per ms (the independent variable's units);
//   - the arguments of a FUNCTION or PROCEDURE of the file must have the
//     units of its parameters, a FUNCTION's value has its declared
//     units; the arguments of other functions (exp, log, pow, ...) must be
//     dimensionless with the factor 1; at_time, net_send, net_event,
//     net_move and nrn_ghk take NEURON's units;
//   - the NEURON block: v and the ions' E are mV, t and dt ms, celsius
//     degC, diam micron, area micron2, concentrations mM (milli/liter),
//     currents mA/cm2 (nA in a POINT_PROCESS or ARTIFICIAL_CELL);
//   - KINETIC reactions: the species' quantities (concentration times
//     COMPARTMENT volume) agree and the rates give a flux in quantity/ms;
//   - nothing is compared between UNITSOFF and UNITSON.
//
// Units that the database does not know (mV when the UNITS block does not
// define it) are errors.
func Check(f *nmodl.File, db *DB) error {
	if db == nil {
		var err error
		if db, _, err = System(); err != nil {
			return err
		}
	}
	c := &checker{f: f, db: db.Clone(), globals: map[string]string{}, consts: map[string]string{},
		funcs: map[string]*nmodl.Block{}, names: map[string]bool{}, indep: "ms"}
	c.pass1()
	if len(c.errs) == 0 {
		c.pass2()
	}
	if len(c.errs) == 0 {
		c.pass3()
	}
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// val is the unit of a value; num marks a number written without units,
// which takes the units of whatever it meets.
type val struct {
	u   Unit
	num bool
}

type local struct {
	u   Unit
	set bool
}

type checker struct {
	f       *nmodl.File
	db      *DB
	errs    Errors
	globals map[string]string // declared variables' units
	consts  map[string]string // named constants of UNITS
	funcs   map[string]*nmodl.Block
	names   map[string]bool // every name the file uses or declares
	indep   string          // the independent variable's units

	scopes  []map[string]*local
	fn      *nmodl.Block    // the FUNCTION being checked
	compart map[string]Unit // a KINETIC block's COMPARTMENT volumes
	flux    *Unit           // f_flux and b_flux after a reaction
}

func (c *checker) errorf(pos nmodl.Pos, expr string, format string, args ...any) *Error {
	e := &Error{File: c.f.Name, Pos: pos, Expr: expr, Msg: fmt.Sprintf(format, args...)}
	c.errs = append(c.errs, e)
	return e
}

// unitsOn reports whether checking is on at pos (no UNITSOFF before it
// without a UNITSON after that).
func (c *checker) unitsOn(pos nmodl.Pos) bool {
	on := true
	for _, k := range c.f.UnitsFlags {
		if !before(k.Pos, pos) {
			break
		}
		on = k.Word == "UNITSON"
	}
	return on
}

func before(a, b nmodl.Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }

// pass1 reads the UNITS block and the declarations.
func (c *checker) pass1() {
	for _, u := range c.f.Units {
		switch {
		case u.Name == "":
			if err := c.db.Define(u.From, u.To); err != nil {
				c.unitError(u.Pos, "("+u.From+") = ("+u.To+")", err)
			}
		case u.HasValue:
			c.consts[u.Name] = u.To
		case u.To == "":
			c.errorf(u.Pos, u.Name+" = ("+u.From+")", "unit factor syntax: want NAME = (unit) (unit) or NAME = number (unit)")
		default:
			a, err := c.db.Parse(u.From)
			if err == nil {
				var b Unit
				if b, err = c.db.Parse(u.To); err == nil && !a.Div(b).Dimensionless() && !a.Div(b).Wildcard() {
					c.errorf(u.Pos, u.Name+" = ("+u.From+") ("+u.To+")", "the previous expression is not dimensionless: %s", c.db.Format(a.Div(b)))
					continue
				}
			}
			if err != nil {
				c.unitError(u.Pos, u.Name, err)
				continue
			}
			c.consts[u.Name] = u.To
		}
	}
	for _, ds := range [][]nmodl.Decl{c.f.Parameters, c.f.Constants, c.f.Assigned, c.f.States, c.f.Independent} {
		for _, d := range ds {
			c.globals[d.Name] = d.Units
			c.names[d.Name] = true
		}
	}
	for _, d := range c.f.Independent {
		c.indep = d.Units
	}
	for _, b := range c.f.Blocks {
		switch b.Kind {
		case "FUNCTION", "PROCEDURE", "FUNCTION_TABLE":
			c.funcs[b.Name] = b
		}
		c.names[b.Name] = true
		for _, p := range b.Params {
			c.names[p.Name] = true
		}
		walkStmts(b.Body, func(s nmodl.Stmt) { c.stmtNames(s) }, func(e nmodl.Expr) { c.exprName(e) })
	}
	n := &c.f.Neuron
	for _, l := range [][]string{n.Nonspecific, n.Electrode, n.Range, n.Global, n.Pointer, n.BBCore, n.External} {
		for _, s := range l {
			c.names[s] = true
		}
	}
	for _, ion := range n.Ions {
		for _, s := range append(append([]string{}, ion.Read...), ion.Write...) {
			c.names[s] = true
		}
	}
	for _, d := range c.f.Locals {
		c.names[d.Name] = true
	}
}

func (c *checker) exprName(e nmodl.Expr) {
	switch e := e.(type) {
	case *nmodl.Ident:
		c.names[e.Name] = true
	case *nmodl.IndexExpr:
		c.names[e.Name] = true
	case *nmodl.Call:
		c.names[e.Name] = true
	}
}

func (c *checker) stmtNames(s nmodl.Stmt) {
	switch s := s.(type) {
	case *nmodl.Local:
		for _, d := range s.Names {
			c.names[d.Name] = true
		}
	case *nmodl.Table:
		for _, n := range append(append([]string{}, s.Names...), s.Depend...) {
			c.names[n] = true
		}
	case *nmodl.From:
		c.names[s.Var] = true
	case *nmodl.Reaction:
		for _, t := range append(append([]nmodl.Term{}, s.LHS...), s.RHS...) {
			c.names[t.Name] = true
		}
	case *nmodl.Compartment:
		for _, n := range s.Names {
			c.names[n] = true
		}
	}
}

func (c *checker) unitError(pos nmodl.Pos, expr string, err error) {
	if u, ok := errUnknown(err); ok {
		c.errorf(pos, expr, "cannot recognize the units: %s (declare it in the UNITS block: (%s) = (units))", u.Name, u.Name)
		return
	}
	c.errorf(pos, expr, "%v", err)
}

// pass2 checks that every unit written in the file is known and that
// NEURON's variables have NEURON's units, in the order of the file.
func (c *checker) pass2() {
	type item struct {
		pos   nmodl.Pos
		units string
		what  string
	}
	var items []item
	add := func(pos nmodl.Pos, units, what string) {
		if units != "" {
			items = append(items, item{pos, units, what})
		}
	}
	for _, ds := range [][]nmodl.Decl{c.f.Parameters, c.f.Constants, c.f.Assigned, c.f.States, c.f.Independent} {
		for _, d := range ds {
			add(d.Pos, d.Units, d.Name)
		}
	}
	for _, b := range c.f.Blocks {
		for _, p := range b.Params {
			add(p.Pos, p.Units, p.Name)
		}
		add(b.Pos, b.Units, b.Kind+" "+b.Name)
		walkStmts(b.Body, nil, func(e nmodl.Expr) {
			if n, ok := e.(*nmodl.Num); ok {
				add(n.Pos, n.Units, n.Text+" ("+n.Units+")")
			}
		})
	}
	sort.SliceStable(items, func(i, j int) bool { return before(items[i].pos, items[j].pos) })
	neuronDone := c.f.Neuron.Kind == ""
	for _, it := range items {
		if !neuronDone && before(c.f.Neuron.Pos, it.pos) {
			neuronDone = true
			if c.neuronCheck() {
				return
			}
		}
		if _, err := c.db.Parse(it.units); err != nil {
			c.unitError(it.pos, it.what, err)
			return
		}
	}
	if !neuronDone {
		c.neuronCheck()
	}
}

// neuronCheck checks the units NEURON gives its variables; it reports
// whether it found an error.
func (c *checker) neuronCheck() bool {
	type req struct{ name, units string }
	reqs := []req{{"v", "millivolt"}, {"t", "ms"}, {"dt", "ms"}, {"celsius", "degC"}, {"diam", "micron"}, {"area", "micron2"}}
	n := &c.f.Neuron
	current := "milliamp/cm2"
	if n.Kind == "POINT_PROCESS" || n.Kind == "ARTIFICIAL_CELL" {
		current = "nanoamp"
	}
	bpLocal, conductance := false, false
	for _, b := range c.f.Blocks {
		walkStmts(b.Body, func(s nmodl.Stmt) {
			switch s.(type) {
			case *nmodl.Local:
				if b.Kind == "BREAKPOINT" {
					bpLocal = true
				}
			case *nmodl.Conductance:
				conductance = true
			}
		}, nil)
	}
	var currents, concs, pots []req
	if !bpLocal || !conductance {
		for _, s := range append(append([]string{}, n.Nonspecific...), n.Electrode...) {
			currents = append(currents, req{s, current})
		}
	}
	for _, ion := range n.Ions {
		for _, s := range append(append([]string{}, ion.Read...), ion.Write...) {
			switch s {
			case "i" + ion.Name:
				if !bpLocal || !conductance {
					currents = append(currents, req{s, current})
				}
			case "e" + ion.Name:
				pots = append(pots, req{s, "millivolt"})
			case ion.Name + "i", ion.Name + "o":
				concs = append(concs, req{s, "milli/liter"})
			}
		}
	}
	reqs = append(append(append(reqs, currents...), concs...), pots...)
	if !c.unitsOn(n.Pos) {
		return false
	}
	for _, r := range reqs {
		if !c.names[r.name] {
			continue
		}
		have := c.globalUnits(r.name)
		hu, err := c.db.Parse(have)
		if err != nil {
			c.unitError(n.Pos, "NEURON: "+r.name, err)
			return true
		}
		want, _ := c.db.Parse(r.units)
		if hu.Wildcard() || want.Wildcard() || hu.SameDims(want) && hu.SameFactor(want) {
			continue
		}
		c.errorf(n.Pos, "NEURON", "%s must have the units, %s, instead of %s.", r.name, r.units, have)
		return true
	}
	return false
}

// globalUnits returns the units of a name outside any block.
func (c *checker) globalUnits(name string) string {
	if s, ok := c.globals[name]; ok {
		return s
	}
	if s, ok := c.consts[name]; ok {
		return s
	}
	if strings.HasSuffix(name, "0") {
		base := strings.TrimSuffix(name, "0")
		if c.isState(base) {
			return c.globals[base]
		}
	}
	if name == "t" && len(c.f.Independent) == 0 {
		return "ms"
	}
	return ""
}

func (c *checker) isState(name string) bool {
	for _, d := range c.f.States {
		if d.Name == name {
			return true
		}
	}
	return false
}

// unit parses a unit the file wrote (pass 2 has reported unknown ones).
func (c *checker) unit(s string) Unit {
	u, err := c.db.Parse(s)
	if err != nil {
		return One
	}
	return u
}

// pass3 checks the statements of every block.
func (c *checker) pass3() {
	top := map[string]*local{}
	for _, d := range c.f.Locals {
		top[d.Name] = &local{u: One}
	}
	c.scopes = []map[string]*local{top}
	for _, b := range c.f.Blocks {
		scope := map[string]*local{}
		for _, p := range b.Params {
			scope[p.Name] = &local{u: c.unit(p.Units), set: p.Units != ""}
		}
		if b.Kind == "NET_RECEIVE" {
			scope["flag"] = &local{u: One}
		}
		c.fn = nil
		if b.Kind == "FUNCTION" {
			c.fn = b
		}
		c.scopes = append(c.scopes[:1], scope)
		c.compart = nil
		if b.Kind == "KINETIC" {
			c.compartments(b.Body)
		}
		c.stmts(b.Body)
		c.compart = nil
		c.flux = nil
	}
}

// compartments reads a KINETIC block's COMPARTMENT statements first, as
// modlunit's first reading of the block does.
func (c *checker) compartments(body []nmodl.Stmt) {
	n := len(c.errs)
	c.compart = map[string]Unit{}
	walkStmts(body, func(s nmodl.Stmt) {
		cs, ok := s.(*nmodl.Compartment)
		if !ok || cs.Kind != "COMPARTMENT" {
			return
		}
		v, err := c.eval(cs.Volume)
		if err != nil {
			return
		}
		for _, name := range cs.Names {
			c.compart[name] = v.u.Rounded()
		}
	}, nil)
	c.errs = c.errs[:n]
}

func (c *checker) stmts(body []nmodl.Stmt) {
	c.scopes = append(c.scopes, map[string]*local{})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	for _, s := range body {
		c.stmt(s)
	}
}

func (c *checker) lookupLocal(name string) *local {
	for i := len(c.scopes) - 1; i >= 0; i-- {
		if l, ok := c.scopes[i][name]; ok {
			return l
		}
	}
	return nil
}

func (c *checker) stmt(s nmodl.Stmt) {
	switch s := s.(type) {
	case *nmodl.Assign:
		c.assign(s)
	case *nmodl.ExprStmt:
		c.eval(s.X)
	case *nmodl.If:
		c.eval(s.Cond)
		c.stmts(s.Then)
		c.stmts(s.Else)
	case *nmodl.While:
		c.eval(s.Cond)
		c.stmts(s.Body)
	case *nmodl.From:
		c.scopes = append(c.scopes, map[string]*local{s.Var: {u: One}})
		c.stmts(s.Body)
		c.scopes = c.scopes[:len(c.scopes)-1]
	case *nmodl.Local:
		sc := c.scopes[len(c.scopes)-1]
		for _, d := range s.Names {
			sc[d.Name] = &local{u: One}
		}
	case *nmodl.Table:
		c.eval(s.From)
		c.eval(s.To)
	case *nmodl.Nested:
		c.stmts(s.Body)
	case *nmodl.Watch:
		c.eval(s.Cond)
	case *nmodl.Compartment:
		if s.Index != "" {
			c.scopes = append(c.scopes, map[string]*local{s.Index: {u: One}})
			defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
		}
		v, err := c.eval(s.Volume)
		if err == nil && s.Kind == "LONGITUDINAL_DIFFUSION" {
			c.longDiffusion(s, v)
		}
	case *nmodl.Reaction:
		c.reaction(s)
	case *nmodl.Conserve:
		c.conserve(s)
	}
}

func (c *checker) assign(s *nmodl.Assign) {
	rhs, err := c.eval(s.RHS)
	if err != nil {
		return
	}
	name := ""
	switch l := s.LHS.(type) {
	case *nmodl.Ident:
		name = l.Name
	case *nmodl.IndexExpr:
		name = l.Name
	}
	if s.Deriv == 0 {
		if l := c.lookupLocal(name); l != nil {
			l.u, l.set = rhs.u.Rounded(), true
			return
		}
	}
	var lhs val
	if s.Deriv > 0 {
		lhs = val{u: c.prime(name, s.Deriv)}
	} else {
		lhs = c.nameVal(name)
	}
	c.compare(lhs, rhs, end(s.RHS), stmtString(s))
}

// prime returns the units of name with n primes: name's units per the
// independent variable's to the n.
func (c *checker) prime(name string, n int) Unit {
	u := c.unit(c.globalUnits(name))
	ind := c.unit(c.indep)
	for range n {
		u = u.Div(ind)
	}
	return u
}

// nameVal returns the units of a variable.
func (c *checker) nameVal(name string) val {
	if l := c.lookupLocal(name); l != nil {
		return val{u: l.u}
	}
	if c.fn != nil && name == c.fn.Name {
		return val{u: c.unit(c.fn.Units)}
	}
	if (name == "f_flux" || name == "b_flux") && c.flux != nil {
		return val{u: *c.flux}
	}
	return val{u: c.unit(c.globalUnits(name))}
}

// compare is modlunit's comparison of two units (=, +, -, comparisons,
// arguments): a number without units takes the other's; otherwise the
// dimensions and factors must agree. It returns the left unit.
func (c *checker) compare(left, right val, at nmodl.Pos, expr string) (val, *Error) {
	if right.num {
		return left, nil
	}
	if left.num {
		left = val{u: right.u}
	}
	if !c.unitsOn(at) || left.u.Wildcard() || right.u.Wildcard() {
		return left, nil
	}
	if !left.u.SameDims(right.u) {
		return left, c.errorf(at, expr, "the units of the previous two expressions are not conformable: %s and %s",
			strings.TrimSpace(c.db.Format(right.u)), strings.TrimSpace(c.db.Format(left.u)))
	}
	if !left.u.SameFactor(right.u) {
		return left, c.errorf(at, expr, "the previous primary expression with units %s is missing a conversion factor and should read (%s)*(...)",
			strings.TrimSpace(c.db.Format(right.u)), cFormatG(right.u.Factor/left.u.Factor))
	}
	return left, nil
}

// dimensionless is modlunit's check that a value is dimensionless with
// the factor 1 (function arguments, exponents).
func (c *checker) dimensionless(v val, at nmodl.Pos, expr string) *Error {
	if !c.unitsOn(at) || v.u.Wildcard() {
		return nil
	}
	if !v.u.Dimensionless() {
		return c.errorf(at, expr, "the previous expression is not dimensionless: %s", strings.TrimSpace(c.db.Format(v.u)))
	}
	if !One.SameFactor(v.u) {
		return c.errorf(at, expr, "the previous expression needs the conversion factor (%s)", cFormatG(1/v.u.Factor))
	}
	return nil
}

// extFuncs are the units of the arguments (and values) of functions
// NEURON provides, as modlunit knows them; m9 is any unit.
var extFuncs = map[string]struct {
	ret  string
	args []string
}{
	"at_time":             {"", []string{"ms"}},
	"state_discontinuity": {"", []string{"m9", "m9"}},
	"net_send":            {"", []string{"ms", "m9"}},
	"net_event":           {"", []string{"ms"}},
	"net_move":            {"", []string{"ms"}},
	"nrn_ghk":             {"millicoulombs/cm3", []string{"millivolt", "milli/liter", "milli/liter", ""}},
}

// eval returns the units of e, or the first error in it (also added to
// c.errs).
func (c *checker) eval(e nmodl.Expr) (val, *Error) {
	switch e := e.(type) {
	case *nmodl.Num:
		switch {
		case e.Units != "":
			return val{u: c.unit(e.Units)}, nil
		case e.Paren:
			return val{u: Unit{Factor: 1 / e.Value}}, nil
		}
		return val{u: One, num: true}, nil
	case *nmodl.Ident:
		if e.Primes > 0 {
			return val{u: c.prime(e.Name, e.Primes)}, nil
		}
		return c.nameVal(e.Name), nil
	case *nmodl.IndexExpr:
		return c.nameVal(e.Name), nil
	case *nmodl.StringLit:
		return val{u: One, num: true}, nil
	case *nmodl.Unary:
		x, err := c.eval(e.X)
		if err != nil {
			return x, err
		}
		if e.Op == "!" {
			return val{u: One}, nil
		}
		return x, nil
	case *nmodl.Call:
		return c.call(e)
	case *nmodl.Binary:
		x, err := c.eval(e.X)
		if err != nil {
			return x, err
		}
		y, err := c.eval(e.Y)
		if err != nil {
			return y, err
		}
		at := end(e.Y)
		switch e.Op {
		case "+", "-":
			return c.compare(x, y, at, exprString(e))
		case "*":
			return val{u: x.u.Mul(y.u), num: x.num && y.num}, nil
		case "/":
			return val{u: x.u.Div(y.u), num: x.num && y.num}, nil
		case "^":
			if err := c.dimensionless(y, at, exprString(e)); err != nil {
				return y, err
			}
			if n, ok := e.Y.(*nmodl.Num); ok && !n.Paren && n.Units == "" && isInteger(n.Text) && n.Value < 128 {
				return val{u: x.u.Pow(int(n.Value)), num: x.num}, nil
			}
			if err := c.dimensionless(x, at, exprString(e)); err != nil {
				return x, err
			}
			return val{u: One}, nil
		case "&&", "||":
			return val{u: One}, nil
		default: // comparisons
			if _, err := c.compare(x, y, at, exprString(e)); err != nil {
				return x, err
			}
			return val{u: One}, nil
		}
	}
	return val{u: One}, nil
}

func isInteger(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// call checks a call's arguments and returns the units of its value.
func (c *checker) call(e *nmodl.Call) (val, *Error) {
	var params []string
	ret := ""
	declared := false
	if b, ok := c.funcs[e.Name]; ok {
		declared = true
		for _, p := range b.Params {
			params = append(params, p.Units)
		}
		if b.Kind != "PROCEDURE" {
			ret = b.Units
		}
	} else if x, ok := extFuncs[e.Name]; ok {
		declared = true
		params, ret = x.args, x.ret
	}
	i := 0
	for _, a := range e.Args {
		if _, ok := a.(*nmodl.StringLit); ok {
			continue
		}
		v, err := c.eval(a)
		if err != nil {
			return v, err
		}
		at := end(a)
		switch {
		case !declared:
			if err := c.dimensionless(v, at, exprString(e)); err != nil {
				return v, err
			}
		case i >= len(params):
			return v, c.errorf(at, exprString(e), "too many arguments")
		default:
			if _, err := c.compare(val{u: c.unit(params[i])}, v, at, exprString(e)); err != nil {
				return v, err
			}
		}
		i++
	}
	if declared && i < len(params) {
		return val{u: One}, c.errorf(end(e), exprString(e), "too few arguments")
	}
	return val{u: c.unit(ret)}, nil
}

// quantity is the material quantity of a species: its units times its
// COMPARTMENT volume's.
func (c *checker) quantity(name string) Unit {
	u := c.nameVal(name).u
	if v, ok := c.compart[name]; ok {
		u = u.Mul(v)
	}
	return u
}

// reaction checks a KINETIC reaction: the species' quantities agree and
// the rates turn the reactants into a flux of quantity per ms.
func (c *checker) reaction(s *nmodl.Reaction) {
	var rates []val
	for _, r := range s.Rates {
		v, err := c.eval(r)
		if err != nil {
			return
		}
		rates = append(rates, v)
	}
	at := s.Pos
	if len(s.Rates) > 0 {
		at = end(s.Rates[len(s.Rates)-1])
	}
	var first *Unit
	for _, t := range append(append([]nmodl.Term{}, s.LHS...), s.RHS...) {
		q := c.quantity(t.Name)
		switch {
		case first == nil:
			first = &q
		case first.Wildcard() || q.Wildcard():
		case !first.SameDims(q) || !first.SameFactor(q):
			c.errorf(at, "~ reaction", "inconsistent material quantity units: %s is %s but the first term's are %s (need a correct COMPARTMENT statement)",
				t.Name, strings.TrimSpace(c.db.Format(q)), strings.TrimSpace(c.db.Format(*first)))
			return
		}
	}
	if first == nil {
		return
	}
	flux := first.Div(c.unit(c.indep))
	product := func(ts []nmodl.Term) Unit {
		u := One
		for _, t := range ts {
			u = u.Mul(c.nameVal(t.Name).u.Pow(t.Coef))
		}
		return u
	}
	check := func(dir string, rate val, want Unit) bool {
		if rate.num || rate.u.Wildcard() || want.Wildcard() || rate.u.SameDims(want) && rate.u.SameFactor(want) {
			return true
		}
		c.errorf(at, "~ reaction", "inconsistent reaction units: flux %s implies %s rate units %s, but the %s rate's are %s",
			strings.TrimSpace(c.db.Format(flux)), dir, strings.TrimSpace(c.db.Format(want)), dir, strings.TrimSpace(c.db.Format(rate.u)))
		return false
	}
	switch s.Op {
	case "<->":
		if len(rates) == 2 && check("forward", rates[0], flux.Div(product(s.LHS))) {
			check("backward", rates[1], flux.Div(product(s.RHS)))
		}
	case "->":
		if len(rates) == 1 {
			check("forward", rates[0], flux.Div(product(s.LHS)))
		}
	case "<<":
		if len(rates) == 1 && !(rates[0].num || rates[0].u.Wildcard() || rates[0].u.SameDims(flux) && rates[0].u.SameFactor(flux)) {
			c.errorf(at, "~ reaction", "inconsistent flux units: flux units are %s but the << flux's are %s",
				strings.TrimSpace(c.db.Format(flux)), strings.TrimSpace(c.db.Format(rates[0].u)))
		}
	}
	c.flux = &flux
}

// conserve checks CONSERVE: the species' quantities and the total agree.
func (c *checker) conserve(s *nmodl.Conserve) {
	var sum func(e nmodl.Expr) (val, *Error)
	sum = func(e nmodl.Expr) (val, *Error) {
		switch e := e.(type) {
		case *nmodl.Ident:
			return val{u: c.quantity(e.Name)}, nil
		case *nmodl.IndexExpr:
			return val{u: c.quantity(e.Name)}, nil
		case *nmodl.Binary:
			x, err := sum(e.X)
			if err != nil {
				return x, err
			}
			y, err := sum(e.Y)
			if err != nil {
				return y, err
			}
			if e.Op == "*" {
				return val{u: x.u.Mul(y.u), num: x.num && y.num}, nil
			}
			return c.compare(x, y, end(e.Y), exprString(e))
		}
		return c.eval(e)
	}
	l, err := sum(s.LHS)
	if err != nil {
		return
	}
	r, err := c.eval(s.RHS)
	if err != nil {
		return
	}
	c.compare(l, r, end(s.RHS), "CONSERVE "+exprString(s.LHS)+" = "+exprString(s.RHS))
}

// longDiffusion checks LONGITUDINAL_DIFFUSION: area times diffusion
// constant in micron4/ms, the species' volumes per length in micron2.
func (c *checker) longDiffusion(s *nmodl.Compartment, v val) {
	at := end(s.Volume)
	if !c.unitsOn(at) {
		return
	}
	want := c.unit("micron4/ms")
	if !v.u.Wildcard() && !(v.u.SameDims(want) && v.u.SameFactor(want)) {
		c.errorf(at, "LONGITUDINAL_DIFFUSION "+exprString(s.Volume), "%s: relevant area * diffusion constant must be micron2 micron2/ms (1-21 m4/s)", strings.TrimSpace(c.db.Format(v.u)))
		return
	}
	area := c.unit("micron2")
	for _, n := range s.Names {
		u, ok := c.compart[n]
		if !ok {
			c.errorf(at, "LONGITUDINAL_DIFFUSION", "%s not declared in previous COMPARTMENT", n)
			return
		}
		if !u.Wildcard() && !(u.SameDims(area) && u.SameFactor(area)) {
			c.errorf(at, "LONGITUDINAL_DIFFUSION", "%s: with LONGITUDINAL_DIFFUSION the compartment volume must be measured in micron3/micron (1-12 m2)", strings.TrimSpace(c.db.Format(u)))
			return
		}
	}
}

package nmodl

import (
	"fmt"
	"sort"
)

// SymbolKind says what a name of a mechanism is.
type SymbolKind int

const (
	SymParameter SymbolKind = iota + 1
	SymAssigned
	SymState
	SymConstant
	SymLocal // a top-level LOCAL
	SymDefine
	SymUnitConstant // a named constant of UNITS: FARADAY, R, PI, ...
	SymBuiltin      // v, t, dt, celsius, area, diam
	SymFunction
	SymProcedure
	SymIon // an ion variable of USEION not declared elsewhere
)

// builtinVars are the variables NEURON gives every mechanism.
var builtinVars = map[string]bool{"v": true, "t": true, "dt": true, "celsius": true, "area": true, "diam": true}

// builtinFuncs are the functions NEURON's generated C provides to NMODL
// code, by the number of arguments (-1: any).
var builtinFuncs = map[string]int{
	"exp": 1, "log": 1, "log10": 1, "fabs": 1, "sqrt": 1, "pow": 2, "sin": 1, "cos": 1, "tan": 1,
	"asin": 1, "acos": 1, "atan": 1, "atan2": 2, "sinh": 1, "cosh": 1, "tanh": 1, "floor": 1, "ceil": 1,
	"fmod": 2, "erf": 1, "erfc": 1, "exprelr": 1, "fmin": 2, "fmax": 2,
	"net_send": 2, "net_event": 1, "net_move": 1, "printf": -1, "ghk": 4, "nrn_ghk": 4, "at_time": 1,
	"scop_random": 0, "normrand": 2, "exprand": 1, "unirand": 0, "set_seed": 1,
}

// Symbols is what a mechanism's names are.
type Symbols map[string]SymbolKind

// Check resolves the names of f and returns its symbols, or the problems
// found, sorted by position: an undeclared name, a SOLVE of a block that
// does not exist or a method Golgi does not know, a RANGE or GLOBAL name
// that is not declared, a call with the wrong number of arguments. Names
// used only inside VERBATIM blocks are not seen (the translator refuses
// those blocks anyway).
func Check(f *File) (Symbols, []*Error) {
	c := &checker{f: f, syms: Symbols{}, funcs: map[string]*Block{}}
	c.declare()
	c.checkNeuron()
	for _, b := range f.Blocks {
		c.checkBlock(b)
	}
	sort.SliceStable(c.errs, func(a, b int) bool {
		pa, pb := c.errs[a].Pos, c.errs[b].Pos
		return pa.Line < pb.Line || pa.Line == pb.Line && pa.Col < pb.Col
	})
	return c.syms, c.errs
}

// SolveMethods are the SOLVE methods NEURON's fixed step knows (Generate
// translates cnexp, derivimplicit, euler and after_cvode; sparse not yet).
var SolveMethods = map[string]bool{"cnexp": true, "derivimplicit": true, "euler": true, "sparse": true, "after_cvode": true}

type checker struct {
	f     *File
	syms  Symbols
	funcs map[string]*Block
	errs  []*Error
}

func (c *checker) errorf(p Pos, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.f.Name, Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// declare collects every declared name.
func (c *checker) declare() {
	f := c.f
	add := func(ds []Decl, k SymbolKind) {
		for _, d := range ds {
			if _, dup := c.syms[d.Name]; dup && k != SymAssigned && k != SymParameter {
				continue
			}
			c.syms[d.Name] = k
		}
	}
	for name := range builtinVars {
		c.syms[name] = SymBuiltin
	}
	for _, u := range f.Units {
		if u.Name != "" {
			c.syms[u.Name] = SymUnitConstant
		}
	}
	for _, d := range f.Defines {
		c.syms[d.Name] = SymDefine
	}
	add(f.Constants, SymConstant)
	add(f.Parameters, SymParameter)
	add(f.Assigned, SymAssigned)
	add(f.States, SymState)
	add(f.Locals, SymLocal)
	add(f.Independent, SymBuiltin)
	for _, s := range f.States {
		if _, ok := c.syms[s.Name+"0"]; !ok {
			c.syms[s.Name+"0"] = SymParameter // NMODL's implicit initial value m0
		}
	}
	for _, ion := range f.Neuron.Ions {
		for _, n := range append(append([]string{}, ion.Read...), ion.Write...) {
			if _, ok := c.syms[n]; !ok {
				c.syms[n] = SymIon
			}
		}
	}
	for _, n := range f.Neuron.Nonspecific {
		if _, ok := c.syms[n]; !ok {
			c.syms[n] = SymAssigned
		}
	}
	for _, b := range f.Blocks {
		switch b.Kind {
		case "FUNCTION", "FUNCTION_TABLE":
			c.syms[b.Name] = SymFunction
			c.funcs[b.Name] = b
		case "PROCEDURE":
			c.syms[b.Name] = SymProcedure
			c.funcs[b.Name] = b
		}
	}
}

// checkNeuron checks that the NEURON block's names are declared.
func (c *checker) checkNeuron() {
	n := c.f.Neuron
	if n.Name == "" {
		c.errorf(n.Pos, "no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL: the mechanism has no name")
	}
	for _, list := range []struct {
		what  string
		names []string
	}{{"RANGE", n.Range}, {"GLOBAL", n.Global}} {
		for _, name := range list.names {
			if _, ok := c.syms[name]; !ok {
				// nocmodl makes an undeclared RANGE or GLOBAL name an
				// ASSIGNED variable (neurodamus's Ca_HVA has RANGE
				// gCa_HVA and uses gCa).
				c.syms[name] = SymAssigned
			}
		}
	}
}

// scope is the names local to a block.
type scope map[string]bool

func (c *checker) checkBlock(b *Block) {
	sc := scope{}
	for _, p := range b.Params {
		sc[p.Name] = true
	}
	if b.Kind == "FUNCTION" {
		sc[b.Name] = true // the function's value
	}
	if b.Kind == "NET_RECEIVE" {
		sc["flag"] = true // the event's flag, implicit in NET_RECEIVE
	}
	if b.Kind == "KINETIC" {
		sc["f_flux"], sc["b_flux"] = true, true // the last reaction's fluxes
	}
	c.stmts(b, b.Body, sc)
}

func (c *checker) stmts(b *Block, body []Stmt, sc scope) {
	for _, s := range body {
		c.stmt(b, s, sc)
	}
}

func (c *checker) stmt(b *Block, s Stmt, sc scope) {
	switch s := s.(type) {
	case *Local:
		for _, d := range s.Names {
			sc[d.Name] = true
		}
	case *Assign:
		if s.Deriv > 0 {
			id := s.LHS.(*Ident)
			if c.syms[id.Name] != SymState {
				c.errorf(s.Pos, "%s': %s is not a STATE", id.Name, id.Name)
			}
		} else {
			c.expr(s.LHS, sc)
		}
		c.expr(s.RHS, sc)
	case *ExprStmt:
		c.expr(s.X, sc)
	case *If:
		c.expr(s.Cond, sc)
		c.stmts(b, s.Then, sc)
		c.stmts(b, s.Else, sc)
	case *While:
		c.expr(s.Cond, sc)
		c.stmts(b, s.Body, sc)
	case *From:
		sc[s.Var] = true
		c.expr(s.Lo, sc)
		c.expr(s.Hi, sc)
		if s.By != nil {
			c.expr(s.By, sc)
		}
		c.stmts(b, s.Body, sc)
	case *Solve:
		target := c.blockNamed(s.Name)
		switch {
		case target == nil:
			c.errorf(s.Pos, "SOLVE %s: no DERIVATIVE, KINETIC, LINEAR, NONLINEAR or PROCEDURE block %s", s.Name, s.Name)
		case s.Method != "" && !SolveMethods[s.Method]:
			c.errorf(s.Pos, "SOLVE %s METHOD %s: unknown method (Golgi integrates cnexp, derivimplicit, euler and sparse)", s.Name, s.Method)
		}
	case *Table:
		for _, n := range append(append([]string{}, s.Names...), s.Depend...) {
			c.name(s.Pos, n, sc)
		}
		c.expr(s.From, sc)
		c.expr(s.To, sc)
	case *Reaction:
		for _, t := range append(append([]Term{}, s.LHS...), s.RHS...) {
			c.name(t.Pos, t.Name, sc)
			if t.Index != nil {
				c.expr(t.Index, sc)
			}
		}
		for _, r := range s.Rates {
			c.expr(r, sc)
		}
	case *Conserve:
		c.expr(s.LHS, sc)
		c.expr(s.RHS, sc)
	case *Compartment:
		inner := scope{}
		for k := range sc {
			inner[k] = true
		}
		if s.Index != "" {
			inner[s.Index] = true
		}
		c.expr(s.Volume, inner)
		for _, n := range s.Names {
			c.name(s.Pos, n, sc)
		}
	case *Watch:
		c.expr(s.Cond, sc)
		c.expr(s.Flag, sc)
	case *Conductance:
		c.name(s.Pos, s.Name, sc)
	case *Nested:
		c.stmts(b, s.Body, sc)
	}
}

// blockNamed returns the block SOLVE may name.
func (c *checker) blockNamed(name string) *Block {
	for _, b := range c.f.Blocks {
		if b.Name == name {
			switch b.Kind {
			case "DERIVATIVE", "KINETIC", "LINEAR", "NONLINEAR", "PROCEDURE", "DISCRETE", "PARTIAL":
				return b
			}
		}
	}
	return nil
}

func (c *checker) name(p Pos, n string, sc scope) {
	if sc[n] {
		return
	}
	if _, ok := c.syms[n]; ok {
		return
	}
	c.errorf(p, "undefined name %s (declare it in PARAMETER, ASSIGNED, STATE or LOCAL)", n)
}

func (c *checker) expr(e Expr, sc scope) {
	switch e := e.(type) {
	case *Ident:
		c.name(e.Pos, e.Name, sc)
	case *IndexExpr:
		c.name(e.Pos, e.Name, sc)
		c.expr(e.Index, sc)
	case *Call:
		for _, a := range e.Args {
			c.expr(a, sc)
		}
		if b, ok := c.funcs[e.Name]; ok {
			if len(b.Params) != len(e.Args) {
				c.errorf(e.Pos, "%s takes %d argument(s), got %d", e.Name, len(b.Params), len(e.Args))
			}
			return
		}
		n, ok := builtinFuncs[e.Name]
		switch {
		case !ok:
			c.errorf(e.Pos, "undefined function %s", e.Name)
		case n >= 0 && n != len(e.Args):
			c.errorf(e.Pos, "%s takes %d argument(s), got %d", e.Name, n, len(e.Args))
		}
	case *Unary:
		c.expr(e.X, sc)
	case *Binary:
		c.expr(e.X, sc)
		c.expr(e.Y, sc)
	}
}

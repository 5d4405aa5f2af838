package nmodl

import (
	"fmt"
	"maps"
	"math"
	"strconv"
)

// Arrays of constant size (name[N], N a number or a DEFINE) are
// translated by expanding them before generation, as nocmodl's C would
// run them with every index known: each element becomes a variable of
// its own, named elemName(name, i) in the Go code and "name[i]" to users
// (the mechanism's Var, SetGlobal and Limits names; Decl.Array and
// Decl.Elem); FROM loops with constant bounds are unrolled with the loop
// variable (nocmodl's local int _li) replaced by its value, so that
// every index becomes a constant. An index that is not constant after
// that is an error naming the file, line and construct.

// elemName is the Go-side name of element i of array name. The trailing
// underscore keeps it apart from the state-initial name of another
// element (name_1 + "0" would be name_10).
func elemName(name string, i int) string { return name + "_" + strconv.Itoa(i) + "_" }

// hasArrays reports whether f declares an array.
func hasArrays(f *File) bool {
	for _, ds := range [][]Decl{f.Parameters, f.Assigned, f.States, f.Locals, f.Constants} {
		for _, d := range ds {
			if d.Size > 0 || d.SizeName != "" {
				return true
			}
		}
	}
	found := false
	for _, b := range f.Blocks {
		walk(b.Body, func(s Stmt) {
			if l, ok := s.(*Local); ok {
				for _, d := range l.Names {
					if d.Size > 0 || d.SizeName != "" {
						found = true
					}
				}
			}
		})
	}
	return found
}

// arrayExpander rewrites a file with arrays into one without.
type arrayExpander struct {
	f       *File
	defines map[string]int
	size    map[string]int // array name -> length (declarations of the file)
	err     error
}

// expandArrays returns f with its arrays expanded into scalars and its
// FROM loops of constant bounds unrolled (f itself is not changed), or
// f when it declares no array.
func expandArrays(f *File) (*File, error) {
	if !hasArrays(f) {
		return f, nil
	}
	x := &arrayExpander{f: f, defines: map[string]int{}, size: map[string]int{}}
	for _, d := range f.Defines {
		x.defines[d.Name] = d.Value
	}
	out := *f
	var err error
	if out.Parameters, err = x.decls(f.Parameters); err != nil {
		return nil, err
	}
	if out.Constants, err = x.decls(f.Constants); err != nil {
		return nil, err
	}
	if out.Assigned, err = x.decls(f.Assigned); err != nil {
		return nil, err
	}
	if out.States, err = x.decls(f.States); err != nil {
		return nil, err
	}
	if out.Locals, err = x.decls(f.Locals); err != nil {
		return nil, err
	}
	out.Neuron.Range = x.names(f.Neuron.Range)
	out.Neuron.Global = x.names(f.Neuron.Global)
	// Every name of the expanded file must stay distinct.
	seen := map[string]bool{}
	for _, ds := range [][]Decl{f.Parameters, f.Constants, f.Assigned, f.States, f.Locals} {
		for _, d := range ds {
			if d.Size == 0 && d.SizeName == "" {
				seen[d.Name] = true
			}
		}
	}
	for _, ds := range [][]Decl{out.Parameters, out.Constants, out.Assigned, out.States, out.Locals} {
		for _, d := range ds {
			if d.Array != "" && seen[d.Name] {
				return nil, x.errorf(d.Pos, "array "+d.Array, fmt.Sprintf("its element %s has the name of another variable", d.Name))
			}
		}
	}
	out.Blocks = nil
	fileSize := x.size
	for _, b := range f.Blocks {
		// a block's LOCAL arrays and scalars are its own: each block
		// starts from the file's arrays
		x.size = maps.Clone(fileSize)
		nb := *b
		nb.Body = x.stmts(b.Body, map[string]int{})
		if x.err != nil {
			return nil, x.err
		}
		out.Blocks = append(out.Blocks, &nb)
	}
	x.size = fileSize
	return &out, nil
}

func (x *arrayExpander) errorf(p Pos, construct, why string) error {
	return &Unsupported{File: x.f.Name, Pos: p, Construct: construct, Why: why}
}

func (x *arrayExpander) fail(err error) {
	if x.err == nil {
		x.err = err
	}
}

// length returns the size of an array declaration (0 for a scalar).
func (x *arrayExpander) length(d Decl) (int, error) {
	switch {
	case d.Size > 0:
		return d.Size, nil
	case d.SizeName != "":
		n, ok := x.defines[d.SizeName]
		if !ok || n < 1 {
			return 0, x.errorf(d.Pos, "array "+d.Name+"["+d.SizeName+"]", "the size must be a positive number or DEFINE")
		}
		return n, nil
	}
	return 0, nil
}

// decls expands the array declarations of ds into their elements.
func (x *arrayExpander) decls(ds []Decl) ([]Decl, error) {
	var out []Decl
	for _, d := range ds {
		n, err := x.length(d)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			out = append(out, d)
			continue
		}
		x.size[d.Name] = n
		for i := range n {
			e := d
			e.Name, e.Size, e.SizeName = elemName(d.Name, i), 0, ""
			e.Array, e.Elem = d.Name, i
			out = append(out, e)
		}
	}
	return out, nil
}

// names expands the arrays of a RANGE or GLOBAL list into their elements.
func (x *arrayExpander) names(list []string) []string {
	var out []string
	for _, n := range list {
		if size, ok := x.size[n]; ok {
			for i := range size {
				out = append(out, elemName(n, i))
			}
			continue
		}
		out = append(out, n)
	}
	return out
}

// index evaluates an index expression with the loop variables of env.
func (x *arrayExpander) index(name string, size int, idx Expr, env map[string]int, p Pos) (int, bool) {
	v, ok := constValue(x.expr(x.defined(idx), env))
	if !ok || v != math.Trunc(v) {
		x.fail(x.errorf(p, name+"["+ExprString(idx)+"]", "the index is not a constant (arrays are translated with constant indices: numbers, DEFINEs and the variables of FROM loops with constant bounds)"))
		return 0, false
	}
	if v < 0 || int(v) >= size {
		x.fail(x.errorf(p, name+"["+ExprString(idx)+"]", fmt.Sprintf("index %d out of range [0, %d)", int(v), size)))
		return 0, false
	}
	return int(v), true
}

// element returns the scalar of name[idx].
func (x *arrayExpander) element(name string, idx Expr, env map[string]int, p Pos) string {
	size, ok := x.size[name]
	if !ok {
		x.fail(x.errorf(p, name+"[...]", name+" is not an array"))
		return name
	}
	i, ok := x.index(name, size, idx, env, p)
	if !ok {
		return name
	}
	return elemName(name, i)
}

// expr returns e with loop variables replaced by their values, DEFINEs
// by theirs (inside indices), and array elements by their scalars.
func (x *arrayExpander) expr(e Expr, env map[string]int) Expr {
	switch e := e.(type) {
	case *Ident:
		if v, ok := env[e.Name]; ok {
			return &Num{Pos: e.Pos, Text: strconv.Itoa(v), Value: float64(v)}
		}
		if _, ok := x.size[e.Name]; ok && e.Primes == 0 {
			x.fail(x.errorf(e.Pos, "array "+e.Name, "used without an index"))
		}
		return e
	case *IndexExpr:
		return &Ident{Pos: e.Pos, Name: x.element(e.Name, e.Index, env, e.Pos)}
	case *Call:
		c := *e
		c.Args = make([]Expr, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = x.expr(a, env)
		}
		return &c
	case *Unary:
		u := *e
		u.X = x.expr(e.X, env)
		return &u
	case *Binary:
		b := *e
		b.X, b.Y = x.expr(e.X, env), x.expr(e.Y, env)
		return &b
	}
	return e
}

// defined replaces the DEFINEs of an index expression by their values.
func (x *arrayExpander) defined(e Expr) Expr {
	switch e := e.(type) {
	case *Ident:
		if v, ok := x.defines[e.Name]; ok {
			return &Num{Pos: e.Pos, Text: strconv.Itoa(v), Value: float64(v)}
		}
	case *Unary:
		u := *e
		u.X = x.defined(e.X)
		return &u
	case *Binary:
		b := *e
		b.X, b.Y = x.defined(e.X), x.defined(e.Y)
		return &b
	}
	return e
}

// bound evaluates a FROM bound, or reports it is not constant.
func (x *arrayExpander) bound(e Expr, env map[string]int) (int, bool) {
	if e == nil {
		return 1, true
	}
	v, ok := constValue(x.expr(x.defined(e), env))
	if !ok || v != math.Trunc(v) {
		return 0, false
	}
	return int(v), true
}

func with(env map[string]int, name string, v int) map[string]int {
	out := make(map[string]int, len(env)+1)
	for k, w := range env {
		out[k] = w
	}
	out[name] = v
	return out
}

func without(env map[string]int, name string) map[string]int {
	if _, ok := env[name]; !ok {
		return env
	}
	out := make(map[string]int, len(env))
	for k, w := range env {
		if k != name {
			out[k] = w
		}
	}
	return out
}

// maxUnrolled bounds the statements a FROM loop may unroll into.
const maxUnrolled = 100000

func (x *arrayExpander) stmts(body []Stmt, env map[string]int) []Stmt {
	var out []Stmt
	for _, s := range body {
		out = append(out, x.stmt(s, env)...)
		if x.err != nil {
			return nil
		}
	}
	return out
}

func (x *arrayExpander) stmt(s Stmt, env map[string]int) []Stmt {
	switch s := s.(type) {
	case *From:
		lo, ok1 := x.bound(s.Lo, env)
		hi, ok2 := x.bound(s.Hi, env)
		by, ok3 := x.bound(s.By, env)
		if !ok1 || !ok2 || !ok3 {
			// A loop of run-time bounds stays a loop; an array index
			// using its variable is then not constant (an error).
			f := *s
			f.Lo, f.Hi = x.expr(s.Lo, env), x.expr(s.Hi, env)
			if s.By != nil {
				f.By = x.expr(s.By, env)
			}
			f.Body = x.stmts(s.Body, without(env, s.Var))
			return []Stmt{&f}
		}
		if by <= 0 {
			x.fail(x.errorf(s.Pos, "FROM "+s.Var, "the step BY must be positive"))
			return nil
		}
		if (hi-lo)/by > maxUnrolled {
			x.fail(x.errorf(s.Pos, "FROM "+s.Var, "too many iterations to unroll"))
			return nil
		}
		var out []Stmt
		for v := lo; v <= hi; v += by {
			out = append(out, x.stmts(s.Body, with(env, s.Var, v))...)
		}
		return out
	case *Assign:
		a := *s
		a.LHS, a.RHS = x.expr(s.LHS, env), x.expr(s.RHS, env)
		return []Stmt{&a}
	case *ExprStmt:
		e := *s
		e.X = x.expr(s.X, env)
		return []Stmt{&e}
	case *If:
		i := *s
		i.Cond = x.expr(s.Cond, env)
		i.Then, i.Else = x.stmts(s.Then, env), x.stmts(s.Else, env)
		return []Stmt{&i}
	case *While:
		w := *s
		w.Cond = x.expr(s.Cond, env)
		w.Body = x.stmts(s.Body, env)
		return []Stmt{&w}
	case *Nested:
		n := *s
		n.Body = x.stmts(s.Body, env)
		return []Stmt{&n}
	case *Local:
		l := *s
		for _, d := range s.Names {
			delete(x.size, d.Name) // a LOCAL shadows a file array of its name
		}
		var err error
		if l.Names, err = x.decls(s.Names); err != nil {
			x.fail(err)
		}
		return []Stmt{&l}
	case *Reaction:
		r := *s
		r.LHS, r.RHS = x.terms(s.LHS, env), x.terms(s.RHS, env)
		r.Rates = make([]Expr, len(s.Rates))
		for i, e := range s.Rates {
			r.Rates[i] = x.expr(e, env)
		}
		return []Stmt{&r}
	case *Conserve:
		c := *s
		c.LHS, c.RHS = x.expr(s.LHS, env), x.expr(s.RHS, env)
		return []Stmt{&c}
	case *Compartment:
		return x.compartment(s, env)
	case *Table:
		t := *s
		t.From, t.To = x.expr(s.From, env), x.expr(s.To, env)
		return []Stmt{&t}
	case *Watch:
		w := *s
		w.Cond, w.Flag = x.expr(s.Cond, env), x.expr(s.Flag, env)
		return []Stmt{&w}
	}
	return []Stmt{s}
}

func (x *arrayExpander) terms(ts []Term, env map[string]int) []Term {
	out := make([]Term, len(ts))
	for i, t := range ts {
		out[i] = t
		if t.Index != nil {
			out[i].Name = x.element(t.Name, t.Index, env, t.Pos)
			out[i].Index = nil
		} else if _, ok := x.size[t.Name]; ok {
			x.fail(x.errorf(t.Pos, "array "+t.Name, "a reaction's species must be an element name[i]"))
		}
	}
	return out
}

// compartment expands COMPARTMENT [i,] volume {names} (and
// LONGITUDINAL_DIFFUSION) into one statement per element: with an index,
// the volume of element j is the expression with i = j; without, every
// element of an array has the one volume.
func (x *arrayExpander) compartment(s *Compartment, env map[string]int) []Stmt {
	isState := map[string]bool{}
	for _, d := range x.f.States {
		isState[d.Name] = true
	}
	var out []Stmt
	var scalars []string
	for _, n := range s.Names {
		size, isArray := x.size[n]
		if !isArray {
			if s.Index != "" && isState[n] {
				x.fail(x.errorf(s.Pos, s.Kind+" "+s.Index, "the STATE "+n+" is not an array"))
				return nil
			}
			if s.Index == "" || !isState[n] {
				scalars = append(scalars, n)
			}
			continue
		}
		for j := range size {
			c := *s
			c.Index = ""
			venv := env
			if s.Index != "" {
				venv = with(env, s.Index, j)
			}
			c.Volume = x.expr(s.Volume, venv)
			c.Names = []string{elemName(n, j)}
			out = append(out, &c)
		}
	}
	if len(scalars) > 0 {
		if s.Index != "" {
			// Names that are not STATEs (an ASSIGNED such as mcd13's
			// sump) have no row: nocmodl gives them no volume.
			return out
		}
		c := *s
		c.Volume = x.expr(s.Volume, env)
		c.Names = scalars
		out = append([]Stmt{&c}, out...)
	}
	return out
}

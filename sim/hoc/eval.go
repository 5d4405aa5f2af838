package hoc

import (
	"math"
)

type placeKind int

const (
	pNum placeKind = iota
	pStr
	pObj
	pSec
	pRange    // a range or section variable of a section
	pField    // a field of a built-in object
	pArray    // a whole array symbol, to be indexed
	pTemplate // a template name, to be indexed
	pFunc
)

// place is what a reference denotes: storage to read or write.
type place struct {
	kind  placeKind
	num   *float64
	str   *string
	obj   *Object
	sec   *Section
	rv    rangeVar
	x     float64
	hasX  bool
	field fieldRef
	sym   *symbol
	tmpl  *Template
	name  string
	pos   Pos
}

// fieldRef is a field of a built-in object, e.g. vec.x[i], str.s.
type fieldRef struct {
	o      Object
	name   string
	idx    int
	hasIdx bool
}

// rangeVar is a section or range variable: L, nseg, Ra, diam, cm, v, an
// ion variable or var_mech.
type rangeVar struct {
	name string // as written
	kind string // "L", "nseg", "Ra", "diam", "cm", "v", "ion", "mech"
	mech string
	v    string
}

func (in *Interp) rangeVarOf(name string) (rangeVar, bool) {
	switch name {
	case "L", "nseg", "Ra", "diam", "cm", "v":
		return rangeVar{name: name, kind: name}, true
	}
	if _, ok := in.reg.ionVar(name); ok {
		return rangeVar{name: name, kind: "ion"}, true
	}
	if v, m, ok := in.reg.splitRange(name); ok {
		return rangeVar{name: name, kind: "mech", mech: m, v: v}, true
	}
	return rangeVar{}, false
}

// isBuiltinName reports whether name is a built-in variable, function,
// class or range variable.
func (in *Interp) isBuiltinName(name string) bool {
	if _, ok := in.vars[name]; ok {
		return true
	}
	if _, ok := builtins[name]; ok {
		return true
	}
	if _, ok := classes[name]; ok {
		return true
	}
	if _, ok := in.rangeVarOf(name); ok {
		return true
	}
	return name == "this" || name == "NULLobject"
}

func (in *Interp) eval(e expr) (value, error) {
	switch e := e.(type) {
	case *numLit:
		return num(e.v), nil
	case *strLit:
		return str(e.s), nil
	case *unaryExpr:
		x, err := in.evalNum(e.x)
		if err != nil {
			return value{}, err
		}
		if e.op == "-" {
			return num(-x), nil
		}
		return boolv(x == 0), nil
	case *binaryExpr:
		return in.evalBinary(e)
	case *assignExpr:
		return in.evalAssign(e)
	case *callExpr:
		return in.call(e)
	case *newExpr:
		args, err := in.evalArgs(e.args)
		if err != nil {
			return value{}, err
		}
		return in.newObject(e.name, args, e.pos)
	case *addrExpr:
		return in.evalAddr(e)
	}
	pl, err := in.resolve(e, false)
	if err != nil {
		return value{}, err
	}
	return in.read(pl)
}

func (in *Interp) evalNum(e expr) (float64, error) {
	v, err := in.eval(e)
	if err != nil {
		return 0, err
	}
	if v.kind != vNum {
		return 0, errorf(e.exprPos(), "%s is %s, want a number", describe(e), v.kindName())
	}
	return v.num, nil
}

func (in *Interp) evalArgs(list []expr) ([]value, error) {
	out := make([]value, len(list))
	for i, a := range list {
		v, err := in.eval(a)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (in *Interp) evalSection(e expr) (*Section, error) {
	pl, err := in.resolve(e, false)
	if err != nil {
		return nil, err
	}
	if pl.kind != pSec {
		return nil, errorf(e.exprPos(), "%s is not a section", describe(e))
	}
	if pl.sec == nil {
		return nil, errorf(e.exprPos(), "%s is an empty section array", describe(e))
	}
	if pl.sec.deleted {
		return nil, errorf(e.exprPos(), "section %s was deleted", describe(e))
	}
	return pl.sec, nil
}

func (in *Interp) evalBinary(e *binaryExpr) (value, error) {
	if e.op == "&&" || e.op == "||" {
		x, err := in.evalNum(e.x)
		if err != nil {
			return value{}, err
		}
		if e.op == "&&" && x == 0 {
			return num(0), nil
		}
		if e.op == "||" && x != 0 {
			return num(1), nil
		}
		y, err := in.evalNum(e.y)
		if err != nil {
			return value{}, err
		}
		return boolv(y != 0), nil
	}
	xv, err := in.eval(e.x)
	if err != nil {
		return value{}, err
	}
	yv, err := in.eval(e.y)
	if err != nil {
		return value{}, err
	}
	if (e.op == "==" || e.op == "!=") && xv.kind == vObj && yv.kind == vObj {
		eq := xv.obj == yv.obj
		return boolv(eq == (e.op == "==")), nil
	}
	if xv.kind != vNum || yv.kind != vNum {
		return value{}, errorf(e.pos, "operator %s on %s and %s, want numbers", e.op, xv.kindName(), yv.kindName())
	}
	x, y := xv.num, yv.num
	switch e.op {
	case "+":
		return num(x + y), nil
	case "-":
		return num(x - y), nil
	case "*":
		return num(x * y), nil
	case "/":
		if y == 0 {
			return value{}, errorf(e.pos, "division by zero")
		}
		return num(x / y), nil
	case "%":
		// hoc's % is fmod after rounding toward zero... NEURON computes
		// x - y*floor(x/y) for its modulus.
		if y == 0 {
			return value{}, errorf(e.pos, "modulus by zero")
		}
		return num(x - y*math.Floor(x/y)), nil
	case "^":
		return num(math.Pow(x, y)), nil
	case "==":
		return boolv(math.Abs(x-y) <= in.eps()), nil
	case "!=":
		return boolv(math.Abs(x-y) > in.eps()), nil
	case "<":
		return boolv(x < y-in.eps()), nil
	case "<=":
		return boolv(x <= y+in.eps()), nil
	case ">":
		return boolv(x > y+in.eps()), nil
	case ">=":
		return boolv(x >= y-in.eps()), nil
	}
	return value{}, errorf(e.pos, "unknown operator %s", e.op)
}

// eps is hoc's float_epsilon: comparisons are within it.
func (in *Interp) eps() float64 { return *in.vars["float_epsilon"] }

func (in *Interp) evalAssign(e *assignExpr) (value, error) {
	if c, ok := e.lhs.(*callExpr); ok {
		return in.assignRangeAt(e, c)
	}
	rhs, err := in.eval(e.rhs)
	if err != nil {
		return value{}, err
	}
	pl, err := in.resolve(e.lhs, true)
	if err != nil {
		return value{}, err
	}
	if e.op != "=" {
		old, err := in.read(pl)
		if err != nil {
			return value{}, err
		}
		if old.kind != vNum || rhs.kind != vNum {
			return value{}, errorf(e.pos, "%s on %s, want numbers", e.op, old.kindName())
		}
		switch e.op {
		case "+=":
			rhs = num(old.num + rhs.num)
		case "-=":
			rhs = num(old.num - rhs.num)
		case "*=":
			rhs = num(old.num * rhs.num)
		case "/=":
			if rhs.num == 0 {
				return value{}, errorf(e.pos, "division by zero")
			}
			rhs = num(old.num / rhs.num)
		}
	}
	if err := in.write(pl, rhs, e.pos); err != nil {
		return value{}, err
	}
	return rhs, nil
}

// assignRangeAt is rv(x) = value, or the taper rv(x0:x1) = a:b.
func (in *Interp) assignRangeAt(e *assignExpr, c *callExpr) (value, error) {
	id, ok := c.fn.(*ident)
	if !ok {
		return value{}, errorf(e.pos, "cannot assign to %s", describe(c))
	}
	rv, ok := in.rangeVarOf(id.name)
	if !ok || in.shadowed(id.name) {
		return value{}, errorf(e.pos, "cannot assign to %s(...): %s is not a range variable", id.name, id.name)
	}
	sec, err := in.cursec(e.pos)
	if err != nil {
		return value{}, err
	}
	if e.op != "=" {
		return value{}, errorf(e.pos, "%s(x) %s: only = is supported for range variables at x", id.name, e.op)
	}
	if c.ranged {
		x0, err := in.evalNum(c.args[0])
		if err != nil {
			return value{}, err
		}
		x1, err := in.evalNum(c.args[1])
		if err != nil {
			return value{}, err
		}
		a, err := in.evalNum(e.rhs)
		if err != nil {
			return value{}, err
		}
		b, err := in.evalNum(e.rhs2)
		if err != nil {
			return value{}, err
		}
		// NEURON sets every segment whose centre lies in [x0, x1] to the
		// linear interpolation at its centre.
		for i := 0; i < sec.nseg; i++ {
			x := (float64(i) + .5) / float64(sec.nseg)
			if x < x0 || x > x1 || x1 == x0 {
				continue
			}
			val := a + (b-a)*(x-x0)/(x1-x0)
			if err := in.setRange(sec, rv, i, val, e.pos); err != nil {
				return value{}, err
			}
		}
		return num(0), nil
	}
	if len(c.args) != 1 {
		return value{}, errorf(e.pos, "%s(x): one argument, found %d", id.name, len(c.args))
	}
	x, err := in.evalNum(c.args[0])
	if err != nil {
		return value{}, err
	}
	if !(x >= 0 && x <= 1) {
		return value{}, errorf(e.pos, "%s(%g): x outside [0, 1]", id.name, x)
	}
	v, err := in.evalNum(e.rhs)
	if err != nil {
		return value{}, err
	}
	if rv.kind == "L" || rv.kind == "nseg" || rv.kind == "Ra" {
		return value{}, errorf(e.pos, "%s is a section variable, not a range variable: write %s = value", id.name, id.name)
	}
	if err := in.setRange(sec, rv, sec.segIndex(x), v, e.pos); err != nil {
		return value{}, err
	}
	return num(v), nil
}

// shadowed reports whether a user symbol hides a built-in name here.
func (in *Interp) shadowed(name string) bool {
	if _, ok := in.frame.locals[name]; ok {
		return true
	}
	if o := in.frame.obj; o != nil {
		if _, ok := o.syms[name]; ok {
			return true
		}
	} else if _, ok := in.globals[name]; ok {
		return true
	}
	return false
}

func (in *Interp) evalAddr(e *addrExpr) (value, error) {
	if c, ok := e.x.(*callExpr); ok {
		id, ok := c.fn.(*ident)
		if ok && len(c.args) == 1 {
			if rv, isRV := in.rangeVarOf(id.name); isRV && !in.shadowed(id.name) {
				sec, err := in.cursec(e.pos)
				if err != nil {
					return value{}, err
				}
				x, err := in.evalNum(c.args[0])
				if err != nil {
					return value{}, err
				}
				return value{kind: vLoc, loc: &location{sec: sec, x: x, name: rv.name}}, nil
			}
		}
		return value{}, errorf(e.pos, "&%s: want &variable or &rangevar(x)", describe(e.x))
	}
	pl, err := in.resolve(e.x, true)
	if err != nil {
		return value{}, err
	}
	if pl.kind != pNum {
		return value{}, errorf(e.pos, "&%s: not a number variable", describe(e.x))
	}
	return value{kind: vPtr, ptr: pl.num}, nil
}

// lookupSym finds a user symbol: locals, the current object's symbols,
// then the globals (at top level, or external in a template).
func (in *Interp) lookupSym(name string) *symbol {
	if s, ok := in.frame.locals[name]; ok {
		return s
	}
	if o := in.frame.obj; o != nil {
		if s, ok := o.syms[name]; ok {
			return s
		}
		if !o.T.extern[name] {
			return nil
		}
	}
	return in.globals[name]
}

func (in *Interp) symPlace(s *symbol, p Pos) place {
	switch s.kind {
	case symNum:
		if len(s.dims) > 0 {
			return place{kind: pArray, sym: s, pos: p}
		}
		return place{kind: pNum, num: &s.nums[0], pos: p}
	case symStr:
		return place{kind: pStr, str: s.str, pos: p}
	case symObj:
		if len(s.dims) > 0 {
			return place{kind: pArray, sym: s, pos: p}
		}
		return place{kind: pObj, obj: &s.objs[0], pos: p}
	case symSec:
		// soma means soma[0]
		if len(s.secs) == 0 {
			return place{kind: pSec, sym: s, pos: p}
		}
		return place{kind: pSec, sec: s.secs[0], sym: s, pos: p}
	}
	return place{kind: pFunc, name: s.name, pos: p}
}

// resolve returns what a reference denotes; with create, an unknown name
// becomes a new number variable of the current scope (hoc's implicit
// declaration by assignment).
func (in *Interp) resolve(e expr, create bool) (place, error) {
	switch e := e.(type) {
	case *ident:
		return in.resolveName(e.name, e.pos, create)
	case *argRef:
		return in.resolveArg(e)
	case *indexExpr:
		base, err := in.resolve(e.x, false)
		if err != nil {
			return place{}, err
		}
		fi, err := in.evalNum(e.idx)
		if err != nil {
			return place{}, err
		}
		i := int(fi)
		switch base.kind {
		case pArray:
			s := base.sym
			if i < 0 || i >= s.size() {
				return place{}, errorf(e.pos, "%s[%d]: index out of range (size %d)", s.name, i, s.size())
			}
			if s.kind == symNum {
				return place{kind: pNum, num: &s.nums[i], pos: e.pos}, nil
			}
			return place{kind: pObj, obj: &s.objs[i], pos: e.pos}, nil
		case pSec:
			s := base.sym
			if s == nil {
				return place{}, errorf(e.pos, "%s is a section, not a section array", describe(e.x))
			}
			if i < 0 || i >= len(s.secs) {
				return place{}, errorf(e.pos, "%s[%d]: index out of range (%d sections)", s.name, i, len(s.secs))
			}
			return place{kind: pSec, sec: s.secs[i], pos: e.pos}, nil
		case pTemplate:
			for _, o := range in.instances[base.tmpl.Name] {
				if o.Index == i {
					var ob Object = o
					return place{kind: pObj, obj: &ob, pos: e.pos}, nil
				}
			}
			return place{}, errorf(e.pos, "%s[%d]: no such object", base.tmpl.Name, i)
		case pField:
			f := base.field
			f.idx, f.hasIdx = i, true
			return place{kind: pField, field: f, pos: e.pos}, nil
		}
		return place{}, errorf(e.pos, "%s cannot be indexed", describe(e.x))
	case *memberExpr:
		xv, err := in.eval(e.x)
		if err != nil {
			return place{}, err
		}
		if xv.kind != vObj {
			return place{}, errorf(e.pos, "%s.%s: %s is %s, not an object", describe(e.x), e.name, describe(e.x), xv.kindName())
		}
		if xv.obj == nil {
			return place{}, errorf(e.pos, "%s.%s: %s is NULLobject", describe(e.x), e.name, describe(e.x))
		}
		if o, ok := xv.obj.(*Instance); ok {
			if o != in.frame.obj && !o.T.public[e.name] {
				return place{}, errorf(e.pos, "%s is not a public member of %s", e.name, o.T.Name)
			}
			s, ok := o.syms[e.name]
			if !ok {
				if _, isFn := o.T.funcs[e.name]; isFn {
					return place{kind: pFunc, name: e.name, pos: e.pos}, nil
				}
				return place{}, errorf(e.pos, "%s has no member %s", o, e.name)
			}
			return in.symPlace(s, e.pos), nil
		}
		return place{kind: pField, field: fieldRef{o: xv.obj, name: e.name}, pos: e.pos}, nil
	case *callExpr:
		id, ok := e.fn.(*ident)
		if ok && len(e.args) == 1 {
			if rv, isRV := in.rangeVarOf(id.name); isRV && !in.shadowed(id.name) {
				sec, err := in.cursec(e.pos)
				if err != nil {
					return place{}, err
				}
				x, err := in.evalNum(e.args[0])
				if err != nil {
					return place{}, err
				}
				return place{kind: pRange, rv: rv, sec: sec, x: x, hasX: true, pos: e.pos}, nil
			}
		}
	}
	return place{}, errorf(e.exprPos(), "%s is not a variable", describe(e))
}

func (in *Interp) resolveName(name string, p Pos, create bool) (place, error) {
	if s := in.lookupSym(name); s != nil {
		return in.symPlace(s, p), nil
	}
	if name == "this" {
		if in.frame.obj == nil {
			return place{}, errorf(p, "this outside a template")
		}
		var o Object = in.frame.obj
		return place{kind: pObj, obj: &o, pos: p}, nil
	}
	if name == "NULLobject" {
		var o Object
		return place{kind: pObj, obj: &o, pos: p}, nil
	}
	if v, ok := in.vars[name]; ok {
		return place{kind: pNum, num: v, pos: p}, nil
	}
	if rv, ok := in.rangeVarOf(name); ok {
		sec, err := in.cursec(p)
		if err != nil {
			return place{}, err
		}
		return place{kind: pRange, rv: rv, sec: sec, pos: p}, nil
	}
	if t, ok := in.templates[name]; ok {
		return place{kind: pTemplate, tmpl: t, pos: p}, nil
	}
	if fd, _ := in.lookupFunc(name); fd != nil {
		return place{kind: pFunc, name: name, pos: p}, nil
	}
	if _, ok := builtins[name]; ok {
		return place{}, errorf(p, "%s is a function: call it as %s(...)", name, name)
	}
	if !create {
		if in.frame.obj != nil {
			if _, ok := in.globals[name]; ok {
				return place{}, errorf(p, "%s is not declared in template %s (a top-level name needs external)", name, in.frame.obj.T.Name)
			}
		}
		return place{}, errorf(p, "undefined variable %s", name)
	}
	s := &symbol{kind: symNum, name: name, nums: []float64{0}}
	in.scope()[name] = s
	return place{kind: pNum, num: &s.nums[0], pos: p}, nil
}

func (in *Interp) resolveArg(e *argRef) (place, error) {
	n := e.n
	if n == 0 {
		s := in.lookupSym("i")
		if s == nil || s.kind != symNum || len(s.dims) > 0 {
			return place{}, errorf(e.pos, "$%si needs a number variable i", e.kind)
		}
		n = int(s.nums[0])
	}
	f := in.frame
	if f.fn == nil {
		return place{}, errorf(e.pos, "%s outside a procedure", describe(e))
	}
	if n < 1 || n > len(f.args) {
		return place{}, errorf(e.pos, "%s: argument %d of %s, which has %d", describe(e), n, f.fn.name, len(f.args))
	}
	a := &f.args[n-1]
	switch e.kind {
	case "":
		if a.kind != vNum {
			return place{}, errorf(e.pos, "$%d is %s, want a number", n, a.kindName())
		}
		return place{kind: pNum, num: &a.num, pos: e.pos}, nil
	case "s":
		if a.kind != vStr {
			return place{}, errorf(e.pos, "$s%d is %s, want a string", n, a.kindName())
		}
		if a.strRef != nil {
			return place{kind: pStr, str: a.strRef, pos: e.pos}, nil
		}
		return place{kind: pStr, str: &a.str, pos: e.pos}, nil
	case "o":
		if a.kind != vObj {
			return place{}, errorf(e.pos, "$o%d is %s, want an object", n, a.kindName())
		}
		if a.objRef != nil {
			return place{kind: pObj, obj: a.objRef, pos: e.pos}, nil
		}
		return place{kind: pObj, obj: &a.obj, pos: e.pos}, nil
	case "&":
		if a.kind != vPtr {
			return place{}, errorf(e.pos, "$&%d is %s, want a pointer (&x)", n, a.kindName())
		}
		return place{kind: pNum, num: a.ptr, pos: e.pos}, nil
	}
	return place{}, errorf(e.pos, "bad argument reference")
}

func (in *Interp) read(pl place) (value, error) {
	switch pl.kind {
	case pNum:
		return num(*pl.num), nil
	case pStr:
		return value{kind: vStr, str: *pl.str, strRef: pl.str}, nil
	case pObj:
		return value{kind: vObj, obj: *pl.obj, objRef: pl.obj}, nil
	case pRange:
		v, err := in.getRange(pl.sec, pl.rv, pl.x, pl.hasX, pl.pos)
		return num(v), err
	case pField:
		return in.getField(pl.field, pl.pos)
	case pSec:
		return value{}, errorf(pl.pos, "a section is not a value")
	case pArray:
		return value{}, errorf(pl.pos, "%s is an array: index it", pl.sym.name)
	case pTemplate:
		return value{}, errorf(pl.pos, "%s is a template: use new %s(...)", pl.tmpl.Name, pl.tmpl.Name)
	case pFunc:
		return value{}, errorf(pl.pos, "%s is a procedure: call it as %s(...)", pl.name, pl.name)
	}
	return value{}, errorf(pl.pos, "not a value")
}

func (in *Interp) write(pl place, v value, p Pos) error {
	switch pl.kind {
	case pNum:
		if v.kind != vNum {
			return errorf(p, "assigning %s to a number variable", v.kindName())
		}
		*pl.num = v.num
		return nil
	case pStr:
		if v.kind != vStr {
			return errorf(p, "assigning %s to a string", v.kindName())
		}
		*pl.str = v.str
		return nil
	case pObj:
		if v.kind != vObj {
			return errorf(p, "assigning %s to an object reference", v.kindName())
		}
		*pl.obj = v.obj
		return nil
	case pRange:
		if v.kind != vNum {
			return errorf(p, "assigning %s to %s", v.kindName(), pl.rv.name)
		}
		if pl.hasX {
			return in.setRange(pl.sec, pl.rv, pl.sec.segIndex(pl.x), v.num, p)
		}
		return in.setRangeAll(pl.sec, pl.rv, v.num, p)
	case pField:
		return in.setField(pl.field, v, p)
	}
	return errorf(p, "cannot assign to this")
}

// getRange reads a section or range variable (at x, or the middle).
func (in *Interp) getRange(sec *Section, rv rangeVar, x float64, hasX bool, p Pos) (float64, error) {
	if !hasX {
		x = .5
	}
	i := sec.segIndex(x)
	switch rv.kind {
	case "L":
		return sec.length(), nil
	case "nseg":
		return float64(sec.nseg), nil
	case "Ra":
		return sec.ra, nil
	case "diam":
		if len(sec.pts) >= 2 {
			_, _, d, err := sec.geometry()
			if err != nil {
				return 0, errorf(p, "diam of %s: %v", sec.Name(), err)
			}
			return d[i], nil
		}
		return sec.diam[i], nil
	case "cm":
		return sec.cm[i], nil
	case "v":
		return sec.v[i], nil
	case "ion":
		ion, _ := in.reg.ionVar(rv.name)
		if !sec.usesIon(in.reg, ion) {
			return 0, errorf(p, "%s: %s_ion mechanism not inserted in section %s (no inserted mechanism uses %s)", rv.name, ion, sec.Name(), ion)
		}
		if a, ok := sec.ions[rv.name]; ok {
			return a[i], nil
		}
		return ionDefault(rv.name), nil
	case "mech":
		m := sec.mech(rv.mech)
		if m == nil {
			return 0, errorf(p, "%s: mechanism %s is not inserted in section %s", rv.name, rv.mech, sec.Name())
		}
		def, ok := in.reg.vars[rv.mech][rv.v]
		if !ok {
			return 0, errorf(p, "%s: mechanism %s has no RANGE variable %s", rv.name, rv.mech, rv.v)
		}
		if a, ok := m.vals[rv.v]; ok {
			return a[i], nil
		}
		return def, nil
	}
	return 0, errorf(p, "%s cannot be read", rv.name)
}

func (in *Interp) setRangeAll(sec *Section, rv rangeVar, v float64, p Pos) error {
	switch rv.kind {
	case "L":
		if len(sec.pts) > 0 {
			return errorf(p, "L = %g on %s, which has 3-D points: rescaling 3-D points is not supported", v, sec.Name())
		}
		if !(v > 0) || math.IsInf(v, 0) {
			return errorf(p, "L = %g on %s: want a length > 0", v, sec.Name())
		}
		sec.l = v
		return nil
	case "nseg":
		n := int(v)
		if n < 1 || n > 32767 {
			return errorf(p, "nseg = %g on %s: want 1 to 32767", v, sec.Name())
		}
		sec.setNseg(n)
		return nil
	case "Ra":
		if !(v > 0) || math.IsInf(v, 0) {
			return errorf(p, "Ra = %g on %s: want > 0", v, sec.Name())
		}
		sec.ra = v
		return nil
	case "diam":
		if len(sec.pts) > 0 {
			return errorf(p, "diam = %g on %s, which has 3-D points: changing 3-D diameters is not supported", v, sec.Name())
		}
		for i := range sec.diam {
			sec.diam[i] = v
		}
		sec.diamSeg = false
		return nil
	}
	for i := 0; i < sec.nseg; i++ {
		if err := in.setRange(sec, rv, i, v, p); err != nil {
			return err
		}
	}
	return nil
}

// setRange sets a range variable in segment i.
func (in *Interp) setRange(sec *Section, rv rangeVar, i int, v float64, p Pos) error {
	if math.IsNaN(v) {
		return errorf(p, "%s = NaN in %s", rv.name, sec.Name())
	}
	switch rv.kind {
	case "diam":
		if len(sec.pts) > 0 {
			return errorf(p, "diam(x) = %g on %s, which has 3-D points: changing 3-D diameters is not supported", v, sec.Name())
		}
		if !(v > 0) {
			return errorf(p, "diam = %g in %s: want > 0", v, sec.Name())
		}
		sec.diam[i] = v
		sec.diamSeg = false
		for _, d := range sec.diam {
			if d != sec.diam[0] {
				sec.diamSeg = true
			}
		}
		return nil
	case "cm":
		sec.cm[i] = v
		return nil
	case "v":
		sec.v[i] = v
		sec.vSet = true
		return nil
	case "ion":
		ion, _ := in.reg.ionVar(rv.name)
		if !sec.usesIon(in.reg, ion) {
			return errorf(p, "%s = %g: %s_ion mechanism not inserted in section %s (no inserted mechanism uses %s)", rv.name, v, ion, sec.Name(), ion)
		}
		if sec.ions == nil {
			sec.ions = map[string][]float64{}
		}
		a, ok := sec.ions[rv.name]
		if !ok {
			a = make([]float64, sec.nseg)
			for k := range a {
				a[k] = ionDefault(rv.name)
			}
			sec.ions[rv.name] = a
		}
		a[i] = v
		return nil
	case "mech":
		m := sec.mech(rv.mech)
		if m == nil {
			return errorf(p, "%s = %g: mechanism %s is not inserted in section %s", rv.name, v, rv.mech, sec.Name())
		}
		def, ok := in.reg.vars[rv.mech][rv.v]
		if !ok {
			return errorf(p, "%s: mechanism %s has no RANGE variable %s", rv.name, rv.mech, rv.v)
		}
		a, ok := m.vals[rv.v]
		if !ok {
			a = make([]float64, sec.nseg)
			for k := range a {
				a[k] = def
			}
			m.vals[rv.v] = a
		}
		a[i] = v
		return nil
	}
	return errorf(p, "%s cannot be set per segment", rv.name)
}

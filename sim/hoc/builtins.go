package hoc

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/morph"
)

// builtin is a built-in function: args evaluated, the call's position.
type builtin func(in *Interp, args []value, p Pos) (value, error)

var builtins map[string]builtin

func init() {
	math1 := func(name string, f func(float64) float64) builtin {
		return func(in *Interp, a []value, p Pos) (value, error) {
			x, err := numArgs(name, a, p, 1)
			if err != nil {
				return value{}, err
			}
			r := f(x[0])
			if math.IsNaN(r) && !math.IsNaN(x[0]) {
				return value{}, errorf(p, "%s(%g): argument out of domain", name, x[0])
			}
			return num(r), nil
		}
	}
	builtins = map[string]builtin{
		"exp":   math1("exp", math.Exp),
		"log":   math1("log", logDomain(math.Log)),
		"log10": math1("log10", logDomain(math.Log10)),
		"sqrt":  math1("sqrt", math.Sqrt),
		"sin":   math1("sin", math.Sin),
		"cos":   math1("cos", math.Cos),
		"tan":   math1("tan", math.Tan),
		"atan":  math1("atan", math.Atan),
		"tanh":  math1("tanh", math.Tanh),
		"abs":   math1("abs", math.Abs),
		"fabs":  math1("fabs", math.Abs),
		"floor": math1("floor", math.Floor),
		"ceil":  math1("ceil", math.Ceil),
		"int":   math1("int", math.Trunc),
		"atan2": func(in *Interp, a []value, p Pos) (value, error) {
			x, err := numArgs("atan2", a, p, 2)
			if err != nil {
				return value{}, err
			}
			return num(math.Atan2(x[0], x[1])), nil
		},
		"pow": func(in *Interp, a []value, p Pos) (value, error) {
			x, err := numArgs("pow", a, p, 2)
			if err != nil {
				return value{}, err
			}
			return num(math.Pow(x[0], x[1])), nil
		},
		"numarg":       biNumarg,
		"sprint":       biSprint,
		"printf":       biPrintf,
		"strcmp":       biStrcmp,
		"sscanf":       biSscanf,
		"execute":      biExecute,
		"execute1":     biExecute,
		"execerror":    biExecerror,
		"quit":         biQuit,
		"load_file":    biLoadFile,
		"xopen":        biXopen,
		"secname":      biSecname,
		"distance":     biDistance,
		"area":         biArea,
		"ri":           biRi,
		"n3d":          biN3d,
		"x3d":          pt3dGetter("x3d"),
		"y3d":          pt3dGetter("y3d"),
		"z3d":          pt3dGetter("z3d"),
		"diam3d":       pt3dGetter("diam3d"),
		"arc3d":        pt3dGetter("arc3d"),
		"pt3dadd":      biPt3dadd,
		"pt3dclear":    biPt3dclear,
		"pt3dchange":   biPt3dchange,
		"pt3dconst":    biPt3dconst,
		"pt3dstyle":    biNoop("pt3dstyle"),
		"define_shape": biDefineShape,
		"delete_section": func(in *Interp, a []value, p Pos) (value, error) {
			if len(a) != 0 {
				return value{}, errorf(p, "delete_section: no arguments expected, found %d", len(a))
			}
			sec, err := in.cursec(p)
			if err != nil {
				return value{}, err
			}
			in.deleteSection(sec)
			return num(0), nil
		},
		"ismembrane": biIsmembrane,
		"lambda_f":   biLambdaF,
		"nrnpython":  biNrnpython,
		"object_id": func(in *Interp, a []value, p Pos) (value, error) {
			if len(a) < 1 || a[0].kind != vObj {
				return value{}, errorf(p, "object_id: want an object")
			}
			return boolv(a[0].obj != nil), nil
		},
	}
}

func logDomain(f func(float64) float64) func(float64) float64 {
	return func(x float64) float64 {
		if x <= 0 {
			return math.NaN()
		}
		return f(x)
	}
}

func biNoop(name string) builtin {
	return func(in *Interp, a []value, p Pos) (value, error) {
		in.note("%v: %s has no effect on the geometry Golgi computes; ignored", p, name)
		return num(0), nil
	}
}

func numArgs(name string, a []value, p Pos, n int) ([]float64, error) {
	if len(a) != n {
		return nil, errorf(p, "%s: %d arguments, want %d", name, len(a), n)
	}
	out := make([]float64, n)
	for i, v := range a {
		if v.kind != vNum {
			return nil, errorf(p, "%s: argument %d is %s, want a number", name, i+1, v.kindName())
		}
		out[i] = v.num
	}
	return out, nil
}

func (in *Interp) call(e *callExpr) (value, error) {
	switch fn := e.fn.(type) {
	case *ident:
		if fd, o := in.lookupFunc(fn.name); fd != nil && !in.shadowedByVar(fn.name) {
			if fd.kind == "iterator" {
				return value{}, errorf(e.pos, "iterator %s called outside for", fn.name)
			}
			args, err := in.evalArgs(e.args)
			if err != nil {
				return value{}, err
			}
			return in.callUser(fd, o, args, nil, e.pos)
		}
		if v, ok, err := in.mechanismCall(fn.name, e); ok || err != nil {
			return v, err
		}
		if rv, ok := in.rangeVarOf(fn.name); ok && !in.shadowed(fn.name) {
			if len(e.args) != 1 || e.ranged {
				return value{}, errorf(e.pos, "%s(x): one argument, found %d", fn.name, len(e.args))
			}
			pl, err := in.resolve(e, false)
			if err != nil {
				return value{}, err
			}
			_ = rv
			return in.read(pl)
		}
		if b, ok := builtins[fn.name]; ok {
			args, err := in.evalArgs(e.args)
			if err != nil {
				return value{}, err
			}
			return b(in, args, e.pos)
		}
		if _, ok := in.templates[fn.name]; ok {
			return value{}, errorf(e.pos, "%s is a template: use new %s(...)", fn.name, fn.name)
		}
		if _, ok := classes[fn.name]; ok {
			return value{}, errorf(e.pos, "%s is a class: use new %s(...)", fn.name, fn.name)
		}
		if in.frame.obj != nil {
			if s, ok := in.globals[fn.name]; ok && s.kind == symFunc {
				return value{}, errorf(e.pos, "%s is a top-level procedure not declared external in template %s", fn.name, in.frame.obj.T.Name)
			}
		}
		return value{}, errorf(e.pos, "undefined function %s", fn.name)
	case *memberExpr:
		xv, err := in.eval(fn.x)
		if err != nil {
			return value{}, err
		}
		if xv.kind != vObj || xv.obj == nil {
			return value{}, errorf(e.pos, "%s.%s(): %s is %s, not an object", describe(fn.x), fn.name, describe(fn.x), xv.kindName())
		}
		args, err := in.evalArgs(e.args)
		if err != nil {
			return value{}, err
		}
		if o, ok := xv.obj.(*Instance); ok {
			fd, ok := o.T.funcs[fn.name]
			if !ok {
				return value{}, errorf(e.pos, "%s has no procedure %s", o, fn.name)
			}
			if o != in.frame.obj && !o.T.public[fn.name] {
				return value{}, errorf(e.pos, "%s is not a public procedure of %s", fn.name, o.T.Name)
			}
			return in.callUser(fd, o, args, nil, e.pos)
		}
		return in.callMethod(xv.obj, fn.name, args, e.pos)
	}
	return value{}, errorf(e.pos, "%s cannot be called", describe(e.fn))
}

// shadowedByVar reports whether a variable of that name hides a function.
func (in *Interp) shadowedByVar(name string) bool {
	s := in.lookupSym(name)
	return s != nil && s.kind != symFunc
}

func biNumarg(in *Interp, a []value, p Pos) (value, error) {
	if in.frame.fn == nil {
		return value{}, errorf(p, "numarg() outside a procedure")
	}
	return num(float64(len(in.frame.args))), nil
}

// formatC formats like C's printf for hoc's sprint and printf: %d %i %g
// %f %e %s %c %%, with flags, width and precision.
func formatC(format string, args []value, p Pos) (string, error) {
	var b strings.Builder
	k := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("-+ #0123456789.l", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			return "", errorf(p, "format %q: incomplete conversion at the end", format)
		}
		verb := format[j]
		spec := strings.ReplaceAll(format[i:j], "l", "")
		i = j
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		if k >= len(args) {
			return "", errorf(p, "format %q: more conversions than arguments (%d)", format, len(args))
		}
		a := args[k]
		k++
		switch verb {
		case 'd', 'i', 'o', 'x', 'X':
			if a.kind != vNum {
				return "", errorf(p, "format %q: %%%c needs a number, argument %d is %s", format, verb, k, a.kindName())
			}
			v := verb
			if v == 'i' {
				v = 'd'
			}
			fmt.Fprintf(&b, spec+string(v), int64(a.num))
		case 'g', 'f', 'e', 'G', 'E':
			if a.kind != vNum {
				return "", errorf(p, "format %q: %%%c needs a number, argument %d is %s", format, verb, k, a.kindName())
			}
			b.WriteString(cFloat(spec, verb, a.num))
		case 's':
			if a.kind == vNum {
				b.WriteString(fmt.Sprintf(spec+"s", strconv.FormatFloat(a.num, 'g', -1, 64)))
				continue
			}
			fmt.Fprintf(&b, spec+"s", a.String())
		case 'c':
			if a.kind != vNum {
				return "", errorf(p, "format %q: %%c needs a number", format)
			}
			b.WriteByte(byte(a.num))
		default:
			return "", errorf(p, "format %q: conversion %%%c is not supported", format, verb)
		}
	}
	return b.String(), nil
}

// cFloat formats a float as C's %g, %f, %e (Go's %g differs from C's in
// exponent width and the removal of trailing zeros).
func cFloat(spec string, verb byte, x float64) string {
	if verb == 'g' || verb == 'G' {
		prec := 6
		flags := spec[1:]
		if k := strings.IndexByte(flags, '.'); k >= 0 {
			if n, err := strconv.Atoi(flags[k+1:]); err == nil {
				prec = n
			} else {
				prec = 0
			}
			flags = flags[:k]
		}
		if prec == 0 {
			prec = 1
		}
		var s string
		if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			s = strconv.FormatFloat(x, 'g', prec, 64)
		} else {
			// C: %e exponent X; use %e when X < -4 or X >= P.
			e := strconv.FormatFloat(x, 'e', prec-1, 64)
			exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
			if exp < -4 || exp >= prec {
				mant := e[:strings.IndexByte(e, 'e')]
				if !strings.Contains(flags, "#") && strings.Contains(mant, ".") {
					mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
				}
				sign := "+"
				if exp < 0 {
					sign = "-"
					exp = -exp
				}
				s = fmt.Sprintf("%se%s%02d", mant, sign, exp)
			} else {
				s = strconv.FormatFloat(x, 'f', prec-1-exp, 64)
				if !strings.Contains(flags, "#") && strings.Contains(s, ".") {
					s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
				}
			}
		}
		if verb == 'G' {
			s = strings.ToUpper(s)
		}
		width := strings.TrimLeft(flags, "-+ #0")
		if w, err := strconv.Atoi(width); err == nil && len(s) < w {
			pad := strings.Repeat(" ", w-len(s))
			if strings.Contains(flags, "-") {
				return s + pad
			}
			return pad + s
		}
		return s
	}
	s := fmt.Sprintf(spec+string(verb), x)
	if verb == 'e' || verb == 'E' {
		// Go writes at least two exponent digits, as C does.
		return s
	}
	return s
}

func biSprint(in *Interp, a []value, p Pos) (value, error) {
	if len(a) < 2 || a[0].kind != vStr || a[0].strRef == nil || a[1].kind != vStr {
		return value{}, errorf(p, "sprint(strdef, format, ...): want a string variable and a format")
	}
	s, err := formatC(a[1].str, a[2:], p)
	if err != nil {
		return value{}, err
	}
	*a[0].strRef = s
	return num(0), nil
}

func biPrintf(in *Interp, a []value, p Pos) (value, error) {
	if len(a) < 1 || a[0].kind != vStr {
		return value{}, errorf(p, "printf(format, ...): want a format string")
	}
	s, err := formatC(a[0].str, a[1:], p)
	if err != nil {
		return value{}, err
	}
	in.printf("%s", s)
	return num(float64(len(s))), nil
}

func biStrcmp(in *Interp, a []value, p Pos) (value, error) {
	if len(a) != 2 || a[0].kind != vStr || a[1].kind != vStr {
		return value{}, errorf(p, "strcmp(s1, s2): want two strings")
	}
	return num(float64(strings.Compare(a[0].str, a[1].str))), nil
}

// biSscanf supports the conversions the templates use: %s (one word) and
// %c into string and number variables, %d %f %g %lf into numbers.
func biSscanf(in *Interp, a []value, p Pos) (value, error) {
	if len(a) < 2 || a[0].kind != vStr || a[1].kind != vStr {
		return value{}, errorf(p, "sscanf(string, format, ...): want a string and a format")
	}
	src, format := a[0].str, a[1].str
	out := a[2:]
	n := 0
	k := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == ' ' {
			src = strings.TrimLeft(src, " \t\n")
			continue
		}
		if c != '%' {
			if !strings.HasPrefix(src, string(c)) {
				break
			}
			src = src[1:]
			continue
		}
		i++
		for i < len(format) && format[i] == 'l' {
			i++
		}
		if i >= len(format) {
			return value{}, errorf(p, "sscanf format %q: incomplete conversion", format)
		}
		if k >= len(out) {
			return value{}, errorf(p, "sscanf format %q: more conversions than variables", format)
		}
		dst := out[k]
		k++
		switch format[i] {
		case 's':
			src = strings.TrimLeft(src, " \t\n")
			end := strings.IndexAny(src, " \t\n")
			if end < 0 {
				end = len(src)
			}
			if end == 0 {
				return num(float64(n)), nil
			}
			if dst.kind != vStr || dst.strRef == nil {
				return value{}, errorf(p, "sscanf %%s: argument %d must be a string variable", k+2)
			}
			*dst.strRef = src[:end]
			src = src[end:]
		case 'c':
			if len(src) == 0 {
				return num(float64(n)), nil
			}
			if dst.kind != vPtr {
				return value{}, errorf(p, "sscanf %%c: argument %d must be &variable", k+2)
			}
			*dst.ptr = float64(src[0])
			src = src[1:]
		case 'd', 'f', 'g', 'e':
			src = strings.TrimLeft(src, " \t\n")
			end := 0
			for end < len(src) && strings.IndexByte("+-0123456789.eE", src[end]) >= 0 {
				end++
			}
			v, err := strconv.ParseFloat(src[:end], 64)
			if err != nil {
				return num(float64(n)), nil
			}
			if dst.kind != vPtr {
				return value{}, errorf(p, "sscanf %%%c: argument %d must be &variable", format[i], k+2)
			}
			*dst.ptr = v
			src = src[end:]
		default:
			return value{}, errorf(p, "sscanf conversion %%%c is not supported", format[i])
		}
		n++
	}
	return num(float64(n)), nil
}

// biExecute parses and runs a string: at top level (execute) or in an
// object (execute1(s, obj)), as NEURON does.
func biExecute(in *Interp, a []value, p Pos) (value, error) {
	if len(a) < 1 || len(a) > 2 || a[0].kind != vStr {
		return value{}, errorf(p, "execute(string [, object]): want a string")
	}
	var o *Instance
	if len(a) == 2 {
		if a[1].kind == vObj && a[1].obj != nil {
			inst, ok := a[1].obj.(*Instance)
			if !ok {
				return value{}, errorf(p, "execute: the object must be a template instance, found %s", a[1].obj.ClassName())
			}
			o = inst
		} else if a[1].kind != vObj {
			if a[1].kind == vNum {
				// execute1(cmd, 0): no error message; same semantics here
				o = nil
			} else {
				return value{}, errorf(p, "execute: second argument is %s", a[1].kindName())
			}
		}
	}
	file := fmt.Sprintf("%s: execute(%q)", p, a[0].str)
	list, err := parse(file, a[0].str)
	if err != nil {
		return value{}, err
	}
	saved := in.frame
	savedStack := in.secStack
	in.frame = &frame{obj: o}
	in.secStack = nil
	defer func() { in.frame = saved; in.secStack = savedStack }()
	for _, s := range list {
		if err := in.exec(s); err != nil {
			return value{}, err
		}
	}
	return num(1), nil
}

func biExecerror(in *Interp, a []value, p Pos) (value, error) {
	var parts []string
	for _, v := range a {
		parts = append(parts, v.String())
	}
	return value{}, &stopError{errorf(p, "execerror: %s", strings.Join(parts, " "))}
}

func biQuit(in *Interp, a []value, p Pos) (value, error) {
	return value{}, &stopError{errorf(p, "quit() called")}
}

// ignoredFiles are NEURON's library files whose content Golgi provides
// natively (the parts the templates use) or does not need.
var ignoredFiles = map[string]string{
	"stdrun.hoc":   "NEURON's standard run system; lambda_f is built in",
	"nrngui.hoc":   "NEURON's GUI",
	"stdlib.hoc":   "NEURON's standard library; lambda_f is built in",
	"import3d.hoc": "NEURON's Import3d; morphologies are read through the Interp's Loader",
	"stdgui.hoc":   "NEURON's GUI",
}

func biLoadFile(in *Interp, a []value, p Pos) (value, error) {
	if len(a) < 1 || a[len(a)-1].kind != vStr {
		return value{}, errorf(p, "load_file(name): want a file name")
	}
	name := a[len(a)-1].str
	if why, ok := ignoredFiles[name]; ok {
		in.note("%v: load_file(%q) ignored (%s)", p, name, why)
		return num(1), nil
	}
	path, err := in.findFile(name, p)
	if err != nil {
		return value{}, err
	}
	abs, _ := filepath.Abs(path)
	if in.loaded[abs] {
		return num(1), nil
	}
	saved := in.frame
	in.frame = &frame{}
	defer func() { in.frame = saved }()
	src, err := os.ReadFile(path)
	if err != nil {
		return value{}, errorf(p, "load_file: %v", err)
	}
	in.loaded[abs] = true
	list, err := parse(path, string(src))
	if err != nil {
		return value{}, err
	}
	in.files = append(in.files, path)
	defer func() { in.files = in.files[:len(in.files)-1] }()
	for _, s := range list {
		if err := in.exec(s); err != nil {
			return value{}, err
		}
	}
	return num(1), nil
}

func (in *Interp) findFile(name string, p Pos) (string, error) {
	var dirs []string
	if n := len(in.files); n > 0 {
		dirs = append(dirs, filepath.Dir(in.files[n-1]))
	}
	if in.Dir != "" {
		dirs = append(dirs, in.Dir)
	}
	if filepath.IsAbs(name) {
		dirs = []string{""}
	}
	for _, d := range dirs {
		path := filepath.Join(d, name)
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			return path, nil
		}
	}
	return "", errorf(p, "load_file(%q): file not found (looked in %v)", name, dirs)
}

func biXopen(in *Interp, a []value, p Pos) (value, error) {
	return value{}, errorf(p, "xopen is not supported: use load_file")
}

func biSecname(in *Interp, a []value, p Pos) (value, error) {
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	return str(sec.Name()), nil
}

// biDistance is NEURON's distance: distance() or distance(0, x) sets the
// origin at the node of the current section containing x (x = 0: its
// parent node); distance(x) or distance(1, x) returns the path length
// from the origin to the node containing x.
func biDistance(in *Interp, a []value, p Pos) (value, error) {
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	var xs []float64
	for i, v := range a {
		if v.kind != vNum {
			return value{}, errorf(p, "distance: argument %d is %s, want a number", i+1, v.kindName())
		}
		xs = append(xs, v.num)
	}
	switch len(xs) {
	case 0:
		in.origin.sec, in.origin.x = sec, 0
		return num(0), nil
	case 1:
		return in.distanceTo(sec, xs[0], p)
	case 2:
		if xs[0] == 0 {
			in.origin.sec, in.origin.x = sec, xs[1]
			return num(0), nil
		}
		return in.distanceTo(sec, xs[1], p)
	}
	return value{}, errorf(p, "distance: 0 to 2 arguments, found %d", len(xs))
}

// nodePos returns the position of the node containing x along the
// section (NEURON's node_dist): 0 for the parent node (x = 0), L for the
// end, the segment centre otherwise.
func nodePos(sec *Section, x float64) (owner *Section, posUm float64) {
	if x <= 0 {
		if sec.parent == nil {
			return sec, 0
		}
		return nodePos(sec.parent, sec.parentX)
	}
	if x >= 1 {
		return sec, sec.length()
	}
	i := sec.segIndex(x)
	return sec, sec.length() * ((float64(i) + .5) / float64(sec.nseg))
}

func (in *Interp) distanceTo(sec *Section, x float64, p Pos) (value, error) {
	if in.origin.sec == nil || in.origin.sec.deleted {
		return value{}, errorf(p, "distance: no origin set (call distance() or distance(0, x) first)")
	}
	// NEURON's topol_distance: walk the deeper side toward the root,
	// summing node positions, until both are on one section.
	depth := func(s *Section) int {
		n := 0
		for ; s.parent != nil; s = s.parent {
			n++
		}
		return n
	}
	s1, d1 := nodePos(in.origin.sec, in.origin.x)
	s2, d2 := nodePos(sec, x)
	d := 0.
	for s1 != s2 {
		if depth(s1) > depth(s2) {
			if s1.parent == nil {
				break
			}
			d += d1
			s1, d1 = nodePos(s1.parent, s1.parentX)
		} else {
			if s2.parent == nil {
				break
			}
			d += d2
			s2, d2 = nodePos(s2.parent, s2.parentX)
		}
	}
	if s1 == s2 {
		return num(d + math.Abs(d1-d2)), nil
	}
	return value{}, errorf(p, "distance: %s is not in the tree of the origin %s", sec.Name(), in.origin.sec.Name())
}

func biArea(in *Interp, a []value, p Pos) (value, error) {
	x, err := numArgs("area", a, p, 1)
	if err != nil {
		return value{}, err
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	if x[0] <= 0 || x[0] >= 1 {
		return num(0), nil
	}
	area, _, _, err := sec.geometry()
	if err != nil {
		return value{}, errorf(p, "area: %v", err)
	}
	return num(area[sec.segIndex(x[0])]), nil
}

func biRi(in *Interp, a []value, p Pos) (value, error) {
	x, err := numArgs("ri", a, p, 1)
	if err != nil {
		return value{}, err
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	if sec.parent != nil || x[0] <= 0 || x[0] >= 1 {
		return value{}, errorf(p, "ri(%g): only segment centres of a section are supported", x[0])
	}
	_, ri, _, err := sec.geometry()
	if err != nil {
		return value{}, errorf(p, "ri: %v", err)
	}
	return num(ri[sec.segIndex(x[0])]), nil
}

func biN3d(in *Interp, a []value, p Pos) (value, error) {
	if len(a) != 0 {
		return value{}, errorf(p, "n3d: no arguments expected, found %d", len(a))
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	return num(float64(len(sec.pts))), nil
}

func pt3dGetter(name string) builtin {
	return func(in *Interp, a []value, p Pos) (value, error) {
		x, err := numArgs(name, a, p, 1)
		if err != nil {
			return value{}, err
		}
		sec, err := in.cursec(p)
		if err != nil {
			return value{}, err
		}
		i := int(x[0])
		if i < 0 || i >= len(sec.pts) {
			return value{}, errorf(p, "%s(%d): %s has %d 3-D points", name, i, sec.Name(), len(sec.pts))
		}
		pt := sec.pts[i]
		switch name {
		case "x3d":
			return num(float64(float32(pt.X))), nil
		case "y3d":
			return num(float64(float32(pt.Y))), nil
		case "z3d":
			return num(float64(float32(pt.Z))), nil
		case "diam3d":
			return num(float64(float32(pt.D))), nil
		}
		return num(sec.arc()[i]), nil
	}
}

func biPt3dadd(in *Interp, a []value, p Pos) (value, error) {
	x, err := numArgs("pt3dadd", a, p, 4)
	if err != nil {
		return value{}, err
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	sec.pts = append(sec.pts, pt3d(x[0], x[1], x[2], x[3]))
	sec.pointsChanged(len(sec.pts) - 1)
	return num(0), nil
}

func pt3d(x, y, z, d float64) morph.Point { return morph.Point{X: x, Y: y, Z: z, D: d} }

func biPt3dclear(in *Interp, a []value, p Pos) (value, error) {
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	sec.pts, sec.arcs = nil, nil
	return num(0), nil
}

func biPt3dchange(in *Interp, a []value, p Pos) (value, error) {
	x, err := numArgs("pt3dchange", a, p, 5)
	if err != nil {
		return value{}, err
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	i := int(x[0])
	if i < 0 || i >= len(sec.pts) {
		return value{}, errorf(p, "pt3dchange(%d): %s has %d 3-D points", i, sec.Name(), len(sec.pts))
	}
	sec.pts[i] = pt3d(x[1], x[2], x[3], x[4])
	sec.pointsChanged(i)
	return num(0), nil
}

// biDefineShape is NEURON's define_shape() for sections with 3-D points
// (nrn_define_shape): every child section is translated, parents first,
// so that its first point lies at the parent's connection point, taken
// on the straight line between the parent's first and last points
// (x_last arc + x_first (1 - arc)), in NEURON's single precision; unless
// pt3dconst(1) is in force. Lengths and areas do not change.
func biDefineShape(in *Interp, a []value, p Pos) (value, error) {
	secs := in.visibleSections()
	for _, s := range secs {
		if len(s.pts) < 2 {
			return value{}, errorf(p, "define_shape: %s has no 3-D points; making them from L and diam is not supported", s.Name())
		}
	}
	if in.pt3dconst {
		return num(1), nil
	}
	children := map[*Section][]*Section{}
	var roots []*Section
	for _, s := range secs {
		if s.parent == nil || s.parent.deleted {
			roots = append(roots, s)
		} else {
			children[s.parent] = append(children[s.parent], s)
		}
	}
	var walk func(s *Section)
	walk = func(s *Section) {
		for _, c := range children[s] {
			translateToParent(c)
			walk(c)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	return num(1), nil
}

// translateToParent is nrn_translate_shape(sec, x, y, z) with the
// connection point nrn_define_shape computes (float arithmetic as
// NEURON's Pt3d).
func translateToParent(c *Section) {
	ps := c.parent.pts
	if len(ps) == 0 || len(c.pts) == 0 {
		return
	}
	arc := c.parentX
	first, last := ps[0], ps[len(ps)-1]
	at := func(l, f float64) float32 { return float32(float64(float32(l))*arc + float64(float32(f))*(1-arc)) }
	x, y, z := at(last.X, first.X), at(last.Y, first.Y), at(last.Z, first.Z)
	dx := x - float32(c.pts[0].X)
	dy := y - float32(c.pts[0].Y)
	dz := z - float32(c.pts[0].Z)
	if c.arcs == nil { // NEURON keeps the arc lengths of the untranslated points
		c.arcs = arc3d(c.pts)
	}
	for i := range c.pts {
		q := &c.pts[i]
		q.X = float64(float32(q.X) + dx)
		q.Y = float64(float32(q.Y) + dy)
		q.Z = float64(float32(q.Z) + dz)
	}
}

// biPt3dconst is NEURON's pt3dconst(i): with i = 1, define_shape no
// longer translates 3-D points. It returns the previous setting.
func biPt3dconst(in *Interp, a []value, p Pos) (value, error) {
	old := boolv(in.pt3dconst)
	if len(a) > 0 {
		x, err := numArgs("pt3dconst", a, p, 1)
		if err != nil {
			return value{}, err
		}
		in.pt3dconst = x[0] != 0
	}
	return old, nil
}

func biIsmembrane(in *Interp, a []value, p Pos) (value, error) {
	if len(a) != 1 || a[0].kind != vStr {
		return value{}, errorf(p, "ismembrane(name): want a mechanism name")
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	name := a[0].str
	if strings.HasSuffix(name, "_ion") {
		return boolv(sec.usesIon(in.reg, strings.TrimSuffix(name, "_ion"))), nil
	}
	return boolv(sec.mech(name) != nil), nil
}

// biLambdaF is stdlib.hoc's lambda_f(freq): the AC length constant (um)
// of the current section, over its 3-D points when it has them.
func biLambdaF(in *Interp, a []value, p Pos) (value, error) {
	x, err := numArgs("lambda_f", a, p, 1)
	if err != nil {
		return value{}, err
	}
	sec, err := in.cursec(p)
	if err != nil {
		return value{}, err
	}
	f := x[0]
	cm := sec.cm[sec.segIndex(.5)]
	if len(sec.pts) < 2 {
		return num(1e5 * math.Sqrt(sec.diam[sec.segIndex(.5)]/(4*math.Pi*f*sec.ra*cm))), nil
	}
	arc := sec.arc()
	x1 := arc[0]
	d1 := float64(float32(sec.pts[0].D))
	lam := 0.
	for i := 1; i < len(sec.pts); i++ {
		x2 := arc[i]
		d2 := float64(float32(sec.pts[i].D))
		lam += (x2 - x1) / math.Sqrt(d1+d2)
		x1, d1 = x2, d2
	}
	lam *= math.Sqrt(2) * 1e-5 * math.Sqrt(4*math.Pi*f*sec.ra*cm)
	return num(sec.length() / lam), nil
}

func biNrnpython(in *Interp, a []value, p Pos) (value, error) {
	if len(a) == 1 && a[0].kind == vStr && strings.TrimSpace(a[0].str) == "import numpy as np" {
		in.note("%v: nrnpython(%q) ignored: Python objects are provided by Go", p, a[0].str)
		return num(1), nil
	}
	return value{}, errorf(p, "nrnpython: running Python is not supported")
}

// mechanismCall handles setdata_M(x), which chooses the instance of
// density mechanism M at x of the current section, and proc_M(args) after
// it, which records a call of M's procedure on that instance (made when
// the cell is built: morph.Insert.CallsAt). ok reports whether name is
// such a call.
func (in *Interp) mechanismCall(name string, e *callExpr) (value, bool, error) {
	if m, ok := strings.CutPrefix(name, "setdata_"); ok && !in.shadowed(name) {
		sec, err := in.cursec(e.pos)
		if err != nil {
			return value{}, true, err
		}
		if sec.mech(m) == nil {
			return value{}, true, errorf(e.pos, "%s: %s is not inserted in %s", name, m, sec.Name())
		}
		args, err := in.evalArgs(e.args)
		if err != nil {
			return value{}, true, err
		}
		if len(args) != 1 || args[0].kind != vNum {
			return value{}, true, errorf(e.pos, "%s(x): one number", name)
		}
		in.setdata.sec, in.setdata.mech, in.setdata.seg = sec, m, sec.segIndex(args[0].num)
		return num(0), true, nil
	}
	i := strings.LastIndex(name, "_")
	if i <= 0 || in.setdata.sec == nil || name[i+1:] != in.setdata.mech {
		return value{}, false, nil
	}
	proc, m := name[:i], name[i+1:]
	if _, isVar := in.reg.vars[m][proc]; isVar || in.shadowed(name) {
		return value{}, false, nil // a RANGE variable: gIhbar_Ih(x)
	}
	mi := in.setdata.sec.mech(m)
	if mi == nil {
		return value{}, true, errorf(e.pos, "%s: %s is no longer inserted", name, m)
	}
	args, err := in.evalArgs(e.args)
	if err != nil {
		return value{}, true, err
	}
	call := morph.MechanismCall{Name: proc}
	for k, a := range args {
		if a.kind != vNum {
			return value{}, true, errorf(e.pos, "%s: argument %d is %s, want a number", name, k+1, a.kindName())
		}
		call.Args = append(call.Args, a.num)
	}
	if mi.calls == nil {
		mi.calls = map[int][]morph.MechanismCall{}
	}
	mi.calls[in.setdata.seg] = append(mi.calls[in.setdata.seg], call)
	return num(0), true, nil
}

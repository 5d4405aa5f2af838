package nmodl

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	goparser "go/parser"
	"go/printer"
	gotoken "go/token"
	"regexp"
	"sort"
	"strings"
)

// Vector lanes: the instance loops of StateRange and CurrentRange (the
// stages of a distributed loop among them) also run four instances at a
// time in archsimd lanes (eight with AVX-512), in a second file built only with
// GOEXPERIMENT=simd on amd64 (<mechanism>_mod_simd.go). Each loop's
// lane function does every instance's operations of the scalar loop, in
// the same order and with the same operations (a division is VDIVPD,
// correctly rounded as DIVSD; no fused multiply-add), so each instance
// gets the scalar loop's bits; the scalar loop then runs the instances
// the lanes left (fewer than four). An IF becomes masks: both branches
// are computed and each assignment keeps the lanes of its branch
// (Merge), a store in a branch stores its lanes only. Constant
// subexpressions are broadcast as the Go constants they are, so Go's
// exact constant arithmetic folds them as in the scalar loop.
//
// A loop has lanes only where its instances are independent: every
// element it reads or writes is element k of a slice, every name it
// assigns is declared in the loop or is a variable of the method (a
// GLOBAL assigned per instance) that each instance assigns before it
// reads it (the lanes return the last instance's value through a
// pointer), and it calls only vmath.Exp and vmath.Pow2/3/4 (which have
// lane forms with the same bits), math.Abs (the sign bit cleared), other
// functions of math (lane by lane: the scalar function on each lane's
// values; math of the method's scalars alone, math.Pow(x_q10, ...), is
// computed once before the lanes) and FUNCTIONs of the file (methods
// f_name of assignments, LOCALs, IFs and the same calls, not recursive),
// which the lanes inline. The scalar loop then calls the FUNCTIONs'
// fv_ forms, whose exponentials are vmath.Exp (math.Exp in f_name,
// which Init and the rest call), so both compute the same bits. The
// main file holds, per loop, a variable of the lane function's type,
// set by the lane file's init: without the lanes in the build (or with
// vmath.Lanes false) the scalar loop runs every instance.

// laneLoops adds lanes to the instance loops of the generated source src
// of mechanism type typ: it returns the main file with the loops calling
// their lane functions and the lane file (nil when no loop has lanes).
func laneLoops(src []byte, pkg, typ string) (main, lanes []byte, err error) {
	fset := gotoken.NewFileSet()
	f, err := goparser.ParseFile(fset, "", src, goparser.ParseComments)
	if err != nil {
		return nil, nil, err
	}
	type edit struct {
		at, end int
		text    string
	}
	var edits []edit
	var funcs, vars []string
	methods := map[string]*ast.FuncDecl{}
	tabled := map[string]bool{}
	all := map[string]*ast.FuncDecl{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Body != nil {
			all[fd.Name.Name] = fd
			if strings.HasPrefix(fd.Name.Name, "f_") {
				methods[fd.Name.Name] = fd
			}
			if strings.HasPrefix(fd.Name.Name, "table_") {
				tabled["f_"+strings.TrimPrefix(fd.Name.Name, "table_")] = true
			}
		}
	}
	inlined := map[string]bool{} // FUNCTIONs the lanes inline: their fv_ methods
	n := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Body == nil || (fd.Name.Name != "StateRange" && fd.Name.Name != "CurrentRange") {
			continue
		}
		declared := map[string]bool{}
		kinds := map[string]string{}
		taken := map[string]bool{}
		ast.Inspect(fd, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok {
				taken[id.Name] = true
			}
			return true
		})
		for i, st := range fd.Body.List {
			noteDecls(st, declared)
			noteOuter(st, kinds)
			loop, ok := st.(*ast.ForStmt)
			if !ok || !isRangeLoop(loop) {
				continue
			}
			// The exponentials of the loop's results (a distributed
			// loop's ExpSlice after it) are taken in the lanes, on the
			// values the lanes store; ExpSlice then starts where they stopped.
			fused := map[string]ast.Stmt{}
			for _, next := range fd.Body.List[i+1:] {
				w, _, ok := expSliceOf(next)
				if !ok {
					break
				}
				if onlyStored(loop, w) {
					fused[w] = next
				}
			}
			l := &laner{fset: fset, outer: declared, kinds: kinds, fused: map[string]bool{}, methods: methods, tabled: tabled, typ: typ,
				writes: func(name string) map[string]bool { return fieldsWritten(all, name) }}
			for w := range fused {
				l.fused[w] = true
			}
			body, ok := l.loop(loop)
			if !ok {
				continue
			}
			n++
			kv := fmt.Sprintf("kv%d", n)
			for taken[kv] {
				kv += "_"
			}
			name := fmt.Sprintf("%s%s%d", lowerFirst(typ), strings.TrimSuffix(fd.Name.Name, "Range"), n)
			sig := l.signature()
			vars = append(vars, fmt.Sprintf("// lanes_%s is loop %d of %s.%s in vector lanes (%s_mod_simd.go), nil without them.\nvar lanes_%s func(%s) int\n", name, n, typ, fd.Name.Name, strings.ToLower(typ), name, sig))
			funcs = append(funcs, l.function(name, fmt.Sprintf("loop %d of %s.%s", n, typ, fd.Name.Name), body))
			call := fmt.Sprintf("%s := k0\nif lanes_%s != nil {\n%s = lanes_%s(%s)\n}\n", kv, name, kv, name, l.args())
			edits = append(edits, edit{fset.Position(loop.Pos()).Offset, fset.Position(loop.Pos()).Offset, call})
			// The scalar loop calls the fv_ forms of the FUNCTIONs the
			// lanes inline (vmath.Exp, whose bits the lanes have).
			for _, site := range l.sites {
				edits = append(edits, edit{fset.Position(site.Pos()).Offset, fset.Position(site.End()).Offset, "fv_" + strings.TrimPrefix(site.Name, "f_")})
			}
			for name := range l.called {
				inlined[name] = true
			}
			init := loop.Init.(*ast.AssignStmt)
			edits = append(edits, edit{fset.Position(init.Rhs[0].Pos()).Offset, fset.Position(init.Rhs[0].End()).Offset, kv})
			for w, st := range fused {
				edits = append(edits, edit{fset.Position(st.Pos()).Offset, fset.Position(st.End()).Offset,
					fmt.Sprintf("if %s < k1 {\nvmath.ExpSlice(%s[%s:], %s[%s:])\n}", kv, w, kv, w, kv)})
			}
		}
	}
	if len(funcs) == 0 {
		return src, nil, nil
	}
	var b bytes.Buffer
	last := 0
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	for _, e := range edits {
		b.Write(src[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	b.WriteString("\n")
	var names []string
	for name := range inlined {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		text, err := vmathForm(fset, src, methods[name], tabled)
		if err != nil {
			return nil, nil, fmt.Errorf("lanes of %s: %v", typ, err)
		}
		b.WriteString(text)
		b.WriteString("\n")
	}
	for _, v := range vars {
		b.WriteString(v)
	}
	main, err = format.Source(b.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("lanes of %s: %v", typ, err)
	}
	var lb bytes.Buffer
	fmt.Fprintf(&lb, "// Code generated by golgi nmodl; DO NOT EDIT.\n\n//go:build goexperiment.simd && amd64\n\npackage %s\n\n", pkg)
	usesMath, usesMech := false, false
	for _, fn := range funcs {
		usesMath = usesMath || strings.Contains(strings.ReplaceAll(fn, "vmath.", ""), "math.")
		usesMech = usesMech || strings.Contains(fn, "*mech.Env")
	}
	lb.WriteString("import (\n")
	if usesMath {
		lb.WriteString("\"math\"\n")
	}
	lb.WriteString("\"simd/archsimd\"\n\n")
	if usesMech {
		lb.WriteString("\"github.com/golgi-sim/golgi/sim/mech\"\n")
	}
	lb.WriteString("\"github.com/golgi-sim/golgi/sim/vmath\"\n)\n\n")
	lb.WriteString("// The instance loops of " + typ + " in vector lanes (see the loops in " + strings.ToLower(typ) + "_mod.go).\n\n")
	for _, fn := range funcs {
		lb.WriteString(fn)
		lb.WriteString("\n")
	}
	lanes, err = format.Source(lb.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("lanes of %s: %v\n%s", typ, err, lb.Bytes())
	}
	return main, lanes, nil
}

// vmathForm returns the method fv_name of the FUNCTION method fd
// (f_name): the same body with vmath.Exp for math.Exp and the fv_ forms
// of the FUNCTIONs it calls (but those with a TABLE, which the lanes
// call as they are). The loops in lanes call it, so the scalar
// loop computes what the lanes inline, to the bit.
func vmathForm(fset *gotoken.FileSet, src []byte, fd *ast.FuncDecl, tabled map[string]bool) (string, error) {
	text := string(src[fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset])
	fs := gotoken.NewFileSet()
	f, err := goparser.ParseFile(fs, "", "package p\n\n"+text, 0)
	if err != nil {
		return "", err
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	name := strings.TrimPrefix(fn.Name.Name, "f_")
	fn.Name.Name = "fv_" + name
	ast.Inspect(fn.Body, func(x ast.Node) bool {
		if sel, ok := x.(*ast.SelectorExpr); ok {
			switch {
			case isIdent(sel.X, "math") && sel.Sel.Name == "Exp":
				sel.X.(*ast.Ident).Name = "vmath"
			case isIdent(sel.X, "m") && strings.HasPrefix(sel.Sel.Name, "f_") && !tabled[sel.Sel.Name]:
				sel.Sel.Name = "fv_" + strings.TrimPrefix(sel.Sel.Name, "f_")
			}
		}
		return true
	})
	var b bytes.Buffer
	fmt.Fprintf(&b, "// fv_%s is f_%s with vmath.Exp, for the loops in vector lanes.\n", name, name)
	if err := printer.Fprint(&b, fs, fn); err != nil {
		return "", err
	}
	b.WriteString("\n")
	return b.String(), nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// noteOuter adds the variables a statement of a method's body declares
// whose type the lanes know: float64 (from a field m.X_name, e.Dt,
// e.T or e.Celsius, or var x float64) or []float64 (a slice expression
// s[:k1] of one).
func noteOuter(st ast.Stmt, kinds map[string]string) {
	switch s := st.(type) {
	case *ast.AssignStmt:
		if s.Tok != gotoken.DEFINE || len(s.Lhs) != len(s.Rhs) {
			return
		}
		for i, l := range s.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				continue
			}
			delete(kinds, id.Name)
			switch r := s.Rhs[i].(type) {
			case *ast.SliceExpr:
				if r.Low == nil && r.Max == nil && isIdent(r.High, "k1") && floatSlice(r.X) {
					kinds[id.Name] = "slice"
				}
			case *ast.SelectorExpr:
				if floatField(r) {
					kinds[id.Name] = "scalar"
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == gotoken.VAR {
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for _, id := range vs.Names {
					delete(kinds, id.Name)
					if isIdent(vs.Type, "float64") {
						kinds[id.Name] = "scalar"
					}
				}
			}
		}
	}
}

// floatField reports whether e is a float64 of the mechanism or Env:
// m.X_name (a GLOBAL) or e.Dt, e.T, e.Celsius.
func floatField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch {
	case isIdent(sel.X, "m"):
		return strings.HasPrefix(sel.Sel.Name, "X_")
	case isIdent(sel.X, "e"):
		return sel.Sel.Name == "Dt" || sel.Sel.Name == "T" || sel.Sel.Name == "Celsius"
	}
	return false
}

// floatSlice reports whether e is a []float64 the generated code slices:
// m.X_name, m.scratch[j], e.V, e.I, e.G or an ion's field.
func floatSlice(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		if isIdent(x.X, "m") {
			return strings.HasPrefix(x.Sel.Name, "X_")
		}
		if isIdent(x.X, "e") {
			return x.Sel.Name == "V" || x.Sel.Name == "I" || x.Sel.Name == "G"
		}
		if id, ok := x.X.(*ast.Ident); ok && strings.HasPrefix(id.Name, "ion_") {
			switch x.Sel.Name {
			case "Ci", "Co", "E", "I", "DIDV":
				return true
			}
		}
	case *ast.IndexExpr:
		if sel, ok := x.X.(*ast.SelectorExpr); ok && isIdent(sel.X, "m") && sel.Sel.Name == "scratch" {
			return true
		}
	}
	return false
}

// noteDecls adds the names a statement of a method's body declares.
func noteDecls(st ast.Stmt, declared map[string]bool) {
	switch s := st.(type) {
	case *ast.AssignStmt:
		if s.Tok == gotoken.DEFINE {
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					declared[id.Name] = true
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == gotoken.VAR {
			for _, sp := range gd.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					declared[id.Name] = true
				}
			}
		}
	}
}

// expSliceOf returns w of a statement vmath.ExpSlice(w[k0:], w[k0:]) and
// its two arguments.
func expSliceOf(st ast.Stmt) (string, []*ast.SliceExpr, bool) {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return "", nil, false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return "", nil, false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || !isIdent(sel.X, "vmath") || sel.Sel.Name != "ExpSlice" {
		return "", nil, false
	}
	var args []*ast.SliceExpr
	w := ""
	for _, a := range call.Args {
		se, ok := a.(*ast.SliceExpr)
		if !ok || se.High != nil || se.Max != nil || !isIdent(se.Low, "k0") {
			return "", nil, false
		}
		id, ok := se.X.(*ast.Ident)
		if !ok || (w != "" && id.Name != w) {
			return "", nil, false
		}
		w = id.Name
		args = append(args, se)
	}
	return w, args, true
}

// onlyStored reports whether loop assigns w[k] once, at its top level or
// in IFs (w[k] = x), and reads no element of w.
func onlyStored(loop *ast.ForStmt, w string) bool {
	stores, uses := 0, 0
	ast.Inspect(loop.Body, func(x ast.Node) bool {
		switch y := x.(type) {
		case *ast.AssignStmt:
			if len(y.Lhs) == 1 && y.Tok == gotoken.ASSIGN {
				if ix, ok := y.Lhs[0].(*ast.IndexExpr); ok && isIdent(ix.X, w) {
					stores++
				}
			}
		case *ast.Ident:
			if y.Name == w {
				uses++
			}
		}
		return true
	})
	return stores == 1 && uses == 1
}

// isRangeLoop reports whether loop is "for k := k0; k < k1; k++".
func isRangeLoop(loop *ast.ForStmt) bool {
	init, ok := loop.Init.(*ast.AssignStmt)
	if !ok || init.Tok != gotoken.DEFINE || len(init.Lhs) != 1 || !isIdent(init.Lhs[0], "k") || !isIdent(init.Rhs[0], "k0") {
		return false
	}
	cond, ok := loop.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != gotoken.LSS || !isIdent(cond.X, "k") || !isIdent(cond.Y, "k1") {
		return false
	}
	post, ok := loop.Post.(*ast.IncDecStmt)
	return ok && post.Tok == gotoken.INC && isIdent(post.X, "k")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// laner translates one instance loop into lanes.
type laner struct {
	fset    *gotoken.FileSet
	outer   map[string]bool   // names the method declares before the loop
	kinds   map[string]string // of those, the float64 ("scalar") and []float64 ("slice")
	fused   map[string]bool   // slices whose stores are exponentiated (ExpSlice after the loop)
	locals  map[string]bool
	slices  map[string]string // Go text of a slice read or written at k: its parameter
	scalars map[string]string // Go text of a scalar read: its parameter
	consts  map[string]string // Go text of a constant: its broadcast
	sliceN  []string
	scalarN []string
	constN  []string
	nmask   int
	// FUNCTIONs: the methods f_name of the file, those inlined (with
	// the FUNCTIONs they call), the loop's calls of them, the
	// FUNCTIONs being inlined (no recursion) and the inlines so far.
	methods map[string]*ast.FuncDecl
	tabled  map[string]bool // FUNCTIONs with a TABLE: called lane by lane
	typ     string
	method  bool // the lanes call methods (lane function parameters lm, le)
	// writes returns the scalar fields m.X_name a method and the methods
	// it calls assign; mwrites are those of the methods the lanes call.
	writes  func(string) map[string]bool
	mwrites map[string]bool
	called  map[string]bool
	sites   []*ast.Ident
	active  map[string]bool
	ninline int
	nbylane int
	// Variables of the method the loop assigns (GLOBALs assigned per
	// instance): each instance assigns them before it reads them, and the
	// lanes return the last instance's values through pointers.
	assigned map[string]bool
	defined  map[string]bool
	carriedN []string
	uniN     []string // hoisted uniform expressions (calls of math on scalars): their Go
	exp      bool
	neg      bool
	failed   bool
	b        bytes.Buffer
}

func (l *laner) p(format string, args ...any) { fmt.Fprintf(&l.b, format+"\n", args...) }

func (l *laner) text(e ast.Node) string {
	var b bytes.Buffer
	printer.Fprint(&b, l.fset, e)
	return b.String()
}

// loop returns the body of the lane function of loop, or false where the
// loop has no lanes.
func (l *laner) loop(loop *ast.ForStmt) (string, bool) {
	l.locals, l.slices, l.scalars, l.consts = map[string]bool{}, map[string]string{}, map[string]string{}, map[string]string{}
	l.called, l.active, l.assigned, l.defined = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	// The lanes keep the scalar loop's blocks (an IF's branches are
	// blocks), so a name means the same local in both; a local may not
	// be named as a variable of the method (read before it is declared)
	// or as the lane function's own names.
	ast.Inspect(loop.Body, func(x ast.Node) bool {
		if st, ok := x.(ast.Stmt); ok {
			seen := map[string]bool{}
			noteDecls(st, seen)
			for n := range seen {
				if l.outer[n] || laneName(n) {
					l.fail()
				}
				l.locals[n] = true
			}
		}
		if as, ok := x.(*ast.AssignStmt); ok && as.Tok != gotoken.DEFINE {
			for _, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && l.outer[id.Name] {
					l.assigned[id.Name] = true
				}
			}
		}
		return true
	})
	if l.failed {
		return "", false
	}
	l.stmts(loop.Body.List, "")
	// A field a method the lanes call assigns (a table's GLOBALs) is not
	// read as a scalar broadcast before the loop.
	for t := range l.scalars {
		if l.mwrites[t] {
			l.fail()
		}
	}
	if l.failed {
		return "", false
	}
	inner := l.b.String()
	l.b.Reset()
	for _, c := range l.constN {
		l.p("%s := archsimd.BroadcastFloat64x4(%s)", l.consts[c], c)
	}
	for _, s := range l.scalarN {
		// (A scalar only a hoisted expression reads has no broadcast.)
		if lb := strings.Replace(l.scalars[s], "lp_", "lb_", 1); regexp.MustCompile(`\b` + lb + `\b`).MatchString(inner) {
			l.p("%s := archsimd.BroadcastFloat64x4(%s)", lb, l.scalars[s])
		}
	}
	for i, u := range l.uniN {
		l.p("lu_%d := archsimd.BroadcastFloat64x4(%s)", i, u)
	}
	for _, c := range l.carriedN {
		l.p("var %s archsimd.Float64x4", c)
	}
	if len(l.carriedN) > 0 {
		l.p("lks := k")
	}
	if l.exp {
		l.p("lx := vmath.Exp4Lanes()")
	}
	if l.neg {
		l.p("lneg := archsimd.BroadcastInt64x4(-1 << 63)")
	}
	l.p("for ; k+4 <= k1; k += 4 {")
	l.b.WriteString(inner)
	l.p("}")
	if len(l.carriedN) > 0 {
		// The last instance's values of the variables the loop assigns.
		l.p("if k > lks {")
		l.p("var lt [4]float64")
		for i, c := range l.carriedN {
			l.p("%s.Store(&lt)", c)
			l.p("*lq_%d = lt[3]", i)
		}
		l.p("}")
	}
	four := l.b.String()
	l.b.Reset()
	return four, true
}

// function returns the lane functions of loop name: name+"Lanes" (four
// lanes, after name+"Lanes8", eight lanes where the CPU has AVX-512).
// The eight lanes are their own function: the compiler may encode the
// four lanes' masks with AVX-512 instructions in a function that has
// AVX-512 code, which an AVX2 CPU does not have.
func (l *laner) function(name, doc, four string) string {
	var b bytes.Buffer
	params := l.params()
	fmt.Fprintf(&b, "func init() { lanes_%s = %sLanes }\n\n", name, name)
	fmt.Fprintf(&b, "// %sLanes runs the instances k0 to k1-1 of %s eight (%sLanes8)\n// or four at a time and returns the first instance it left.\n", name, doc, name)
	fmt.Fprintf(&b, "func %sLanes(%s) int {\nif !vmath.Lanes() {\nreturn k0\n}\nk := k0\nif vmath.Wide() {\nk = %sLanes8(%s)\n}\n", name, params, name, l.paramNames())
	b.WriteString(four)
	b.WriteString("archsimd.ClearAVXUpperBits()\nreturn k\n}\n\n")
	fmt.Fprintf(&b, "// %sLanes8 is %sLanes eight at a time (AVX-512).\n//\n//go:noinline\n", name, name)
	fmt.Fprintf(&b, "func %sLanes8(%s) int {\nk := k0\n", name, params)
	// The same code with the names of the eight-lane types and functions.
	b.WriteString(eightLanes.Replace(four))
	b.WriteString("return k\n}\n")
	return b.String()
}

func (l *laner) paramNames() string {
	a := []string{"k", "k1"}
	if l.method {
		a = append(a, "lm", "le")
	}
	for _, n := range l.scalarN {
		a = append(a, l.scalars[n])
	}
	for _, n := range l.sliceN {
		a = append(a, l.slices[n])
	}
	for i := range l.carriedN {
		a = append(a, fmt.Sprintf("lq_%d", i))
	}
	return strings.Join(a, ", ")
}

// eightLanes turns the four-lane code into the eight-lane code.
var eightLanes = strings.NewReplacer(
	"Float64x4", "Float64x8", "Int64x4", "Int64x8", "k+4", "k+8", "k += 4", "k += 8",
	"[4]float64", "[8]float64", "lt[3]", "lt[7]",
	"vmath.Not4(", "vmath.Not8(", "vmath.Exp4Lanes()", "vmath.Exp8Lanes()",
	"vmath.Pow2x4(", "vmath.Pow2x8(", "vmath.Pow3x4(", "vmath.Pow3x8(", "vmath.Pow4x4(", "vmath.Pow4x8(",
)

// signature is the lane function's parameter types, params its
// parameters and args the arguments of its call.
func (l *laner) signature() string {
	s := "int, int"
	if l.method {
		s += ", *" + l.typ + ", *mech.Env"
	}
	for range l.scalarN {
		s += ", float64"
	}
	for range l.sliceN {
		s += ", []float64"
	}
	for range l.carriedN {
		s += ", *float64"
	}
	return s
}

func (l *laner) params() string {
	s := "k0, k1 int"
	if l.method {
		s += ", lm *" + l.typ + ", le *mech.Env"
	}
	if len(l.scalarN) > 0 {
		var ps []string
		for _, n := range l.scalarN {
			ps = append(ps, l.scalars[n])
		}
		s += ", " + strings.Join(ps, ", ") + " float64"
	}
	if len(l.sliceN) > 0 {
		var ps []string
		for _, n := range l.sliceN {
			ps = append(ps, l.slices[n])
		}
		s += ", " + strings.Join(ps, ", ") + " []float64"
	}
	if len(l.carriedN) > 0 {
		var ps []string
		for i := range l.carriedN {
			ps = append(ps, fmt.Sprintf("lq_%d", i))
		}
		s += ", " + strings.Join(ps, ", ") + " *float64"
	}
	return s
}

func (l *laner) args() string {
	a := []string{"k0", "k1"}
	if l.method {
		a = append(a, "m", "e")
	}
	a = append(a, l.scalarN...)
	a = append(a, l.sliceN...)
	for _, c := range l.carriedN {
		a = append(a, "&"+c)
	}
	return strings.Join(a, ", ")
}

func (l *laner) slice(e ast.Expr) string {
	t := l.text(e)
	if _, ok := l.scalars[t]; ok {
		l.fail()
	}
	p, ok := l.slices[t]
	if !ok {
		p = fmt.Sprintf("lp_s%d", len(l.sliceN))
		l.slices[t] = p
		l.sliceN = append(l.sliceN, t)
	}
	return p
}

func (l *laner) scalar(e ast.Expr) string {
	t := l.text(e)
	if _, ok := l.slices[t]; ok {
		l.fail()
	}
	p, ok := l.scalars[t]
	if !ok {
		p = fmt.Sprintf("lp_a%d", len(l.scalarN))
		l.scalars[t] = p
		l.scalarN = append(l.scalarN, t)
	}
	return strings.Replace(p, "lp_", "lb_", 1)
}

// elem returns the slice parameter of an element e = X[k] (false if e is
// not one).
func (l *laner) elem(e ast.Expr) (string, bool) {
	ix, ok := e.(*ast.IndexExpr)
	if !ok || !isIdent(ix.Index, "k") {
		return "", false
	}
	switch x := ix.X.(type) {
	case *ast.Ident:
		if l.locals[x.Name] || l.kinds[x.Name] != "slice" {
			l.fail()
			return "", false
		}
	case *ast.SelectorExpr:
		if !floatSlice(x) || !isIdent(x.X, "m") && !isIdent(x.X, "e") {
			l.fail()
			return "", false
		}
	default:
		l.fail()
		return "", false
	}
	return l.slice(ix.X), true
}

func (l *laner) load(p string) string {
	return fmt.Sprintf("archsimd.LoadFloat64x4Slice(%s[k:k+4])", p)
}

func (l *laner) stmts(list []ast.Stmt, mask string) {
	for _, st := range list {
		if l.failed {
			return
		}
		l.stmt(st, mask)
	}
}

func (l *laner) stmt(st ast.Stmt, mask string) {
	switch s := st.(type) {
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != gotoken.VAR {
			l.fail()
			return
		}
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			if !isIdent(vs.Type, "float64") || len(vs.Values) != 0 {
				l.fail()
				return
			}
			for _, id := range vs.Names {
				l.p("var %s archsimd.Float64x4", id.Name)
			}
		}
	case *ast.AssignStmt:
		if len(s.Lhs) > 1 && len(s.Lhs) == len(s.Rhs) && s.Tok == gotoken.DEFINE {
			// a_vm, a_a2 := x_v, x_ar2 (an inlined PROCEDURE's parameters).
			var ls, rs []string
			for i, lhs := range s.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || !l.locals[id.Name] {
					l.fail()
					return
				}
				ls = append(ls, id.Name)
				rs = append(rs, l.vec(s.Rhs[i]))
			}
			l.p("%s := %s", strings.Join(ls, ", "), strings.Join(rs, ", "))
			return
		}
		if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			l.fail()
			return
		}
		if isIdent(s.Lhs[0], "_") {
			id, ok := s.Rhs[0].(*ast.Ident)
			if !ok {
				// _ = m.kin_state(e, k, false): a call, not a quieting.
				l.fail()
				return
			}
			if l.locals[id.Name] {
				l.p("_ = %s", id.Name)
			}
			return
		}
		rhs := l.vec(s.Rhs[0])
		if id, ok := s.Lhs[0].(*ast.Ident); ok {
			x := id.Name
			if !l.locals[x] {
				// A variable of the method: assigned before it is read
				// in every instance (at the loop's top level, not in an
				// IF, before it is read), then as a local.
				if !l.assigned[x] || l.kinds[x] != "scalar" || len(l.active) > 0 || !l.defined[x] && (mask != "" || s.Tok != gotoken.ASSIGN) {
					l.fail()
					return
				}
				if !l.defined[x] {
					l.defined[x] = true
					l.carriedN = append(l.carriedN, x)
				}
			}
			switch s.Tok {
			case gotoken.DEFINE:
				l.p("%s := %s", x, rhs)
				return
			case gotoken.ASSIGN:
			case gotoken.ADD_ASSIGN, gotoken.SUB_ASSIGN, gotoken.MUL_ASSIGN, gotoken.QUO_ASSIGN:
				rhs = fmt.Sprintf("%s.%s(%s)", x, laneOp[s.Tok], rhs)
			default:
				l.fail()
				return
			}
			if mask != "" {
				rhs = fmt.Sprintf("%s.Merge(%s, %s)", rhs, x, mask)
			}
			l.p("%s = %s", x, rhs)
			return
		}
		p, ok := l.elem(s.Lhs[0])
		if !ok || len(l.active) > 0 {
			l.fail()
			return
		}
		switch s.Tok {
		case gotoken.ASSIGN:
		case gotoken.ADD_ASSIGN, gotoken.SUB_ASSIGN, gotoken.MUL_ASSIGN, gotoken.QUO_ASSIGN:
			rhs = fmt.Sprintf("%s.%s(%s)", l.load(p), laneOp[s.Tok], rhs)
		default:
			l.fail()
			return
		}
		if mask != "" {
			rhs = fmt.Sprintf("%s.Merge(%s, %s)", rhs, l.load(p), mask)
		}
		if id, ok := s.Lhs[0].(*ast.IndexExpr).X.(*ast.Ident); ok && l.fused[id.Name] {
			// ExpSlice's bits: Exp4.Exp is its lanes.
			l.exp = true
			rhs = fmt.Sprintf("lx.Exp(%s)", rhs)
		}
		l.p("%s.StoreSlice(%s[k:k+4])", rhs, p)
	case *ast.IfStmt:
		if s.Init != nil {
			l.fail()
			return
		}
		c := l.mask(s.Cond)
		l.nmask++
		mc := fmt.Sprintf("lm_%d", l.nmask)
		l.p("%s := %s", mc, c)
		mt := mc
		if mask != "" {
			mt = mc + "t"
			l.p("%s := %s.And(%s)", mt, mask, mc)
		}
		l.p("_ = %s", mt)
		l.p("{")
		l.stmts(s.Body.List, mt)
		l.p("}")
		if s.Else == nil {
			return
		}
		me := mc + "e"
		if mask != "" {
			l.p("%s := %s.And(vmath.Not4(%s))", me, mask, mc)
		} else {
			l.p("%s := vmath.Not4(%s)", me, mc)
		}
		l.p("{")
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			l.stmts(e.List, me)
		case *ast.IfStmt:
			l.stmt(e, me)
		default:
			l.fail()
		}
		l.p("}")
	case *ast.BlockStmt:
		l.p("{")
		l.stmts(s.List, mask)
		l.p("}")
	case *ast.EmptyStmt:
	default:
		l.fail()
	}
}

var laneOp = map[gotoken.Token]string{
	gotoken.ADD: "Add", gotoken.SUB: "Sub", gotoken.MUL: "Mul", gotoken.QUO: "Div",
	gotoken.ADD_ASSIGN: "Add", gotoken.SUB_ASSIGN: "Sub", gotoken.MUL_ASSIGN: "Mul", gotoken.QUO_ASSIGN: "Div",
	gotoken.EQL: "Equal", gotoken.NEQ: "NotEqual", gotoken.LSS: "Less", gotoken.GTR: "Greater",
	gotoken.LEQ: "LessEqual", gotoken.GEQ: "GreaterEqual",
}

// isConst reports whether e is a constant expression of literals.
func isConst(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == gotoken.FLOAT || x.Kind == gotoken.INT
	case *ast.ParenExpr:
		return isConst(x.X)
	case *ast.UnaryExpr:
		return (x.Op == gotoken.SUB || x.Op == gotoken.ADD) && isConst(x.X)
	case *ast.BinaryExpr:
		_, arith := laneOp[x.Op]
		return arith && x.Op != gotoken.EQL && x.Op != gotoken.NEQ && x.Op != gotoken.LSS && x.Op != gotoken.GTR &&
			x.Op != gotoken.LEQ && x.Op != gotoken.GEQ && isConst(x.X) && isConst(x.Y)
	}
	return false
}

// vec returns the lanes' Go of the float64 expression e.
func (l *laner) vec(e ast.Expr) string {
	if l.failed {
		return ""
	}
	if isConst(e) {
		t := l.text(e)
		c, ok := l.consts[t]
		if !ok {
			c = fmt.Sprintf("lc_%d", len(l.constN))
			l.consts[t] = c
			l.constN = append(l.constN, t)
		}
		return c
	}
	if u, ok := l.uniform(e); ok && hasCall(e) {
		// Math of the method's scalars alone (math.Pow(x_q10, ...)): once,
		// as the scalar loop computes it in each instance.
		for i, v := range l.uniN {
			if v == u {
				return fmt.Sprintf("lu_%d", i)
			}
		}
		l.uniN = append(l.uniN, u)
		return fmt.Sprintf("lu_%d", len(l.uniN)-1)
	}
	switch x := e.(type) {
	case *ast.Ident:
		if l.locals[x.Name] {
			return x.Name
		}
		if l.assigned[x.Name] {
			if !l.defined[x.Name] {
				l.fail()
				return ""
			}
			return x.Name
		}
		if l.kinds[x.Name] != "scalar" {
			l.fail()
			return ""
		}
		return l.scalar(x)
	case *ast.ParenExpr:
		return l.vec(x.X)
	case *ast.UnaryExpr:
		switch x.Op {
		case gotoken.ADD:
			return l.vec(x.X)
		case gotoken.SUB:
			// -x flips the sign bit, as Go's negation.
			l.neg = true
			return fmt.Sprintf("%s.AsInt64x4().Xor(lneg).AsFloat64x4()", l.vec(x.X))
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case gotoken.ADD, gotoken.SUB, gotoken.MUL, gotoken.QUO:
			return fmt.Sprintf("%s.%s(%s)", l.vec(x.X), laneOp[x.Op], l.vec(x.Y))
		}
	case *ast.SelectorExpr:
		if floatField(x) && !l.locals[x.X.(*ast.Ident).Name] {
			return l.scalar(x)
		}
	case *ast.IndexExpr:
		if p, ok := l.elem(x); ok {
			return l.load(p)
		}
	case *ast.CallExpr:
		sel, ok := x.Fun.(*ast.SelectorExpr)
		if ok && isIdent(sel.X, "m") && l.tabled[sel.Sel.Name] && len(x.Args) >= 2 && isIdent(x.Args[0], "e") && isIdent(x.Args[1], "k") {
			// A FUNCTION with a TABLE: the method itself, lane by lane.
			l.method = true
			if l.mwrites == nil {
				l.mwrites = map[string]bool{}
			}
			for w := range l.writes(sel.Sel.Name) {
				l.mwrites[w] = true
			}
			return l.byLane("lm."+sel.Sel.Name, x.Args[2:])
		}
		if ok && isIdent(sel.X, "m") && strings.HasPrefix(sel.Sel.Name, "f_") {
			return l.inline(x, sel)
		}
		if ok && isIdent(sel.X, "math") && sel.Sel.Name == "Abs" && len(x.Args) == 1 {
			// |x| clears the sign bit, as math.Abs.
			l.neg = true
			return fmt.Sprintf("%s.AsInt64x4().AndNot(lneg).AsFloat64x4()", l.vec(x.Args[0]))
		}
		if ok && isIdent(sel.X, "math") && laneByLane[sel.Sel.Name] == len(x.Args) && !(len(l.active) > 0 && sel.Sel.Name == "Exp") {
			return l.byLane("math."+sel.Sel.Name, x.Args)
		}
		// A FUNCTION's math.Exp is vmath.Exp in its fv_ form.
		if !ok || !(isIdent(sel.X, "vmath") || len(l.active) > 0 && isIdent(sel.X, "math") && sel.Sel.Name == "Exp") || len(x.Args) != 1 {
			break
		}
		switch sel.Sel.Name {
		case "Exp":
			l.exp = true
			return fmt.Sprintf("lx.Exp(%s)", l.vec(x.Args[0]))
		case "Pow2", "Pow3", "Pow4":
			return fmt.Sprintf("vmath.%sx4(%s)", sel.Sel.Name, l.vec(x.Args[0]))
		}
	}
	l.fail()
	return ""
}

// inline writes the lanes of the FUNCTION call m.f_name(e, k, args...)
// and returns its value: the arguments in locals lf_N_i, then the body in
// a block of its own (the parameters a_... set from them), which sets
// lr_N to the result r_name.
func (l *laner) inline(call *ast.CallExpr, sel *ast.SelectorExpr) string {
	name := sel.Sel.Name
	fd := l.methods[name]
	if fd == nil || l.active[name] || len(call.Args) < 2 || !isIdent(call.Args[0], "e") || !isIdent(call.Args[1], "k") {
		l.fail()
		return ""
	}
	// func (m *T) f_name(e *mech.Env, k int, a_x float64, ...) float64 {
	// var r_name float64; ...; return r_name }
	var params []string
	for i, fl := range fd.Type.Params.List {
		for _, id := range fl.Names {
			if i >= 2 {
				if !isIdent(fl.Type, "float64") {
					l.fail()
					return ""
				}
				params = append(params, id.Name)
			}
		}
	}
	body := fd.Body.List
	if len(params) != len(call.Args)-2 || len(body) < 2 {
		l.fail()
		return ""
	}
	ret, ok := body[len(body)-1].(*ast.ReturnStmt)
	result := "r_" + strings.TrimPrefix(name, "f_")
	if !ok || len(ret.Results) != 1 || !isIdent(ret.Results[0], result) {
		l.fail()
		return ""
	}
	names := map[string]bool{"e": true, "k": true, "m": true}
	for _, p := range params {
		names[p] = true
	}
	ok = true
	ast.Inspect(fd.Body, func(x ast.Node) bool {
		switch y := x.(type) {
		case *ast.ReturnStmt:
			if y != ret {
				ok = false
			}
		case ast.Stmt:
			noteDecls(y, names)
		case *ast.FuncLit:
			ok = false
		}
		return true
	})
	for n := range names {
		if n != "e" && n != "k" && n != "m" && (l.outer[n] || laneName(n)) {
			ok = false
		}
	}
	if !ok {
		l.fail()
		return ""
	}
	if len(l.active) == 0 {
		l.sites = append(l.sites, sel.Sel)
	}
	l.ninline++
	id := l.ninline
	var args []string
	for i, a := range call.Args[2:] {
		v := l.vec(a)
		l.p("lf_%d_%d := %s", id, i, v)
		args = append(args, fmt.Sprintf("lf_%d_%d", id, i))
	}
	if l.failed {
		return ""
	}
	// The function's names are locals of its block (they shadow none of
	// the loop's in the lanes, as in the method).
	saved := l.locals
	l.locals = map[string]bool{}
	for n := range names {
		if n != "e" && n != "k" && n != "m" {
			l.locals[n] = true
		}
	}
	l.active[name] = true
	l.called[name] = true
	r := fmt.Sprintf("lr_%d", id)
	l.p("var %s archsimd.Float64x4", r)
	l.p("{")
	for i, p := range params {
		l.p("%s := %s", p, args[i])
		l.p("_ = %s", p)
	}
	l.stmts(body[:len(body)-1], "")
	l.p("%s = %s", r, result)
	l.p("}")
	delete(l.active, name)
	l.locals = saved
	return r
}

// fieldsWritten returns the scalar fields (Go text m.X_name) the method
// name of all and the methods it calls assign.
func fieldsWritten(all map[string]*ast.FuncDecl, name string) map[string]bool {
	w := map[string]bool{}
	seen := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		fd := all[n]
		if fd == nil || seen[n] {
			return
		}
		seen[n] = true
		ast.Inspect(fd.Body, func(x ast.Node) bool {
			switch y := x.(type) {
			case *ast.AssignStmt:
				for _, lhs := range y.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && isIdent(sel.X, "m") {
						w["m."+sel.Sel.Name] = true
					}
				}
			case *ast.CallExpr:
				if sel, ok := y.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "m") {
					visit(sel.Sel.Name)
				}
			}
			return true
		})
	}
	visit(name)
	return w
}

// laneByLane are the functions of math (and their number of arguments)
// the lanes call lane by lane (math.Pow(x_o, st), math.Log(ratio)): the
// scalar loop's function on each lane's values, so its bits.
var laneByLane = map[string]int{
	"Log": 1, "Log10": 1, "Sqrt": 1, "Sin": 1, "Cos": 1, "Tan": 1, "Asin": 1, "Acos": 1, "Atan": 1,
	"Sinh": 1, "Cosh": 1, "Tanh": 1, "Erf": 1, "Erfc": 1, "Floor": 1, "Ceil": 1, "Exp": 1,
	"Pow": 2, "Atan2": 2, "Mod": 2, "Min": 2, "Max": 2,
}

// byLane writes fn (math.Name, or lm.f_name, a method called with le and
// the lane's instance) of the lanes' values of args, lane by lane, and
// returns the result.
func (l *laner) byLane(fn string, args []ast.Expr) string {
	l.nbylane++
	id := l.nbylane
	var vs []string
	for _, a := range args {
		vs = append(vs, l.vec(a))
	}
	if l.failed {
		return ""
	}
	var xs []string
	for i, v := range vs {
		l.p("var lw_%d_%d [4]float64", id, i)
		l.p("%s.Store(&lw_%d_%d)", v, id, i)
		xs = append(xs, fmt.Sprintf("lw_%d_%d[i]", id, i))
	}
	if len(args) == 0 {
		l.fail()
		return ""
	}
	if strings.HasPrefix(fn, "lm.") {
		xs = append([]string{"le", "k + i"}, xs...)
	}
	l.p("for i := range lw_%d_0 {", id)
	l.p("lw_%d_0[i] = %s(%s)", id, fn, strings.Join(xs, ", "))
	l.p("}")
	return fmt.Sprintf("archsimd.LoadFloat64x4(&lw_%d_0)", id)
}

// uniform returns the Go of e, with the lane function's parameters, if
// e reads nothing but constants and scalars of the method the loop does
// not assign and calls nothing but math and vmath: the same value in
// every instance.
func (l *laner) uniform(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == gotoken.FLOAT || x.Kind == gotoken.INT {
			return x.Value, true
		}
	case *ast.ParenExpr:
		if s, ok := l.uniform(x.X); ok {
			return "(" + s + ")", true
		}
	case *ast.UnaryExpr:
		if x.Op == gotoken.SUB || x.Op == gotoken.ADD {
			if s, ok := l.uniform(x.X); ok {
				return x.Op.String() + s, true
			}
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case gotoken.ADD, gotoken.SUB, gotoken.MUL, gotoken.QUO:
			a, ok1 := l.uniform(x.X)
			b, ok2 := l.uniform(x.Y)
			if ok1 && ok2 {
				return a + " " + x.Op.String() + " " + b, true
			}
		}
	case *ast.Ident:
		if !l.locals[x.Name] && !l.assigned[x.Name] && l.kinds[x.Name] == "scalar" {
			return strings.Replace(l.scalar(x), "lb_", "lp_", 1), true
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && floatField(x) && !l.locals[id.Name] {
			return strings.Replace(l.scalar(x), "lb_", "lp_", 1), true
		}
	case *ast.CallExpr:
		sel, ok := x.Fun.(*ast.SelectorExpr)
		if !ok || !isIdent(sel.X, "math") && !isIdent(sel.X, "vmath") {
			break
		}
		var args []string
		for _, a := range x.Args {
			s, ok := l.uniform(a)
			if !ok {
				return "", false
			}
			args = append(args, s)
		}
		pkg := sel.X.(*ast.Ident).Name
		if len(l.active) > 0 && pkg == "math" && sel.Sel.Name == "Exp" {
			pkg = "vmath" // as in the FUNCTION's fv_ form
		}
		return pkg + "." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ")", true
	}
	return "", false
}

// hasCall reports whether e calls a function.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(x ast.Node) bool {
		if _, ok := x.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// laneName reports whether n is (or may be) a name of the lane
// function's own.
func laneName(n string) bool {
	if n == "lneg" || n == "lx" || n == "lks" || n == "lt" || n == "lm" || n == "le" {
		return true
	}
	for _, p := range []string{"lb_", "lp_", "lc_", "lm_", "lq_", "lu_", "lf_", "lr_", "lw_"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// mask returns the lanes' Go of the condition e.
func (l *laner) mask(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return l.mask(x.X)
	case *ast.UnaryExpr:
		if x.Op == gotoken.NOT {
			return fmt.Sprintf("vmath.Not4(%s)", l.mask(x.X))
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case gotoken.LAND:
			return fmt.Sprintf("%s.And(%s)", l.mask(x.X), l.mask(x.Y))
		case gotoken.LOR:
			return fmt.Sprintf("%s.Or(%s)", l.mask(x.X), l.mask(x.Y))
		case gotoken.EQL, gotoken.NEQ, gotoken.LSS, gotoken.GTR, gotoken.LEQ, gotoken.GEQ:
			return fmt.Sprintf("%s.%s(%s)", l.vec(x.X), laneOp[x.Op], l.vec(x.Y))
		}
	}
	l.fail()
	return ""
}

// fail marks the loop as having no lanes.
func (l *laner) fail() { l.failed = true }

package nmodl

import (
	"bytes"
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/printer"
	gotoken "go/token"
	"sort"
	"strings"
)

// Loop distribution: an instance loop whose body calls vmath.Exp is cut
// at the exponentials into stages, each a loop over the instances, with
// vmath.ExpSlice over the arguments between them. A stage computes what
// it can before the exponentials it needs: the first, everything up to the
// arguments of the exponentials that depend on no other; the next
// continues with their results, and so on. Statements keep their order
// within a stage, and a statement goes to the earliest stage that follows
// every earlier one it depends on, reads what it assigns or assigns what
// it reads (as if the exponential's argument were written one stage
// before its result), so that each instance sees the operations of the
// per-instance loop in an order with the same results. What a later stage
// reads of an earlier one's locals is kept per instance in the
// mechanism's scratch arrays; an IF whose parts fall in several stages
// keeps its condition there too (the exponentials of a branch not taken
// are computed and not used). The arithmetic is unchanged but for the
// exponential, vmath.Exp in both forms (bit-identical in the SIMD and
// scalar builds).
//
// distribute works on the Go of the loop as the generator wrote it
// (straight code over locals, blocks and IFs): it renames the names
// declared in inner blocks apart and flattens the blocks. It gives up
// (ok false) on anything else: loops (WHILE, FROM), a TABLE lookup,
// assignments to names declared outside the loop (GLOBALs).

// vnode is a statement of a distributed loop: an assignment (to a local,
// or a store through an index, store true) or an IF.
type vnode struct {
	lhs       string // the local assigned, or the Go text of the stored element
	store     bool
	op        gotoken.Token // = or += for a store
	rhs       ast.Expr
	exp       int // >= 0: the argument of exponential site exp, into its scratch
	cond      ast.Expr
	then, els []*vnode
	flag      int // an IF cut across stages: the scratch of its condition
	stage     int // of an assignment; of an IF's condition
	last      int // an IF: the last stage of its parts
	reads     []string
	writes    string   // the local (or "mem") assigned
	readsInIf []string // an IF: the condition's reads
	remat     bool     // a load x_N := s_N[k] reloaded where needed
}

type distributor struct {
	fset    *gotoken.FileSet
	taken   map[string]bool // identifiers of the loop and the names made
	managed map[string]bool // locals of the loop (renamed apart)
	scope   []map[string]string
	remat   map[string]string // a local loaded from s_N[k] before any other statement: s_N
	nexp    int
	expIdx  []string // scratch of exponential site j
	expName map[string]bool
	expAt   []int // stage of the argument of site j
	nscr    int
	failed  bool
	lw, lr  map[string]int
	maxSt   int
}

// distribute returns the Go of the loop "for k := range V {...}" src cut
// into stages, and how many scratch arrays it uses, their local names
// w0, w1, ... (to be hoisted by the caller, slices of m.n elements); ok is
// false where the loop is kept as it is (no exponential, or a construct
// distribute does not take).
func distribute(src string) (out string, nscr int, ok bool) {
	if !strings.Contains(src, "vmath.Exp(") {
		return "", 0, false
	}
	fset := gotoken.NewFileSet()
	f, err := goparser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}\n", 0)
	if err != nil {
		return "", 0, false
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	if len(fn.Body.List) != 1 {
		return "", 0, false
	}
	loop, okr := fn.Body.List[0].(*ast.RangeStmt)
	if !okr {
		return "", 0, false
	}
	d := &distributor{fset: fset, taken: map[string]bool{}, managed: map[string]bool{}, remat: map[string]string{},
		expName: map[string]bool{}, lw: map[string]int{}, lr: map[string]int{}}
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			d.taken[id.Name] = true
		}
		return true
	})
	d.scope = []map[string]string{{}}
	nodes := d.block(loop.Body.List, true)
	if d.failed || d.nexp == 0 {
		return "", 0, false
	}
	d.checkRemat(nodes)
	d.schedule(nodes, 0)
	if d.failed || d.maxSt == 0 {
		return "", 0, false
	}
	return d.emit(nodes), d.nscr, true
}

func (d *distributor) newScratch() int {
	d.nscr++
	return d.nscr - 1
}

// declare returns the name of a local declared in the current scope.
func (d *distributor) declare(name string) string {
	u := name
	if d.managed[u] {
		for i := 2; ; i++ {
			u = fmt.Sprintf("%s_%d", name, i)
			if !d.taken[u] {
				break
			}
		}
	}
	d.taken[u] = true
	d.managed[u] = true
	d.scope[len(d.scope)-1][name] = u
	return u
}

func (d *distributor) lookup(name string) (string, bool) {
	for i := len(d.scope) - 1; i >= 0; i-- {
		if u, ok := d.scope[i][name]; ok {
			return u, true
		}
	}
	return name, false
}

// expr renames the locals of e in place and takes its exponentials out
// into argument nodes (appended to pre, innermost first), replacing each
// by its result, wJ[k].
func (d *distributor) expr(e ast.Expr, pre *[]*vnode) ast.Expr {
	var walk func(e ast.Expr) ast.Expr
	walk = func(e ast.Expr) ast.Expr {
		switch x := e.(type) {
		case *ast.Ident:
			if u, ok := d.lookup(x.Name); ok {
				x.Name = u
			}
			return x
		case *ast.BasicLit:
			return x
		case *ast.ParenExpr:
			x.X = walk(x.X)
			return x
		case *ast.UnaryExpr:
			x.X = walk(x.X)
			return x
		case *ast.BinaryExpr:
			x.X = walk(x.X)
			x.Y = walk(x.Y)
			return x
		case *ast.SelectorExpr:
			if _, ok := x.X.(*ast.Ident); !ok {
				d.failed = true
			}
			return x // e.Dt, m.X_name, math.Pi
		case *ast.IndexExpr:
			x.X = walk(x.X)
			x.Index = walk(x.Index)
			return x
		case *ast.CallExpr:
			for i := range x.Args {
				x.Args[i] = walk(x.Args[i])
			}
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok {
				d.failed = true // int(xi) of a TABLE lookup
				return x
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok {
				d.failed = true
			} else if pkg.Name == "vmath" && sel.Sel.Name == "Exp" && len(x.Args) == 1 {
				j := d.nexp
				d.nexp++
				name := fmt.Sprintf("w%d", d.newScratch())
				d.expIdx = append(d.expIdx, name)
				d.expName[name] = true
				*pre = append(*pre, &vnode{lhs: name, rhs: x.Args[0], exp: j, writes: name})
				return &ast.IndexExpr{X: ast.NewIdent(name), Index: ast.NewIdent("k")}
			}
			return x
		}
		d.failed = true
		return e
	}
	return walk(e)
}

func dedup(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// rhs translates an expression a statement reads: the nodes of its
// exponentials' arguments (to go before it), and what it reads.
func (d *distributor) rhs(e ast.Expr) (ast.Expr, []*vnode, []string) {
	var pre []*vnode
	e = d.expr(e, &pre)
	for _, n := range pre {
		n.reads = d.readsOf(n.rhs)
	}
	return e, pre, d.readsOf(e)
}

// readsOf returns the locals an expression reads, an exponential's
// result wJ[k] as "wJ", and "mem" where it reads memory (an element of a
// slice, a FUNCTION of the mechanism).
func (d *distributor) readsOf(e ast.Expr) []string {
	var reads []string
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			if d.managed[x.Name] {
				reads = append(reads, x.Name)
			}
		case *ast.IndexExpr:
			switch id, ok := x.X.(*ast.Ident); {
			case ok && d.expName[id.Name]:
				reads = append(reads, id.Name)
			case ok:
				reads = append(reads, "mem:"+id.Name)
			default:
				reads = append(reads, "mem")
			}
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
				if p, ok := sel.X.(*ast.Ident); ok && (p.Name == "math" || p.Name == "mech" || p.Name == "vmath") {
					return true
				}
			}
			reads = append(reads, "mem")
		}
		return true
	})
	return dedup(reads)
}

// block translates the statements of a block (top: the loop's body).
func (d *distributor) block(list []ast.Stmt, top bool) []*vnode {
	var out []*vnode
	for _, s := range list {
		if d.failed {
			return nil
		}
		switch s := s.(type) {
		case *ast.BlockStmt:
			d.scope = append(d.scope, map[string]string{})
			out = append(out, d.block(s.List, false)...)
			d.scope = d.scope[:len(d.scope)-1]
		case *ast.DeclStmt:
			gd, ok := s.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != gotoken.VAR {
				d.failed = true
				return nil
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "float64" || len(vs.Values) > 0 {
					d.failed = true
					return nil
				}
				for _, n := range vs.Names {
					u := d.declare(n.Name)
					out = append(out, &vnode{lhs: u, writes: u, exp: -1, rhs: &ast.BasicLit{Kind: gotoken.FLOAT, Value: "0.0"}})
				}
			}
		case *ast.AssignStmt:
			out = append(out, d.assign(s, top)...)
		case *ast.IfStmt:
			out = append(out, d.ifStmt(s)...)
		default:
			d.failed = true
			return nil
		}
	}
	return out
}

func (d *distributor) assign(s *ast.AssignStmt, top bool) []*vnode {
	if len(s.Lhs) != len(s.Rhs) {
		d.failed = true
		return nil
	}
	// "_ = x" statements only quiet the compiler ("_ = m.kin_s(...)"
	// calls a method).
	if len(s.Lhs) == 1 {
		if id, ok := s.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
			if _, isIdent := s.Rhs[0].(*ast.Ident); !isIdent {
				d.failed = true
			}
			return nil
		}
	}
	var out []*vnode
	type rv struct {
		e     ast.Expr
		reads []string
	}
	var rs []rv
	for _, r := range s.Rhs {
		e, pre, reads := d.rhs(r)
		out = append(out, pre...)
		rs = append(rs, rv{e, reads})
	}
	for i, l := range s.Lhs {
		n := &vnode{exp: -1, rhs: rs[i].e, reads: rs[i].reads}
		switch l := l.(type) {
		case *ast.Ident:
			if s.Tok != gotoken.DEFINE && s.Tok != gotoken.ASSIGN {
				d.failed = true
				return nil
			}
			if s.Tok == gotoken.DEFINE {
				n.lhs = d.declare(l.Name)
				if ix, ok := n.rhs.(*ast.IndexExpr); ok && top && len(s.Lhs) == 1 {
					if sl, ok := ix.X.(*ast.Ident); ok && sl.Name == "s_"+strings.TrimPrefix(l.Name, "x_") && strings.HasPrefix(l.Name, "x_") {
						d.remat[n.lhs] = sl.Name
						n.remat = true
					}
				}
			} else {
				u, ok := d.lookup(l.Name)
				if !ok {
					d.failed = true // a variable of the enclosing function: a GLOBAL
					return nil
				}
				n.lhs = u
			}
			n.writes = n.lhs
		case *ast.IndexExpr:
			if s.Tok != gotoken.ASSIGN && s.Tok != gotoken.ADD_ASSIGN {
				d.failed = true
				return nil
			}
			sl, ok1 := l.X.(*ast.Ident)
			ix, ok2 := l.Index.(*ast.Ident)
			if !ok1 || !ok2 || ix.Name != "k" {
				d.failed = true
				return nil
			}
			if _, local := d.lookup(sl.Name); local {
				d.failed = true
				return nil
			}
			n.lhs, n.store, n.op, n.writes = sl.Name+"[k]", true, s.Tok, "mem:"+sl.Name
			if s.Tok == gotoken.ADD_ASSIGN {
				n.reads = dedup(append(n.reads, n.writes))
			}
		default:
			d.failed = true
			return nil
		}
		out = append(out, n)
	}
	return out
}

func (d *distributor) ifStmt(s *ast.IfStmt) []*vnode {
	if s.Init != nil {
		d.failed = true
		return nil
	}
	cond, pre, reads := d.rhs(s.Cond)
	n := &vnode{cond: cond, readsInIf: reads, exp: -1, flag: -1}
	d.scope = append(d.scope, map[string]string{})
	n.then = d.block(s.Body.List, false)
	d.scope = d.scope[:len(d.scope)-1]
	switch e := s.Else.(type) {
	case nil:
	case *ast.BlockStmt:
		d.scope = append(d.scope, map[string]string{})
		n.els = d.block(e.List, false)
		d.scope = d.scope[:len(d.scope)-1]
	case *ast.IfStmt:
		d.scope = append(d.scope, map[string]string{})
		n.els = d.ifStmt(e)
		d.scope = d.scope[:len(d.scope)-1]
	default:
		d.failed = true
	}
	return append(pre, n)
}

// checkRemat keeps as reloadable from s_N[k] only the locals every store
// to s_N stores, loaded before any other statement.
func (d *distributor) checkRemat(nodes []*vnode) {
	stores := map[string][]string{}
	var walk func([]*vnode)
	walk = func(ns []*vnode) {
		for _, n := range ns {
			if n.store {
				sl := strings.TrimSuffix(n.lhs, "[k]")
				id, _ := n.rhs.(*ast.Ident)
				name := ""
				if id != nil && n.op == gotoken.ASSIGN {
					name = id.Name
				}
				stores[sl] = append(stores[sl], name)
			}
			walk(n.then)
			walk(n.els)
		}
	}
	walk(nodes)
	for u, sl := range d.remat {
		for _, w := range stores[sl] {
			if w != u {
				delete(d.remat, u)
			}
		}
	}
}

// schedule gives each node its stage (see the comment at the top).
func (d *distributor) schedule(ns []*vnode, min int) int {
	last := min
	for _, n := range ns {
		if n.cond != nil {
			sc := min
			for _, r := range n.readsInIf {
				sc = max(sc, d.lw[r])
			}
			for _, r := range n.readsInIf {
				d.lr[r] = max(d.lr[r], sc)
			}
			n.stage = sc
			n.last = max(sc, d.schedule(n.then, sc), d.schedule(n.els, sc))
			last = max(last, n.last)
			continue
		}
		if n.remat && d.remat[n.lhs] != "" {
			n.stage = -1 // reloaded where needed
			continue
		}
		s := min
		for _, r := range n.reads {
			s = max(s, d.lw[r])
		}
		s = max(s, d.lw[n.writes], d.lr[n.writes])
		if strings.HasPrefix(n.writes, "mem:") {
			s = max(s, d.lr["mem"]) // a FUNCTION may read it
			d.lw["mem"] = max(d.lw["mem"], s)
		}
		n.stage = s
		for _, r := range n.reads {
			d.lr[r] = max(d.lr[r], s)
		}
		if n.exp >= 0 {
			d.lw[n.writes] = s + 1
			for len(d.expAt) <= n.exp {
				d.expAt = append(d.expAt, 0)
			}
			d.expAt[n.exp] = s
			d.maxSt = max(d.maxSt, s+1)
		} else {
			d.lw[n.writes] = max(d.lw[n.writes], s)
		}
		d.maxSt = max(d.maxSt, s)
		last = max(last, s)
	}
	return last
}

// usage of a stage: the locals read before assigned (exposed), read and
// assigned.
type usage struct {
	exposed, read, wrote map[string]bool
}

func (d *distributor) use(ns []*vnode, s int, def map[string]bool, u *usage) {
	rd := func(v string) {
		if !d.managed[v] {
			return
		}
		u.read[v] = true
		if !def[v] {
			u.exposed[v] = true
		}
	}
	for _, n := range ns {
		if n.cond != nil {
			if n.stage > s || n.last < s {
				continue
			}
			if n.stage == s {
				for _, r := range n.readsInIf {
					rd(r)
				}
			}
			c := map[string]bool{}
			for k := range def {
				c[k] = true
			}
			d.use(n.then, s, c, u)
			c = map[string]bool{}
			for k := range def {
				c[k] = true
			}
			d.use(n.els, s, c, u)
			continue
		}
		if n.stage != s {
			continue
		}
		for _, r := range n.reads {
			rd(r)
		}
		if d.managed[n.writes] {
			u.wrote[n.writes] = true
			def[n.writes] = true
		}
	}
}

// emit writes the stages.
func (d *distributor) emit(nodes []*vnode) string {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	uses := make([]*usage, d.maxSt+1)
	for s := range uses {
		uses[s] = &usage{exposed: map[string]bool{}, read: map[string]bool{}, wrote: map[string]bool{}}
		d.use(nodes, s, map[string]bool{}, uses[s])
	}
	spill := map[string]int{}
	spillOf := func(v string) int {
		if w, ok := spill[v]; ok {
			return w
		}
		spill[v] = d.newScratch()
		return spill[v]
	}
	// The IFs cut across stages keep their condition.
	var flags func([]*vnode)
	flags = func(ns []*vnode) {
		for _, n := range ns {
			if n.cond != nil {
				if n.last > n.stage {
					n.flag = d.newScratch()
				}
				flags(n.then)
				flags(n.els)
			}
		}
	}
	flags(nodes)
	for s := 0; s <= d.maxSt; s++ {
		u := uses[s]
		p("for k := range V {")
		vars := map[string]bool{}
		for v := range u.read {
			vars[v] = true
		}
		for v := range u.wrote {
			vars[v] = true
		}
		names := sortedKeys(vars)
		stored := map[string]bool{}
		var spills []string
		for _, v := range names {
			if !u.wrote[v] {
				continue
			}
			for t := s + 1; t <= d.maxSt; t++ {
				if uses[t].exposed[v] {
					spills = append(spills, v)
					stored[v] = true
					break
				}
			}
		}
		for _, v := range names {
			earlier := false
			for t := 0; t < s; t++ {
				earlier = earlier || uses[t].wrote[v]
			}
			switch {
			case u.exposed[v] && earlier:
				p("%s := w%d[k]", v, spillOf(v))
			case u.exposed[v] && d.remat[v] != "":
				p("%s := %s[k]", v, d.remat[v])
			default:
				p("var %s float64", v)
			}
			if !u.read[v] && !stored[v] {
				p("_ = %s", v)
			}
		}
		d.emitNodes(&b, nodes, s)
		for _, v := range spills {
			p("w%d[k] = %s", spillOf(v), v)
		}
		p("}")
		for j, at := range d.expAt {
			if at == s {
				w := d.expIdx[j]
				p("vmath.ExpSlice(%s[k0:], %s[k0:])", w, w)
			}
		}
	}
	return b.String()
}

func (d *distributor) text(e ast.Expr) string {
	var b bytes.Buffer
	printer.Fprint(&b, d.fset, e)
	return b.String()
}

func (d *distributor) emitNodes(b *bytes.Buffer, ns []*vnode, s int) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	for _, n := range ns {
		if n.cond != nil {
			if n.stage > s || n.last < s || !hasStage(n.then, s) && !hasStage(n.els, s) && !(n.stage == s && n.flag >= 0) {
				continue
			}
			cond := d.text(n.cond)
			switch {
			case n.flag < 0:
			case n.stage == s:
				p("w%d[k] = 0", n.flag)
			default:
				cond = fmt.Sprintf("w%d[k] != 0", n.flag)
			}
			p("if %s {", cond)
			if n.flag >= 0 && n.stage == s {
				p("w%d[k] = 1", n.flag)
			}
			d.emitNodes(b, n.then, s)
			if hasStage(n.els, s) {
				p("} else {")
				d.emitNodes(b, n.els, s)
			}
			p("}")
			continue
		}
		if n.stage != s {
			continue
		}
		switch {
		case n.exp >= 0:
			p("%s[k] = %s", n.lhs, d.text(n.rhs))
		case n.store:
			p("%s %s %s", n.lhs, n.op, d.text(n.rhs))
		default:
			p("%s = %s", n.lhs, d.text(n.rhs))
		}
	}
}

// hasStage reports whether any statement of ns is in stage s.
func hasStage(ns []*vnode, s int) bool {
	for _, n := range ns {
		if n.cond != nil {
			if n.stage <= s && s <= n.last && (hasStage(n.then, s) || hasStage(n.els, s)) {
				return true
			}
			continue
		}
		if n.stage == s {
			return true
		}
	}
	return false
}

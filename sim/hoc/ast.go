package hoc

// expr is an expression of the syntax tree.
type expr interface{ exprPos() Pos }

// stmt is a statement of the syntax tree.
type stmt interface{ stmtPos() Pos }

type (
	numLit struct {
		pos Pos
		v   float64
	}
	strLit struct {
		pos Pos
		s   string
	}
	// ident is a name.
	ident struct {
		pos  Pos
		name string
	}
	// argRef is $n, $sn, $on, $&n, or with index expression $i forms
	// (idx: the local variable holding the index).
	argRef struct {
		pos  Pos
		kind string // "", "s", "o", "&"
		n    int    // 0: by the variable i
	}
	// indexExpr is x[i].
	indexExpr struct {
		pos Pos
		x   expr
		idx expr
	}
	// callExpr is f(args): a function, method, or range variable at x;
	// lo/hi set for the taper form diam(lo:hi).
	callExpr struct {
		pos    Pos
		fn     expr
		args   []expr
		ranged bool
	}
	// memberExpr is x.name.
	memberExpr struct {
		pos  Pos
		x    expr
		name string
	}
	unaryExpr struct {
		pos Pos
		op  string
		x   expr
	}
	binaryExpr struct {
		pos  Pos
		op   string
		x, y expr
	}
	// assignExpr is lhs op rhs, op one of = += -= *= /=; rhs2 is set in
	// the taper form diam(0:1) = a:b.
	assignExpr struct {
		pos  Pos
		op   string
		lhs  expr
		rhs  expr
		rhs2 expr
	}
	newExpr struct {
		pos  Pos
		name string
		args []expr
	}
	// addrExpr is &x: a pointer to a variable or to a range variable.
	addrExpr struct {
		pos Pos
		x   expr
	}
)

func (e *numLit) exprPos() Pos     { return e.pos }
func (e *strLit) exprPos() Pos     { return e.pos }
func (e *ident) exprPos() Pos      { return e.pos }
func (e *argRef) exprPos() Pos     { return e.pos }
func (e *indexExpr) exprPos() Pos  { return e.pos }
func (e *callExpr) exprPos() Pos   { return e.pos }
func (e *memberExpr) exprPos() Pos { return e.pos }
func (e *unaryExpr) exprPos() Pos  { return e.pos }
func (e *binaryExpr) exprPos() Pos { return e.pos }
func (e *assignExpr) exprPos() Pos { return e.pos }
func (e *newExpr) exprPos() Pos    { return e.pos }
func (e *addrExpr) exprPos() Pos   { return e.pos }

type (
	exprStmt struct {
		pos Pos
		x   expr
	}
	blockStmt struct {
		pos  Pos
		list []stmt
	}
	ifStmt struct {
		pos        Pos
		cond       expr
		then, els_ stmt
	}
	whileStmt struct {
		pos  Pos
		cond expr
		body stmt
	}
	// forStmt is for i = a, b stmt.
	forStmt struct {
		pos      Pos
		v        expr
		from, to expr
		body     stmt
	}
	// forSegStmt is for (x) stmt (every node, ends included) or
	// for (x, 0) stmt (segment centres only).
	forSegStmt struct {
		pos    Pos
		v      expr
		noEnds bool
		body   stmt
	}
	// forIterStmt is for iter(args) stmt: a hoc iterator.
	forIterStmt struct {
		pos  Pos
		call *callExpr
		body stmt
	}
	forsecStmt struct {
		pos  Pos
		list expr // SectionList object or a name pattern string
		body stmt
	}
	forallStmt struct {
		pos  Pos
		body stmt
	}
	ifsecStmt struct {
		pos  Pos
		pat  expr
		body stmt
	}
	// secStmt is sec stmt: stmt with sec as the currently accessed section.
	secStmt struct {
		pos  Pos
		sec  expr
		body stmt
	}
	accessStmt struct {
		pos Pos
		sec expr
	}
	createStmt struct {
		pos   Pos
		names []declName
	}
	// connectStmt is connect child(x), parent(y) or, with parentX only,
	// connect child(x), y (parent: the current section).
	connectStmt struct {
		pos    Pos
		child  expr
		childX expr
		parent expr // a callExpr parent(y), or a number y
	}
	insertStmt struct {
		pos    Pos
		name   string
		remove bool
	}
	// declStmt declares names: objref, objectvar, strdef, double, public,
	// external, local, localobj.
	declStmt struct {
		pos   Pos
		kind  string
		names []declName
	}
	returnStmt struct {
		pos Pos
		x   expr
	}
	breakStmt struct {
		pos  Pos
		cont bool
	}
	iterStmt  struct{ pos Pos } // iterator_statement
	printStmt struct {
		pos  Pos
		args []expr
	}
	funcDef struct {
		pos  Pos
		kind string // proc, func, obfunc, iterator
		name string
		body *blockStmt
	}
	templateDef struct {
		pos  Pos
		name string
		body []stmt
	}
	emptyStmt struct{ pos Pos }
)

// declName is a declared name with optional array dimensions.
type declName struct {
	pos  Pos
	name string
	dims []expr
}

func (s *exprStmt) stmtPos() Pos    { return s.pos }
func (s *blockStmt) stmtPos() Pos   { return s.pos }
func (s *ifStmt) stmtPos() Pos      { return s.pos }
func (s *whileStmt) stmtPos() Pos   { return s.pos }
func (s *forStmt) stmtPos() Pos     { return s.pos }
func (s *forSegStmt) stmtPos() Pos  { return s.pos }
func (s *forIterStmt) stmtPos() Pos { return s.pos }
func (s *forsecStmt) stmtPos() Pos  { return s.pos }
func (s *forallStmt) stmtPos() Pos  { return s.pos }
func (s *ifsecStmt) stmtPos() Pos   { return s.pos }
func (s *secStmt) stmtPos() Pos     { return s.pos }
func (s *accessStmt) stmtPos() Pos  { return s.pos }
func (s *createStmt) stmtPos() Pos  { return s.pos }
func (s *connectStmt) stmtPos() Pos { return s.pos }
func (s *insertStmt) stmtPos() Pos  { return s.pos }
func (s *declStmt) stmtPos() Pos    { return s.pos }
func (s *returnStmt) stmtPos() Pos  { return s.pos }
func (s *breakStmt) stmtPos() Pos   { return s.pos }
func (s *iterStmt) stmtPos() Pos    { return s.pos }
func (s *printStmt) stmtPos() Pos   { return s.pos }
func (s *funcDef) stmtPos() Pos     { return s.pos }
func (s *templateDef) stmtPos() Pos { return s.pos }
func (s *emptyStmt) stmtPos() Pos   { return s.pos }

package nmodl

// File is a parsed .mod file.
type File struct {
	Name   string // as given to Parse
	Title  string
	Neuron Neuron

	Units       []UnitDef
	Parameters  []Decl
	Constants   []Decl
	Assigned    []Decl
	States      []Decl
	Independent []Decl
	Locals      []Decl // LOCAL at the top level: variables shared by the blocks
	Defines     []Define

	// UnitsFlags are every UNITSON and UNITSOFF of the file, at the top
	// level, in a declaration block or among statements, in the order of
	// the file (the unit checker turns checking off and on by position).
	UnitsFlags []Keyword

	// Blocks are the blocks of statements in the order of the file.
	Blocks []*Block
	// Verbatims are every VERBATIM block, at the top level or inside
	// another block, in the order of the file.
	Verbatims []Verbatim
}

// Neuron is the NEURON block: what the mechanism is and what it shares.
type Neuron struct {
	Pos Pos
	// Kind is "SUFFIX", "POINT_PROCESS" or "ARTIFICIAL_CELL"; Name the
	// mechanism's name.
	Kind, Name string

	Ions        []UseIon
	Nonspecific []string // NONSPECIFIC_CURRENT
	Electrode   []string // ELECTRODE_CURRENT
	Range       []string
	Global      []string
	Pointer     []string
	BBCore      []string // BBCOREPOINTER
	External    []string
	ThreadSafe  bool
}

// UseIon is a USEION statement.
type UseIon struct {
	Pos         Pos
	Name        string
	Read, Write []string
	// Valence is the VALENCE given, HasValence whether one was.
	Valence    float64
	HasValence bool
}

// UnitDef is a line of the UNITS block: (mV) = (millivolt), or a named
// constant FARADAY = (faraday) (coulombs).
type UnitDef struct {
	Pos        Pos
	Name       string // the constant's name, or "" for a unit alias
	From, To   string // the units' text
	Value      float64
	HasValue   bool // Name = number (units)
	FactorUnit string
}

// Decl is a declared variable of PARAMETER, ASSIGNED, STATE, CONSTANT,
// INDEPENDENT or LOCAL.
type Decl struct {
	Pos  Pos
	Name string
	// Size is the array length when declared name[Size] (SizeName if
	// given by a DEFINE), 0 otherwise.
	Size     int
	SizeName string
	// Value is the default (PARAMETER, CONSTANT), HasValue whether given.
	Value    float64
	HasValue bool
	Units    string
	// Lo and Hi are the limits <Lo, Hi>, HasLimits whether given.
	Lo, Hi    float64
	HasLimits bool
	// From and To are a STATE's or ASSIGNED's FROM ... TO range.
	From, To float64
	HasRange bool
	// Tolerance is a STATE's <tolerance>.
	Tolerance    float64
	HasTolerance bool
	// Array and Elem: the declaration is element Elem of array Array,
	// expanded before generation (arrays.go); Array is "" otherwise.
	Array string
	Elem  int
}

// Define is DEFINE NAME value.
type Define struct {
	Pos   Pos
	Name  string
	Value int
}

// Verbatim is a VERBATIM block's C code and where it is.
type Verbatim struct {
	Pos  Pos
	Text string
	// In names the block it is in ("" at the top level), such as
	// "NET_RECEIVE" or "PROCEDURE seed".
	In string
}

// Block is a block of statements: INITIAL, BREAKPOINT, DERIVATIVE name,
// KINETIC name, LINEAR name, NONLINEAR name, PROCEDURE name(params),
// FUNCTION name(params), FUNCTION_TABLE name(params), NET_RECEIVE(params),
// BEFORE/AFTER name, CONSTRUCTOR, DESTRUCTOR.
type Block struct {
	Pos    Pos
	Kind   string
	Name   string
	Params []Decl
	Units  string // of a FUNCTION's value
	Body   []Stmt
}

// Stmt is a statement.
type Stmt interface{ stmtPos() Pos }

// Expr is an expression.
type Expr interface{ exprPos() Pos }

type (
	// Num is a number literal.
	Num struct {
		Pos   Pos
		Text  string
		Value float64
		// Units is the unit written after the number, 10 (degC), or "".
		Units string
		// Paren says that the number stands alone in parentheses, (1000):
		// a conversion factor to a unit checker.
		Paren bool
	}
	// Ident is a name; Primes > 0 is a state's derivative (m').
	Ident struct {
		Pos    Pos
		Name   string
		Primes int
	}
	// IndexExpr is name[Index].
	IndexExpr struct {
		Pos   Pos
		Name  string
		Index Expr
	}
	// Call is name(Args).
	Call struct {
		Pos  Pos
		Name string
		Args []Expr
	}
	// Unary is Op X, Op "-" or "!".
	Unary struct {
		Pos Pos
		Op  string
		X   Expr
	}
	// Binary is X Op Y.
	Binary struct {
		Pos  Pos
		Op   string
		X, Y Expr
	}
	// StringLit is a string (printf's format).
	StringLit struct {
		Pos  Pos
		Text string
	}
)

func (e *Num) exprPos() Pos       { return e.Pos }
func (e *Ident) exprPos() Pos     { return e.Pos }
func (e *IndexExpr) exprPos() Pos { return e.Pos }
func (e *Call) exprPos() Pos      { return e.Pos }
func (e *Unary) exprPos() Pos     { return e.Pos }
func (e *Binary) exprPos() Pos    { return e.Pos }
func (e *StringLit) exprPos() Pos { return e.Pos }

type (
	// Assign is LHS = RHS; Deriv is the number of primes of a DERIVATIVE
	// equation (m' = ...), 0 otherwise. LHS is an *Ident or *IndexExpr.
	Assign struct {
		Pos   Pos
		LHS   Expr
		Deriv int
		RHS   Expr
	}
	// ExprStmt is a call used as a statement.
	ExprStmt struct {
		Pos Pos
		X   Expr
	}
	// If is if (Cond) { Then } else { Else }; an else if is an If alone
	// in Else.
	If struct {
		Pos  Pos
		Cond Expr
		Then []Stmt
		Else []Stmt
	}
	// While is while (Cond) { Body }.
	While struct {
		Pos  Pos
		Cond Expr
		Body []Stmt
	}
	// From is FROM Var = Lo TO Hi [BY By] { Body }.
	From struct {
		Pos        Pos
		Var        string
		Lo, Hi, By Expr
		Body       []Stmt
	}
	// Local is LOCAL names.
	Local struct {
		Pos   Pos
		Names []Decl
	}
	// Solve is SOLVE Name [METHOD Method] [STEADYSTATE SteadyState] [IFERROR { }].
	Solve struct {
		Pos                 Pos
		Name                string
		Method, SteadyState string
	}
	// Table is TABLE Names DEPEND Depend FROM From TO To WITH With.
	Table struct {
		Pos      Pos
		Names    []string
		Depend   []string
		From, To Expr
		With     int
	}
	// Reaction is ~ LHS Op RHS (Rates): Op "<->" (Rates forward and
	// backward), "->" or "<<" (flux into LHS, Rates one value).
	Reaction struct {
		Pos   Pos
		LHS   []Term
		Op    string
		RHS   []Term
		Rates []Expr
	}
	// Conserve is CONSERVE LHS = RHS.
	Conserve struct {
		Pos      Pos
		LHS, RHS Expr
	}
	// Compartment is COMPARTMENT [Index,] Volume { Names } and
	// LONGITUDINAL_DIFFUSION [Index,] Volume { Names } (Kind says which).
	Compartment struct {
		Pos    Pos
		Kind   string
		Index  string
		Volume Expr
		Names  []string
	}
	// Watch is WATCH (Cond) Flag.
	Watch struct {
		Pos  Pos
		Cond Expr
		Flag Expr
	}
	// Nested is a block of statements inside another: INITIAL within
	// NET_RECEIVE (Kind "INITIAL"), a bare { } (Kind ""), PROTECT (Kind
	// "PROTECT", one statement).
	Nested struct {
		Pos  Pos
		Kind string
		Body []Stmt
	}
	// VerbatimStmt is a VERBATIM block among statements.
	VerbatimStmt struct {
		Pos  Pos
		Text string
	}
	// Conductance is CONDUCTANCE Name [USEION Ion]: the slope of the
	// ion's current (of the NONSPECIFIC_CURRENT without USEION); with
	// one for every current, nocmodl takes the slope from them instead
	// of by difference.
	Conductance struct {
		Pos  Pos
		Name string
		Ion  string
	}
	// Keyword is a statement of one keyword: UNITSON, UNITSOFF,
	// MUTEXLOCK, MUTEXUNLOCK.
	Keyword struct {
		Pos  Pos
		Word string
	}
)

// Term is a species of a reaction: Coef Name[Index].
type Term struct {
	Pos   Pos
	Coef  int
	Name  string
	Index Expr
}

func (s *Assign) stmtPos() Pos       { return s.Pos }
func (s *ExprStmt) stmtPos() Pos     { return s.Pos }
func (s *If) stmtPos() Pos           { return s.Pos }
func (s *While) stmtPos() Pos        { return s.Pos }
func (s *From) stmtPos() Pos         { return s.Pos }
func (s *Local) stmtPos() Pos        { return s.Pos }
func (s *Solve) stmtPos() Pos        { return s.Pos }
func (s *Table) stmtPos() Pos        { return s.Pos }
func (s *Reaction) stmtPos() Pos     { return s.Pos }
func (s *Conserve) stmtPos() Pos     { return s.Pos }
func (s *Compartment) stmtPos() Pos  { return s.Pos }
func (s *Watch) stmtPos() Pos        { return s.Pos }
func (s *Nested) stmtPos() Pos       { return s.Pos }
func (s *VerbatimStmt) stmtPos() Pos { return s.Pos }
func (s *Keyword) stmtPos() Pos      { return s.Pos }
func (s *Conductance) stmtPos() Pos  { return s.Pos }

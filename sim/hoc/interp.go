package hoc

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"

	"github.com/golgi-sim/golgi/sim/morph"
)

// MorphologyLoader reads the morphology files that templates import
// through Import3d (Import3d_Neurolucida3, Import3d_SWC_read): the
// caller chooses the readers (morph.ReadSWCFile for .swc, an .asc or .h5
// reader). The sections it returns become the template's soma, axon,
// dend and apic arrays as NEURON's Import3d_GUI.instantiate makes them.
type MorphologyLoader interface {
	LoadMorphology(path string) (*morph.Morphology, error)
}

// LoaderFunc adapts a function to MorphologyLoader.
type LoaderFunc func(path string) (*morph.Morphology, error)

// LoadMorphology calls f.
func (f LoaderFunc) LoadMorphology(path string) (*morph.Morphology, error) { return f(path) }

// Interp is a hoc interpreter with NEURON's section model. It is not safe
// for concurrent use.
type Interp struct {
	// Loader reads morphologies for Import3d; nil makes Import3d an error.
	Loader MorphologyLoader
	sets   []string // sim/mech sets (UseMechanismSets)
	// pt3dconst is NEURON's pt3dconst flag: define_shape leaves 3-D
	// points where they are.
	pt3dconst bool
	// setdata is the instance the last setdata_M(x) chose.
	setdata struct {
		sec  *Section
		mech string
		seg  int
	}
	// Stdout receives print and printf output (nil: discarded).
	Stdout io.Writer
	// Dir is where load_file looks for relative names besides the
	// directory of the loading file.
	Dir string
	// MaxSteps bounds the statements executed (a guard against endless
	// loops in bad input); New sets DefaultMaxSteps.
	MaxSteps int

	reg       *registry
	globals   map[string]*symbol
	vars      map[string]*float64
	templates map[string]*Template
	instances map[string][]*Instance
	sections  []*Section
	serial    int
	access    *Section
	secStack  []*Section
	frame     *frame
	loaded    map[string]bool
	files     []string // files being loaded, innermost last
	origin    struct {
		sec *Section
		x   float64
	}
	netcons []*NetCon
	notes   []string
	steps   int // statements executed, against runaway loops
}

// DefaultMaxSteps is the default Interp.MaxSteps.
const DefaultMaxSteps = 1 << 28

// frame is a procedure activation.
type frame struct {
	obj    *Instance
	args   []value
	locals map[string]*symbol
	fn     *funcDef
	iter   func() error
}

// control flow signals.
var (
	errBreak    = errors.New("break outside a loop")
	errContinue = errors.New("continue outside a loop")
)

type returnSignal struct{ v value }

func (r *returnSignal) Error() string { return "return outside a procedure" }

// stopError is raised by quit() and execerror().
type stopError struct{ err *Error }

func (s *stopError) Error() string { return s.err.Error() }

// New returns an interpreter whose mechanisms are those registered with
// sim/mech (import the translated packages before calling it).
func New(loader MorphologyLoader) *Interp {
	in := &Interp{Loader: loader, reg: newRegistry(nil), globals: map[string]*symbol{}, templates: map[string]*Template{},
		instances: map[string][]*Instance{}, loaded: map[string]bool{}, MaxSteps: DefaultMaxSteps}
	in.vars = map[string]*float64{}
	for name, v := range map[string]float64{
		"celsius": defaultCelsus, "v_init": -65, "dt": 0.025, "t": 0, "tstop": 5, "secondorder": 0,
		"PI": math.Pi, "E": math.E, "GAMMA": 0.57721566490153286060, "DEG": 57.29577951308232087680,
		"PHI": 1.61803398874989484820, "FARADAY": 96485.3321233100184, "R": 8.3144626181532395,
		"float_epsilon": 1e-11, "hoc_ac_": 0, "Ra": math.NaN(),
	} {
		x := v
		in.vars[name] = &x
	}
	delete(in.vars, "Ra")
	in.frame = &frame{}
	return in
}

// UseMechanismSets makes the interpreter take the mechanisms of sim/mech's
// sets, in order of preference (a name several sets register is
// otherwise unknown): what a NEURON run gets from the mechanism library it
// loaded. Call it before loading templates.
func (in *Interp) UseMechanismSets(sets ...string) {
	in.sets = append([]string(nil), sets...)
	in.reg = newRegistry(in.sets)
}

// Notes lists what the interpreter ignored or assumed (files not loaded,
// constructs without effect), one sentence each.
func (in *Interp) Notes() []string { return in.notes }

func (in *Interp) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	if slices.Contains(in.notes, n) { // a statement run many times notes once
		return
	}
	in.notes = append(in.notes, n)
}

// Global returns the value of a built-in global such as celsius or v_init.
func (in *Interp) Global(name string) (float64, bool) {
	p, ok := in.vars[name]
	if !ok {
		return 0, false
	}
	return *p, true
}

// GlobalString returns the value of a top-level strdef, such as the
// T_NeededAttributes string of a BluePyOpt template file.
func (in *Interp) GlobalString(name string) (string, bool) {
	s, ok := in.globals[name]
	if !ok || s.kind != symStr || s.str == nil {
		return "", false
	}
	return *s.str, true
}

// LoadFile runs the hoc file at path, as load_file.
func (in *Interp) LoadFile(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("hoc: %w", err)
	}
	abs, _ := filepath.Abs(path)
	in.loaded[abs] = true
	in.files = append(in.files, path)
	defer func() { in.files = in.files[:len(in.files)-1] }()
	return in.Exec(path, string(src))
}

// Exec parses and runs hoc source; file names it in errors.
func (in *Interp) Exec(file, src string) error {
	list, err := parse(file, src)
	if err != nil {
		return fmt.Errorf("hoc: %w", err)
	}
	saved := in.frame
	in.frame = &frame{}
	defer func() { in.frame = saved }()
	for _, s := range list {
		if err := in.exec(s); err != nil {
			return wrapTop(err)
		}
	}
	return nil
}

func wrapTop(err error) error {
	var st *stopError
	switch {
	case errors.As(err, &st):
		return fmt.Errorf("hoc: %w", st.err)
	case errors.Is(err, errBreak), errors.Is(err, errContinue):
		return fmt.Errorf("hoc: %w", err)
	}
	var r *returnSignal
	if errors.As(err, &r) {
		return fmt.Errorf("hoc: return outside a procedure")
	}
	return fmt.Errorf("hoc: %w", err)
}

// HasProcedure reports whether instance o's template defines procedure
// or function name.
func (in *Interp) HasProcedure(o *Instance, name string) bool {
	_, ok := o.T.funcs[name]
	return ok
}

// Template returns the template of that name.
func (in *Interp) Template(name string) (*Template, bool) {
	t, ok := in.templates[name]
	return t, ok
}

// NewObject instantiates a template as hoc's new Name(args): args are
// float64, int, string or Object values.
func (in *Interp) NewObject(template string, args ...any) (*Instance, error) {
	t, ok := in.templates[template]
	if !ok {
		return nil, fmt.Errorf("hoc: no template %q", template)
	}
	vals := make([]value, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case float64:
			vals[i] = num(a)
		case int:
			vals[i] = num(float64(a))
		case string:
			vals[i] = str(a)
		case Object:
			vals[i] = obj(a)
		case nil:
			vals[i] = obj(nil)
		default:
			return nil, fmt.Errorf("hoc: new %s: argument %d of type %T; want float64, int, string or Object", template, i+1, a)
		}
	}
	saved := in.frame
	in.frame = &frame{}
	defer func() { in.frame = saved }()
	o, err := in.instantiate(t, vals, Pos{File: "(Go)", Line: 0, Col: 0})
	if err != nil {
		return nil, wrapTop(err)
	}
	return o, nil
}

// Call calls the procedure name of instance o with args (float64, int,
// string or Object values), as hoc's o.name(args) but whether or not the
// template declares it public: neurodamus calls the templates'
// re_init_rng(ionchannel_seed) after making a cell, which the BBP
// templates do not declare public.
func (in *Interp) Call(o *Instance, name string, args ...any) error {
	if o == nil {
		return fmt.Errorf("hoc: Call %s: nil object", name)
	}
	fd, ok := o.T.funcs[name]
	if !ok {
		return fmt.Errorf("hoc: %s has no procedure %s", o, name)
	}
	vals := make([]value, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case float64:
			vals[i] = num(a)
		case int:
			vals[i] = num(float64(a))
		case string:
			vals[i] = str(a)
		case Object:
			vals[i] = obj(a)
		default:
			return fmt.Errorf("hoc: %s.%s: argument %d of type %T; want float64, int, string or Object", o, name, i+1, a)
		}
	}
	saved := in.frame
	in.frame = &frame{}
	defer func() { in.frame = saved }()
	if _, err := in.callUser(fd, o, vals, nil, Pos{File: "(Go)"}); err != nil {
		return wrapTop(err)
	}
	return nil
}

func (in *Interp) exec(s stmt) error {
	in.steps++
	if in.steps > in.MaxSteps {
		return errorf(s.stmtPos(), "more than %d statements executed: endless loop?", in.MaxSteps)
	}
	switch s := s.(type) {
	case *exprStmt:
		_, err := in.eval(s.x)
		return err
	case *emptyStmt:
		return nil
	case *blockStmt:
		for _, t := range s.list {
			if err := in.exec(t); err != nil {
				return err
			}
		}
		return nil
	case *ifStmt:
		c, err := in.evalNum(s.cond)
		if err != nil {
			return err
		}
		if c != 0 {
			return in.exec(s.then)
		}
		if s.els_ != nil {
			return in.exec(s.els_)
		}
		return nil
	case *whileStmt:
		for {
			c, err := in.evalNum(s.cond)
			if err != nil {
				return err
			}
			if c == 0 {
				return nil
			}
			if done, err := loopBody(in.exec(s.body)); done {
				return err
			}
		}
	case *forStmt:
		return in.execFor(s)
	case *forSegStmt:
		return in.execForSeg(s)
	case *forIterStmt:
		return in.execForIter(s)
	case *forsecStmt:
		return in.execForsec(s)
	case *forallStmt:
		for _, sec := range in.visibleSections() {
			if sec.deleted {
				continue
			}
			if done, err := loopBody(in.withSection(sec, s.body)); done {
				return err
			}
		}
		return nil
	case *ifsecStmt:
		v, err := in.eval(s.pat)
		if err != nil {
			return err
		}
		if v.kind != vStr {
			return errorf(s.pos, "ifsec needs a string, found %s", v.kindName())
		}
		re, err := sectionPattern(v.str)
		if err != nil {
			return errorf(s.pos, "ifsec %q: %v", v.str, err)
		}
		sec, err := in.cursec(s.pos)
		if err != nil {
			return err
		}
		if re.MatchString(sec.localName()) {
			return in.exec(s.body)
		}
		return nil
	case *secStmt:
		sec, err := in.evalSection(s.sec)
		if err != nil {
			return err
		}
		return in.withSection(sec, s.body)
	case *accessStmt:
		sec, err := in.evalSection(s.sec)
		if err != nil {
			return err
		}
		in.access = sec
		if len(in.secStack) > 0 {
			in.secStack[len(in.secStack)-1] = sec
		}
		return nil
	case *createStmt:
		return in.execCreate(s)
	case *connectStmt:
		return in.execConnect(s)
	case *insertStmt:
		return in.execInsert(s)
	case *declStmt:
		return in.execDecl(s)
	case *returnStmt:
		r := &returnSignal{}
		if s.x != nil {
			v, err := in.eval(s.x)
			if err != nil {
				return err
			}
			r.v = v
		}
		return r
	case *breakStmt:
		if s.cont {
			return errContinue
		}
		return errBreak
	case *iterStmt:
		if in.frame.iter == nil {
			return errorf(s.pos, "iterator_statement outside an iterator")
		}
		return in.frame.iter()
	case *printStmt:
		var parts []string
		for _, a := range s.args {
			v, err := in.eval(a)
			if err != nil {
				return err
			}
			parts = append(parts, v.String())
		}
		in.printf("%s\n", joinSpace(parts))
		return nil
	case *funcDef:
		if in.frame.fn != nil {
			return errorf(s.pos, "%s %s defined inside a procedure", s.kind, s.name)
		}
		if old, ok := in.globals[s.name]; ok && old.kind != symFunc {
			return errorf(s.pos, "%s %s: the name is already %s", s.kind, s.name, old.kindName())
		}
		in.globals[s.name] = &symbol{kind: symFunc, name: s.name, fn: s}
		return nil
	case *templateDef:
		return in.defineTemplate(s)
	}
	return errorf(s.stmtPos(), "statement %T not supported", s)
}

// loopBody interprets a loop body's result: done is set when the loop
// must end, with the error to return (nil for break).
func loopBody(err error) (done bool, _ error) {
	switch {
	case err == nil, errors.Is(err, errContinue):
		return false, nil
	case errors.Is(err, errBreak):
		return true, nil
	}
	return true, err
}

func joinSpace(p []string) string {
	out := ""
	for i, s := range p {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}

func (in *Interp) printf(format string, args ...any) {
	if in.Stdout != nil {
		fmt.Fprintf(in.Stdout, format, args...)
	}
}

func (in *Interp) withSection(sec *Section, body stmt) error {
	in.secStack = append(in.secStack, sec)
	err := in.exec(body)
	in.secStack = in.secStack[:len(in.secStack)-1]
	return err
}

// cursec returns the currently accessed section.
func (in *Interp) cursec(p Pos) (*Section, error) {
	var s *Section
	if n := len(in.secStack); n > 0 {
		s = in.secStack[n-1]
	} else {
		s = in.access
		if s == nil || s.deleted {
			for _, t := range in.sections {
				if !t.deleted {
					s = t
					break
				}
			}
		}
	}
	if s == nil {
		return nil, errorf(p, "no accessed section (create one first)")
	}
	if s.deleted {
		return nil, errorf(p, "the accessed section %s was deleted", s.Name())
	}
	return s, nil
}

// visibleSections are the sections forall iterates: those of the
// current object inside a template, all sections at top level.
func (in *Interp) visibleSections() []*Section {
	var out []*Section
	for _, s := range in.sections {
		if !s.deleted && s.owner == in.frame.obj {
			out = append(out, s)
		}
	}
	if in.frame.obj == nil {
		out = out[:0]
		for _, s := range in.sections {
			if !s.deleted {
				out = append(out, s)
			}
		}
	}
	return out
}

func sectionPattern(p string) (*regexp.Regexp, error) {
	// NEURON matches section names against the pattern as a regular
	// expression anchored at the start; brackets are literal.
	q := regexp.QuoteMeta(p)
	q = regexp.MustCompile(`\\\.\\\*`).ReplaceAllString(q, ".*")
	q = regexp.MustCompile(`\\\*`).ReplaceAllString(q, ".*")
	return regexp.Compile("^" + q)
}

func (in *Interp) execFor(s *forStmt) error {
	from, err := in.evalNum(s.from)
	if err != nil {
		return err
	}
	pl, err := in.resolve(s.v, true)
	if err != nil {
		return err
	}
	if pl.kind != pNum {
		return errorf(s.pos, "for: %s is not a number variable", describe(s.v))
	}
	*pl.num = from
	for {
		to, err := in.evalNum(s.to)
		if err != nil {
			return err
		}
		if *pl.num > to {
			return nil
		}
		if done, err := loopBody(in.exec(s.body)); done {
			return err
		}
		*pl.num++
	}
}

func (in *Interp) execForSeg(s *forSegStmt) error {
	sec, err := in.cursec(s.pos)
	if err != nil {
		return err
	}
	pl, err := in.resolve(s.v, true)
	if err != nil {
		return err
	}
	if pl.kind != pNum {
		return errorf(s.pos, "for (x): %s is not a number variable", describe(s.v))
	}
	xs := forSegXs(sec.nseg, !s.noEnds)
	for _, x := range xs {
		*pl.num = x
		if done, err := loopBody(in.withSection(sec, s.body)); done {
			return err
		}
	}
	return nil
}

// forSegXs are the values for (x) (ends true) or for (x, 0) gives x
// over nseg segments, as NEURON's for_segment2 computes them: the
// centres by accumulation, dx/2 then += dx (dx = 1/nseg): of five,
// 0.1, 0.30000000000000004, 0.5, 0.7, 0.8999999999999999, where
// (i + 0.5)/nseg gives 0.3 and 0.9. The BBP templates' re_init_rng
// hash the printed x ("%.19g") into the stochastic channels' stream
// ids.
func forSegXs(nseg int, ends bool) []float64 {
	dx := 1 / float64(nseg)
	xs := make([]float64, 0, nseg+2)
	x := dx / 2
	if ends {
		xs = append(xs, 0)
	}
	for range nseg {
		xs = append(xs, x)
		x += dx
	}
	if ends {
		xs = append(xs, 1)
	}
	return xs
}

func (in *Interp) execForIter(s *forIterStmt) error {
	id, ok := s.call.fn.(*ident)
	if !ok {
		return errorf(s.pos, "for %s: want an iterator name", describe(s.call.fn))
	}
	fd, owner := in.lookupFunc(id.name)
	if fd == nil || fd.kind != "iterator" {
		return errorf(s.pos, "for %s(...): %s is not an iterator", id.name, id.name)
	}
	args, err := in.evalArgs(s.call.args)
	if err != nil {
		return err
	}
	caller := in.frame
	stop := false
	body := func() error {
		if stop {
			return nil
		}
		inner := in.frame
		in.frame = caller
		err := in.exec(s.body)
		in.frame = inner
		if errors.Is(err, errBreak) {
			stop = true
			return nil
		}
		if errors.Is(err, errContinue) {
			return nil
		}
		return err
	}
	_, err = in.callUser(fd, owner, args, body, s.pos)
	return err
}

func (in *Interp) execForsec(s *forsecStmt) error {
	v, err := in.eval(s.list)
	if err != nil {
		return err
	}
	var secs []*Section
	switch {
	case v.kind == vStr:
		re, err := sectionPattern(v.str)
		if err != nil {
			return errorf(s.pos, "forsec %q: %v", v.str, err)
		}
		for _, sec := range in.visibleSections() {
			if re.MatchString(sec.localName()) {
				secs = append(secs, sec)
			}
		}
	case v.kind == vObj:
		sl, ok := v.obj.(*SectionList)
		if !ok {
			return errorf(s.pos, "forsec needs a SectionList or a string, found %s", v.kindName())
		}
		secs = append(secs, sl.secs...)
	default:
		return errorf(s.pos, "forsec needs a SectionList or a string, found %s", v.kindName())
	}
	for _, sec := range secs {
		if sec.deleted {
			continue
		}
		if done, err := loopBody(in.withSection(sec, s.body)); done {
			return err
		}
	}
	return nil
}

// scopeFor returns the symbols where declarations and new variables go:
// the current object's, or the globals.
func (in *Interp) scope() map[string]*symbol {
	if in.frame.obj != nil {
		return in.frame.obj.syms
	}
	return in.globals
}

func (in *Interp) dims(d declName) ([]int, error) {
	var out []int
	for _, e := range d.dims {
		n, err := in.evalNum(e)
		if err != nil {
			return nil, err
		}
		if n < 0 || n > 1e7 || math.IsNaN(n) {
			return nil, errorf(e.exprPos(), "%s: bad array size %g", d.name, n)
		}
		out = append(out, int(n))
	}
	return out, nil
}

func (in *Interp) execCreate(s *createStmt) error {
	sc := in.scope()
	for _, d := range s.names {
		dims, err := in.dims(d)
		if err != nil {
			return err
		}
		if len(dims) > 1 {
			return errorf(d.pos, "create %s: multidimensional section arrays are not supported", d.name)
		}
		n := 1
		if len(dims) == 1 {
			n = dims[0]
		}
		if old, ok := sc[d.name]; ok {
			if old.kind != symSec {
				return errorf(d.pos, "create %s: the name is already %s", d.name, old.kindName())
			}
			for _, sec := range old.secs {
				in.deleteSection(sec)
			}
		} else if in.isBuiltinName(d.name) {
			return errorf(d.pos, "create %s: %s is a built-in name", d.name, d.name)
		}
		sym := &symbol{kind: symSec, name: d.name, dims: []int{n}}
		for i := 0; i < n; i++ {
			sym.secs = append(sym.secs, in.newSection(d.name, i))
		}
		sc[d.name] = sym
	}
	return nil
}

func (in *Interp) newSection(name string, i int) *Section {
	in.serial++
	sec := newSection(name, i, in.frame.obj, in.serial)
	in.sections = append(in.sections, sec)
	return sec
}

func (in *Interp) deleteSection(sec *Section) {
	if sec == nil || sec.deleted {
		return
	}
	sec.deleted = true
	for _, s := range in.sections {
		if s.parent == sec {
			s.parent = nil
		}
	}
	if in.access == sec {
		in.access = nil
	}
}

func (in *Interp) execConnect(s *connectStmt) error {
	child, err := in.evalSection(s.child)
	if err != nil {
		return err
	}
	cx, err := in.evalNum(s.childX)
	if err != nil {
		return err
	}
	if cx != 0 {
		return errorf(s.pos, "connect %s(%g): only the 0 end of a child may be connected (reversed sections are not supported)", child.Name(), cx)
	}
	var parent *Section
	var px float64
	if c, ok := s.parent.(*callExpr); ok && len(c.args) == 1 && !c.ranged && in.isSectionRef(c.fn) {
		if parent, err = in.evalSection(c.fn); err != nil {
			return err
		}
		if px, err = in.evalNum(c.args[0]); err != nil {
			return err
		}
	} else {
		if parent, err = in.cursec(s.pos); err != nil {
			return err
		}
		if px, err = in.evalNum(s.parent); err != nil {
			return err
		}
	}
	if !(px >= 0 && px <= 1) {
		return errorf(s.pos, "connect: parent location %g outside [0, 1]", px)
	}
	for p := parent; p != nil; p = p.parent {
		if p == child {
			return errorf(s.pos, "connect %s to %s would make a loop", child.Name(), parent.Name())
		}
	}
	child.parent, child.parentX = parent, px
	return nil
}

// isSectionRef reports whether x refers to a section (without evaluating
// functions).
func (in *Interp) isSectionRef(x expr) bool {
	if !isRef(x) {
		return false
	}
	pl, err := in.resolve(x, false)
	return err == nil && pl.kind == pSec
}

func (in *Interp) execInsert(s *insertStmt) error {
	sec, err := in.cursec(s.pos)
	if err != nil {
		return err
	}
	if _, ok := in.reg.vars[s.name]; !ok {
		if in.reg.isPoint[s.name] {
			return errorf(s.pos, "insert %s: %s is a point process, not a density mechanism", s.name, s.name)
		}
		return errorf(s.pos, "insert %s: no mechanism %s is registered (translate its .mod file with golgi nmodl and import the package)", s.name, s.name)
	}
	if s.remove {
		for i, m := range sec.mechs {
			if m.name == s.name {
				sec.mechs = append(sec.mechs[:i], sec.mechs[i+1:]...)
				return nil
			}
		}
		return nil
	}
	if sec.mech(s.name) != nil {
		return nil
	}
	sec.mechs = append(sec.mechs, &mechInst{name: s.name, vals: map[string][]float64{}})
	return nil
}

func (in *Interp) execDecl(s *declStmt) error {
	switch s.kind {
	case "public", "external":
		if in.frame.obj == nil && s.kind == "public" {
			return errorf(s.pos, "public outside a template")
		}
		return nil
	case "local", "localobj":
		if in.frame.fn == nil {
			return errorf(s.pos, "%s outside a procedure", s.kind)
		}
		for _, d := range s.names {
			if len(d.dims) > 0 {
				return errorf(d.pos, "%s %s: local arrays are not supported", s.kind, d.name)
			}
			if s.kind == "local" {
				in.frame.locals[d.name] = &symbol{kind: symNum, name: d.name, nums: []float64{0}}
			} else {
				in.frame.locals[d.name] = &symbol{kind: symObj, name: d.name, objs: []Object{nil}}
			}
		}
		return nil
	}
	sc := in.scope()
	for _, d := range s.names {
		dims, err := in.dims(d)
		if err != nil {
			return err
		}
		old, exists := sc[d.name]
		if !exists && in.isBuiltinName(d.name) && d.name != "this" {
			return errorf(d.pos, "%s %s: %s is a built-in name", s.kind, d.name, d.name)
		}
		switch s.kind {
		case "objref":
			if exists && old.kind != symObj {
				return errorf(d.pos, "objref %s: the name is already %s", d.name, old.kindName())
			}
			sym := &symbol{kind: symObj, name: d.name, dims: dims}
			sym.objs = make([]Object, sym.size())
			if d.name == "this" && in.frame.obj != nil {
				sym.objs[0] = in.frame.obj
			}
			sc[d.name] = sym
		case "strdef":
			if exists {
				if old.kind != symStr {
					return errorf(d.pos, "strdef %s: the name is already %s", d.name, old.kindName())
				}
				continue
			}
			if len(dims) > 0 {
				return errorf(d.pos, "strdef %s: string arrays are not supported", d.name)
			}
			sc[d.name] = &symbol{kind: symStr, name: d.name, str: new(string)}
		case "double":
			if exists && old.kind != symNum {
				return errorf(d.pos, "double %s: the name is already %s", d.name, old.kindName())
			}
			sym := &symbol{kind: symNum, name: d.name, dims: dims}
			sym.nums = make([]float64, sym.size())
			sc[d.name] = sym
		}
	}
	return nil
}

func (in *Interp) defineTemplate(s *templateDef) error {
	if in.frame.fn != nil || in.frame.obj != nil {
		return errorf(s.pos, "begintemplate %s inside a procedure or template", s.name)
	}
	if _, ok := in.templates[s.name]; ok {
		// NEURON ignores a second definition of a template (load_file
		// of the same template twice); keep the first.
		in.note("template %s defined again at %v: the first definition is kept, as in NEURON", s.name, s.pos)
		return nil
	}
	if _, ok := in.globals[s.name]; ok || in.isBuiltinName(s.name) {
		return errorf(s.pos, "begintemplate %s: the name is already in use", s.name)
	}
	t := &Template{Name: s.name, file: s.pos.File, funcs: map[string]*funcDef{}, public: map[string]bool{}, extern: map[string]bool{}}
	for _, b := range s.body {
		switch b := b.(type) {
		case *funcDef:
			t.funcs[b.name] = b
		case *declStmt:
			switch b.kind {
			case "public":
				for _, n := range b.names {
					t.public[n.name] = true
				}
			case "external":
				for _, n := range b.names {
					t.extern[n.name] = true
				}
			case "local", "localobj":
				return errorf(b.pos, "%s outside a procedure in template %s", b.kind, s.name)
			default:
				t.decls = append(t.decls, b)
			}
		case *createStmt:
			t.decls = append(t.decls, b)
		default:
			return errorf(b.stmtPos(), "template %s: only declarations and procedure definitions may appear outside its procedures", s.name)
		}
	}
	in.templates[s.name] = t
	return nil
}

func (in *Interp) instantiate(t *Template, args []value, p Pos) (*Instance, error) {
	o := &Instance{T: t, Index: t.counter, syms: map[string]*symbol{}}
	t.counter++
	in.instances[t.Name] = append(in.instances[t.Name], o)
	saved := in.frame
	in.frame = &frame{obj: o}
	defer func() { in.frame = saved }()
	for _, d := range t.decls {
		if err := in.exec(d); err != nil {
			return nil, err
		}
	}
	if fd, ok := t.funcs["init"]; ok {
		if _, err := in.callUser(fd, o, args, nil, p); err != nil {
			return nil, err
		}
	} else if len(args) > 0 {
		return nil, errorf(p, "new %s: %d arguments but the template has no init procedure", t.Name, len(args))
	}
	return o, nil
}

// lookupFunc finds a user function visible here: the current object's,
// then the globals (at top level, or declared external).
func (in *Interp) lookupFunc(name string) (*funcDef, *Instance) {
	if o := in.frame.obj; o != nil {
		if fd, ok := o.T.funcs[name]; ok {
			return fd, o
		}
		if !o.T.extern[name] {
			return nil, nil
		}
	}
	if s, ok := in.globals[name]; ok && s.kind == symFunc {
		return s.fn, nil
	}
	return nil, nil
}

func (in *Interp) callUser(fd *funcDef, o *Instance, args []value, iter func() error, p Pos) (value, error) {
	if len(in.files) > 200 || depth(in.frame) > 200 {
		return value{}, errorf(p, "%s: calls nested too deeply (recursion?)", fd.name)
	}
	saved := in.frame
	in.frame = &frame{obj: o, args: args, locals: map[string]*symbol{}, fn: fd, iter: iter}
	in.frame.locals[".parent"] = &symbol{kind: symObj, objs: []Object{callerMark{saved}}}
	nsec := len(in.secStack)
	err := in.exec(fd.body)
	in.secStack = in.secStack[:nsec]
	in.frame = saved
	var r *returnSignal
	if errors.As(err, &r) {
		err = nil
	}
	if err != nil {
		if errors.Is(err, errBreak) || errors.Is(err, errContinue) {
			return value{}, errorf(fd.pos, "%s: break or continue outside a loop", fd.name)
		}
		return value{}, err
	}
	switch fd.kind {
	case "func":
		if r == nil || r.v.kind == vObj && r.v.obj == nil && r.v.objRef == nil {
			return num(0), nil
		}
		if r.v.kind != vNum {
			return value{}, errorf(fd.pos, "func %s returned %s, want a number", fd.name, r.v.kindName())
		}
		return num(r.v.num), nil
	case "obfunc":
		if r == nil {
			return obj(nil), nil
		}
		if r.v.kind != vObj {
			return value{}, errorf(fd.pos, "obfunc %s returned %s, want an object", fd.name, r.v.kindName())
		}
		return obj(r.v.obj), nil
	}
	return num(0), nil
}

// callerMark links a frame to its caller, for the nesting depth.
type callerMark struct{ f *frame }

func (callerMark) ClassName() string { return "frame" }

func depth(f *frame) int {
	n := 0
	for f != nil && f.locals != nil {
		n++
		s := f.locals[".parent"]
		if s == nil {
			break
		}
		f = s.objs[0].(callerMark).f
	}
	return n
}

// SectionsOf returns the live sections of an object in creation order.
func (in *Interp) SectionsOf(o *Instance) []*Section {
	var out []*Section
	for _, s := range in.sections {
		if !s.deleted && s.owner == o {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].serial < out[j].serial })
	return out
}

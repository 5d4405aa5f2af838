package nmodl

import (
	"fmt"
	"strconv"
)

var sprintf = fmt.Sprintf

// Parse parses the NMODL text src of the file called name (used in
// errors). A syntax error is an *Error with the position and what was
// expected; nothing of the file is returned then.
func Parse(name string, src []byte) (*File, error) {
	p := &parser{l: newLexer(name, string(src)), f: &File{Name: name}}
	if err := p.next(); err != nil {
		return nil, err
	}
	if err := p.file(); err != nil {
		return nil, err
	}
	return p.f, nil
}

// parser is a recursive-descent parser with one token of lookahead.
type parser struct {
	l   *lexer
	tok token
	f   *File
	in  string // the block being parsed, for Verbatim.In
}

func (p *parser) next() error {
	t, err := p.l.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errorf(pos Pos, format string, args ...any) *Error {
	return &Error{File: p.l.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the current token where want was expected.
func (p *parser) unexpected(want string) *Error {
	return p.errorf(p.tok.pos, "unexpected %v, want %s", p.tok, want)
}

func (p *parser) isOp(op string) bool  { return p.tok.kind == tOp && p.tok.text == op }
func (p *parser) isWord(w string) bool { return p.tok.kind == tName && p.tok.text == w }

func (p *parser) expectOp(op string) error {
	if !p.isOp(op) {
		return p.unexpected(fmt.Sprintf("%q", op))
	}
	return p.next()
}

// unitsFlag records the current token if it is UNITSON or UNITSOFF.
func (p *parser) unitsFlag() {
	if p.isWord("UNITSON") || p.isWord("UNITSOFF") {
		p.f.UnitsFlags = append(p.f.UnitsFlags, Keyword{Pos: p.tok.pos, Word: p.tok.text})
	}
}

// name reads a name.
func (p *parser) name(what string) (string, Pos, error) {
	if p.tok.kind != tName {
		return "", p.tok.pos, p.unexpected(what)
	}
	t := p.tok
	return t.text, t.pos, p.next()
}

// names reads name {, name}.
func (p *parser) names(what string) ([]string, error) {
	var out []string
	for {
		n, _, err := p.name(what)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if !p.isOp(",") {
			return out, nil
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
}

// signedNumber reads [-|+] number.
func (p *parser) signedNumber(what string) (float64, error) {
	neg := false
	if p.isOp("-") || p.isOp("+") {
		neg = p.tok.text == "-"
		if err := p.next(); err != nil {
			return 0, err
		}
	}
	if p.tok.kind != tNumber {
		return 0, p.unexpected(what)
	}
	v, err := strconv.ParseFloat(p.tok.text, 64)
	if err != nil {
		return 0, p.errorf(p.tok.pos, "number %s: %v", p.tok.text, err)
	}
	if neg {
		v = -v
	}
	return v, p.next()
}

// units reads the text of a unit in parentheses, the current token being
// "(".
func (p *parser) units() (string, error) {
	open := p.tok.pos
	s, err := p.l.rawParen(open)
	if err != nil {
		return "", err
	}
	return s, p.next()
}

// file parses the top level.
func (p *parser) file() error {
	for p.tok.kind != tEOF {
		t := p.tok
		switch t.kind {
		case tVerbatim:
			p.f.Verbatims = append(p.f.Verbatims, Verbatim{Pos: t.pos, Text: t.text})
			if err := p.next(); err != nil {
				return err
			}
			continue
		case tName:
		default:
			return p.unexpected("a block (NEURON, PARAMETER, BREAKPOINT, ...)")
		}
		var err error
		switch t.text {
		case "TITLE":
			p.f.Title = p.l.restOfLine()
			err = p.next()
		case "NEURON":
			err = p.neuron()
		case "UNITS":
			err = p.unitsBlock()
		case "PARAMETER", "ASSIGNED", "STATE", "CONSTANT", "INDEPENDENT":
			err = p.declBlock(t.text)
		case "DEFINE":
			err = p.define()
		case "LOCAL":
			var s Stmt
			if s, err = p.local(); err == nil {
				p.f.Locals = append(p.f.Locals, s.(*Local).Names...)
			}
		case "UNITSON", "UNITSOFF", "THREADSAFE":
			p.unitsFlag()
			err = p.next()
		default:
			err = p.block()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// blockKinds are the blocks of statements: whether each takes a name and
// parameters.
var blockKinds = map[string]struct{ named, params, body bool }{
	"INITIAL":        {body: true},
	"BREAKPOINT":     {body: true},
	"CONSTRUCTOR":    {body: true},
	"DESTRUCTOR":     {body: true},
	"DERIVATIVE":     {named: true, body: true},
	"KINETIC":        {named: true, body: true},
	"LINEAR":         {named: true, body: true},
	"NONLINEAR":      {named: true, body: true},
	"DISCRETE":       {named: true, body: true},
	"PARTIAL":        {named: true, body: true},
	"BEFORE":         {named: true, body: true},
	"AFTER":          {named: true, body: true},
	"PROCEDURE":      {named: true, params: true, body: true},
	"FUNCTION":       {named: true, params: true, body: true},
	"FUNCTION_TABLE": {named: true, params: true},
	"NET_RECEIVE":    {params: true, body: true},
}

// block parses a block of statements.
func (p *parser) block() error {
	t := p.tok
	k, ok := blockKinds[t.text]
	if !ok {
		return p.unexpected("a block (NEURON, PARAMETER, BREAKPOINT, ...)")
	}
	b := &Block{Pos: t.pos, Kind: t.text}
	if err := p.next(); err != nil {
		return err
	}
	if k.named {
		n, _, err := p.name(t.text + "'s name")
		if err != nil {
			return err
		}
		b.Name = n
	}
	if k.params {
		if err := p.params(b); err != nil {
			return err
		}
	}
	if k.body {
		p.in = b.Kind
		if b.Name != "" {
			p.in += " " + b.Name
		}
		body, err := p.body()
		p.in = ""
		if err != nil {
			return err
		}
		b.Body = body
	}
	p.f.Blocks = append(p.f.Blocks, b)
	return nil
}

// params reads (name [(units)], ...) [(units)] of a PROCEDURE, FUNCTION or
// NET_RECEIVE.
func (p *parser) params(b *Block) error {
	if !p.isOp("(") {
		if b.Kind == "NET_RECEIVE" {
			return p.unexpected("\"(\" and NET_RECEIVE's arguments")
		}
		return p.unexpected(fmt.Sprintf("\"(\" and %s %s's parameters", b.Kind, b.Name))
	}
	if err := p.next(); err != nil {
		return err
	}
	for !p.isOp(")") {
		n, pos, err := p.name("a parameter name")
		if err != nil {
			return err
		}
		d := Decl{Pos: pos, Name: n}
		if p.isOp("(") {
			if d.Units, err = p.units(); err != nil {
				return err
			}
		}
		b.Params = append(b.Params, d)
		if p.isOp(",") {
			if err := p.next(); err != nil {
				return err
			}
		} else if !p.isOp(")") {
			return p.unexpected("\",\" or \")\"")
		}
	}
	if err := p.next(); err != nil {
		return err
	}
	if p.isOp("(") && b.Kind != "NET_RECEIVE" {
		u, err := p.units()
		if err != nil {
			return err
		}
		b.Units = u
	}
	return nil
}

// neuron parses the NEURON block.
func (p *parser) neuron() error {
	n := &p.f.Neuron
	n.Pos = p.tok.pos
	if err := p.next(); err != nil {
		return err
	}
	if err := p.expectOp("{"); err != nil {
		return err
	}
	for !p.isOp("}") {
		t := p.tok
		if t.kind == tVerbatim {
			p.f.Verbatims = append(p.f.Verbatims, Verbatim{Pos: t.pos, Text: t.text, In: "NEURON"})
			if err := p.next(); err != nil {
				return err
			}
			continue
		}
		if t.kind != tName {
			return p.unexpected("a NEURON statement (SUFFIX, USEION, RANGE, ...) or \"}\"")
		}
		if err := p.next(); err != nil {
			return err
		}
		var err error
		switch t.text {
		case "SUFFIX", "POINT_PROCESS", "ARTIFICIAL_CELL":
			if n.Kind != "" {
				return p.errorf(t.pos, "%s: the mechanism is already named by %s %s", t.text, n.Kind, n.Name)
			}
			n.Kind = t.text
			n.Name, _, err = p.name("the mechanism's name")
		case "USEION":
			err = p.useIon(t.pos)
		case "NONSPECIFIC_CURRENT":
			n.Nonspecific, err = p.appendNames(n.Nonspecific)
		case "ELECTRODE_CURRENT":
			n.Electrode, err = p.appendNames(n.Electrode)
		case "RANGE":
			n.Range, err = p.appendNames(n.Range)
		case "GLOBAL":
			n.Global, err = p.appendNames(n.Global)
		case "POINTER":
			n.Pointer, err = p.appendNames(n.Pointer)
		case "BBCOREPOINTER":
			n.BBCore, err = p.appendNames(n.BBCore)
		case "EXTERNAL":
			n.External, err = p.appendNames(n.External)
		case "THREADSAFE":
			n.ThreadSafe = true
		case "REPRESENTS":
			// An ontology term, NCIT:C17145 (the part after ':' is a
			// comment to the lexer) or [...].
			if p.tok.kind == tName {
				err = p.next()
			} else if p.isOp("[") {
				for !p.isOp("]") && p.tok.kind != tEOF {
					if err := p.next(); err != nil {
						return err
					}
				}
				err = p.next()
			}
		default:
			return p.errorf(t.pos, "unknown NEURON statement %q (want SUFFIX, POINT_PROCESS, ARTIFICIAL_CELL, USEION, NONSPECIFIC_CURRENT, ELECTRODE_CURRENT, RANGE, GLOBAL, POINTER, BBCOREPOINTER, EXTERNAL or THREADSAFE)", t.text)
		}
		if err != nil {
			return err
		}
	}
	return p.next()
}

func (p *parser) appendNames(to []string) ([]string, error) {
	ns, err := p.names("a name")
	return append(to, ns...), err
}

// useIon parses USEION name [READ ...] [WRITE ...] [VALENCE v] [REPRESENTS x].
func (p *parser) useIon(pos Pos) error {
	ion := UseIon{Pos: pos}
	var err error
	if ion.Name, _, err = p.name("the ion's name"); err != nil {
		return err
	}
	for {
		switch {
		case p.isWord("READ"):
			if err := p.next(); err != nil {
				return err
			}
			if ion.Read, err = p.appendNames(ion.Read); err != nil {
				return err
			}
		case p.isWord("WRITE"):
			if err := p.next(); err != nil {
				return err
			}
			if ion.Write, err = p.appendNames(ion.Write); err != nil {
				return err
			}
		case p.isWord("VALENCE"):
			if err := p.next(); err != nil {
				return err
			}
			if ion.Valence, err = p.signedNumber("the ion's valence"); err != nil {
				return err
			}
			ion.HasValence = true
		case p.isWord("REPRESENTS"):
			if err := p.next(); err != nil {
				return err
			}
			if _, _, err := p.name("an ontology term"); err != nil {
				return err
			}
		default:
			p.f.Neuron.Ions = append(p.f.Neuron.Ions, ion)
			return nil
		}
	}
}

// unitsBlock parses UNITS { (a) = (b)  NAME = (a) (b)  NAME = number (a) }.
func (p *parser) unitsBlock() error {
	if err := p.next(); err != nil {
		return err
	}
	if err := p.expectOp("{"); err != nil {
		return err
	}
	for !p.isOp("}") {
		u := UnitDef{Pos: p.tok.pos}
		var err error
		switch {
		case p.isOp("("):
			if u.From, err = p.units(); err != nil {
				return err
			}
		case p.tok.kind == tName:
			u.Name = p.tok.text
			if err := p.next(); err != nil {
				return err
			}
		default:
			return p.unexpected("a unit \"(name)\", a constant's name or \"}\"")
		}
		if err := p.expectOp("="); err != nil {
			return err
		}
		switch {
		case p.isOp("("):
			if u.To, err = p.units(); err != nil {
				return err
			}
			if u.Name != "" {
				u.From, u.To = u.To, ""
				if p.isOp("(") {
					if u.To, err = p.units(); err != nil {
						return err
					}
				}
			}
		case u.Name != "":
			if u.Value, err = p.signedNumber("a number or a unit"); err != nil {
				return err
			}
			u.HasValue = true
			if p.isOp("(") {
				if u.To, err = p.units(); err != nil {
					return err
				}
			}
		default:
			return p.unexpected("a unit in parentheses")
		}
		p.f.Units = append(p.f.Units, u)
	}
	return p.next()
}

// define parses DEFINE NAME integer.
func (p *parser) define() error {
	pos := p.tok.pos
	if err := p.next(); err != nil {
		return err
	}
	n, _, err := p.name("the DEFINE's name")
	if err != nil {
		return err
	}
	if p.tok.kind != tNumber {
		return p.unexpected("an integer")
	}
	v, err := strconv.Atoi(p.tok.text)
	if err != nil {
		return p.errorf(p.tok.pos, "DEFINE %s %s: want an integer", n, p.tok.text)
	}
	p.f.Defines = append(p.f.Defines, Define{Pos: pos, Name: n, Value: v})
	return p.next()
}

// declBlock parses PARAMETER, ASSIGNED, STATE, CONSTANT or INDEPENDENT.
func (p *parser) declBlock(kind string) error {
	if err := p.next(); err != nil {
		return err
	}
	if err := p.expectOp("{"); err != nil {
		return err
	}
	var decls []Decl
	for !p.isOp("}") {
		if p.isWord("UNITSON") || p.isWord("UNITSOFF") {
			p.unitsFlag()
			if err := p.next(); err != nil {
				return err
			}
			continue
		}
		d, err := p.decl(kind)
		if err != nil {
			return err
		}
		decls = append(decls, d)
	}
	switch kind {
	case "PARAMETER":
		p.f.Parameters = append(p.f.Parameters, decls...)
	case "ASSIGNED":
		p.f.Assigned = append(p.f.Assigned, decls...)
	case "STATE":
		p.f.States = append(p.f.States, decls...)
	case "CONSTANT":
		p.f.Constants = append(p.f.Constants, decls...)
	case "INDEPENDENT":
		p.f.Independent = append(p.f.Independent, decls...)
	}
	return p.next()
}

// decl parses one declaration:
// name [\[size\]] [= value] [(units)] [<lo, hi> | <tolerance>] [FROM a TO b [WITH n]] [(units)].
func (p *parser) decl(kind string) (Decl, error) {
	n, pos, err := p.name("a " + kind + " name or \"}\"")
	if err != nil {
		return Decl{}, err
	}
	d := Decl{Pos: pos, Name: n}
	if p.isOp("[") {
		if err := p.next(); err != nil {
			return d, err
		}
		switch p.tok.kind {
		case tNumber:
			if d.Size, err = strconv.Atoi(p.tok.text); err != nil || d.Size < 1 {
				return d, p.errorf(p.tok.pos, "array %s[%s]: want a positive integer size", n, p.tok.text)
			}
		case tName:
			d.SizeName = p.tok.text
		default:
			return d, p.unexpected("an array size")
		}
		if err := p.next(); err != nil {
			return d, err
		}
		if err := p.expectOp("]"); err != nil {
			return d, err
		}
	}
	for {
		switch {
		case p.isOp("=") && !d.HasValue:
			if err := p.next(); err != nil {
				return d, err
			}
			if d.Value, err = p.signedNumber(fmt.Sprintf("the value of %s", n)); err != nil {
				return d, err
			}
			d.HasValue = true
		case p.isOp("(") && d.Units == "":
			if d.Units, err = p.units(); err != nil {
				return d, err
			}
		case p.isOp("<"):
			if err := p.next(); err != nil {
				return d, err
			}
			lo, err := p.signedNumber("a limit")
			if err != nil {
				return d, err
			}
			if p.isOp(",") {
				if err := p.next(); err != nil {
					return d, err
				}
				hi, err := p.signedNumber("an upper limit")
				if err != nil {
					return d, err
				}
				d.Lo, d.Hi, d.HasLimits = lo, hi, true
			} else {
				d.Tolerance, d.HasTolerance = lo, true
			}
			if err := p.expectOp(">"); err != nil {
				return d, err
			}
		case p.isWord("FROM"):
			if err := p.next(); err != nil {
				return d, err
			}
			if d.From, err = p.signedNumber("the range's start"); err != nil {
				return d, err
			}
			if !p.isWord("TO") {
				return d, p.unexpected("TO")
			}
			if err := p.next(); err != nil {
				return d, err
			}
			if d.To, err = p.signedNumber("the range's end"); err != nil {
				return d, err
			}
			d.HasRange = true
			if p.isWord("WITH") {
				if err := p.next(); err != nil {
					return d, err
				}
				if _, err := p.signedNumber("the number of intervals"); err != nil {
					return d, err
				}
			}
		default:
			return d, nil
		}
	}
}

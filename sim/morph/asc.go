package morph

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ASCError is an error in a Neurolucida file, at a line (1-based; 0 when
// it concerns the whole file).
type ASCError struct {
	File string
	Line int
	Msg  string
}

func (e *ASCError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ReadASC reads a Neurolucida file (.asc); see ReadASCFrom.
func ReadASC(path string) (*Morphology, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("morph: %w", err)
	}
	defer f.Close()
	return ReadASCFrom(f, filepath.Base(path))
}

// ReadASCFrom reads a morphology in Neurolucida's text format (version 3,
// .asc) and turns it into sections as NEURON's Import3d_Neurolucida3 and
// Import3d_GUI.instantiate do, which is how the BBP cell templates of
// SONATA circuits load their morphologies:
//
//   - The soma is the contour named "CellBody" (or "Cell Body", "Soma"; of
//     three or more points). Its outline becomes one section of 21 points
//     along its principal axis with the outline's width as diameter
//     (Import3d's contour2centroid), the axis oriented as NEURON since
//     PR #2491 (its largest component positive). Contours whose xy
//     bounding boxes overlap form a stack: one soma section through the
//     contours' centres with their circle-equivalent diameters. Other
//     contours are ignored.
//   - Each tree (Axon, Dendrite or Apical, by its last property) becomes
//     sections: unbranched runs of points, branches in nested parentheses
//     separated by '|'. A child section starts with a copy of its parent's
//     last point (with the child's first diameter) unless its own first
//     point is that point. Each tree is attached to soma(0.5) by a wire
//     (its first point is its own). Sections of one point, or of two
//     coincident points, are removed and their children attached to their
//     parent.
//   - Markers, spines, colors, properties, sets, text, comments (';') and
//     the end-of-branch words (Normal, Incomplete, High, Low, Generated,
//     ...) are read and ignored.
//   - Sections come in NEURON's order: soma, axon, dend (basal), apic,
//     each type in file order (depth first); names as ReadSWC's: the type's
//     name, with [k] when there are several. SONATA's section ids are these
//     indices.
//   - Coordinates pass through %.8g, as Import3d's instantiate prints them
//     into pt3dadd, and then NEURON's single precision.
//
// Unlike Import3d, which reads a tree's points with fewer than four
// numbers with diameter 0 and stops reading silently at the first
// unbalanced ')', the file must hold nothing but balanced objects, tree
// and soma points need x, y, z and d, and a file with no soma or with
// several separate somata (several cells) is refused. Every error is an
// *ASCError naming the file and line. name is used in messages.
func ReadASCFrom(r io.Reader, name string) (*Morphology, error) {
	toks, err := ascLex(r, name)
	if err != nil {
		return nil, err
	}
	p := &ascParser{name: name, toks: toks}
	if err := p.file(); err != nil {
		return nil, err
	}
	return p.build()
}

// Tokens of Import3d_Neurolucida3's lexer.
type ascKind int

const (
	ascEOF ascKind = iota
	ascNumber
	ascLeftPar
	ascRightPar
	ascComma
	ascBar
	ascSet
	ascRGB
	ascString
	ascLabel
	ascErr
	ascLeftSp
	ascRightSp
)

var ascKindName = [...]string{"end of file", "number", "'('", "')'", "','", "'|'", "set", "RGB", "string", "word", "unreadable text", "'<'", "'>'"}

type ascToken struct {
	kind ascKind
	x    float64
	s    string
	line int
}

func (t ascToken) String() string {
	switch t.kind {
	case ascNumber, ascLabel, ascErr:
		return fmt.Sprintf("%s %q", ascKindName[t.kind], t.s)
	case ascString:
		return fmt.Sprintf("string %q", t.s)
	}
	return ascKindName[t.kind]
}

// ascLex splits the file into Import3d's tokens: a ';' where a token
// would start comments out the rest of the line; numbers are the longest
// decimal prefix; "set" and "RGB" are keywords when something follows them
// on their line; a string ends at the next '"' on its line; words are runs
// of letters, digits and '_'; anything else is an error token.
func ascLex(r io.Reader, name string) ([]ascToken, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var toks []ascToken
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		for {
			s = strings.TrimLeft(s, " \t\r\v\f")
			if s == "" || s[0] == ';' {
				break
			}
			t := ascToken{line: line}
			switch c := s[0]; {
			case c == '(':
				t.kind, s = ascLeftPar, s[1:]
			case c == ')':
				t.kind, s = ascRightPar, s[1:]
			case c == ',':
				t.kind, s = ascComma, s[1:]
			case c == '|':
				t.kind, s = ascBar, s[1:]
			case c == '<':
				t.kind, s = ascLeftSp, s[1:]
			case c == '>':
				t.kind, s = ascRightSp, s[1:]
			case c == '"':
				k := strings.IndexByte(s[1:], '"')
				if k < 0 {
					t.kind, t.s, s = ascErr, s, ""
					break
				}
				t.kind, t.s, s = ascString, s[1:1+k], s[2+k:]
			default:
				if n := numberPrefix(s); n > 0 {
					x, err := strconv.ParseFloat(s[:n], 64)
					if err != nil || math.IsInf(x, 0) {
						return nil, &ASCError{name, line, fmt.Sprintf("number %q out of range", s[:n])}
					}
					t.kind, t.x, t.s, s = ascNumber, x, s[:n], s[n:]
					break
				}
				if kw, rest, ok := ascKeyword(s); ok {
					t.kind, t.s, s = kw, s[:len(s)-len(rest)], rest
					break
				}
				n := 0
				for n < len(s) && (isWordByte(s[n])) {
					n++
				}
				if n == 0 {
					t.kind, t.s, s = ascErr, s[:1], s[1:]
					break
				}
				t.kind, t.s, s = ascLabel, s[:n], s[n:]
			}
			toks = append(toks, t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ASCError{name, line + 1, err.Error()}
	}
	return append(toks, ascToken{kind: ascEOF, line: line}), nil
}

func isWordByte(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// numberPrefix returns the length of the decimal number (sign, digits,
// point, exponent) that s starts with, 0 if none.
func numberPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && '0' <= s[k] && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// ascKeyword recognises Import3d's keywords set, Set, SET and RGB: a
// prefix followed, after white space, by something on the same line.
func ascKeyword(s string) (ascKind, string, bool) {
	for _, kw := range [...]struct {
		w string
		k ascKind
	}{{"set", ascSet}, {"Set", ascSet}, {"SET", ascSet}, {"RGB", ascRGB}} {
		if strings.HasPrefix(s, kw.w) {
			rest := strings.TrimLeft(s[len(kw.w):], " \t\r\v\f")
			if rest != "" {
				return kw.k, rest, true
			}
		}
	}
	return 0, "", false
}

// ascSection is Import3d_Section: a soma contour or an unbranched run of a
// tree.
type ascSection struct {
	typ       int
	points    []Point // raw points, proximal to distal (a child's copy of its parent's point first)
	parent    int     // index in ascParser.secs, -1 for a root
	parentX   float64
	first     int // Import3d's first: points before it are not 3-D points of the section
	contour   bool
	stack     []*ascSection // further contours of a soma stack
	secondary bool          // a contour of another's stack
	lines     [2]int
	removed   bool
}

// ascPoint is a point read, with the count of its numbers.
type ascPoint struct {
	p    Point
	n    int
	line int
}

// ascParser is Import3d_Neurolucida3's recursive descent parser over the
// tokens, with its semantic actions: soma contours and tree sections.
type ascParser struct {
	name  string
	toks  []ascToken
	pos   int
	secs  []*ascSection
	depth int
}

func (p *ascParser) cur() ascToken { return p.at(0) }

func (p *ascParser) at(k int) ascToken {
	if p.pos+k < len(p.toks) {
		return p.toks[p.pos+k]
	}
	return p.toks[len(p.toks)-1]
}

func (p *ascParser) next() {
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
}

func (p *ascParser) errorf(format string, a ...any) error {
	return &ASCError{p.name, p.cur().line, fmt.Sprintf(format, a...)}
}

// expect checks that the current token is of kind k (Import3d's chk).
func (p *ascParser) expect(k ascKind, what string) error {
	if t := p.cur(); t.kind != k {
		if t.kind == ascEOF {
			return p.errorf("end of file where %s was expected (unbalanced parentheses?)", what)
		}
		return p.errorf("%s where %s was expected", t, what)
	}
	return nil
}

// demand advances and expects (Import3d's demand).
func (p *ascParser) demand(k ascKind, what string) error {
	p.next()
	return p.expect(k, what)
}

func (p *ascParser) optionalComma() {
	if p.cur().kind == ascComma {
		p.next()
	}
}

// enter bounds the nesting of the recursive descent.
func (p *ascParser) enter() error {
	p.depth++
	if p.depth > 10000 {
		return p.errorf("objects nested more than 10000 deep")
	}
	return nil
}

func (p *ascParser) leave() { p.depth-- }

// file is the whole file: objects, then nothing.
func (p *ascParser) file() error {
	if p.cur().kind == ascEOF {
		return &ASCError{p.name, 0, "empty file"}
	}
	if err := p.objects(); err != nil {
		return err
	}
	if t := p.cur(); t.kind != ascEOF {
		if t.kind == ascRightPar {
			return p.errorf("')' closes nothing (unbalanced parentheses)")
		}
		return p.errorf("%s at the top level, where an object '(' ... ')' was expected", t)
	}
	return nil
}

func (p *ascParser) objects() error {
	if err := p.object(); err != nil {
		return err
	}
	for {
		p.optionalComma()
		if p.cur().kind != ascLeftPar {
			return nil
		}
		if err := p.object(); err != nil {
			return err
		}
	}
}

func (p *ascParser) object() error {
	if err := p.enter(); err != nil {
		return err
	}
	defer p.leave()
	if t := p.cur(); t.kind != ascLeftPar {
		return p.errorf("%s at the top level, where an object '(' ... ')' was expected", t)
	}
	switch la := p.at(1); la.kind {
	case ascString:
		return p.contour()
	case ascLabel:
		return p.markerOrProperty()
	case ascLeftPar:
		return p.treeOrText()
	case ascSet:
		return p.set()
	default:
		p.next()
		return p.errorf("%s after '(' where a contour name, a word, a set or a tree was expected", la)
	}
}

func (p *ascParser) markerOrProperty() error {
	if p.at(2).kind == ascLeftPar {
		return p.marker()
	}
	_, err := p.property()
	return err
}

// property is '(' word values ')'; it returns the word.
func (p *ascParser) property() (string, error) {
	if err := p.expect(ascLeftPar, "'('"); err != nil {
		return "", err
	}
	if err := p.demand(ascLabel, "a property name"); err != nil {
		return "", err
	}
	w := p.cur().s
	p.next()
	for {
		switch p.cur().kind {
		case ascNumber, ascString, ascLabel:
			p.next()
			continue
		case ascRGB:
			if err := p.rgb(); err != nil {
				return "", err
			}
			continue
		}
		break
	}
	if err := p.expect(ascRightPar, "')' closing property "+w); err != nil {
		return "", err
	}
	p.next()
	return w, nil
}

// rgb is RGB '(' r [,] g [,] b ')'.
func (p *ascParser) rgb() error {
	if err := p.demand(ascLeftPar, "'(' after RGB"); err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		if i == 0 {
			p.next()
		}
		if err := p.expect(ascNumber, "a color component"); err != nil {
			return err
		}
		p.next()
		if i < 2 {
			p.optionalComma()
		}
	}
	if err := p.expect(ascRightPar, "')' closing RGB"); err != nil {
		return err
	}
	p.next()
	return nil
}

// set is '(' set string objects ')'.
func (p *ascParser) set() error {
	if err := p.expect(ascLeftPar, "'('"); err != nil {
		return err
	}
	if err := p.demand(ascSet, "set"); err != nil {
		return err
	}
	if err := p.demand(ascString, "the name of the set"); err != nil {
		return err
	}
	p.next()
	if p.cur().kind != ascRightPar {
		if err := p.objects(); err != nil {
			return err
		}
	}
	if err := p.expect(ascRightPar, "')' closing the set"); err != nil {
		return err
	}
	p.next()
	return nil
}

// properties reads a run of properties and sets; it returns the name of
// the last property.
func (p *ascParser) properties() (string, error) {
	last := ""
	for p.cur().kind == ascLeftPar && (p.at(1).kind == ascLabel || p.at(1).kind == ascSet) {
		if p.at(1).kind == ascLabel {
			w, err := p.property()
			if err != nil {
				return "", err
			}
			last = w
		} else if err := p.set(); err != nil {
			return "", err
		}
		p.optionalComma()
	}
	return last, nil
}

// point is '(' x [,] y [z [d [word] [bezier]]] ')'.
func (p *ascParser) point() (ascPoint, error) {
	var q ascPoint
	if err := p.expect(ascLeftPar, "a point '('"); err != nil {
		return q, err
	}
	if err := p.demand(ascNumber, "the x coordinate of a point"); err != nil {
		return q, err
	}
	q.line = p.cur().line
	q.p.X, q.n = p.cur().x, 1
	p.next()
	p.optionalComma()
	if err := p.expect(ascNumber, "the y coordinate of a point"); err != nil {
		return q, err
	}
	q.p.Y, q.n = p.cur().x, 2
	p.next()
	p.optionalComma()
	if p.cur().kind == ascNumber {
		q.p.Z, q.n = p.cur().x, 3
		p.next()
		p.optionalComma()
		if p.cur().kind == ascNumber {
			q.p.D, q.n = p.cur().x, 4
			p.next()
			p.optionalComma()
			if p.cur().kind == ascLabel {
				p.next()
			}
			p.optionalComma()
			if p.cur().kind == ascLeftPar {
				for i := 0; i < 4; i++ {
					if i == 0 {
						p.next()
					}
					if err := p.expect(ascNumber, "a number of a bezier control point"); err != nil {
						return q, err
					}
					p.next()
					if i < 3 {
						p.optionalComma()
					}
				}
				if err := p.expect(ascRightPar, "')' closing a bezier control point"); err != nil {
					return q, err
				}
				p.next()
			}
		}
	}
	if err := p.expect(ascRightPar, "')' closing a point"); err != nil {
		return q, err
	}
	p.next()
	return q, nil
}

// points is a run of points.
func (p *ascParser) points() ([]ascPoint, error) {
	var pts []ascPoint
	for {
		q, err := p.point()
		if err != nil {
			return nil, err
		}
		pts = append(pts, q)
		p.optionalComma()
		if p.cur().kind != ascLeftPar {
			return pts, nil
		}
	}
}

// contour is '(' string properties points ')'; a CellBody contour of three
// points or more is kept as a soma contour.
func (p *ascParser) contour() error {
	if err := p.expect(ascLeftPar, "'('"); err != nil {
		return err
	}
	p.next()
	name, line := p.cur().s, p.cur().line
	keep := name == "CellBody" || name == "Cell Body" || name == "Soma"
	p.next()
	if _, err := p.properties(); err != nil {
		return err
	}
	pts, err := p.points()
	if err != nil {
		return err
	}
	if err := p.expect(ascRightPar, fmt.Sprintf("')' closing contour %q of line %d", name, line)); err != nil {
		return err
	}
	p.next()
	if !keep || len(pts) < 3 {
		return nil
	}
	sec := &ascSection{typ: 1, parent: -1, parentX: 1, contour: true, lines: [2]int{pts[0].line, pts[len(pts)-1].line}}
	for _, q := range pts {
		if q.n < 4 {
			return &ASCError{p.name, q.line, fmt.Sprintf("soma point with %d numbers, want 4 (x y z d)", q.n)}
		}
		sec.points = append(sec.points, q.p)
	}
	p.secs = append(p.secs, sec)
	return nil
}

// marker is '(' word properties points ')'.
func (p *ascParser) marker() error {
	if err := p.expect(ascLeftPar, "'('"); err != nil {
		return err
	}
	if err := p.demand(ascLabel, "a marker name"); err != nil {
		return err
	}
	p.next()
	if _, err := p.properties(); err != nil {
		return err
	}
	if _, err := p.points(); err != nil {
		return err
	}
	if err := p.expect(ascRightPar, "')' closing a marker"); err != nil {
		return err
	}
	p.next()
	return nil
}

// treeOrText tries text ('(' properties point string ')') and reads a tree
// when that fails, as Import3d does.
func (p *ascParser) treeOrText() error {
	save := p.pos
	ok, err := p.text()
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	p.pos = save
	return p.tree()
}

func (p *ascParser) text() (bool, error) {
	p.next()
	if _, err := p.properties(); err != nil {
		return false, err
	}
	if _, err := p.point(); err != nil {
		return false, err
	}
	if p.cur().kind != ascString {
		return false, nil
	}
	p.next()
	if p.cur().kind != ascRightPar {
		return false, nil
	}
	p.next()
	return true, nil
}

// tree is '(' properties branch ')'; the type is that of the last
// property: Axon, Dendrite or Apical.
func (p *ascParser) tree() error {
	line := p.cur().line
	p.next()
	last, err := p.properties()
	if err != nil {
		return err
	}
	typ := 0
	switch last {
	case "Axon":
		typ = 2
	case "Dendrite":
		typ = 3
	case "Apical":
		typ = 4
	}
	if typ == 0 {
		what := "no properties"
		if last != "" {
			what = "last property (" + last + ")"
		}
		return &ASCError{p.name, line, fmt.Sprintf("the tree starting here has %s; Import3d takes its type from its last property, which must be Axon, Dendrite or Apical", what)}
	}
	if err := p.branch(typ, -1); err != nil {
		return err
	}
	if err := p.expect(ascRightPar, fmt.Sprintf("')' closing the tree of line %d", line)); err != nil {
		return err
	}
	p.next()
	return nil
}

// branch is treepoints, then branchend: markers, and a split or an ending
// word. Its points become a section whose parent is parent.
func (p *ascParser) branch(typ, parent int) error {
	if err := p.enter(); err != nil {
		return err
	}
	defer p.leave()
	line := p.cur().line
	pts, err := p.treePoints()
	if err != nil {
		return err
	}
	if len(pts) == 0 {
		return &ASCError{p.name, line, "a branch without points"}
	}
	sec := &ascSection{typ: typ, parent: parent, parentX: 1, lines: [2]int{pts[0].line, pts[len(pts)-1].line}}
	first := pts[0].p
	if parent >= 0 {
		pp := p.secs[parent].points
		last := pp[len(pp)-1]
		if last.X != first.X || last.Y != first.Y || last.Z != first.Z {
			sec.points = append(sec.points, Point{last.X, last.Y, last.Z, first.D})
		}
	}
	for _, q := range pts {
		if q.n < 4 {
			return &ASCError{p.name, q.line, fmt.Sprintf("tree point with %d numbers, want 4 (x y z d)", q.n)}
		}
		sec.points = append(sec.points, q.p)
	}
	p.secs = append(p.secs, sec)
	return p.branchEnd(typ, len(p.secs)-1)
}

// treePoints reads points (with their spines) and markers of a branch.
func (p *ascParser) treePoints() ([]ascPoint, error) {
	var pts []ascPoint
	for {
		if p.at(1).kind == ascLabel {
			if err := p.markerOrProperty(); err != nil {
				return nil, err
			}
		} else {
			q, err := p.point()
			if err != nil {
				return nil, err
			}
			pts = append(pts, q)
			for p.cur().kind == ascLeftSp {
				if err := p.spine(); err != nil {
					return nil, err
				}
			}
		}
		p.optionalComma()
		if p.cur().kind != ascLeftPar || p.at(1).kind != ascNumber {
			return pts, nil
		}
	}
}

// spine is '<' properties point '>'.
func (p *ascParser) spine() error {
	p.next()
	if _, err := p.properties(); err != nil {
		return err
	}
	if _, err := p.point(); err != nil {
		return err
	}
	if err := p.expect(ascRightSp, "'>' closing a spine"); err != nil {
		return err
	}
	p.next()
	return nil
}

func (p *ascParser) branchEnd(typ, sec int) error {
	p.optionalComma()
	if p.cur().kind == ascLeftPar {
		for p.at(1).kind == ascLabel {
			if err := p.skipMarker(); err != nil {
				return err
			}
		}
	}
	p.optionalComma()
	switch p.cur().kind {
	case ascLeftPar:
		p.next()
		if err := p.branch(typ, sec); err != nil {
			return err
		}
		for p.cur().kind == ascBar {
			p.next()
			if err := p.branch(typ, sec); err != nil {
				return err
			}
		}
		if err := p.expect(ascRightPar, "')' closing the branches"); err != nil {
			return err
		}
		p.next()
	case ascLabel:
		p.next()
	}
	return nil
}

// skipMarker skips a balanced '(' ... ')' (Import3d's markerlist).
func (p *ascParser) skipMarker() error {
	if err := p.expect(ascLeftPar, "'('"); err != nil {
		return err
	}
	line := p.cur().line
	for n := 1; n > 0; {
		p.next()
		switch p.cur().kind {
		case ascLeftPar:
			n++
		case ascRightPar:
			n--
		case ascEOF:
			return p.errorf("end of file in the marker of line %d (unbalanced parentheses)", line)
		}
	}
	p.next()
	return nil
}

// build is Import3d's connect2soma, chk_valid and instantiate: the soma
// contours first, stacks merged, trees attached to soma(0.5), sections of
// one point or of zero length removed, sections made and ordered by type.
func (p *ascParser) build() (*Morphology, error) {
	var somas, others []*ascSection
	for _, s := range p.secs {
		if s.contour {
			somas = append(somas, s)
		} else {
			others = append(others, s)
		}
	}
	if len(somas) == 0 {
		return nil, &ASCError{p.name, 0, "no soma: a CellBody contour of three or more points is needed (Import3d would leave the trees unconnected)"}
	}
	// Renumber: contours first, as Import3d moves them.
	secs := append(somas, others...)
	index := make(map[*ascSection]int, len(secs))
	for i, s := range secs {
		index[s] = i
	}
	for _, s := range others {
		if s.parent >= 0 {
			s.parent = index[p.secs[s.parent]]
		}
	}
	heads := p.stacks(somas)
	if len(heads) > 1 {
		return nil, &ASCError{p.name, heads[1].lines[0], fmt.Sprintf("%d separate soma contours (their xy bounding boxes do not overlap): several cells, which Import3d would instantiate as one forest", len(heads))}
	}
	soma := index[heads[0]]
	for _, s := range others {
		if s.parent < 0 {
			s.parent, s.parentX, s.first = soma, 0.5, 1
			// Import3d inserts the soma centre as the wire's point 0; it
			// is not a 3-D point of the section (first = 1).
			s.points = append([]Point{{}}, s.points...)
		}
	}
	removed := 0
	for i := len(secs) - 1; i >= 0; i-- {
		s := secs[i]
		if s.contour {
			continue
		}
		n := len(s.points) - s.first
		zero := n == 2 && s.points[s.first].X == s.points[s.first+1].X && s.points[s.first].Y == s.points[s.first+1].Y && s.points[s.first].Z == s.points[s.first+1].Z
		if n > 1 && !zero {
			continue
		}
		s.removed = true
		removed++
		for _, c := range secs[i+1:] {
			if !c.removed && c.parent == i {
				c.parent, c.parentX = s.parent, s.parentX
			}
		}
	}
	m := &Morphology{Name: p.name}
	if removed > 0 {
		m.Notes = append(m.Notes, fmt.Sprintf("removed %d sections of one point or of two coincident points, as Import3d does", removed))
	}
	if err := p.instantiate(m, secs, soma); err != nil {
		return nil, err
	}
	return m, nil
}

// stacks groups soma contours whose xy bounding boxes overlap with the
// previous contour's into stacks (Import3d's soma_contour_stack) and
// returns the first contour of each.
func (p *ascParser) stacks(somas []*ascSection) []*ascSection {
	box := func(s *ascSection) [4]float64 {
		b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, q := range s.points {
			b[0], b[1] = math.Min(b[0], q.X), math.Min(b[1], q.Y)
			b[2], b[3] = math.Max(b[2], q.X), math.Max(b[3], q.Y)
		}
		return b
	}
	heads := []*ascSection{somas[0]}
	head := somas[0]
	b1 := box(head)
	for _, s := range somas[1:] {
		b2 := box(s)
		if !(b1[0] > b2[2] || b2[0] > b1[2] || b1[1] > b2[3] || b2[1] > b1[3]) {
			s.secondary = true
			head.stack = append(head.stack, s)
		} else {
			head = s
			heads = append(heads, s)
		}
		b1 = b2
	}
	return heads
}

// instantiate adds the sections kept to m in NEURON's order (soma, axon,
// dend, apic; each in Import3d's order) with their 3-D points as
// Import3d_GUI.instantiate gives them to pt3dadd.
func (p *ascParser) instantiate(m *Morphology, secs []*ascSection, soma int) error {
	count := map[int]int{}
	for _, s := range secs {
		if !s.removed && !s.secondary {
			count[s.typ]++
		}
	}
	newIndex := make([]int, len(secs))
	seen := map[int]int{}
	for _, typ := range []int{1, 2, 3, 4} {
		for i, s := range secs {
			if s.typ != typ || s.removed || s.secondary {
				continue
			}
			name := Type(typ).String()
			if count[typ] > 1 {
				name = fmt.Sprintf("%s[%d]", name, seen[typ])
			}
			seen[typ]++
			lines := s.lines
			var pts []Point
			if s.contour {
				var err error
				if pts, err = somaPoints(s); err != nil {
					return &ASCError{p.name, s.lines[0], "soma contour: " + err.Error()}
				}
				if len(s.stack) > 0 {
					lines[1] = s.stack[len(s.stack)-1].lines[1]
					m.Notes = append(m.Notes, fmt.Sprintf("soma: a stack of %d contours (%s), one point per contour at its centre with its circle-equivalent diameter (Import3d's contourstack2centroid)", len(s.stack)+1, linesOf(lines)))
				} else {
					m.Notes = append(m.Notes, fmt.Sprintf("soma: the contour of %s replaced by 21 points along its principal axis (Import3d's contour2centroid, oriented as NEURON PR #2491)", linesOf(lines)))
				}
			} else {
				pts = s.points[s.first:]
			}
			parent := -1
			if s.parent >= 0 {
				parent = newIndex[s.parent]
			}
			newIndex[i] = m.Add(Section{Name: name, Type: Type(typ), Parent: parent, ParentX: s.parentX, Points: g8Points(pts), Source: p.name + " " + linesOf(lines)})
		}
	}
	if err := m.Validate(); err != nil {
		return &ASCError{p.name, 0, err.Error()}
	}
	return nil
}

// somaPoints returns the 3-D points of a soma contour, or of a stack.
func somaPoints(s *ascSection) ([]Point, error) {
	xyz := func(s *ascSection) (x, y, z []float64) {
		for _, q := range s.points {
			x, y, z = append(x, q.X), append(y, q.Y), append(z, q.Z)
		}
		return x, y, z
	}
	if len(s.stack) == 0 {
		x, y, z := xyz(s)
		return nrnContour2Centroid(x, y, z, convexImport3d)
	}
	var pts []Point
	for _, c := range append([]*ascSection{s}, s.stack...) {
		q, err := nrnContourCircle(xyz(c))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", linesOf(c.lines), err)
		}
		pts = append(pts, q)
	}
	return pts, nil
}

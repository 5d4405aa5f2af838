package hoc

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Built-in classes.
type (
	// Vector is hoc's Vector (the methods the templates use).
	Vector struct{ X []float64 }
	// SectionList is an ordered list of sections.
	SectionList struct{ secs []*Section }
	// List is hoc's List of objects.
	List struct{ objs []Object }
	// HocString is hoc's String object: a string field s.
	HocString struct{ S string }
	// StringFunctions is hoc's StringFunctions.
	StringFunctions struct{}
	// NetCon records a NetCon made on a section's potential, the spike
	// detector of a cell (connect2target).
	NetCon struct {
		Sec       *Section
		X         float64
		Threshold float64
		Target    Object
	}
	// SectionRef is hoc's SectionRef: the section accessed when made.
	SectionRef struct{ sec *Section }
	// Import3dReader is Import3d_Neurolucida3 or Import3d_SWC_read: it
	// records the file that input() names.
	Import3dReader struct {
		class string
		path  string
		quiet float64
	}
	// Import3dGUI is Import3d_GUI(reader, 0): instantiate(obj) creates the
	// morphology's sections in obj through the Interp's Loader.
	Import3dGUI struct{ reader *Import3dReader }
)

func (*Vector) ClassName() string          { return "Vector" }
func (*SectionList) ClassName() string     { return "SectionList" }
func (*List) ClassName() string            { return "List" }
func (*HocString) ClassName() string       { return "String" }
func (*StringFunctions) ClassName() string { return "StringFunctions" }
func (*NetCon) ClassName() string          { return "NetCon" }
func (*SectionRef) ClassName() string      { return "SectionRef" }
func (r *Import3dReader) ClassName() string {
	return r.class
}
func (*Import3dGUI) ClassName() string { return "Import3d_GUI" }

// Sections returns the live sections of the list, in order.
func (l *SectionList) Sections() []*Section {
	var out []*Section
	for _, s := range l.secs {
		if !s.deleted {
			out = append(out, s)
		}
	}
	return out
}

type constructor func(in *Interp, a []value, p Pos) (Object, error)

var classes map[string]constructor

func init() {
	classes = map[string]constructor{
		"Vector": func(in *Interp, a []value, p Pos) (Object, error) {
			v := &Vector{}
			if len(a) > 0 {
				x, err := numArgs("Vector", a[:1], p, 1)
				if err != nil {
					return nil, err
				}
				if x[0] < 0 || x[0] > 1e8 {
					return nil, errorf(p, "new Vector(%g): bad size", x[0])
				}
				v.X = make([]float64, int(x[0]))
				if len(a) > 1 {
					y, err := numArgs("Vector", a[1:2], p, 1)
					if err != nil {
						return nil, err
					}
					for i := range v.X {
						v.X[i] = y[0]
					}
				}
			}
			return v, nil
		},
		"SectionList": func(in *Interp, a []value, p Pos) (Object, error) {
			if len(a) > 0 {
				return nil, errorf(p, "new SectionList(): no arguments expected")
			}
			return &SectionList{}, nil
		},
		"List": func(in *Interp, a []value, p Pos) (Object, error) {
			if len(a) > 0 {
				return nil, errorf(p, "new List(%v): lists of all objects of a class are not supported", a[0])
			}
			return &List{}, nil
		},
		"String": func(in *Interp, a []value, p Pos) (Object, error) {
			s := &HocString{}
			if len(a) > 0 {
				if a[0].kind != vStr {
					return nil, errorf(p, "new String(s): want a string")
				}
				s.S = a[0].str
			}
			return s, nil
		},
		"StringFunctions": func(in *Interp, a []value, p Pos) (Object, error) {
			return &StringFunctions{}, nil
		},
		"NetCon": func(in *Interp, a []value, p Pos) (Object, error) {
			if len(a) < 2 {
				return nil, errorf(p, "new NetCon(&v(x), target, ...): want at least 2 arguments")
			}
			if a[0].kind != vLoc || a[0].loc.name != "v" {
				return nil, errorf(p, "new NetCon: only a source &v(x) on a section is supported, found %s", a[0].kindName())
			}
			if a[1].kind != vObj {
				return nil, errorf(p, "new NetCon: the target must be an object or NULLobject, found %s", a[1].kindName())
			}
			nc := &NetCon{Sec: a[0].loc.sec, X: a[0].loc.x, Threshold: 10, Target: a[1].obj}
			if len(a) >= 3 {
				x, err := numArgs("NetCon", a[2:3], p, 1)
				if err != nil {
					return nil, err
				}
				nc.Threshold = x[0]
			}
			in.netcons = append(in.netcons, nc)
			return nc, nil
		},
		"SectionRef": func(in *Interp, a []value, p Pos) (Object, error) {
			sec, err := in.cursec(p)
			if err != nil {
				return nil, err
			}
			return &SectionRef{sec: sec}, nil
		},
		"Import3d_Neurolucida3": func(in *Interp, a []value, p Pos) (Object, error) {
			return &Import3dReader{class: "Import3d_Neurolucida3"}, nil
		},
		"Import3d_SWC_read": func(in *Interp, a []value, p Pos) (Object, error) {
			return &Import3dReader{class: "Import3d_SWC_read"}, nil
		},
		"Import3d_GUI": func(in *Interp, a []value, p Pos) (Object, error) {
			if len(a) < 1 || a[0].kind != vObj {
				return nil, errorf(p, "new Import3d_GUI(reader, 0): want a reader")
			}
			r, ok := a[0].obj.(*Import3dReader)
			if !ok {
				return nil, errorf(p, "new Import3d_GUI: the reader is %s, want Import3d_Neurolucida3 or Import3d_SWC_read", a[0].kindName())
			}
			return &Import3dGUI{reader: r}, nil
		},
	}
}

func (in *Interp) newObject(name string, args []value, p Pos) (value, error) {
	if t, ok := in.templates[name]; ok {
		saved := in.secStack
		in.secStack = nil
		o, err := in.instantiate(t, args, p)
		in.secStack = saved
		if err != nil {
			return value{}, err
		}
		return obj(o), nil
	}
	if c, ok := classes[name]; ok {
		o, err := c(in, args, p)
		if err != nil {
			return value{}, err
		}
		return obj(o), nil
	}
	switch name {
	case "PythonObject":
		return obj(&pythonObject{}), nil
	case "Random", "File", "Graph", "Shape", "PlotShape", "Import3d_MorphML", "Import3d_Eutectic_read":
		return value{}, errorf(p, "new %s: class %s is not supported", name, name)
	}
	return value{}, errorf(p, "new %s: no template or class %s", name, name)
}

func argStr(method string, a []value, i int, p Pos) (string, error) {
	if i >= len(a) || a[i].kind != vStr {
		return "", errorf(p, "%s: argument %d must be a string", method, i+1)
	}
	return a[i].str, nil
}

func (in *Interp) callMethod(o Object, name string, a []value, p Pos) (value, error) {
	where := o.ClassName() + "." + name
	switch o := o.(type) {
	case *Vector:
		switch name {
		case "size":
			return num(float64(len(o.X))), nil
		case "resize":
			x, err := numArgs(where, a, p, 1)
			if err != nil {
				return value{}, err
			}
			n := int(x[0])
			if n < 0 || n > 1e8 {
				return value{}, errorf(p, "%s(%g): bad size", where, x[0])
			}
			for len(o.X) < n {
				o.X = append(o.X, 0)
			}
			o.X = o.X[:n]
			return obj(o), nil
		case "from_python":
			// NEURON's Vector.from_python(seq): the vector becomes a copy
			// of a Python sequence of numbers (the neurotree arrays MiV
			// passes to its templates).
			if len(a) != 1 || a[0].kind != vObj {
				return value{}, errorf(p, "%s: want one Python sequence", where)
			}
			pa, ok := a[0].obj.(*PythonArray)
			if !ok {
				return value{}, errorf(p, "%s: the argument is a %s, want a Python array of numbers", where, a[0].obj.ClassName())
			}
			o.X = append(o.X[:0], pa.X...)
			return obj(o), nil
		case "append":
			for i, v := range a {
				if v.kind != vNum {
					return value{}, errorf(p, "%s: argument %d is %s; appending vectors is not supported", where, i+1, v.kindName())
				}
				o.X = append(o.X, v.num)
			}
			return obj(o), nil
		case "get":
			x, err := numArgs(where, a, p, 1)
			if err != nil {
				return value{}, err
			}
			i := int(x[0])
			if i < 0 || i >= len(o.X) {
				return value{}, errorf(p, "%s(%d): index out of range (size %d)", where, i, len(o.X))
			}
			return num(o.X[i]), nil
		case "sum":
			s := 0.
			for _, x := range o.X {
				s += x
			}
			return num(s), nil
		}
	case *SectionList:
		switch name {
		case "append":
			if len(a) != 0 {
				return value{}, errorf(p, "%s(): no arguments expected (it appends the accessed section)", where)
			}
			sec, err := in.cursec(p)
			if err != nil {
				return value{}, err
			}
			o.secs = append(o.secs, sec)
			return num(1), nil
		case "remove":
			sec, err := in.cursec(p)
			if err != nil {
				return value{}, err
			}
			n := 0
			for i := 0; i < len(o.secs); i++ {
				if o.secs[i] == sec {
					o.secs = append(o.secs[:i], o.secs[i+1:]...)
					i--
					n++
				}
			}
			return num(float64(n)), nil
		case "allroots":
			for _, s := range in.sections {
				if !s.deleted && s.parent == nil {
					o.secs = append(o.secs, s)
				}
			}
			return num(1), nil
		}
	case *List:
		switch name {
		case "append":
			if len(a) != 1 || a[0].kind != vObj {
				return value{}, errorf(p, "%s(object): want one object", where)
			}
			o.objs = append(o.objs, a[0].obj)
			return num(float64(len(o.objs))), nil
		case "count":
			return num(float64(len(o.objs))), nil
		case "object", "o":
			x, err := numArgs(where, a, p, 1)
			if err != nil {
				return value{}, err
			}
			i := int(x[0])
			if i < 0 || i >= len(o.objs) {
				return value{}, errorf(p, "%s(%d): index out of range (count %d)", where, i, len(o.objs))
			}
			return obj(o.objs[i]), nil
		case "remove_all":
			o.objs = nil
			return num(0), nil
		}
	case *StringFunctions:
		switch name {
		case "len":
			s, err := argStr(where, a, 0, p)
			if err != nil {
				return value{}, err
			}
			return num(float64(len(s))), nil
		case "left", "right":
			if len(a) != 2 || a[0].kind != vStr || a[0].strRef == nil || a[1].kind != vNum {
				return value{}, errorf(p, "%s(strdef, n): want a string variable and a number", where)
			}
			s := *a[0].strRef
			n := int(a[1].num)
			if n < 0 {
				n = 0
			}
			if n > len(s) {
				n = len(s)
			}
			if name == "left" {
				*a[0].strRef = s[:n]
			} else {
				*a[0].strRef = s[n:]
			}
			return num(0), nil
		case "substr":
			s, err := argStr(where, a, 0, p)
			if err != nil {
				return value{}, err
			}
			t, err := argStr(where, a, 1, p)
			if err != nil {
				return value{}, err
			}
			return num(float64(strings.Index(s, t))), nil
		case "head", "tail":
			// head(str, regexp, result): the part before the first match,
			// returning where the match starts; tail: the part after it,
			// returning where the match ends; -1 and "" without a match.
			s, err := argStr(where, a, 0, p)
			if err != nil {
				return value{}, err
			}
			pat, err := argStr(where, a, 1, p)
			if err != nil {
				return value{}, err
			}
			if len(a) != 3 || a[2].kind != vStr || a[2].strRef == nil {
				return value{}, errorf(p, "%s(str, regexp, strdef): want a string variable for the result", where)
			}
			re, err := regexp.Compile(pat)
			if err != nil {
				return value{}, errorf(p, "%s: regular expression %q: %v", where, pat, err)
			}
			loc := re.FindStringIndex(s)
			if loc == nil {
				*a[2].strRef = ""
				return num(-1), nil
			}
			if name == "head" {
				*a[2].strRef = s[:loc[0]]
				return num(float64(loc[0])), nil
			}
			*a[2].strRef = s[loc[1]:]
			return num(float64(loc[1])), nil
		}
	case *NetCon:
		return value{}, errorf(p, "%s: NetCon methods are not supported", where)
	case *Import3dReader:
		switch name {
		case "input":
			s, err := argStr(where, a, 0, p)
			if err != nil {
				return value{}, err
			}
			o.path = s
			return num(0), nil
		}
	case *Import3dGUI:
		switch name {
		case "instantiate":
			if len(a) != 1 || a[0].kind != vObj {
				return value{}, errorf(p, "%s(object): want the cell object", where)
			}
			inst, ok := a[0].obj.(*Instance)
			if !ok {
				return value{}, errorf(p, "%s: instantiating at top level (nil) is not supported; pass the template object", where)
			}
			return num(0), in.instantiateMorphology(o.reader, inst, p)
		}
	case *pythonObject, *PythonArray, *PythonDict, *pythonIter:
		return in.callPython(o, name, a, p)
	}
	return value{}, errorf(p, "%s: no such method (or not supported)", where)
}

func (in *Interp) getField(f fieldRef, p Pos) (value, error) {
	where := f.o.ClassName() + "." + f.name
	switch o := f.o.(type) {
	case *Vector:
		if f.name == "x" {
			if !f.hasIdx {
				return value{}, errorf(p, "%s: index it, x[i]", where)
			}
			if f.idx < 0 || f.idx >= len(o.X) {
				return value{}, errorf(p, "%s[%d]: index out of range (size %d)", where, f.idx, len(o.X))
			}
			return num(o.X[f.idx]), nil
		}
		if f.name == "size" && !f.hasIdx {
			return num(float64(len(o.X))), nil
		}
	case *HocString:
		if f.name == "s" {
			return value{kind: vStr, str: o.S, strRef: &o.S}, nil
		}
	case *NetCon:
		if f.name == "threshold" {
			return num(o.Threshold), nil
		}
	case *SectionRef:
		switch f.name {
		case "has_parent":
			return boolv(o.sec.parent != nil), nil
		}
	case *Import3dReader:
		if f.name == "quiet" {
			return num(o.quiet), nil
		}
	case *pythonObject, *PythonArray, *PythonDict, *pythonIter:
		return in.pythonField(o, f, p)
	}
	return value{}, errorf(p, "%s: no such field (or not supported)", where)
}

func (in *Interp) setField(f fieldRef, v value, p Pos) error {
	where := f.o.ClassName() + "." + f.name
	switch o := f.o.(type) {
	case *Vector:
		if f.name == "x" && f.hasIdx {
			if v.kind != vNum {
				return errorf(p, "%s[%d] = %s: want a number", where, f.idx, v.kindName())
			}
			if f.idx < 0 || f.idx >= len(o.X) {
				return errorf(p, "%s[%d]: index out of range (size %d)", where, f.idx, len(o.X))
			}
			o.X[f.idx] = v.num
			return nil
		}
	case *HocString:
		if f.name == "s" && v.kind == vStr {
			o.S = v.str
			return nil
		}
	case *NetCon:
		if f.name == "threshold" && v.kind == vNum {
			o.Threshold = v.num
			return nil
		}
	case *Import3dReader:
		if f.name == "quiet" && v.kind == vNum {
			o.quiet = v.num
			return nil
		}
	}
	return errorf(p, "%s = %s: no such field (or not supported)", where, v.kindName())
}

// instantiateMorphology is Import3d_GUI.instantiate(obj): the loader's
// sections become obj's arrays soma, axon, dend, apic (dend_N for other
// types), created in that order of type codes, connected and with their
// 3-D points as NEURON writes them (%.8g coordinates, %g for the parent
// position); each type's sections are appended to obj's somatic, axonal,
// basal, apical lists, then every section of obj to all.
func (in *Interp) instantiateMorphology(r *Import3dReader, o *Instance, p Pos) error {
	if in.Loader == nil {
		return errorf(p, "%s.input(%q): no morphology loader (set Interp.Loader)", r.class, r.path)
	}
	if r.path == "" {
		return errorf(p, "Import3d_GUI.instantiate: %s.input was not called", r.class)
	}
	m, err := in.Loader.LoadMorphology(r.path)
	if err != nil {
		return errorf(p, "loading morphology %s: %v", r.path, err)
	}
	if err := m.Validate(); err != nil {
		return errorf(p, "loading morphology %s: %v", r.path, err)
	}
	// type codes present, ascending
	count := map[int]int{}
	var types []int
	for _, s := range m.Sections {
		t := int(s.Type)
		if count[t] == 0 {
			types = append(types, t)
		}
		count[t]++
	}
	sortInts(types)
	saved := in.frame
	in.frame = &frame{obj: o}
	defer func() { in.frame = saved }()
	secOf := make([]*Section, len(m.Sections))
	for _, t := range types {
		name := typeArray(t)
		if old, ok := o.syms[name]; ok {
			if old.kind != symSec {
				return errorf(p, "instantiate: %s is already %s in %s", name, old.kindName(), o)
			}
			for _, s := range old.secs {
				in.deleteSection(s)
			}
		}
		sym := &symbol{kind: symSec, name: name, dims: []int{count[t]}}
		k := 0
		for i, ms := range m.Sections {
			if int(ms.Type) != t {
				continue
			}
			sec := in.newSection(name, k)
			sec.typ = ms.Type
			secOf[i] = sec
			sym.secs = append(sym.secs, sec)
			k++
		}
		o.syms[name] = sym
		if list := subsetList(t); list != "" {
			if ls, ok := o.syms[list]; ok && ls.kind == symObj && len(ls.dims) == 0 {
				sl, ok := ls.objs[0].(*SectionList)
				if !ok {
					return errorf(p, "instantiate: %s.%s is not a SectionList", o, list)
				}
				sl.secs = append(sl.secs, sym.secs...)
			} else {
				return errorf(p, "instantiate: %s has no SectionList %s for its %s sections", o, list, name)
			}
		} else {
			return errorf(p, "instantiate: sections of SWC type %d (%s) are not supported", t, name)
		}
	}
	if as, ok := o.syms["all"]; ok && as.kind == symObj && len(as.dims) == 0 {
		if sl, ok := as.objs[0].(*SectionList); ok {
			sl.secs = append(sl.secs, in.SectionsOf(o)...)
		}
	}
	for i, ms := range m.Sections {
		sec := secOf[i]
		if ms.Parent >= 0 {
			sec.parent = secOf[ms.Parent]
			sec.parentX = roundG(ms.ParentX, 6)
		}
		if len(ms.Points) >= 2 {
			for _, q := range ms.Points {
				sec.pts = append(sec.pts, pt3d(roundG(q.X, 8), roundG(q.Y, 8), roundG(q.Z, 8), roundG(q.D, 8)))
			}
		} else {
			// a cylinder (sphere-equivalent soma): NEURON's Import3d
			// writes it as points; keep it a cylinder.
			sec.l = ms.L
			for k := range sec.diam {
				sec.diam[k] = ms.Diam
			}
		}
		if ms.Nseg > 0 {
			sec.setNseg(ms.Nseg)
		}
	}
	in.note("%v: morphology %s: %d sections (%s)", p, r.path, len(m.Sections), strings.Join(m.Notes, "; "))
	return nil
}

// roundG rounds x to n significant digits, as printing with %.ng and
// reading back does.
func roundG(x float64, n int) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	if err != nil {
		return x
	}
	return v
}

func typeArray(t int) string {
	switch t {
	case 1:
		return "soma"
	case 2:
		return "axon"
	case 3:
		return "dend"
	case 4:
		return "apic"
	}
	if t < 0 {
		return fmt.Sprintf("minus_%d", -t)
	}
	return fmt.Sprintf("dend_%d", t)
}

func subsetList(t int) string {
	switch t {
	case 1:
		return "somatic"
	case 2:
		return "axonal"
	case 3:
		return "basal"
	case 4:
		return "apical"
	}
	return ""
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

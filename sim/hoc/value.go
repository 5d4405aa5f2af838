package hoc

import (
	"fmt"
	"strconv"
)

// Object is a hoc object: an instance of a template or of a built-in
// class (Vector, SectionList, List, String, StringFunctions, NetCon,
// SectionRef, the Import3d readers).
type Object interface {
	// ClassName is the hoc class, e.g. "Vector" or a template name.
	ClassName() string
}

type vkind int

const (
	vNum vkind = iota
	vStr
	vObj
	vPtr // &x: a number variable
	vLoc // &v(x): a range variable at a location
)

// value is a hoc value. Strings and objects taken from variables keep a
// reference to them so that functions (sprint, sscanf, $o1 = ...) can
// write through.
type value struct {
	kind   vkind
	num    float64
	str    string
	obj    Object
	strRef *string
	objRef *Object
	ptr    *float64
	loc    *location
}

// location is sec(x) with a range variable name, from &v(x).
type location struct {
	sec  *Section
	x    float64
	name string
}

func num(v float64) value { return value{kind: vNum, num: v} }
func str(s string) value  { return value{kind: vStr, str: s} }
func obj(o Object) value  { return value{kind: vObj, obj: o} }
func boolv(b bool) value {
	if b {
		return num(1)
	}
	return num(0)
}

func (v value) kindName() string {
	switch v.kind {
	case vNum:
		return "a number"
	case vStr:
		return "a string"
	case vObj:
		if v.obj == nil {
			return "NULLobject"
		}
		return "an object (" + v.obj.ClassName() + ")"
	case vPtr, vLoc:
		return "a pointer"
	}
	return "a value"
}

func (v value) String() string {
	switch v.kind {
	case vNum:
		return strconv.FormatFloat(v.num, 'g', -1, 64)
	case vStr:
		return v.str
	case vObj:
		if v.obj == nil {
			return "NULLobject"
		}
		if s, ok := v.obj.(fmt.Stringer); ok {
			return s.String()
		}
		return v.obj.ClassName()
	}
	return v.kindName()
}

type symKind int

const (
	symNum symKind = iota
	symStr
	symObj
	symSec
	symFunc
)

// symbol is a named variable, section array or function of a scope.
type symbol struct {
	kind symKind
	name string
	dims []int
	nums []float64
	str  *string
	objs []Object
	secs []*Section
	fn   *funcDef
}

func (s *symbol) kindName() string {
	switch s.kind {
	case symNum:
		return "a number variable"
	case symStr:
		return "a string (strdef)"
	case symObj:
		return "an object reference (objref)"
	case symSec:
		return "a section"
	}
	return "a function"
}

func (s *symbol) size() int {
	n := 1
	for _, d := range s.dims {
		n *= d
	}
	return n
}

// Template is a hoc class defined by begintemplate.
type Template struct {
	Name    string
	file    string
	decls   []stmt
	funcs   map[string]*funcDef
	public  map[string]bool
	extern  map[string]bool
	counter int
}

// ClassName returns "template".
func (t *Template) ClassName() string { return "template" }

// Instance is an object of a template.
type Instance struct {
	T     *Template
	Index int
	syms  map[string]*symbol
}

// ClassName returns the template's name.
func (o *Instance) ClassName() string { return o.T.Name }

func (o *Instance) String() string { return fmt.Sprintf("%s[%d]", o.T.Name, o.Index) }

package spec

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Type is the type of a parameter's value.
type Type int

const (
	// Float is a real number, held as float64.
	Float Type = iota
	// Int is an integer, held as int64. A JSON number with a fraction
	// (2.5) is an error; 2.0 and 1e3 are accepted.
	Int
	// Uint is a non-negative integer up to 2^64-1, held as uint64 (seeds).
	Uint
	// Bool is true or false.
	Bool
	// String is a string, held as string, usually one of Key.Allowed.
	String
	// Strings is a list of strings, held as []string.
	Strings
	// Ints is a list of integers, held as []int64.
	Ints
)

var typeNames = [...]string{Float: "float", Int: "int", Uint: "uint", Bool: "bool", String: "string", Strings: "strings", Ints: "ints"}

// String returns the name used in defaults files: "float", "int", "uint",
// "bool", "string", "strings" or "ints".
func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// parseType returns the Type named s.
func parseType(s string) (Type, bool) {
	for t, n := range typeNames {
		if n == s {
			return Type(t), true
		}
	}
	return 0, false
}

// scalar reports whether values of the type are single values; only
// scalar keys can be swept with a list.
func (t Type) scalar() bool { return t != Strings && t != Ints }

// Key describes one parameter of a Set: its type, default value, unit,
// allowed range and documentation.
type Key struct {
	Name string
	Type Type
	// Default is the default value: float64, int64, uint64, bool, string,
	// []string or []int64 for the types Float to Ints.
	Default any
	// Unit is the unit of a number ("ms", "mV", "nS", "1" for
	// dimensionless numbers and counts), "-" for strings and booleans.
	Unit string
	// Doc is a one-line description.
	Doc string
	// Min and Max are inclusive bounds, ExclusiveMin and ExclusiveMax
	// exclusive ones (nil: none) on a number or on each element of an Ints
	// list.
	Min, Max, ExclusiveMin, ExclusiveMax *float64
	// Allowed, if not nil, lists the values a String key, or each element
	// of a Strings key, may take.
	Allowed []string
}

// Range describes the allowed values: "[0, 1]", "(0, 1]", ">= 0", "> 0",
// "golgi|brian2", or "" for no restriction.
func (k *Key) Range() string {
	if k.Allowed != nil {
		return strings.Join(k.Allowed, "|")
	}
	lo, hi := "", ""
	lb, hb := "", ""
	if k.Min != nil {
		lo, lb = fmtBound(*k.Min), "["
	} else if k.ExclusiveMin != nil {
		lo, lb = fmtBound(*k.ExclusiveMin), "("
	}
	if k.Max != nil {
		hi, hb = fmtBound(*k.Max), "]"
	} else if k.ExclusiveMax != nil {
		hi, hb = fmtBound(*k.ExclusiveMax), ")"
	}
	switch {
	case lo != "" && hi != "":
		return lb + lo + ", " + hi + hb
	case lo != "":
		if lb == "[" {
			return ">= " + lo
		}
		return "> " + lo
	case hi != "":
		if hb == "]" {
			return "<= " + hi
		}
		return "< " + hi
	}
	return ""
}

// want describes what the key accepts, for error messages.
func (k *Key) want() string {
	var w string
	switch k.Type {
	case Float:
		w = "a number"
	case Int:
		w = "an integer"
	case Uint:
		w = "a non-negative integer"
	case Bool:
		w = "true or false"
	case String:
		w = "a string"
	case Strings:
		w = "a list of strings"
	case Ints:
		w = "a list of integers"
	}
	if k.Allowed != nil {
		w += " from " + quoteList(k.Allowed)
	}
	if r := k.bounds(); r != "" {
		w += ", " + r
	}
	switch k.Unit {
	case "-", "":
	case "1":
		w += " (dimensionless)"
	default:
		w += " (unit " + k.Unit + ")"
	}
	return w
}

// bounds writes the numeric range as an inequality on the key: "0 < p <= 1".
func (k *Key) bounds() string {
	var lo, hi string
	if k.Min != nil {
		lo = fmtBound(*k.Min) + " <= "
	} else if k.ExclusiveMin != nil {
		lo = fmtBound(*k.ExclusiveMin) + " < "
	}
	if k.Max != nil {
		hi = " <= " + fmtBound(*k.Max)
	} else if k.ExclusiveMax != nil {
		hi = " < " + fmtBound(*k.ExclusiveMax)
	}
	if lo == "" && hi == "" {
		return ""
	}
	name := k.Name
	if k.Type == Ints {
		name = "each value"
	}
	return lo + name + hi
}

func fmtBound(x float64) string { return formatFloat(x) }

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// inRange reports whether x satisfies the numeric bounds.
func (k *Key) inRange(x float64) bool {
	return (k.Min == nil || x >= *k.Min) && (k.Max == nil || x <= *k.Max) &&
		(k.ExclusiveMin == nil || x > *k.ExclusiveMin) && (k.ExclusiveMax == nil || x < *k.ExclusiveMax)
}

// decode converts a JSON value to the key's type and checks it. On failure
// it returns a message (without the key's name) saying what was expected.
func (k *Key) decode(n *node) (any, string) {
	switch k.Type {
	case Float, Int, Uint:
		return k.decodeNumber(n)
	case Bool:
		if n.kind != kBool {
			return nil, fmt.Sprintf("got %s, want %s", n.describe(), k.want())
		}
		return n.b, ""
	case String:
		if n.kind != kString {
			return nil, fmt.Sprintf("got %s, want %s", n.describe(), k.want())
		}
		if msg := k.checkAllowed(n.str); msg != "" {
			return nil, msg
		}
		return n.str, ""
	case Strings:
		if n.kind != kArray {
			return nil, fmt.Sprintf("got %s, want %s", n.describe(), k.want())
		}
		out := make([]string, 0, len(n.elems))
		for i, e := range n.elems {
			if e.kind != kString {
				return nil, fmt.Sprintf("element %d: got %s, want %s", i, e.describe(), k.want())
			}
			if msg := k.checkAllowed(e.str); msg != "" {
				return nil, fmt.Sprintf("element %d: %s", i, msg)
			}
			out = append(out, e.str)
		}
		return out, ""
	case Ints:
		if n.kind != kArray {
			return nil, fmt.Sprintf("got %s, want %s", n.describe(), k.want())
		}
		out := make([]int64, 0, len(n.elems))
		for i, e := range n.elems {
			v, msg := k.decodeNumber(e)
			if msg != "" {
				return nil, fmt.Sprintf("element %d: %s", i, msg)
			}
			out = append(out, v.(int64))
		}
		return out, ""
	}
	return nil, fmt.Sprintf("key of unknown type %v", k.Type)
}

func (k *Key) checkAllowed(s string) string {
	if k.Allowed == nil {
		return ""
	}
	for _, a := range k.Allowed {
		if a == s {
			return ""
		}
	}
	msg := fmt.Sprintf("%q is not one of %s", s, quoteList(k.Allowed))
	if c := Closest(s, k.Allowed); c != "" {
		msg += fmt.Sprintf("; did you mean %q?", c)
	}
	return msg
}

// decodeNumber decodes a Float, Int or Uint (or an element of Ints) and
// checks its range.
func (k *Key) decodeNumber(n *node) (any, string) {
	t := k.Type
	if t == Ints {
		t = Int
	}
	if n.kind != kNumber {
		return nil, fmt.Sprintf("got %s, want %s", n.describe(), k.want())
	}
	s := string(n.num)
	f, ferr := strconv.ParseFloat(s, 64)
	if ferr != nil && (math.IsInf(f, 0) || f == 0) {
		return nil, fmt.Sprintf("%s is out of the range of a float64, want %s", s, k.want())
	}
	var v any
	switch t {
	case Float:
		v = f
	case Int:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			v, f = i, float64(i)
		} else if f != math.Trunc(f) {
			return nil, fmt.Sprintf("got %s, want %s", s, k.want())
		} else if f >= 0x1p63 || f < -0x1p63 {
			return nil, fmt.Sprintf("%s is out of the range of an int64, want %s", s, k.want())
		} else {
			v = int64(f)
		}
	case Uint:
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			v, f = u, float64(u)
		} else if f != math.Trunc(f) || f < 0 {
			return nil, fmt.Sprintf("got %s, want %s", s, k.want())
		} else if f >= 0x1p64 {
			return nil, fmt.Sprintf("%s is out of the range of a uint64, want %s", s, k.want())
		} else {
			v = uint64(f)
		}
	}
	if !k.inRange(f) {
		return nil, fmt.Sprintf("%s is out of range, want %s", s, k.want())
	}
	return v, ""
}

// checkValue checks a Go value of the key's type, as held in Params.
func (k *Key) checkValue(v any) string {
	bad := func() string { return fmt.Sprintf("got %v (%T), want %s", v, v, k.want()) }
	switch k.Type {
	case Float:
		x, ok := v.(float64)
		if !ok {
			return bad()
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || !k.inRange(x) {
			return fmt.Sprintf("%s is out of range, want %s", formatFloat(x), k.want())
		}
	case Int:
		x, ok := v.(int64)
		if !ok {
			return bad()
		}
		if !k.inRange(float64(x)) {
			return fmt.Sprintf("%d is out of range, want %s", x, k.want())
		}
	case Uint:
		x, ok := v.(uint64)
		if !ok {
			return bad()
		}
		if !k.inRange(float64(x)) {
			return fmt.Sprintf("%d is out of range, want %s", x, k.want())
		}
	case Bool:
		if _, ok := v.(bool); !ok {
			return bad()
		}
	case String:
		x, ok := v.(string)
		if !ok {
			return bad()
		}
		return k.checkAllowed(x)
	case Strings:
		x, ok := v.([]string)
		if !ok {
			return bad()
		}
		for i, s := range x {
			if msg := k.checkAllowed(s); msg != "" {
				return fmt.Sprintf("element %d: %s", i, msg)
			}
		}
	case Ints:
		x, ok := v.([]int64)
		if !ok {
			return bad()
		}
		for i, e := range x {
			if !k.inRange(float64(e)) {
				return fmt.Sprintf("element %d: %d is out of range, want %s", i, e, k.want())
			}
		}
	}
	return ""
}

// formatFloat formats x as JSON does (shortest representation that
// round-trips).
func formatFloat(x float64) string {
	b, err := json.Marshal(x)
	if err != nil {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return string(b)
}

// formatValue formats a value as JSON.
func formatValue(v any) string {
	switch x := v.(type) {
	case float64:
		return formatFloat(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return quoteJSON(x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = quoteJSON(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case []int64:
		q := make([]string, len(x))
		for i, e := range x {
			q[i] = strconv.FormatInt(e, 10)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprintf("%v", v)
}

func quoteJSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// copyValue returns v, with slices copied.
func copyValue(v any) any {
	switch x := v.(type) {
	case []string:
		return append([]string{}, x...)
	case []int64:
		return append([]int64{}, x...)
	}
	return v
}

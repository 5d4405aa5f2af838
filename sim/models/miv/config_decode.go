package miv

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/golgi-sim/golgi/sim/spec"
)

// ConfigError is a configuration error: the file and line where the value was
// written (an included file names itself), the key path from the top of
// the configuration, and what is wrong.
type ConfigError struct {
	File string // the file holding the value
	Line int    // its line, 0 if not known
	Key  string // the key path, "Geometry.Cell Distribution.PVBC.SR"
	Msg  string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString("miv config ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		b.WriteString(": ")
		b.WriteString(e.Key)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Location is where a value was written: its file, line and key path.
type Location struct {
	File string
	Line int
	Key  string
}

// errorf returns an Error at a location.
func (l Location) errorf(format string, args ...any) *ConfigError {
	return &ConfigError{File: l.File, Line: l.Line, Key: l.Key, Msg: fmt.Sprintf(format, args...)}
}

// at is the location of a node reached by key.
func (n *ynode) at(key string) Location { return Location{File: n.file, Line: n.line, Key: key} }

// keyAt is the location of a mapping's i-th key, the line of the key.
func (n *ynode) keyAt(i int, key string) Location {
	return Location{File: n.file, Line: n.klns[i], Key: key}
}

// errorf returns an Error at a node.
func (n *ynode) errorf(key, format string, args ...any) *ConfigError {
	return n.at(key).errorf(format, args...)
}

// Map is a YAML mapping whose keys are names (populations, layers,
// sections, labels), in the order of the file: MiV iterates several of
// them in that order (synapse densities, SPEC 2.5).
type Map[T any] []Item[T]

// Item is one entry of a Map.
type Item[T any] struct {
	Name  string
	Value T
	At    Location
}

// Get returns the value of a name.
func (m Map[T]) Get(name string) (T, bool) {
	for _, it := range m {
		if it.Name == name {
			return it.Value, true
		}
	}
	var zero T
	return zero, false
}

// Item returns the entry of a name, or nil.
func (m Map[T]) Item(name string) *Item[T] {
	for i := range m {
		if m[i].Name == name {
			return &m[i]
		}
	}
	return nil
}

// Names returns the names in file order.
func (m Map[T]) Names() []string {
	out := make([]string, len(m))
	for i, it := range m {
		out[i] = it.Name
	}
	return out
}

func (m *Map[T]) decodeMIV(n *ynode, key string) error {
	*m = nil
	switch n.ykind {
	case yNull:
		return nil
	case yMap:
	default:
		return n.errorf(key, "want a mapping of names, got %s", n.describe())
	}
	for i, k := range n.keys {
		it := Item[T]{Name: k, At: n.keyAt(i, joinKey(key, k))}
		if err := decodeValue(n.vals[i], reflect.ValueOf(&it.Value).Elem(), joinKey(key, k)); err != nil {
			return err
		}
		*m = append(*m, it)
	}
	return nil
}

// Raw is a configuration value Golgi keeps as written (a cell type's
// inline mechanism, Network Clamp, an opsin's protocol parameters): MiV
// reads them with code outside what Golgi builds.
type Raw struct {
	n *ynode
}

func (r *Raw) decodeMIV(n *ynode, _ string) error {
	r.n = n
	return nil
}

// IsZero reports whether the value is absent or null.
func (r Raw) IsZero() bool { return r.n == nil || r.n.ykind == yNull }

// MarshalJSON writes the value as JSON, mappings in file order.
func (r Raw) MarshalJSON() ([]byte, error) {
	if r.n == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	if err := r.n.writeJSON(&b, "", ""); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// yamlDecodable is implemented by types that decode themselves.
type yamlDecodable interface {
	decodeMIV(n *ynode, key string) error
}

// yamlDefaulter is implemented by structs with defaults for absent keys; it
// is called before the keys are decoded.
type yamlDefaulter interface {
	setDefaults()
}

var (
	locationType = reflect.TypeFor[Location]()
)

// describe names a node's kind for messages.
func (n *ynode) describe() string {
	switch n.ykind {
	case yNull:
		return "nothing"
	case ySeq:
		return "a list"
	case yMap:
		return "a mapping"
	}
	switch n.tag {
	case "!!int", "!!float":
		return "the number " + n.value
	case "!!bool":
		return "the boolean " + n.value
	}
	return fmt.Sprintf("%q", n.value)
}

// decodeValue decodes n into v (settable), reporting errors at key.
func decodeValue(n *ynode, v reflect.Value, key string) error {
	if v.CanAddr() {
		if d, ok := v.Addr().Interface().(yamlDecodable); ok {
			return d.decodeMIV(n, key)
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.ykind == yNull {
			v.SetZero()
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if err := decodeValue(n, p.Elem(), key); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		return decodeStruct(n, v, key)
	case reflect.Slice:
		if n.ykind == yNull {
			v.SetZero()
			return nil
		}
		if n.ykind != ySeq {
			return n.errorf(key, "want a list, got %s", n.describe())
		}
		s := reflect.MakeSlice(v.Type(), len(n.items), len(n.items))
		for i, it := range n.items {
			if err := decodeValue(it, s.Index(i), fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Array:
		if n.ykind != ySeq || len(n.items) != v.Len() {
			return n.errorf(key, "want a list of %d values, got %s", v.Len(), n.describeLen())
		}
		for i, it := range n.items {
			if err := decodeValue(it, v.Index(i), fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if n.ykind != yScalar || n.tag != "!!str" {
			return n.errorf(key, "want a string, got %s", n.describe())
		}
		v.SetString(n.value)
		return nil
	case reflect.Bool:
		if n.ykind != yScalar || n.tag != "!!bool" {
			return n.errorf(key, "want true or false, got %s", n.describe())
		}
		b, err := yamlBool(n.value)
		if err != nil {
			return n.errorf(key, "%v", err)
		}
		v.SetBool(b)
		return nil
	case reflect.Float64:
		f, err := n.number(key)
		if err != nil {
			return err
		}
		v.SetFloat(f)
		return nil
	case reflect.Int, reflect.Int64:
		f, err := n.number(key)
		if err != nil {
			return err
		}
		// PyYAML reads 1.5e+6 as a float; MiV uses such seeds as
		// integers.
		if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return n.errorf(key, "want an integer, got %s", n.value)
		}
		v.SetInt(int64(f))
		return nil
	}
	return n.errorf(key, "cannot decode into %s", v.Type())
}

// number is a numeric scalar's value.
func (n *ynode) number(key string) (float64, error) {
	if n.ykind != yScalar || (n.tag != "!!int" && n.tag != "!!float") {
		return 0, n.errorf(key, "want a number, got %s", n.describe())
	}
	f, err := n.float()
	if err != nil {
		return 0, n.errorf(key, "%s", err.(*ConfigError).Msg)
	}
	return f, nil
}

// describeLen describes a node with a list's length.
func (n *ynode) describeLen() string {
	if n.ykind == ySeq {
		return fmt.Sprintf("%d", len(n.items))
	}
	return n.describe()
}

// structField is a struct field with its YAML key.
type structField struct {
	index    int
	key      string
	required bool
}

// structFields lists a struct type's keys (tag miv:"Key Name[,required]").
func structFields(t reflect.Type) (out []structField, at int) {
	at = -1
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == locationType && f.Name == "At" {
			at = i
			continue
		}
		tag, ok := f.Tag.Lookup("miv")
		if !ok || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		out = append(out, structField{index: i, key: name, required: opt == "required"})
	}
	return out, at
}

// decodeStruct decodes a mapping into a struct: unknown keys are errors
// naming the closest known key; missing required keys are errors.
func decodeStruct(n *ynode, v reflect.Value, key string) error {
	if d, ok := v.Addr().Interface().(yamlDefaulter); ok {
		d.setDefaults()
	}
	fs, at := structFields(v.Type())
	if at >= 0 {
		v.Field(at).Set(reflect.ValueOf(n.at(key)))
	}
	if n.ykind == yNull {
		for _, f := range fs {
			if f.required {
				return n.errorf(joinKey(key, f.key), "missing (the mapping %s is empty)", key)
			}
		}
		return nil
	}
	if n.ykind != yMap {
		return n.errorf(key, "want a mapping, got %s", n.describe())
	}
	known := make([]string, len(fs))
	for i, f := range fs {
		known[i] = f.key
	}
	for i, k := range n.keys {
		j := -1
		for fi, f := range fs {
			if f.key == k {
				j = fi
				break
			}
		}
		if j < 0 {
			msg := fmt.Sprintf("unknown key %q", k)
			if c := spec.Closest(k, known); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			}
			return n.keyAt(i, joinKey(key, k)).errorf("%s (known keys: %s)", msg, strings.Join(known, ", "))
		}
		if err := decodeValue(n.vals[i], v.Field(fs[j].index), joinKey(key, k)); err != nil {
			return err
		}
	}
	for _, f := range fs {
		if f.required && !n.has(f.key) {
			return n.errorf(joinKey(key, f.key), "missing")
		}
	}
	return nil
}

// refOf is the settable value a pointer points to (invalid for a nil or
// non-pointer).
func refOf(p any) reflect.Value {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

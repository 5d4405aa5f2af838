package spec

import (
	"embed"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
)

//go:embed defaults/*.json
var defaultsFS embed.FS

// Set is a model's default parameter set: every key a spec may give for
// the model, in the order of its defaults file.
type Set struct {
	Model string // the model's name, as in specs: "coba", "brunel", ...
	Doc   string // one paragraph describing the model
	Keys  []Key  // in file order

	index map[string]int
}

// Key returns the definition of the key called name.
func (s *Set) Key(name string) (*Key, bool) {
	i, ok := s.index[name]
	if !ok {
		return nil, false
	}
	return &s.Keys[i], true
}

// Names returns the key names in order.
func (s *Set) Names() []string {
	n := make([]string, len(s.Keys))
	for i := range s.Keys {
		n[i] = s.Keys[i].Name
	}
	return n
}

// WriteTable writes the set as an aligned text table: the model and its
// description, then one row per key with its default value, unit, allowed
// range and documentation. It is what `golgi spec show MODEL` prints.
func (s *Set) WriteTable(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "%s\n\n", wrap("model "+s.Model+": "+s.Doc, 78)); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tUNIT\tRANGE\tDOC")
	for i := range s.Keys {
		k := &s.Keys[i]
		r := k.Range()
		if r == "" {
			r = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.Name, formatValue(k.Default), k.Unit, r, k.Doc)
	}
	return tw.Flush()
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// clone returns a deep copy of s.
func (s *Set) clone() *Set {
	c := &Set{Model: s.Model, Doc: s.Doc, Keys: make([]Key, len(s.Keys)), index: make(map[string]int, len(s.Keys))}
	for i, k := range s.Keys {
		k.Default = copyValue(k.Default)
		if k.Allowed != nil {
			k.Allowed = append([]string{}, k.Allowed...)
		}
		for _, p := range []**float64{&k.Min, &k.Max, &k.ExclusiveMin, &k.ExclusiveMax} {
			if *p != nil {
				v := **p
				*p = &v
			}
		}
		c.Keys[i] = k
		c.index[k.Name] = i
	}
	return c
}

var registry struct {
	once   sync.Once
	sets   map[string]*Set
	models []string
	err    error
}

// loadRegistry parses every embedded defaults file once.
func loadRegistry() error {
	registry.once.Do(func() {
		registry.sets = map[string]*Set{}
		entries, err := defaultsFS.ReadDir("defaults")
		if err != nil {
			registry.err = fmt.Errorf("spec: reading embedded defaults: %w", err)
			return
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".json") {
				continue
			}
			data, err := defaultsFS.ReadFile(path.Join("defaults", name))
			if err != nil {
				registry.err = fmt.Errorf("spec: reading embedded defaults: %w", err)
				return
			}
			set, err := parseSet(data, "defaults/"+name)
			if err != nil {
				registry.err = err
				return
			}
			if want := strings.TrimSuffix(name, ".json"); set.Model != want {
				registry.err = fmt.Errorf("spec: defaults/%s names model %q, want %q", name, set.Model, want)
				return
			}
			if _, ok := builders[set.Model]; !ok {
				registry.err = fmt.Errorf("spec: defaults/%s: no network builder for model %q", name, set.Model)
				return
			}
			registry.sets[set.Model] = set
			registry.models = append(registry.models, set.Model)
		}
		sort.Strings(registry.models)
	})
	return registry.err
}

// Models returns the names of the models with a defaults set, sorted.
func Models() []string {
	if loadRegistry() != nil {
		return nil
	}
	return append([]string{}, registry.models...)
}

// Defaults returns a copy of the default parameter set of model.
func Defaults(model string) (*Set, error) {
	s, err := lookupSet(model)
	if err != nil {
		return nil, err
	}
	return s.clone(), nil
}

// DefaultsJSON returns the embedded defaults file of model, as written.
func DefaultsJSON(model string) ([]byte, error) {
	if _, err := lookupSet(model); err != nil {
		return nil, err
	}
	return defaultsFS.ReadFile("defaults/" + model + ".json")
}

// lookupSet returns the shared set of model.
func lookupSet(model string) (*Set, error) {
	if err := loadRegistry(); err != nil {
		return nil, err
	}
	s, ok := registry.sets[model]
	if !ok {
		msg := fmt.Sprintf("unknown model %q", model)
		if c := Closest(model, registry.models); c != "" {
			msg += fmt.Sprintf("; did you mean %q?", c)
		}
		return nil, fmt.Errorf("spec: %s (models: %s)", msg, strings.Join(registry.models, ", "))
	}
	return s, nil
}

// keyFields are the fields of a key's object in a defaults file.
var keyFields = []string{"value", "type", "unit", "doc", "min", "max", "exclusive_min", "exclusive_max", "allowed"}

// parseSet parses a defaults file:
//
//	{"model": "brunel", "doc": "...", "params": {"g": {"value": 5, "type": "float", "unit": "1", "min": 0, "doc": "..."}, ...}}
func parseSet(data []byte, name string) (*Set, error) {
	src := &source{name: name, data: data}
	root, err := src.parseTree()
	if err != nil {
		return nil, err
	}
	if root.kind != kObject {
		return nil, src.errAt(root.off, "", "a defaults file is a JSON object")
	}
	set := &Set{index: map[string]int{}}
	var params *node
	for i, k := range root.keys {
		v := root.vals[i]
		switch k {
		case "model", "doc":
			if v.kind != kString || v.str == "" {
				return nil, src.errAt(v.off, k, "got %s, want a non-empty string", v.describe())
			}
			if k == "model" {
				set.Model = v.str
			} else {
				set.Doc = v.str
			}
		case "params":
			if v.kind != kObject {
				return nil, src.errAt(v.off, k, "got %s, want an object of keys", v.describe())
			}
			params = v
		default:
			return nil, src.errAt(root.koffs[i], k, "unknown field of a defaults file, want model, doc or params")
		}
	}
	if set.Model == "" || set.Doc == "" || params == nil {
		return nil, src.errAt(root.off, "", "a defaults file needs model, doc and params")
	}
	for i, name := range params.keys {
		if _, ok := controlKeys[name]; ok {
			return nil, src.errAt(params.koffs[i], name, "a parameter cannot be called like the control key %q", name)
		}
		k, err := parseKey(src, name, params.vals[i])
		if err != nil {
			return nil, err
		}
		set.index[name] = len(set.Keys)
		set.Keys = append(set.Keys, *k)
	}
	return set, nil
}

func parseKey(src *source, name string, n *node) (*Key, error) {
	if n.kind != kObject {
		return nil, src.errAt(n.off, name, "got %s, want an object with value, type, unit and doc", n.describe())
	}
	k := &Key{Name: name}
	var value *node
	for i, f := range n.keys {
		v := n.vals[i]
		str := func() (string, error) {
			if v.kind != kString || v.str == "" {
				return "", src.errAt(v.off, name, "%s: got %s, want a non-empty string", f, v.describe())
			}
			return v.str, nil
		}
		var err error
		switch f {
		case "value":
			value = v
		case "type":
			var s string
			if s, err = str(); err == nil {
				t, ok := parseType(s)
				if !ok {
					return nil, src.errAt(v.off, name, "type %q, want one of %s", s, quoteList(typeNames[:]))
				}
				k.Type = t
			}
		case "unit":
			k.Unit, err = str()
		case "doc":
			k.Doc, err = str()
		case "min", "max", "exclusive_min", "exclusive_max":
			if v.kind != kNumber {
				return nil, src.errAt(v.off, name, "%s: got %s, want a number", f, v.describe())
			}
			x, perr := strconv.ParseFloat(string(v.num), 64)
			if perr != nil {
				return nil, src.errAt(v.off, name, "%s: %v", f, perr)
			}
			switch f {
			case "min":
				k.Min = &x
			case "max":
				k.Max = &x
			case "exclusive_min":
				k.ExclusiveMin = &x
			case "exclusive_max":
				k.ExclusiveMax = &x
			}
		case "allowed":
			if v.kind != kArray || len(v.elems) == 0 {
				return nil, src.errAt(v.off, name, "allowed: got %s, want a non-empty list of strings", v.describe())
			}
			k.Allowed = []string{}
			for _, e := range v.elems {
				if e.kind != kString {
					return nil, src.errAt(e.off, name, "allowed: got %s, want a string", e.describe())
				}
				k.Allowed = append(k.Allowed, e.str)
			}
		default:
			return nil, src.errAt(n.koffs[i], name, "unknown field %q, want one of %s", f, quoteList(keyFields))
		}
		if err != nil {
			return nil, err
		}
	}
	if value == nil || k.Unit == "" || k.Doc == "" {
		return nil, src.errAt(n.off, name, "a key needs value, type, unit and doc")
	}
	if !hasField(n, "type") {
		return nil, src.errAt(n.off, name, "a key needs value, type, unit and doc")
	}
	numeric := k.Type == Float || k.Type == Int || k.Type == Uint || k.Type == Ints
	if !numeric && (k.Min != nil || k.Max != nil || k.ExclusiveMin != nil || k.ExclusiveMax != nil) {
		return nil, src.errAt(n.off, name, "bounds on a key of type %v", k.Type)
	}
	if (k.Min != nil && k.ExclusiveMin != nil) || (k.Max != nil && k.ExclusiveMax != nil) {
		return nil, src.errAt(n.off, name, "both an inclusive and an exclusive bound")
	}
	if k.Allowed != nil && k.Type != String && k.Type != Strings {
		return nil, src.errAt(n.off, name, "allowed values on a key of type %v", k.Type)
	}
	def, msg := k.decode(value)
	if msg != "" {
		return nil, src.errAt(value.off, name, "default value: %s", msg)
	}
	k.Default = def
	return k, nil
}

func hasField(n *node, f string) bool {
	_, _, ok := n.get(f)
	return ok
}

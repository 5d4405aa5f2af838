package miv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The YAML reader: MiV's IncludeLoader (PyYAML's full Loader with an
// !include constructor) re-expressed on gopkg.in/yaml.v3. A file is read
// into a tree of nodes in which every !include is replaced by the tree
// of the file it names, resolved relative to the directory of the file
// that holds the tag, as MiV's loader does. Each node remembers its file
// and line, so that errors name where a value was written.

// Limits of the reader: they keep hostile input (alias expansion, deep
// nesting, devices) from exhausting the machine.
const (
	maxNodes    = 1 << 20  // nodes of one configuration, includes and aliases expanded
	maxDepth    = 100      // nesting of mappings and sequences
	maxFileSize = 16 << 20 // bytes of one file
)

// kind is the kind of a node.
type kind int

const (
	nullNode kind = iota
	scalarNode
	seqNode
	mapNode
)

// node is a resolved YAML value: mappings keep their key order.
type node struct {
	kind  kind
	tag   string // the resolved short tag of a scalar: !!str, !!int, !!float, !!bool
	value string // a scalar's text
	items []*node
	keys  []string
	klns  []int // the line of each key
	vals  []*node
	file  string
	line  int
}

// reader reads a configuration file and the files it includes.
type reader struct {
	chain []string // the files being read, outermost first (cleaned absolute paths)
	names []string // the same as the user named them, for messages
	nodes int
}

// readFile reads the file at path. at (file and line) and key name the
// !include that asked for it (at.File "" for the top file).
func (r *reader) readFile(path string, at Location, key string) (*node, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	abs = filepath.Clean(abs)
	for i, c := range r.chain {
		if c == abs {
			cycle := append(append([]string{}, r.names[i:]...), path)
			return nil, &Error{File: at.File, Line: at.Line, Key: key, Msg: "circular !include: " + strings.Join(cycle, " -> ")}
		}
	}
	data, err := readRegular(path)
	if err != nil {
		if at.File == "" {
			return nil, &Error{File: path, Msg: err.Error()}
		}
		return nil, &Error{File: at.File, Line: at.Line, Key: key, Msg: fmt.Sprintf("!include %s: %v (include chain: %s)",
			filepath.Base(path), err, strings.Join(append(append([]string{}, r.names...), path), " -> "))}
	}
	r.chain = append(r.chain, abs)
	r.names = append(r.names, path)
	defer func() {
		r.chain = r.chain[:len(r.chain)-1]
		r.names = r.names[:len(r.names)-1]
	}()
	return r.parse(data, path, key)
}

// readRegular reads a regular file of at most maxFileSize bytes.
func readRegular(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFileSize)
	}
	return data, nil
}

// parse parses the YAML text of file, whose value sits at key path key.
func (r *reader) parse(data []byte, file, key string) (*node, error) {
	var doc yaml.Node
	// yaml.v3 reports some malformed input by panicking inside its
	// parser; no panic may leave the package.
	if err := safeUnmarshal(data, &doc); err != nil {
		return nil, &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &node{kind: nullNode, file: file, line: 1}, nil
	}
	return r.convert(doc.Content[0], file, key, 0)
}

// convert turns a yaml.v3 node of file into a node, reading includes.
func (r *reader) convert(y *yaml.Node, file, key string, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &Error{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("nested more than %d levels", maxDepth)}
	}
	if r.nodes++; r.nodes > maxNodes {
		return nil, &Error{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("more than %d values (aliases expanded)", maxNodes)}
	}
	n := &node{file: file, line: y.Line}
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return nil, &Error{File: file, Line: y.Line, Key: key, Msg: "unknown alias"}
		}
		return r.convert(y.Alias, file, key, depth+1)
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			n.kind = nullNode
			return n, nil
		}
		return r.convert(y.Content[0], file, key, depth+1)
	case yaml.ScalarNode:
		tag := y.ShortTag()
		switch tag {
		case "!include":
			if y.Value == "" {
				return nil, &Error{File: file, Line: y.Line, Key: key, Msg: "!include names no file"}
			}
			path := y.Value
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(file), path)
			}
			return r.readFile(path, Location{File: file, Line: y.Line}, key)
		case "!!null":
			n.kind = nullNode
			return n, nil
		case "!!str", "!!int", "!!float", "!!bool", "!!binary", "!!timestamp":
			n.kind, n.tag, n.value = scalarNode, tag, y.Value
			if tag == "!!binary" || tag == "!!timestamp" {
				n.tag = "!!str"
			}
			return n, nil
		}
		return nil, &Error{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("tag %s is not supported (MiV's files use !include and !!python/tuple)", tag)}
	case yaml.SequenceNode:
		if tag := y.ShortTag(); tag != "!!seq" && tag != "!!python/tuple" {
			return nil, &Error{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("tag %s is not supported on a sequence", tag)}
		}
		n.kind = seqNode
		for i, c := range y.Content {
			v, err := r.convert(c, file, fmt.Sprintf("%s[%d]", key, i), depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
		return n, nil
	case yaml.MappingNode:
		if tag := y.ShortTag(); tag != "!!map" {
			return nil, &Error{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("tag %s is not supported on a mapping", tag)}
		}
		n.kind = mapNode
		var merged []*node // the mappings of << keys, in order
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				m, err := r.convert(v, file, key, depth+1)
				if err != nil {
					return nil, err
				}
				switch m.kind {
				case mapNode:
					merged = append(merged, m)
				case seqNode:
					merged = append(merged, m.items...)
				}
				continue
			}
			name, err := r.keyText(k, file, key, depth)
			if err != nil {
				return nil, err
			}
			if n.has(name) {
				return nil, &Error{File: file, Line: k.Line, Key: join(key, name), Msg: "key given twice in one mapping"}
			}
			val, err := r.convert(v, file, join(key, name), depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, name)
			n.klns = append(n.klns, k.Line)
			n.vals = append(n.vals, val)
		}
		// Merge keys as PyYAML applies them: explicit keys win, and of
		// several merged mappings the earlier wins.
		for _, m := range merged {
			if m.kind != mapNode {
				return nil, &Error{File: file, Line: m.line, Key: key, Msg: "<< merges only mappings"}
			}
			for i, k := range m.keys {
				if !n.has(k) {
					n.keys = append(n.keys, k)
					n.klns = append(n.klns, m.klns[i])
					n.vals = append(n.vals, m.vals[i])
				}
			}
		}
		return n, nil
	}
	return nil, &Error{File: file, Line: y.Line, Key: key, Msg: "unexpected YAML node"}
}

// has reports whether a mapping has a key.
func (n *node) has(key string) bool {
	for _, k := range n.keys {
		if k == key {
			return true
		}
	}
	return false
}

// keyText is a mapping key as text: a scalar's value; a sequence (a
// !!python/tuple key of Network_Clamp.yaml) as "[a, b]".
func (r *reader) keyText(k *yaml.Node, file, key string, depth int) (string, error) {
	switch k.Kind {
	case yaml.ScalarNode:
		if k.ShortTag() == "!include" {
			return "", &Error{File: file, Line: k.Line, Key: key, Msg: "!include as a mapping key"}
		}
		return k.Value, nil
	case yaml.AliasNode:
		if k.Alias != nil && depth < maxDepth {
			return r.keyText(k.Alias, file, key, depth+1)
		}
	case yaml.SequenceNode:
		var parts []string
		for _, c := range k.Content {
			if c.Kind != yaml.ScalarNode {
				return "", &Error{File: file, Line: k.Line, Key: key, Msg: "a sequence key holds only scalars"}
			}
			parts = append(parts, c.Value)
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return "", &Error{File: file, Line: k.Line, Key: key, Msg: "a mapping key must be a scalar or a sequence of scalars"}
}

// join extends a key path: keys are joined by '.', as MiV's Config.get
// takes them ("Geometry.Cell Distribution").
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// ReadYAML reads a YAML file with MiV's !include resolution and returns
// it as JSON (mappings as objects in file order, numbers as numbers):
// what MiV's from_yaml returns, for golgi miv config -json and for files
// that are not a model configuration (mechanism files, Network_Clamp.yaml).
func ReadYAML(path string) ([]byte, error) {
	var r reader
	n, err := r.readFile(path, Location{}, "")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := n.writeJSON(&b, "  ", ""); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// writeJSON writes n as indented JSON.
func (n *node) writeJSON(b *bytes.Buffer, indent, prefix string) error {
	switch n.kind {
	case nullNode:
		b.WriteString("null")
	case scalarNode:
		s, err := n.jsonScalar()
		if err != nil {
			return err
		}
		b.WriteString(s)
	case seqNode:
		if len(n.items) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[\n")
		for i, it := range n.items {
			b.WriteString(prefix + indent)
			if err := it.writeJSON(b, indent, prefix+indent); err != nil {
				return err
			}
			if i < len(n.items)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(prefix + "]")
	case mapNode:
		if len(n.keys) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{\n")
		for i, k := range n.keys {
			kj, _ := json.Marshal(k)
			b.WriteString(prefix + indent)
			b.Write(kj)
			b.WriteString(": ")
			if err := n.vals[i].writeJSON(b, indent, prefix+indent); err != nil {
				return err
			}
			if i < len(n.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(prefix + "}")
	}
	return nil
}

// jsonScalar is a scalar as JSON text.
func (n *node) jsonScalar() (string, error) {
	switch n.tag {
	case "!!int", "!!float":
		f, err := n.float()
		if err != nil {
			return "", err
		}
		if n.tag == "!!int" {
			if i, err := parseInt(n.value); err == nil {
				return strconv.FormatInt(i, 10), nil
			}
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case "!!bool":
		b, err := parseBool(n.value)
		if err != nil {
			return "", &Error{File: n.file, Line: n.line, Msg: err.Error()}
		}
		return strconv.FormatBool(b), nil
	}
	s, _ := json.Marshal(n.value)
	return string(s), nil
}

// float is a numeric scalar's value. Non-finite values are errors: no
// quantity of a MiV configuration is infinite.
func (n *node) float() (float64, error) {
	var f float64
	var err error
	if n.tag == "!!int" {
		var i int64
		i, err = parseInt(n.value)
		f = float64(i)
	} else {
		f, err = strconv.ParseFloat(strings.ReplaceAll(n.value, "_", ""), 64)
	}
	if err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		err = errors.New("not finite")
	}
	if err != nil {
		return 0, &Error{File: n.file, Line: n.line, Msg: fmt.Sprintf("want a finite number, got %q", n.value)}
	}
	return f, nil
}

// parseInt parses a YAML integer (decimal, 0x, 0o, 0b, underscores).
func parseInt(s string) (int64, error) {
	if strings.HasPrefix(s, "0o") || strings.HasPrefix(s, "-0o") || strings.HasPrefix(s, "+0o") {
		// strconv accepts 0o with base 0.
		return strconv.ParseInt(s, 0, 64)
	}
	if len(s) > 1 && s[0] == '0' && !strings.ContainsAny(s, "xXbBoO") {
		// YAML 1.1's octal 017; yaml.v3 resolves it as an int.
		return strconv.ParseInt(s, 8, 64)
	}
	return strconv.ParseInt(s, 0, 64)
}

// parseBool parses the booleans yaml.v3 resolves (true, True, TRUE, ...).
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "y":
		return true, nil
	case "false", "no", "off", "n":
		return false, nil
	}
	return false, fmt.Errorf("want a boolean, got %q", s)
}

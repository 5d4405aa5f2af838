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
	yamlMaxNodes    = 1 << 20  // nodes of one configuration, includes and aliases expanded
	yamlMaxDepth    = 100      // nesting of mappings and sequences
	yamlMaxFileSize = 16 << 20 // bytes of one file
)

// ykind is the kind of a ynode.
type ykind int

const (
	yNull ykind = iota
	yScalar
	ySeq
	yMap
)

// ynode is a resolved YAML value: mappings keep their key order.
type ynode struct {
	ykind ykind
	tag   string // the resolved short tag of a scalar: !!str, !!int, !!float, !!bool
	value string // a scalar's text
	items []*ynode
	keys  []string
	klns  []int // the line of each key
	vals  []*ynode
	file  string
	line  int
}

// yamlReader reads a configuration file and the files it includes.
type yamlReader struct {
	chain []string // the files being read, outermost first (cleaned absolute paths)
	names []string // the same as the user named them, for messages
	nodes int
}

// readFile reads the file at path. at (file and line) and key name the
// !include that asked for it (at.File "" for the top file).
func (r *yamlReader) readFile(path string, at Location, key string) (*ynode, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	abs = filepath.Clean(abs)
	for i, c := range r.chain {
		if c == abs {
			cycle := append(append([]string{}, r.names[i:]...), path)
			return nil, &ConfigError{File: at.File, Line: at.Line, Key: key, Msg: "circular !include: " + strings.Join(cycle, " -> ")}
		}
	}
	data, err := readConfigFile(path)
	if err != nil {
		if at.File == "" {
			return nil, &ConfigError{File: path, Msg: err.Error()}
		}
		return nil, &ConfigError{File: at.File, Line: at.Line, Key: key, Msg: fmt.Sprintf("!include %s: %v (include chain: %s)",
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

// readConfigFile reads a regular file of at most yamlMaxFileSize bytes.
func readConfigFile(path string) ([]byte, error) {
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
	data, err := io.ReadAll(io.LimitReader(f, yamlMaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > yamlMaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, yamlMaxFileSize)
	}
	return data, nil
}

// parse parses the YAML text of file, whose value sits at key path key.
func (r *yamlReader) parse(data []byte, file, key string) (*ynode, error) {
	var doc yaml.Node
	// yaml.v3 reports some malformed input by panicking inside its
	// parser; no panic may leave the package.
	if err := yamlUnmarshal(data, &doc); err != nil {
		return nil, &ConfigError{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &ynode{ykind: yNull, file: file, line: 1}, nil
	}
	return r.convert(doc.Content[0], file, key, 0)
}

// convert turns a yaml.v3 node of file into a node, reading includes.
func (r *yamlReader) convert(y *yaml.Node, file, key string, depth int) (*ynode, error) {
	if depth > yamlMaxDepth {
		return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("nested more than %d levels", yamlMaxDepth)}
	}
	if r.nodes++; r.nodes > yamlMaxNodes {
		return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("more than %d values (aliases expanded)", yamlMaxNodes)}
	}
	n := &ynode{file: file, line: y.Line}
	switch y.Kind {
	case yaml.AliasNode:
		if y.Alias == nil {
			return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: "unknown alias"}
		}
		return r.convert(y.Alias, file, key, depth+1)
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			n.ykind = yNull
			return n, nil
		}
		return r.convert(y.Content[0], file, key, depth+1)
	case yaml.ScalarNode:
		tag := y.ShortTag()
		switch tag {
		case "!include":
			if y.Value == "" {
				return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: "!include names no file"}
			}
			path := y.Value
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(file), path)
			}
			return r.readFile(path, Location{File: file, Line: y.Line}, key)
		case "!!null":
			n.ykind = yNull
			return n, nil
		case "!!str", "!!int", "!!float", "!!bool", "!!binary", "!!timestamp":
			n.ykind, n.tag, n.value = yScalar, tag, y.Value
			if tag == "!!binary" || tag == "!!timestamp" {
				n.tag = "!!str"
			}
			return n, nil
		}
		return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("tag %s is not supported (MiV's files use !include and !!python/tuple)", tag)}
	case yaml.SequenceNode:
		if tag := y.ShortTag(); tag != "!!seq" && tag != "!!python/tuple" {
			return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("tag %s is not supported on a sequence", tag)}
		}
		n.ykind = ySeq
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
			return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: fmt.Sprintf("tag %s is not supported on a mapping", tag)}
		}
		n.ykind = yMap
		var merged []*ynode // the mappings of << keys, in order
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				m, err := r.convert(v, file, key, depth+1)
				if err != nil {
					return nil, err
				}
				switch m.ykind {
				case yMap:
					merged = append(merged, m)
				case ySeq:
					merged = append(merged, m.items...)
				}
				continue
			}
			name, err := r.keyText(k, file, key, depth)
			if err != nil {
				return nil, err
			}
			if n.has(name) {
				return nil, &ConfigError{File: file, Line: k.Line, Key: joinKey(key, name), Msg: "key given twice in one mapping"}
			}
			val, err := r.convert(v, file, joinKey(key, name), depth+1)
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
			if m.ykind != yMap {
				return nil, &ConfigError{File: file, Line: m.line, Key: key, Msg: "<< merges only mappings"}
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
	return nil, &ConfigError{File: file, Line: y.Line, Key: key, Msg: "unexpected YAML node"}
}

// has reports whether a mapping has a key.
func (n *ynode) has(key string) bool {
	for _, k := range n.keys {
		if k == key {
			return true
		}
	}
	return false
}

// keyText is a mapping key as text: a scalar's value; a sequence (a
// !!python/tuple key of Network_Clamp.yaml) as "[a, b]".
func (r *yamlReader) keyText(k *yaml.Node, file, key string, depth int) (string, error) {
	switch k.Kind {
	case yaml.ScalarNode:
		if k.ShortTag() == "!include" {
			return "", &ConfigError{File: file, Line: k.Line, Key: key, Msg: "!include as a mapping key"}
		}
		return k.Value, nil
	case yaml.AliasNode:
		if k.Alias != nil && depth < yamlMaxDepth {
			return r.keyText(k.Alias, file, key, depth+1)
		}
	case yaml.SequenceNode:
		var parts []string
		for _, c := range k.Content {
			if c.Kind != yaml.ScalarNode {
				return "", &ConfigError{File: file, Line: k.Line, Key: key, Msg: "a sequence key holds only scalars"}
			}
			parts = append(parts, c.Value)
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return "", &ConfigError{File: file, Line: k.Line, Key: key, Msg: "a mapping key must be a scalar or a sequence of scalars"}
}

// joinKey extends a key path: keys are joined by '.', as MiV's Config.get
// takes them ("Geometry.Cell Distribution").
func joinKey(path, key string) string {
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
	var r yamlReader
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
func (n *ynode) writeJSON(b *bytes.Buffer, indent, prefix string) error {
	switch n.ykind {
	case yNull:
		b.WriteString("null")
	case yScalar:
		s, err := n.jsonScalar()
		if err != nil {
			return err
		}
		b.WriteString(s)
	case ySeq:
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
	case yMap:
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
func (n *ynode) jsonScalar() (string, error) {
	switch n.tag {
	case "!!int", "!!float":
		f, err := n.float()
		if err != nil {
			return "", err
		}
		if n.tag == "!!int" {
			if i, err := yamlInt(n.value); err == nil {
				return strconv.FormatInt(i, 10), nil
			}
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case "!!bool":
		b, err := yamlBool(n.value)
		if err != nil {
			return "", &ConfigError{File: n.file, Line: n.line, Msg: err.Error()}
		}
		return strconv.FormatBool(b), nil
	}
	s, _ := json.Marshal(n.value)
	return string(s), nil
}

// float is a numeric scalar's value. Non-finite values are errors: no
// quantity of a MiV configuration is infinite.
func (n *ynode) float() (float64, error) {
	var f float64
	var err error
	if n.tag == "!!int" {
		var i int64
		i, err = yamlInt(n.value)
		f = float64(i)
	} else {
		f, err = strconv.ParseFloat(strings.ReplaceAll(n.value, "_", ""), 64)
	}
	if err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		err = errors.New("not finite")
	}
	if err != nil {
		return 0, &ConfigError{File: n.file, Line: n.line, Msg: fmt.Sprintf("want a finite number, got %q", n.value)}
	}
	return f, nil
}

// yamlInt parses a YAML integer (decimal, 0x, 0o, 0b, underscores).
func yamlInt(s string) (int64, error) {
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

// yamlBool parses the booleans yaml.v3 resolves (true, True, TRUE, ...).
func yamlBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "y":
		return true, nil
	case "false", "no", "off", "n":
		return false, nil
	}
	return false, fmt.Errorf("want a boolean, got %q", s)
}

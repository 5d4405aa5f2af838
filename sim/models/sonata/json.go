package sonata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// jkind is the kind of a JSON value.
type jkind int

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jnode is a parsed JSON value that keeps the order of object keys, which
// the manifest (entries resolve in file order), inputs (applied in file
// order) and reports need.
type jnode struct {
	kind jkind
	b    bool
	num  json.Number
	str  string
	arr  []*jnode
	keys []string
	vals []*jnode
}

// maxDepth bounds the nesting of a configuration file.
const maxDepth = 64

// parseJSON parses one JSON value. Duplicate keys in an object and data
// after the value are errors.
func parseJSON(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, 0)
	if err != nil {
		return nil, syntaxError(data, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, syntaxError(data, dec, errors.New("data after the JSON value"))
	}
	return n, nil
}

// syntaxError adds the line of the decoder's position.
func syntaxError(data []byte, dec *json.Decoder, err error) error {
	off := int(dec.InputOffset())
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected end of the file")
	}
	return fmt.Errorf("invalid JSON near line %d: %w", line, err)
}

func parseValue(dec *json.Decoder, depth int) (*jnode, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested more than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &jnode{kind: jNull}, nil
	case bool:
		return &jnode{kind: jBool, b: t}, nil
	case json.Number:
		return &jnode{kind: jNumber, num: t}, nil
	case string:
		return &jnode{kind: jString, str: t}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &jnode{kind: jArray, arr: []*jnode{}}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '{':
			n := &jnode{kind: jObject}
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", kt)
				}
				if seen[k] {
					return nil, fmt.Errorf("key %q given twice", k)
				}
				seen[k] = true
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// get returns the value of key in an object, or nil.
func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != jObject {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// describe names a value for an error message: its text for scalars
// (quoted for strings), its kind for lists and objects.
func (n *jnode) describe() string {
	switch n.kind {
	case jNull:
		return "null"
	case jBool:
		return strconv.FormatBool(n.b)
	case jNumber:
		return n.num.String()
	case jString:
		s := n.str
		if len(s) > 60 {
			s = s[:57] + "..."
		}
		return strconv.Quote(s)
	case jArray:
		return "a list"
	}
	return "an object"
}

// marshal encodes the value back to JSON, keys in their order.
func (n *jnode) marshal() json.RawMessage {
	var b bytes.Buffer
	n.encode(&b)
	return b.Bytes()
}

func (n *jnode) encode(b *bytes.Buffer) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool:
		b.WriteString(strconv.FormatBool(n.b))
	case jNumber:
		b.WriteString(n.num.String())
	case jString:
		s, _ := json.Marshal(n.str)
		b.Write(s)
	case jArray:
		b.WriteByte('[')
		for i, v := range n.arr {
			if i > 0 {
				b.WriteByte(',')
			}
			v.encode(b)
		}
		b.WriteByte(']')
	case jObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			s, _ := json.Marshal(k)
			b.Write(s)
			b.WriteByte(':')
			n.vals[i].encode(b)
		}
		b.WriteByte('}')
	}
}

// Error is an error in a configuration or node-sets file: the file, the
// path of the key in it (dot-separated, list elements by index:
// "run.dt", "connection_overrides[2].weight"; empty for the whole file)
// and what is wrong.
type Error struct {
	File string
	Key  string
	Err  error
}

func (e *Error) Error() string {
	if e.Key == "" {
		return e.File + ": " + e.Err.Error()
	}
	return e.File + ": " + e.Key + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// section reads one JSON object of a file, recording which keys were
// read so that the others can be reported.
type section struct {
	file     string
	path     string
	n        *jnode
	used     map[string]bool
	warnings *[]string
}

func newSection(file, path string, n *jnode, warnings *[]string) *section {
	return &section{file: file, path: path, n: n, used: map[string]bool{}, warnings: warnings}
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (s *section) errf(key, format string, a ...any) error {
	return &Error{File: s.file, Key: joinKey(s.path, key), Err: fmt.Errorf(format, a...)}
}

// field returns the value of key, or nil, and marks it read.
func (s *section) field(key string) *jnode {
	s.used[key] = true
	return s.n.get(key)
}

// ignore marks keys as known but not read.
func (s *section) ignore(keys ...string) {
	for _, k := range keys {
		s.used[k] = true
	}
}

// unknown warns of every key not read; what says why they do not matter.
func (s *section) unknown() {
	for _, k := range s.n.keys {
		if !s.used[k] {
			*s.warnings = append(*s.warnings, fmt.Sprintf("%s: %s: unknown key, ignored", s.file, joinKey(s.path, k)))
		}
	}
}

// object returns the sub-section of key: nil when absent (an error if
// required), an error when it is not an object.
func (s *section) object(key string, required bool) (*section, error) {
	v := s.field(key)
	if v == nil {
		if required {
			return nil, s.errf(key, "missing")
		}
		return nil, nil
	}
	if v.kind != jObject {
		return nil, s.errf(key, "want an object, got %s", v.describe())
	}
	return newSection(s.file, joinKey(s.path, key), v, s.warnings), nil
}

// number returns the number at key, def when absent and not required.
func (s *section) number(key string, def float64, required bool) (float64, error) {
	v := s.field(key)
	if v == nil {
		if required {
			return 0, s.errf(key, "missing: want a number")
		}
		return def, nil
	}
	if v.kind != jNumber {
		return 0, s.errf(key, "want a number, got %s", v.describe())
	}
	x, err := strconv.ParseFloat(v.num.String(), 64)
	if err != nil {
		return 0, s.errf(key, "want a finite number, got %s", v.num)
	}
	return x, nil
}

// optNumber returns a pointer to the number at key, or nil when absent.
func (s *section) optNumber(key string) (*float64, error) {
	if s.n.get(key) == nil {
		s.used[key] = true
		return nil, nil
	}
	x, err := s.number(key, 0, true)
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// integer returns the whole number at key.
func (s *section) integer(key string, def int64, required bool) (int64, error) {
	v := s.field(key)
	if v == nil {
		if required {
			return 0, s.errf(key, "missing: want an integer")
		}
		return def, nil
	}
	if v.kind != jNumber {
		return 0, s.errf(key, "want an integer, got %s", v.describe())
	}
	i, err := strconv.ParseInt(v.num.String(), 10, 64)
	if err != nil {
		// 1e3 or 5.0: whole numbers written as floats.
		f, ferr := strconv.ParseFloat(v.num.String(), 64)
		if ferr != nil || f != float64(int64(f)) || f > 1<<62 || f < -(1<<62) {
			return 0, s.errf(key, "want an integer, got %s", v.num)
		}
		i = int64(f)
	}
	return i, nil
}

// str returns the string at key, def when absent and not required.
func (s *section) str(key, def string, required bool) (string, error) {
	v := s.field(key)
	if v == nil {
		if required {
			return "", s.errf(key, "missing: want a string")
		}
		return def, nil
	}
	if v.kind != jString {
		return "", s.errf(key, "want a string, got %s", v.describe())
	}
	return v.str, nil
}

// boolean returns the boolean at key, def when absent.
func (s *section) boolean(key string, def bool) (bool, error) {
	v := s.field(key)
	if v == nil {
		return def, nil
	}
	if v.kind != jBool {
		return false, s.errf(key, "want true or false, got %s", v.describe())
	}
	return v.b, nil
}

// choice returns the string at key, which must be one of allowed.
func (s *section) choice(key, def string, allowed ...string) (string, error) {
	v, err := s.str(key, def, false)
	if err != nil {
		return "", err
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", s.errf(key, "want %s, got %q", quoteList(allowed), v)
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

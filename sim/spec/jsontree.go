package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// kind is the kind of a JSON value.
type kind int

const (
	kObject kind = iota
	kArray
	kString
	kNumber
	kBool
	kNull
)

// node is a parsed JSON value with the byte offset where it starts. Objects
// keep their keys in input order.
type node struct {
	kind  kind
	off   int // offset of the value's first byte
	end   int // offset just after the value
	keys  []string
	koffs []int // offsets of the keys
	vals  []*node
	elems []*node
	str   string
	num   json.Number
	b     bool
}

// describe names a value's kind for error messages: "a string ("x")",
// "2.5", "a list", ...
func (n *node) describe() string {
	switch n.kind {
	case kObject:
		return "an object"
	case kArray:
		return "a list"
	case kString:
		s := n.str
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		return fmt.Sprintf("a string (%q)", s)
	case kNumber:
		return "the number " + string(n.num)
	case kBool:
		return fmt.Sprint(n.b)
	}
	return "null"
}

// source holds the text of a spec for positions in error messages.
type source struct {
	name string
	data []byte
}

// errAt returns an *Error at byte offset off (off < 0: no position).
func (s *source) errAt(off int, key, format string, args ...any) *Error {
	e := &Error{File: s.name, Key: key, Msg: fmt.Sprintf(format, args...)}
	if off >= 0 {
		e.Line, e.Col = lineCol(s.data, off)
	}
	return e
}

// lineCol returns the 1-based line and byte column of offset off.
func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
	return line, col
}

// parseTree parses data, which must hold exactly one JSON value, keeping
// key order and offsets. Numbers stay json.Numbers. A syntax error, a
// duplicate key or trailing data is an *Error with its position.
func (s *source) parseTree() (*node, error) {
	// Unmarshal checks the whole input first and reports the offset of a
	// syntax error reliably; the Decoder then builds the tree.
	var raw json.RawMessage
	if err := json.Unmarshal(s.data, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the bytes read up to and including the bad
			// one, or all of them at the end of the input.
			off := int(se.Offset) - 1
			if strings.HasPrefix(se.Error(), "unexpected end") || off < 0 {
				off = int(se.Offset)
			}
			return nil, s.errAt(off, "", "invalid JSON: %v", se)
		}
		return nil, s.errAt(-1, "", "invalid JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(s.data))
	dec.UseNumber()
	return s.parseValue(dec)
}

// start returns the offset of the next token after the decoder's current
// position, skipping white space and one separator.
func (s *source) start(dec *json.Decoder) int {
	off := int(dec.InputOffset())
	for off < len(s.data) {
		switch s.data[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (s *source) parseValue(dec *json.Decoder) (*node, error) {
	off := s.start(dec)
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, s.errAt(off, "", "invalid JSON: %v", err)
	}
	return s.fromToken(dec, tok, off)
}

func (s *source) fromToken(dec *json.Decoder, tok json.Token, off int) (*node, error) {
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = kObject
			seen := map[string]bool{}
			for dec.More() {
				koff := s.start(dec)
				kt, err := dec.Token()
				if err != nil {
					return nil, s.errAt(koff, "", "invalid JSON: %v", err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, s.errAt(koff, "", "invalid JSON: object key is not a string")
				}
				if seen[key] {
					return nil, s.errAt(koff, key, "duplicate key")
				}
				seen[key] = true
				v, err := s.parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.koffs = append(n.koffs, koff)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = kArray
			for dec.More() {
				v, err := s.parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		default:
			return nil, s.errAt(off, "", "invalid JSON: unexpected %q", rune(t))
		}
		end := s.start(dec)
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, s.errAt(end, "", "invalid JSON: %v", err)
		}
	case string:
		n.kind, n.str = kString, t
	case json.Number:
		n.kind, n.num = kNumber, t
	case bool:
		n.kind, n.b = kBool, t
	case nil:
		n.kind = kNull
	default:
		return nil, s.errAt(off, "", "invalid JSON: unexpected token %v", tok)
	}
	n.end = int(dec.InputOffset())
	return n, nil
}

// get returns the value of key in object n, its key offset and whether it is
// present.
func (n *node) get(key string) (*node, int, bool) {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i], n.koffs[i], true
		}
	}
	return nil, -1, false
}

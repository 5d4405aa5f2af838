package spec

import "encoding/json"

// Member is a key of a JSON object with its value, in the order of the
// text.
type Member struct {
	Key   string
	Value json.RawMessage // the value's text, as in the input
	// Line and Col give the key's position (1-based; Col in bytes).
	Line, Col int
}

// Members decodes data, which must hold one JSON object, into its members
// in the order of the text: the ordered-JSON decoder of every spec format.
// name identifies data in errors. A syntax error, a duplicate key, a value
// that is not an object or data after it is an *Error with its position.
func Members(data []byte, name string) ([]Member, error) {
	src := &source{name: name, data: data}
	root, err := src.parseTree()
	if err != nil {
		return nil, err
	}
	if root.kind != kObject {
		return nil, src.errAt(root.off, "", "got %s, want a JSON object", root.describe())
	}
	out := make([]Member, len(root.keys))
	for i, k := range root.keys {
		v := root.vals[i]
		line, col := lineCol(data, root.koffs[i])
		out[i] = Member{Key: k, Value: json.RawMessage(data[v.off:v.end]), Line: line, Col: col}
	}
	return out, nil
}

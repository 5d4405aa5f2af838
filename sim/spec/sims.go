package spec

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// MaxSimNum is the largest sim_num.
const MaxSimNum = 1<<31 - 1

// SimNumKey parses a key of a "sims" object as a sim_num: a non-negative
// integer without sign or leading zeros ("0", "17"), at most MaxSimNum.
func SimNumKey(key string) (int, bool) {
	n, err := strconv.Atoi(key)
	if err != nil || n < 0 || n > MaxSimNum || strconv.Itoa(n) != key {
		return 0, false
	}
	return n, true
}

// SimEntry is one simulation of a "sims" object: its sim_num and the JSON
// object of its own keys.
type SimEntry struct {
	SimNum int
	Value  json.RawMessage
}

// SimsObject decodes a "sims" object, {"0": {...}, "1": {...}}, the
// simulations of a multi-run as GridCellsCond's generate_mult_input_params
// and Golgi's specs give them, into its entries sorted by sim_num. It is
// an error if data is not a non-empty object, a key is not a sim_num
// (SimNumKey), a value is not an object, or there are more than MaxSims
// entries; name identifies data in errors. The keys of each entry are the
// family's to check.
func SimsObject(data []byte, name string) ([]SimEntry, error) {
	members, err := Members(data, name)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return nil, &Error{File: name, Key: "sims", Msg: "no simulations: want {\"0\": {overrides}, ...}"}
	}
	if len(members) > MaxSims {
		return nil, &Error{File: name, Key: "sims", Msg: fmt.Sprintf("%d simulations, at most %d", len(members), MaxSims)}
	}
	out := make([]SimEntry, len(members))
	for i, m := range members {
		n, ok := SimNumKey(m.Key)
		if !ok {
			return nil, &Error{File: name, Line: m.Line, Col: m.Col, Key: "sims",
				Msg: fmt.Sprintf("%q is not a sim_num: want a non-negative integer without sign or leading zeros, as \"0\", \"1\"", m.Key)}
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(m.Value, &obj) != nil || obj == nil {
			return nil, &Error{File: name, Line: m.Line, Col: m.Col, Key: "sims", Msg: fmt.Sprintf("sim %s: want an object of overrides", m.Key)}
		}
		out[i] = SimEntry{SimNum: n, Value: m.Value}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].SimNum < out[b].SimNum })
	return out, nil
}

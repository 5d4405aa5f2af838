package gridcells

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/spec"
)

// ModelName is the value of a spec's "model" key that selects this model
// family in Golgi's command line.
const ModelName = "gridcellscond"

// Sim is one simulation of a spec: its sim_num and its parameters.
type Sim struct {
	SimNum int
	Model  ModelParams
	Sim    SimParams
	// Swept holds the keys a Golgi sweep set for this simulation.
	Swept map[string]json.RawMessage
}

// ParseSpec expands a GridCellsCond spec into its simulations. A spec is
// a JSON object of the original's parameter keys (those of
// default_model_params.json and default_sim_params.json, with their
// meaning) and these control keys:
//
//   - "model": "gridcellscond" (optional here; golgi run needs it).
//   - "comment": free text.
//   - "sims": {"0": {...}, "1": {...}}: the simulations, as the original's
//     generate_mult_input_params returns them: each object overrides the
//     top-level keys for that sim_num (the key; an inner sim_num must
//     equal it, as the original requires).
//   - "sweep": "product" or "zip": Golgi's sweeps. A key given a list of
//     values where its default is a single value (a list of lists where
//     the default is a list, such as stell_const_dc) is swept: "product"
//     (the default when a key is swept) runs every combination, the last
//     swept key in the file varying fastest; "zip" takes the i-th value
//     of every swept key in simulation i. sim_nums are 0, 1, ...
//
// Without "sims" or a swept key the spec is one simulation, numbered by
// its sim_num key (0 by default). Every key is checked as Update checks
// it; errors name the sim_num and the key.
func ParseSpec(data []byte) ([]Sim, error) {
	return ParseSpecOverride(data, nil)
}

// ParseSpecOverride is ParseSpec with override, a JSON object of
// parameter keys (or nil), applied to every simulation last: over the
// top level, the sweep and the sims' own values (golgi run --set).
func ParseSpecOverride(data, override []byte) ([]Sim, error) {
	keys, obj, err := orderedObject(data)
	if err != nil {
		return nil, fmt.Errorf("gridcells spec: %w", err)
	}
	base := map[string]json.RawMessage{}
	var baseKeys []string
	var sims []spec.SimEntry
	mode := ""
	for _, k := range keys {
		raw := obj[k]
		switch k {
		case "model":
			var name string
			if err := json.Unmarshal(raw, &name); err != nil || name != ModelName {
				return nil, fmt.Errorf("gridcells spec: \"model\" is %s, want %q", raw, ModelName)
			}
		case "comment":
		case "sims":
			var err error
			if sims, err = spec.SimsObject(raw, ""); err != nil {
				return nil, fmt.Errorf("gridcells spec: \"sims\" must be a non-empty object of simulations keyed by sim_num (\"0\", \"1\", ...): %w", err)
			}
		case "sweep":
			if err := json.Unmarshal(raw, &mode); err != nil || (mode != "product" && mode != "zip") {
				return nil, fmt.Errorf("gridcells spec: \"sweep\" is %s, want \"product\" or \"zip\"", raw)
			}
		default:
			base[k] = raw
			baseKeys = append(baseKeys, k)
		}
	}
	// The keys swept by Golgi's syntax.
	var swept []string
	values := map[string][]json.RawMessage{}
	for _, k := range baseKeys {
		vs, ok, err := sweepValues(k, base[k])
		if err != nil {
			return nil, err
		}
		if ok {
			swept = append(swept, k)
			values[k] = vs
			delete(base, k)
		}
	}
	if len(swept) > 0 && sims != nil {
		return nil, fmt.Errorf("gridcells spec: swept keys (%s) and \"sims\" cannot be combined", strings.Join(swept, ", "))
	}
	if mode != "" && len(swept) == 0 {
		return nil, fmt.Errorf("gridcells spec: \"sweep\": %q, but no key has a list of values", mode)
	}
	baseJSON, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	one := func(simNum int, layers ...[]byte) (Sim, error) {
		m, s, err := defaults()
		if err != nil {
			return Sim{}, err
		}
		for _, l := range append(layers, override) {
			if l == nil {
				continue
			}
			if err := Update(&m, &s, l); err != nil {
				return Sim{}, err
			}
		}
		return Sim{SimNum: simNum, Model: m, Sim: s}, nil
	}
	switch {
	case sims != nil:
		out := make([]Sim, 0, len(sims))
		for _, e := range sims {
			n := e.SimNum
			sm, err := one(n, baseJSON, e.Value)
			if err != nil {
				return nil, fmt.Errorf("sim_num %d: %w", n, err)
			}
			if sm.Sim.SimNum != n {
				var inner map[string]json.RawMessage
				_ = json.Unmarshal(e.Value, &inner)
				if _, set := inner["sim_num"]; set {
					return nil, fmt.Errorf("gridcells spec: sims key %q holds sim_num %d; the original requires them equal", strconv.Itoa(n), sm.Sim.SimNum)
				}
				sm.Sim.SimNum = n
			}
			out = append(out, sm)
		}
		return out, nil
	case len(swept) > 0:
		lengths := make([]int, len(swept))
		for j, k := range swept {
			lengths[j] = len(values[k])
		}
		n, err := spec.SweepSize(mode, lengths)
		var se *spec.SweepError
		if errors.As(err, &se) && se.List >= 0 && mode == spec.Zip {
			return nil, fmt.Errorf("gridcells spec: \"sweep\": \"zip\" needs lists of equal length: %q has %d values, %q has %d", swept[0], lengths[0], swept[se.List], lengths[se.List])
		}
		if err != nil {
			return nil, fmt.Errorf("gridcells spec: %w", err)
		}
		out := make([]Sim, 0, n)
		c := make([]int, len(swept))
		for i := range n {
			spec.SweepIndices(mode, lengths, i, c)
			layer := map[string]json.RawMessage{}
			for j, k := range swept {
				layer[k] = values[k][c[j]]
			}
			lj, _ := json.Marshal(layer)
			sm, err := one(i, baseJSON, lj)
			if err != nil {
				return nil, fmt.Errorf("sim_num %d: %w", i, err)
			}
			sm.Sim.SimNum = i
			sm.Swept = layer
			out = append(out, sm)
		}
		return out, nil
	}
	sm, err := one(0, baseJSON)
	if err != nil {
		return nil, err
	}
	sm.SimNum = sm.Sim.SimNum
	if sm.SimNum < 0 {
		return nil, fmt.Errorf("gridcells spec: sim_num = %d, want >= 0", sm.SimNum)
	}
	return []Sim{sm}, nil
}

// sweepValues reports whether raw sweeps key: a JSON list where the
// key's default is not a list, or a list of lists where it is one.
func sweepValues(key string, raw json.RawMessage) ([]json.RawMessage, bool, error) {
	ix, ok := keyIndex[key]
	if !ok {
		return nil, false, fmt.Errorf("gridcells parameters: invalid input param %q (unknown key; the closest known key is %q)", key, spec.Closest(key, Keys()))
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '[' {
		return nil, false, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, false, fmt.Errorf("gridcells parameters: key %q: %w", key, err)
	}
	var typ reflect.Type
	if ix[0] == 0 {
		typ = reflect.TypeOf(ModelParams{}).Field(ix[1]).Type
	} else {
		typ = reflect.TypeOf(SimParams{}).Field(ix[1]).Type
	}
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Float64, reflect.Int, reflect.Int64, reflect.Bool, reflect.String:
		if len(list) == 0 {
			return nil, false, fmt.Errorf("gridcells spec: key %q sweeps an empty list of values", key)
		}
		return list, true, nil
	case reflect.Slice:
		if typ.Elem().Kind() == reflect.Uint8 {
			return nil, false, nil // free-form keys (split_sim, extra_params, ...) are values
		}
	default:
		return nil, false, nil // structured keys (si_mean, record handles) are values
	}
	// A list-valued key sweeps only a list of lists.
	for _, v := range list {
		if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '[' {
			return nil, false, nil
		}
	}
	if len(list) == 0 {
		return nil, false, nil
	}
	return list, true, nil
}

// orderedObject decodes a JSON object, returning its keys in file order;
// a repeated key is an error.
func orderedObject(data []byte) ([]string, map[string]json.RawMessage, error) {
	members, err := spec.Members(data, "")
	if err != nil {
		return nil, nil, err
	}
	keys := make([]string, len(members))
	obj := make(map[string]json.RawMessage, len(members))
	for i, m := range members {
		keys[i] = m.Key
		obj[m.Key] = m.Value
	}
	return keys, obj, nil
}

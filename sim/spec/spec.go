package spec

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/rng"
)

// SeedPurpose is the purpose under which the seed of each simulation of a
// spec is derived from the base seed:
//
//	Seed = rng.Key(seed, SeedPurpose, sim_num, 0)
//
// It is distinct from the purposes the engine uses inside a simulation.
const SeedPurpose uint64 = 0x53504543 // "SPEC"

// MaxSims is the largest number of simulations a spec may expand to.
const MaxSims = 1 << 20

// Sweep modes.
const (
	// Product expands sweep lists as a cartesian product, the last key
	// (in the order of the model's Set) varying fastest.
	Product = "product"
	// Zip takes the i-th value of every list for simulation i; the lists
	// must have the same length.
	Zip = "zip"
)

// controlOrder lists the keys of a spec that are not parameters.
var controlOrder = []string{"model", "sweep", "seed_per_sim", "sims", "sim_num", "swept", "comment"}

// controlKeys is controlOrder as a set.
var controlKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range controlOrder {
		m[k] = true
	}
	return m
}()

// Spec is a parsed spec file: a model, overrides of its defaults, and lists
// to sweep or explicit simulations.
type Spec struct {
	name       string // the name given to Parse (the path, for Load)
	sweep      string // Product or Zip
	seedPerSim bool

	set    *Set
	base   Params      // defaults with the scalar overrides
	lists  []sweepList // swept keys, in Set order
	sims   []simDef    // explicit simulations, by sim_num
	simNum int         // the sim_num of a spec of one simulation
	swept  []string    // the "swept" control key, in Set order
	n      int         // number of simulations
	over   []simDef    // Override's keys, set in every simulation last
}

type sweepList struct {
	key  string
	vals []any
}

type simDef struct {
	num  int
	keys []string
	vals []any
}

// Load reads and parses the spec file at path.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return Parse(data, path)
}

// Parse parses a spec. name identifies it in error messages (usually the
// file's path). Every problem of the spec is reported as an *Error: JSON
// syntax with its line and column, an unknown model or key with the
// closest known one, a value of the wrong type or out of range with what
// was expected, lists of unequal length under "zip", an empty list.
func Parse(data []byte, name string) (*Spec, error) {
	src := &source{name: name, data: data}
	root, err := src.parseTree()
	if err != nil {
		return nil, err
	}
	if root.kind != kObject {
		return nil, src.errAt(root.off, "", "got %s, want a JSON object such as {\"model\": \"coba\"}", root.describe())
	}
	s := &Spec{name: name, sweep: Product, seedPerSim: true}
	mv, moff, ok := root.get("model")
	if !ok {
		return nil, src.errAt(root.off, "", "no \"model\" key: want one of %s", quoteList(Models()))
	}
	if mv.kind != kString {
		return nil, src.errAt(mv.off, "model", "got %s, want one of %s", mv.describe(), quoteList(Models()))
	}
	set, err := lookupSet(mv.str)
	if err != nil {
		if loadRegistry() != nil {
			return nil, err
		}
		msg := fmt.Sprintf("unknown model %q", mv.str)
		if c := Closest(mv.str, registry.models); c != "" {
			msg += fmt.Sprintf("; did you mean %q?", c)
		}
		return nil, src.errAt(moff, "model", "%s (models: %s)", msg, strings.Join(registry.models, ", "))
	}
	s.set = set
	s.base = newParams(set)
	var simsNode, sweptNode, simNumNode *node
	lists := map[string][]any{}
	for i, key := range root.keys {
		v, koff := root.vals[i], root.koffs[i]
		switch key {
		case "model":
		case "comment":
			if v.kind != kString {
				return nil, src.errAt(v.off, key, "got %s, want a string", v.describe())
			}
		case "sweep":
			if v.kind != kString || (v.str != Product && v.str != Zip) {
				return nil, src.errAt(v.off, key, "got %s, want \"product\" or \"zip\"", v.describe())
			}
			s.sweep = v.str
		case "seed_per_sim":
			if v.kind != kBool {
				return nil, src.errAt(v.off, key, "got %s, want true or false", v.describe())
			}
			s.seedPerSim = v.b
		case "sims":
			simsNode = v
		case "swept":
			sweptNode = v
		case "sim_num":
			simNumNode = v
		default:
			k, err := s.lookupKey(src, key, koff)
			if err != nil {
				return nil, err
			}
			if v.kind == kArray && k.Type.scalar() {
				vals, err := decodeList(src, k, v)
				if err != nil {
					return nil, err
				}
				lists[key] = vals
			} else {
				val, msg := k.decode(v)
				if msg != "" {
					return nil, src.errAt(v.off, key, "%s", msg)
				}
				s.base.set(key, val)
			}
		}
	}
	for _, k := range set.Keys {
		if vals, ok := lists[k.Name]; ok {
			s.lists = append(s.lists, sweepList{key: k.Name, vals: vals})
		}
	}
	switch {
	case simsNode != nil:
		if len(s.lists) > 0 {
			_, off, _ := root.get(s.lists[0].key)
			return nil, src.errAt(off, s.lists[0].key, "a list (sweep) cannot be combined with \"sims\"; give the values in each sim")
		}
		if err := s.parseSims(src, simsNode); err != nil {
			return nil, err
		}
	default:
		n, err := SweepSize(s.sweep, s.listLengths())
		var se *SweepError
		switch {
		case errors.As(err, &se) && se.List >= 0 && s.sweep == Zip:
			l := s.lists[se.List]
			_, off, _ := root.get(l.key)
			return nil, src.errAt(off, l.key, "sweep \"zip\" needs lists of equal length: %q has %d values, %q has %d",
				s.lists[0].key, len(s.lists[0].vals), l.key, len(l.vals))
		case errors.As(err, &se) && se.List >= 0:
			l := s.lists[se.List]
			_, off, _ := root.get(l.key)
			return nil, src.errAt(off, l.key, "%s", se.Msg)
		case err != nil:
			return nil, src.errAt(root.off, "", "%v", err)
		}
		s.n = n
	}
	if simNumNode != nil || sweptNode != nil {
		if len(s.lists) > 0 || simsNode != nil {
			key, v := "sim_num", simNumNode
			if v == nil {
				key, v = "swept", sweptNode
			}
			return nil, src.errAt(v.off, key, "only a spec of one simulation (no lists, no \"sims\") may give %q", key)
		}
	}
	if simNumNode != nil {
		n, msg := decodeSimNum(simNumNode)
		if msg != "" {
			return nil, src.errAt(simNumNode.off, "sim_num", "%s", msg)
		}
		s.simNum = n
	}
	if sweptNode != nil {
		if err := s.parseSwept(src, sweptNode); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// listLengths returns the lengths of the spec's sweep lists.
func (s *Spec) listLengths() []int {
	out := make([]int, len(s.lists))
	for i, l := range s.lists {
		out[i] = len(l.vals)
	}
	return out
}

// Override sets parameters in every simulation of the spec, over its
// defaults, lists and "sims": data is a JSON object of the model's keys
// with one value each (golgi run --set). name identifies data in errors.
// An unknown key is an error naming the closest known key; control keys
// (model, sims, sim_num, ...) cannot be overridden.
func (s *Spec) Override(data []byte, name string) error {
	src := &source{name: name, data: data}
	root, err := src.parseTree()
	if err != nil {
		return err
	}
	if root.kind != kObject {
		return src.errAt(root.off, "", "got %s, want a JSON object of parameters", root.describe())
	}
	var o simDef
	for i, key := range root.keys {
		v, koff := root.vals[i], root.koffs[i]
		for _, c := range controlOrder {
			if key == c {
				return src.errAt(koff, key, "%q is not a parameter: give it in the spec", key)
			}
		}
		k, err := s.lookupKey(src, key, koff)
		if err != nil {
			return err
		}
		val, msg := k.decode(v)
		if msg != "" {
			return src.errAt(v.off, key, "%s", msg)
		}
		o.keys = append(o.keys, key)
		o.vals = append(o.vals, val)
	}
	s.over = append(s.over, o)
	return nil
}

// lookupKey returns the definition of a parameter key, or an error naming
// the closest known key.
func (s *Spec) lookupKey(src *source, key string, off int) (*Key, error) {
	if k, ok := s.set.Key(key); ok {
		return k, nil
	}
	cands := append(s.set.Names(), controlOrder...)
	return nil, src.errAt(off, key, "unknown key for model %s; did you mean %q? (`golgi spec show %s` lists the keys)",
		s.set.Model, Closest(key, cands), s.set.Model)
}

// decodeList decodes the values of a sweep list.
func decodeList(src *source, k *Key, v *node) ([]any, error) {
	if len(v.elems) == 0 {
		return nil, src.errAt(v.off, k.Name, "empty list: a sweep needs at least one value")
	}
	if len(v.elems) > MaxSims {
		return nil, src.errAt(v.off, k.Name, "%d values, at most %d", len(v.elems), MaxSims)
	}
	vals := make([]any, len(v.elems))
	for j, e := range v.elems {
		val, msg := k.decode(e)
		if msg != "" {
			return nil, src.errAt(e.off, k.Name, "sweep value %d: %s", j, msg)
		}
		vals[j] = val
	}
	return vals, nil
}

// decodeSimNum decodes a sim_num value.
func decodeSimNum(v *node) (int, string) {
	if v.kind == kNumber {
		if n, err := strconv.ParseInt(string(v.num), 10, 64); err == nil && n >= 0 && n <= MaxSimNum {
			return int(n), ""
		}
	}
	return 0, fmt.Sprintf("got %s, want an integer from 0 to %d", v.describe(), MaxSimNum)
}

// parseSims reads {"0": {...}, "1": {...}}.
func (s *Spec) parseSims(src *source, v *node) error {
	if v.kind != kObject {
		return src.errAt(v.off, "sims", "got %s, want an object {\"0\": {overrides}, \"1\": {...}}", v.describe())
	}
	if len(v.keys) == 0 {
		return src.errAt(v.off, "sims", "no simulations: want {\"0\": {overrides}, ...}")
	}
	if len(v.keys) > MaxSims {
		return src.errAt(v.off, "sims", "%d simulations, at most %d", len(v.keys), MaxSims)
	}
	for i, numKey := range v.keys {
		n, ok := SimNumKey(numKey)
		if !ok {
			return src.errAt(v.koffs[i], "sims", "%q is not a sim_num: want a non-negative integer without sign or leading zeros, as \"0\", \"1\"", numKey)
		}
		e := v.vals[i]
		if e.kind != kObject {
			return src.errAt(e.off, "sims", "sim %s: got %s, want an object of overrides", numKey, e.describe())
		}
		d := simDef{num: n}
		for j, key := range e.keys {
			if key == "comment" {
				if e.vals[j].kind != kString {
					return src.errAt(e.vals[j].off, key, "sim %s: got %s, want a string", numKey, e.vals[j].describe())
				}
				continue
			}
			if _, ctl := controlKeys[key]; ctl {
				return src.errAt(e.koffs[j], key, "sim %s: %q applies to the whole spec, give it at the top level", numKey, key)
			}
			k, err := s.lookupKey(src, key, e.koffs[j])
			if err != nil {
				return err
			}
			val, msg := k.decode(e.vals[j])
			if msg != "" {
				if e.vals[j].kind == kArray && k.Type.scalar() {
					msg += "; lists (sweeps) are not expanded inside \"sims\""
				}
				return src.errAt(e.vals[j].off, key, "sim %s: %s", numKey, msg)
			}
			d.keys = append(d.keys, key)
			d.vals = append(d.vals, val)
		}
		s.sims = append(s.sims, d)
	}
	sort.Slice(s.sims, func(a, b int) bool { return s.sims[a].num < s.sims[b].num })
	s.n = len(s.sims)
	return nil
}

// parseSwept reads the "swept" list of key names.
func (s *Spec) parseSwept(src *source, v *node) error {
	if v.kind != kArray {
		return src.errAt(v.off, "swept", "got %s, want a list of key names", v.describe())
	}
	seen := map[string]bool{}
	for _, e := range v.elems {
		if e.kind != kString {
			return src.errAt(e.off, "swept", "got %s, want a key name", e.describe())
		}
		if _, err := s.lookupKey(src, e.str, e.off); err != nil {
			return err
		}
		if seen[e.str] {
			return src.errAt(e.off, "swept", "%q named twice", e.str)
		}
		seen[e.str] = true
	}
	for _, k := range s.set.Keys {
		if seen[k.Name] {
			s.swept = append(s.swept, k.Name)
		}
	}
	return nil
}

// Name returns the name the spec was parsed under (the path, for Load).
func (s *Spec) Name() string { return s.name }

// Model returns the spec's model.
func (s *Spec) Model() string { return s.set.Model }

// Sweep returns how the spec's lists expand: Product or Zip.
func (s *Spec) Sweep() string { return s.sweep }

// SeedPerSim reports whether each simulation derives its own seed (the
// default) rather than using the base seed.
func (s *Spec) SeedPerSim() bool { return s.seedPerSim }

// Defaults returns a copy of the parameter set of the spec's model.
func (s *Spec) Defaults() *Set { return s.set.clone() }

// NumSims returns the number of simulations the spec expands to.
func (s *Spec) NumSims() int { return s.n }

// SweptKeys returns the keys that vary between the simulations, in the
// order of the model's Set: the keys given as lists, the keys given in
// "sims", or the keys named by "swept".
func (s *Spec) SweptKeys() []string {
	switch {
	case len(s.lists) > 0:
		k := make([]string, len(s.lists))
		for i, l := range s.lists {
			k[i] = l.key
		}
		return k
	case s.sims != nil:
		in := map[string]bool{}
		for _, d := range s.sims {
			for _, k := range d.keys {
				in[k] = true
			}
		}
		var keys []string
		for _, k := range s.set.Keys {
			if in[k.Name] {
				keys = append(keys, k.Name)
			}
		}
		return keys
	}
	return append([]string{}, s.swept...)
}

// Sim is one simulation of a spec: its number, its seed and every
// parameter.
type Sim struct {
	Model  string
	SimNum int
	// Seed is the seed the network is built with: rng.Key(seed,
	// SeedPurpose, SimNum, 0), or the "seed" parameter itself when
	// SeedPerSim is false.
	Seed       uint64
	SeedPerSim bool
	// Params holds every key of the model's Set, defaults filled in, in
	// the Set's order; "seed" is the base seed.
	Params Params
	// Swept lists the swept keys with this simulation's values, in the
	// Set's order (see Spec.SweptKeys).
	Swept []Param
}

// Sims expands the spec into its simulations, numbered 0..n-1 for sweeps
// (see the package documentation for the order), by the given sim_num for
// "sims". Each simulation is checked as a whole (for example vr_mV below
// vt_mV); a problem is an *Error naming the sim_num and the keys.
func (s *Spec) Sims() ([]Sim, error) {
	swept := s.SweptKeys()
	out := make([]Sim, 0, s.n)
	lengths := s.listLengths()
	idx := make([]int, len(lengths))
	for i := 0; i < s.n; i++ {
		p := s.base.clone()
		num := i
		switch {
		case s.sims != nil:
			d := s.sims[i]
			num = d.num
			for j, k := range d.keys {
				p.set(k, d.vals[j])
			}
		case len(s.lists) > 0:
			SweepIndices(s.sweep, lengths, i, idx)
			for j, l := range s.lists {
				p.set(l.key, l.vals[idx[j]])
			}
		default:
			num = s.simNum
		}
		for _, o := range s.over {
			for j, k := range o.keys {
				p.set(k, o.vals[j])
			}
		}
		sm, err := newSim(s.set, num, s.seedPerSim, p, swept)
		if err != nil {
			if e, ok := err.(*Error); ok {
				e.File = s.name
			}
			return nil, err
		}
		out = append(out, sm)
	}
	return out, nil
}

// newSim completes a simulation: its seed, swept values and whole-set
// checks.
func newSim(set *Set, num int, seedPerSim bool, p Params, swept []string) (Sim, error) {
	sm := Sim{Model: set.Model, SimNum: num, SeedPerSim: seedPerSim, Params: p}
	base, err := p.Uint("seed")
	if err != nil {
		return Sim{}, &Error{Key: "seed", Msg: err.Error()}
	}
	sm.Seed = base
	if seedPerSim {
		sm.Seed = rng.Key(base, SeedPurpose, uint64(num), 0)
	}
	for _, k := range swept {
		q, _ := p.Get(k)
		sm.Swept = append(sm.Swept, q)
	}
	if err := checkSim(set, sm); err != nil {
		return Sim{}, err
	}
	return sm, nil
}

// checkSim checks every value against its key, then the model's rules
// across keys.
func checkSim(set *Set, sm Sim) error {
	if sm.Params.Len() != len(set.Keys) {
		return &Error{Msg: fmt.Sprintf("sim_num %d: %d parameters, model %s has %d keys", sm.SimNum, sm.Params.Len(), set.Model, len(set.Keys))}
	}
	for i := range set.Keys {
		k := &set.Keys[i]
		q := sm.Params.list[i]
		if q.Key != k.Name {
			return &Error{Key: q.Key, Msg: fmt.Sprintf("sim_num %d: parameter %d is %q, want %q", sm.SimNum, i, q.Key, k.Name)}
		}
		if msg := k.checkValue(q.Value); msg != "" {
			return &Error{Key: k.Name, Msg: fmt.Sprintf("sim_num %d: %s", sm.SimNum, msg)}
		}
	}
	if err := checkModel(set.Model, sm.Params); err != nil {
		err.Msg = fmt.Sprintf("sim_num %d: %s", sm.SimNum, err.Msg)
		return err
	}
	return nil
}

// JSON returns the simulation as a canonical spec: one key per line in a
// fixed order (model, sim_num, seed_per_sim, swept if any, then every
// parameter in the Set's order), numbers in their shortest exact form.
// Parsing it gives back the same Sim, so it is what is stored with results.
func (sm Sim) JSON() []byte {
	var b strings.Builder
	b.WriteString("{\n")
	fmt.Fprintf(&b, "  \"model\": %s,\n", quoteJSON(sm.Model))
	fmt.Fprintf(&b, "  \"sim_num\": %d,\n", sm.SimNum)
	fmt.Fprintf(&b, "  \"seed_per_sim\": %t", sm.SeedPerSim)
	if len(sm.Swept) > 0 {
		names := make([]string, len(sm.Swept))
		for i, q := range sm.Swept {
			names[i] = q.Key
		}
		fmt.Fprintf(&b, ",\n  \"swept\": %s", formatValue(names))
	}
	for _, q := range sm.Params.list {
		fmt.Fprintf(&b, ",\n  %s: %s", quoteJSON(q.Key), formatValue(q.Value))
	}
	b.WriteString("\n}\n")
	return []byte(b.String())
}

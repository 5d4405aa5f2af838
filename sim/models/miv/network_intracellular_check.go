package miv

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
)

// checkProfile checks profile name before anything is built (what the
// configuration's validation checks too, for a configuration changed
// in memory, and what needs the run's step dtMs): the sampling interval
// a whole number of steps of at least one, every quantity's SWC types,
// synapse types, layers and sources defined, one loc in [0, 1] per SWC
// type (or none: 0.5), a variable given, no two quantities storing
// under one data_id. It returns the steps between samples.
func (n *Network) checkProfile(name string, p RecordingProfile) (int64, error) {
	cfg := n.Config
	key := "Recording.Intracellular." + name
	if !(p.Fraction >= 0 && p.Fraction <= 1) {
		return 0, fmt.Errorf("miv: %s.fraction %g: want a value in (0, 1] (0: 1)", key, p.Fraction)
	}
	if p.Limit < 0 {
		return 0, fmt.Errorf("miv: %s.limit %d: want >= 0 (0: no limit)", key, p.Limit)
	}
	dt := p.DtMs
	if dt == 0 {
		dt = n.DtMs
	}
	if !(dt >= n.DtMs*(1-1e-9)) {
		return 0, fmt.Errorf("miv: %s.dt %g ms: below the step of %g ms (absent: every step)", key, p.DtMs, n.DtMs)
	}
	every := math.Round(dt / n.DtMs)
	if every < 1 || math.Abs(every*n.DtMs-dt) > 1e-9*dt {
		return 0, fmt.Errorf("miv: %s.dt %g ms: not a whole number of steps of %g ms", key, p.DtMs, n.DtMs)
	}
	member := func(k, what, v string, table []string) error {
		if !slices.Contains(table, v) {
			return fmt.Errorf("miv: %s.%s: %s %q is not defined (%s)", key, k, what, v, strings.Join(table, ", "))
		}
		return nil
	}
	ids := map[string]string{} // data_id -> key
	claim := func(k, id string) error {
		if id == "spikes" {
			return fmt.Errorf("miv: %s.%s: stores as data_id %q, which the spikes take", key, k, id)
		}
		if o, ok := ids[id]; ok {
			return fmt.Errorf("miv: %s.%s: stores as data_id %q, as %s does", key, k, id, o)
		}
		ids[id] = k
		return nil
	}
	swcs := cfg.Definitions.SWCTypes.Names()
	for _, it := range p.SectionQuantity {
		q := it.Value
		k := "section quantity." + it.Name
		if q.variable(it.Name) == "" {
			return 0, fmt.Errorf("miv: %s.%s: no variable", key, k)
		}
		if len(q.SWCTypes) == 0 {
			return 0, fmt.Errorf("miv: %s.%s.swc types: none given (MiV needs the section types to record)", key, k)
		}
		for i, s := range q.SWCTypes {
			if err := member(k+".swc types", "SWC type", s, swcs); err != nil {
				return 0, err
			}
			if slices.Contains(q.SWCTypes[:i], s) {
				return 0, fmt.Errorf("miv: %s.%s.swc types: %s listed twice", key, k, s)
			}
		}
		if len(q.Loc) != 0 && len(q.Loc) != len(q.SWCTypes) {
			return 0, fmt.Errorf("miv: %s.%s.loc: %d values for %d swc types: give one per swc type (MiV pairs them) or none (0.5)", key, k, len(q.Loc), len(q.SWCTypes))
		}
		for _, x := range q.Loc {
			if !(x >= 0 && x <= 1) {
				return 0, fmt.Errorf("miv: %s.%s.loc %g: want a location in [0, 1]", key, k, x)
			}
		}
		if it.Name == "t" {
			return 0, fmt.Errorf("miv: %s.%s: the label t is the times of MiV's Intracellular namespaces: give the quantity another label and variable: t", key, k)
		}
		if v := q.variable(it.Name); !knownSectionVariable(v) {
			return 0, fmt.Errorf("miv: %s.%s: variable %q: no mechanism has it (v, i_membrane, an ion variable such as cai or ena, or name_mechanism of a mechanism Golgi links)", key, k, v)
		}
		if err := claim(k, dataIDOf(it.Name, false)); err != nil {
			return 0, err
		}
	}
	for _, it := range p.SynapticQuantity {
		q := it.Value
		k := "synaptic quantity." + it.Name
		for _, c := range []struct {
			key, what string
			vals      []string
			table     []string
		}{
			{"syn types", "synapse type", q.SynTypes, cfg.Definitions.SynapseTypes.Names()},
			{"swc types", "SWC type", q.SWCTypes, swcs},
			{"layers", "layer", q.Layers, cfg.Definitions.Layers.Names()},
			{"sources", "population", q.Sources, cfg.Definitions.Populations.Names()},
		} {
			for _, v := range c.vals {
				if err := member(k+"."+c.key, c.what, v, c.table); err != nil {
					return 0, err
				}
			}
		}
		if it.Name == "t" {
			return 0, fmt.Errorf("miv: %s.%s: the label t is the times of MiV's Intracellular namespaces", key, k)
		}
		if !cfg.knownSynapticVariable(it.Name) {
			return 0, fmt.Errorf("miv: %s.%s: variable %q: no point process of Connection Generator.Synapse Mechanisms has it", key, k, it.Name)
		}
		if err := claim(k, dataIDOf(it.Name, true)); err != nil {
			return 0, err
		}
	}
	return int64(every), nil
}

// mechanismsNamed returns an instance-less mechanism of each
// registration of name (every mechanism set that has it).
func mechanismsNamed(name string) []mech.Mechanism {
	var out []mech.Mechanism
	for _, set := range mech.Sets(name) {
		if m, err := mech.NewIn([]string{set}, name, 0); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// knownSectionVariable reports whether some mechanism Golgi links could
// give a section quantity's variable: v, the membrane current, an ion's
// variable (e, i, o, current) of an ion some mechanism uses, or
// name_mechanism of a mechanism with that variable. Whether the
// recorded sections have it is for the probes to say.
func knownSectionVariable(v string) bool {
	switch v {
	case "v", "i_membrane", "i_membrane_":
		return true
	}
	for _, name := range mech.Names() {
		if base, ok := strings.CutSuffix(v, "_"+name); ok {
			for _, m := range mechanismsNamed(name) {
				if slices.Contains(m.Vars(), base) {
					return true
				}
			}
		}
	}
	for _, name := range mech.Names() {
		for _, m := range mechanismsNamed(name) {
			for _, u := range m.Ions() {
				if v == "e"+u.Name || v == u.Name+"i" || v == u.Name+"o" || v == "i"+u.Name {
					return true
				}
			}
		}
	}
	return false
}

// knownSynapticVariable reports whether a point process of Connection
// Generator.Synapse Mechanisms has variable v.
func (c *Config) knownSynapticVariable(v string) bool {
	for _, it := range c.ConnectionGenerator.SynapseMechanisms {
		for _, m := range mechanismsNamed(it.Value) {
			if slices.Contains(m.Vars(), v) {
				return true
			}
		}
	}
	return false
}

// dataIDOf is the data_id of the traces of a quantity's label: the
// label (characters other than letters, digits, - and _ as _), prefixed
// synaptic_ for a synaptic quantity.
func dataIDOf(label string, synaptic bool) string {
	id := strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, label)
	if synaptic {
		id = "synaptic_" + id
	}
	return id
}

package morph

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
)

// Insert puts an NMODL density mechanism (package sim/mech: a translated
// .mod file, a native mechanism or pas, by its registered SUFFIX name) in
// every segment of the selected sections, as NEURON's insert. Params set
// its RANGE parameters by the names of the .mod file (gNaTs2_tbar, not
// gNaTs2_tbar_NaTs2_t; pas has g and e); ParamsAt, if set, gives
// parameters per segment (distance rules) and is applied after Params. A
// later Insert of the same mechanism on a section changes its parameters
// there, as a second insert and assignment in hoc would.
//
// Cells with Inserts, IonValues or PointProcesses are stepped by a
// CellGroup.
type Insert struct {
	Mech     string
	Where    Where
	Params   map[string]float64
	ParamsAt func(seg Segment) (map[string]float64, error)
	// CallsAt, if set, gives per segment calls of the mechanism's own
	// procedures, made on the segment's instance when the group is built
	// (hoc's setdata_StochKv3(x) setRNG_StochKv3(...)): the mechanism
	// must implement MechanismCaller.
	CallsAt func(seg Segment) []MechanismCall
}

// MechanismCall is a call of one of a mechanism's procedures on one
// instance, such as setRNG of a native stochastic channel.
type MechanismCall struct {
	Name string
	Args []float64
}

// MechanismCaller is a mechanism whose procedures can be called by name
// on an instance (MechanismCall).
type MechanismCaller interface {
	CallProcedure(k int, name string, args []float64) error
}

// IonValue sets an ion variable in the segments of the selected sections,
// as hoc's `forsec somatic { ena = 50 }`: Name is e<ion> (mV), <ion>i or
// <ion>o (mM), for example "ena", "ek", "cai", "cao". A reversal
// potential stays as set unless a mechanism in the segment writes the
// ion's concentration (then it follows the Nernst equation every step) or
// reads it without one writing the potential (then it is the Nernst
// potential at initialisation): NEURON's ion_style. A concentration is
// the initial one.
type IonValue struct {
	Where Where
	Name  string
	Value float64
}

// PointProcess is an NMODL point process (a POINT_PROCESS of sim/mech:
// ProbAMPANMDA_EMS, Exp2Syn as translated, IClamp-like mechanisms) at a
// location, as NEURON's `new Exp2Syn(x)`: it sits on the node of the
// segment containing At.X (or the end node at x = 0 or 1). Name
// identifies it in its cell (CellGroup.PointProcess); Params set its
// parameters.
type PointProcess struct {
	Name   string
	Mech   string
	At     Location
	Params map[string]float64
}

// ionVar splits an ion variable name: "ena" -> ("na", 'e'), "cai" ->
// ("ca", 'i'), "cao" -> ("ca", 'o').
func ionVar(name string) (ion string, kind byte, ok bool) {
	switch {
	case len(name) > 1 && name[0] == 'e':
		return name[1:], 'e', true
	case len(name) > 1 && (name[len(name)-1] == 'i' || name[len(name)-1] == 'o'):
		return name[:len(name)-1], name[len(name)-1], true
	}
	return "", 0, false
}

// checkNMODL checks the cell's Inserts, IonValues and PointProcesses
// against the mechanism registry and the morphology.
func (cp *Compartments) checkNMODL(name string) error {
	c := cp.Cell
	m := c.Morphology
	protos := mechPrototypes{sets: c.MechanismSets}
	for k, in := range c.Inserts {
		if err := protos.checkKind(in.Mech, mech.Density); err != nil {
			return fmt.Errorf("morph: %s: Inserts[%d]: %w", name, k, err)
		}
		if err := in.Where.check(m); err != nil {
			return fmt.Errorf("morph: %s: Inserts[%d] (%s): %w", name, k, in.Mech, err)
		}
		if err := protos.checkParams(in.Mech, in.Params); err != nil {
			return fmt.Errorf("morph: %s: Inserts[%d]: %w", name, k, err)
		}
	}
	for k, iv := range c.IonValues {
		if _, _, ok := ionVar(iv.Name); !ok {
			return fmt.Errorf("morph: %s: IonValues[%d]: %q is not an ion variable (e<ion>, <ion>i or <ion>o, e.g. ena, cai)", name, k, iv.Name)
		}
		if math.IsNaN(iv.Value) || math.IsInf(iv.Value, 0) {
			return fmt.Errorf("morph: %s: IonValues[%d]: %s = %g, want a finite value", name, k, iv.Name, iv.Value)
		}
		if err := iv.Where.check(m); err != nil {
			return fmt.Errorf("morph: %s: IonValues[%d] (%s): %w", name, k, iv.Name, err)
		}
	}
	seen := map[string]bool{}
	for k, pp := range c.PointProcesses {
		if pp.Name == "" {
			return fmt.Errorf("morph: %s: PointProcesses[%d] (%s at %v) has no name", name, k, pp.Mech, pp.At)
		}
		if seen[pp.Name] {
			return fmt.Errorf("morph: %s: two point processes named %q", name, pp.Name)
		}
		seen[pp.Name] = true
		if err := protos.checkKind(pp.Mech, mech.PointProcess); err != nil {
			return fmt.Errorf("morph: %s: point process %q: %w", name, pp.Name, err)
		}
		if _, err := cp.Node(pp.At); err != nil {
			return fmt.Errorf("morph: %s: point process %q: %w", name, pp.Name, err)
		}
		if err := protos.checkParams(pp.Mech, pp.Params); err != nil {
			return fmt.Errorf("morph: %s: point process %q: %w", name, pp.Name, err)
		}
	}
	return nil
}

// mechPrototypes makes one instance of each mechanism a cell names, for
// the checks (a cell of a circuit has a thousand synapses of two
// mechanisms).
type mechPrototypes struct {
	sets   []string
	protos map[string]mech.Mechanism
}

// get returns mechanism name's prototype (one instance).
func (mp *mechPrototypes) get(name string) (mech.Mechanism, error) {
	if m, ok := mp.protos[name]; ok {
		return m, nil
	}
	m, err := mech.NewIn(mp.sets, name, 1)
	if err != nil {
		return nil, err
	}
	if mp.protos == nil {
		mp.protos = map[string]mech.Mechanism{}
	}
	mp.protos[name] = m
	return m, nil
}

// checkKind returns an error if no mechanism of that name and kind is
// registered.
func (mp *mechPrototypes) checkKind(name string, kind mech.Kind) error {
	m, err := mp.get(name)
	if err != nil {
		return fmt.Errorf("%w (translate its .mod file with golgi nmodl and import the package)", err)
	}
	if m.Kind() != kind {
		want := "a density mechanism (SUFFIX)"
		if kind == mech.PointProcess {
			want = "a point process (POINT_PROCESS)"
		}
		return fmt.Errorf("mechanism %s is not %s", name, want)
	}
	return nil
}

// checkParams returns an error naming the parameters that the mechanism
// does not have, with its variables.
func (mp *mechPrototypes) checkParams(mechName string, params map[string]float64) error {
	if len(params) == 0 {
		return nil
	}
	m, err := mp.get(mechName)
	if err != nil {
		return err
	}
	return checkParamsOf(m, mechName, params)
}

// checkParamsOf returns an error naming the parameters that m (an
// instance of mechanism mechName) does not have, with its variables.
func checkParamsOf(m mech.Mechanism, mechName string, params map[string]float64) error {
	var bad []string
	for p, v := range params {
		if m.Var(p) == nil {
			bad = append(bad, p)
			continue
		}
		if err := mech.CheckLimit(m, p, v); err != nil {
			return err
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("mechanism %s has no variable %s (it has %s)", mechName, strings.Join(bad, ", "), strings.Join(m.Vars(), " "))
	}
	return nil
}

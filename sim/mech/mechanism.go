package mech

import (
	"fmt"
	"sort"
)

// Kind is what a mechanism is in NEURON's terms.
type Kind int

const (
	Density        Kind = iota // SUFFIX: currents in mA/cm2
	PointProcess               // POINT_PROCESS: currents in nA
	ArtificialCell             // ARTIFICIAL_CELL
)

// IonUse is a mechanism's USEION statement.
type IonUse struct {
	Name        string
	Read, Write []string
	Valence     float64 // 0: the ion's own
}

// WritesConc reports whether the mechanism writes the ion's inside or
// outside concentration.
func (u IonUse) WritesConc() bool {
	for _, w := range u.Write {
		if w == u.Name+"i" || w == u.Name+"o" {
			return true
		}
	}
	return false
}

// ReadsConc reports whether the mechanism reads the ion's inside or
// outside concentration.
func (u IonUse) ReadsConc() bool {
	for _, r := range u.Read {
		if r == u.Name+"i" || r == u.Name+"o" {
			return true
		}
	}
	return false
}

// WritesE reports whether the mechanism writes the reversal potential.
func (u IonUse) WritesE() bool {
	for _, w := range u.Write {
		if w == "e"+u.Name {
			return true
		}
	}
	return false
}

// Mechanism is a membrane mechanism over n instances (compartments or
// point processes), its variables in structure-of-arrays form. The
// translator generates one type per .mod file; native ones implement it
// by hand.
type Mechanism interface {
	// Name is the SUFFIX or POINT_PROCESS name.
	Name() string
	Kind() Kind
	// Ions lists the USEION statements.
	Ions() []IonUse
	// Len is the number of instances.
	Len() int
	// Init runs INITIAL (and sets each STATE to its x0) at e's potentials.
	Init(e *Env)
	// Current adds, for each instance k, the mechanism's current at
	// e.V[k] to e.I[k] and its slope to e.G[k] (mA/cm2 and S/cm2; point
	// processes convert nA with e.Area), and its ionic currents to the
	// ions' I and DIDV.
	Current(e *Env)
	// State advances the STATEs by e.Dt at the new potentials.
	State(e *Env)
	// Var returns the per-instance values of a RANGE, STATE or ASSIGNED
	// variable (a live view), or nil.
	Var(name string) []float64
	// Vars lists the names Var knows.
	Vars() []string
	// SetGlobal sets a GLOBAL parameter.
	SetGlobal(name string, value float64) error
}

// Electrode is a mechanism whose current is an electrode current
// (NMODL's ELECTRODE_CURRENT): a current into the cell, which its
// Current adds to the sums as an outward membrane current of the
// opposite sign (the potentials move alike) but which NEURON's membrane
// current (i_membrane_) leaves out. A CellGroup adds the currents of
// Electrode mechanisms after every other mechanism's, where it adds its
// clamps'.
type Electrode interface {
	ElectrodeCurrent()
}

// Ranged is a mechanism that steps a range of its instances: Current and
// State for the instances k0 to k1-1 only, each reading and adding to
// element k of e's per-instance slices (V, I, G, Area, Diam, the ions')
// as Current and State do; the other elements may be anything and are
// left alone. Ranges stepped in increasing order, each instance once,
// give the same bits as one Current or State. The generated mechanisms
// and pas are Ranged: a CellGroup steps a mechanism on runs of
// consecutive nodes with its Env's slices on the group's own arrays.
type Ranged interface {
	CurrentRange(e *Env, k0, k1 int)
	StateRange(e *Env, k0, k1 int)
}

// Limited is a mechanism whose parameters have limits (NMODL's <lo, hi>):
// setting one outside is an error.
type Limited interface {
	Limits() map[string][2]float64
}

// CheckLimit returns an error naming the mechanism, the parameter and
// its limits when value is outside them.
func CheckLimit(m Mechanism, name string, value float64) error {
	l, ok := m.(Limited)
	if !ok {
		return nil
	}
	if lim, ok := l.Limits()[name]; ok && !(value >= lim[0] && value <= lim[1]) {
		return fmt.Errorf("mech: %s of %s = %g is outside its limits [%g, %g]", name, m.Name(), value, lim[0], lim[1])
	}
	return nil
}

// Receiver is a point process with NET_RECEIVE: Receive handles an event
// for instance k at time e.T, args the connection's weight vector (which
// the block may change, kept between events).
type Receiver interface {
	Receive(e *Env, k int, args []float64)
}

// Constructor makes a mechanism of n instances at its default parameters.
type Constructor func(n int) Mechanism

// registration is a constructor of a mechanism set.
type registration struct {
	set string
	c   Constructor
}

var registry = map[string][]registration{}

// Register makes a mechanism constructor known under its NEURON name,
// outside any set (native mechanisms and pas call it from init). A name
// registered twice in one set is an error.
func Register(name string, c Constructor) error { return RegisterSet("", name, c) }

// RegisterSet makes a mechanism constructor known under its NEURON name
// in a mechanism set: the mechanisms one nrnivmodl build would hold, such
// as a translated package (the generated packages call it from init with
// their package name). Two sets may register one name, as the neocortex
// v5 and v6 sets both have Ih: New then needs to be told which set
// (NewIn). A name registered twice in one set is an error.
func RegisterSet(set, name string, c Constructor) error {
	for _, r := range registry[name] {
		if r.set == set {
			if set == "" {
				return fmt.Errorf("mech: mechanism %q registered twice", name)
			}
			return fmt.Errorf("mech: mechanism %q registered twice in set %q", name, set)
		}
	}
	registry[name] = append(registry[name], registration{set, c})
	return nil
}

// MustRegister is Register for init functions.
func MustRegister(name string, c Constructor) {
	if err := Register(name, c); err != nil {
		panic(err)
	}
}

// MustRegisterSet is RegisterSet for init functions.
func MustRegisterSet(set, name string, c Constructor) {
	if err := RegisterSet(set, name, c); err != nil {
		panic(err)
	}
}

// New returns the registered mechanism name over n instances: its only
// registration, or the one outside any set. A name that several sets
// register is an error naming them (use NewIn).
func New(name string, n int) (Mechanism, error) { return NewIn(nil, name, n) }

// NewIn returns the mechanism name over n instances from the first of
// sets that registers it, else from its registration outside any set,
// else from its only registration.
func NewIn(sets []string, name string, n int) (Mechanism, error) {
	rs, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("mech: no mechanism %q (registered: %v)", name, Names())
	}
	for _, set := range sets {
		for _, r := range rs {
			if r.set == set {
				return r.c(n), nil
			}
		}
	}
	for _, r := range rs {
		if r.set == "" {
			return r.c(n), nil
		}
	}
	if len(rs) == 1 {
		return rs[0].c(n), nil
	}
	return nil, fmt.Errorf("mech: mechanism %q is registered by the sets %v: say which (morph.Cell.MechanismSets, mech.NewIn)", name, Sets(name))
}

// Sets lists the sets that register name ("" for a registration outside
// any set).
func Sets(name string) []string {
	var out []string
	for _, r := range registry[name] {
		out = append(out, r.set)
	}
	sort.Strings(out)
	return out
}

// Names lists the registered mechanisms.
func Names() []string {
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

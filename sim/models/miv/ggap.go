package miv

import "github.com/golgi-sim/golgi/sim/mech"

// GgapSet is the mechanism set of the native ggap.
const GgapSet = "mivgap"

func init() {
	mech.MustRegisterSet(GgapSet, "ggap", func(n int) mech.Mechanism { return NewGgap(n) })
}

// Ggap is MiV's half-gap point process ggap
// (cases/6-gapjunctions/mechanisms/ggap.mod, SPEC 3.6), written by hand
// because golgi nmodl does not translate ELECTRODE_CURRENT: i = g·(vgap
// − v) nA into the cell (g µS, vgap mV the other cell's potential, set
// every step by the cell group's link), slope −g. It is a
// mech.Electrode: the cell group adds its current after the other
// mechanisms', out of the membrane current (i_membrane, the LFP), as
// NEURON's fast_imem leaves electrode currents out; on the potentials
// it acts as NEURON's electrode current does (i added to the node's
// right-hand side, g to its diagonal).
type Ggap struct {
	n int
	// G (µS), I (nA, into the cell), Vgap (mV) per instance.
	G, I, Vgap []float64
}

// NewGgap returns n instances at ggap.mod's defaults (g = 1e-10 µS).
func NewGgap(n int) *Ggap {
	m := &Ggap{n: n, G: make([]float64, n), I: make([]float64, n), Vgap: make([]float64, n)}
	for k := range m.G {
		m.G[k] = 1e-10
	}
	return m
}

func (m *Ggap) Name() string                   { return "ggap" }
func (m *Ggap) Kind() mech.Kind                { return mech.PointProcess }
func (m *Ggap) Len() int                       { return m.n }
func (m *Ggap) Ions() []mech.IonUse            { return []mech.IonUse{} }
func (m *Ggap) Vars() []string                 { return []string{"g", "i", "vgap"} }
func (m *Ggap) State(e *mech.Env)              {}
func (m *Ggap) StateRange(*mech.Env, int, int) {}

// Var returns g, i or vgap.
func (m *Ggap) Var(name string) []float64 {
	switch name {
	case "g":
		return m.G
	case "i":
		return m.I
	case "vgap":
		return m.Vgap
	}
	return nil
}

// ElectrodeCurrent marks ggap's current as an electrode current
// (mech.Electrode).
func (m *Ggap) ElectrodeCurrent() {}

var _ mech.Electrode = (*Ggap)(nil)

// SetGlobal: ggap has no GLOBAL.
func (m *Ggap) SetGlobal(name string, value float64) error { return mech.ErrNoGlobal("ggap", name) }

// Init is INITIAL: i = (vgap − v)·g.
func (m *Ggap) Init(e *mech.Env) {
	for k := range m.n {
		m.I[k] = (m.Vgap[k] - e.V[k]) * m.G[k]
	}
}

// Current is BREAKPOINT.
func (m *Ggap) Current(e *mech.Env) { m.CurrentRange(e, 0, m.n) }

// CurrentRange adds −i (outward, mA/cm2 over the node's area) and the
// slope g, as nocmodl's nrn_cur does for an electrode current whose
// derivative it takes numerically: g = (i(v) − i(v + .001))/.001.
func (m *Ggap) CurrentRange(e *mech.Env, k0, k1 int) {
	for k := k0; k < k1; k++ {
		v, g, vg := e.V[k], m.G[k], m.Vgap[k]
		i1 := (vg - (v + .001)) * g
		i := (vg - v) * g
		m.I[k] = i
		slope := (i - i1) / .001
		f := 1.e2 / e.Area[k]
		e.I[k] -= i * f
		e.G[k] += slope * f
	}
}

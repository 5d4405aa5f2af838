package native

import "github.com/golgi-sim/golgi/sim/mech"

func init() {
	mech.MustRegister("DetGABAAB", func(n int) mech.Mechanism { return NewDetGABAAB(n) })
	mech.MustRegisterSet("metabolism", "DetGABAAB_ionic", func(n int) mech.Mechanism { return newDetGABAAB(n, true) })
}

// DetGABAAB is the point process DetGABAAB of neurodamus
// (neurodamus-models common/mod/DetGABAAB.mod): GABA_A and GABA_B
// dual-exponential conductances (cnexp) driven by deterministic
// Tsodyks-Markram release, its state per connection.
//
// DetGABAAB_ionic of the metabolism set
// (neocortex/mod/metabolism/DetGABAAB.mod) is the same type whose
// currents are ion currents, icl = i_GABAA (USEION cl WRITE icl VALENCE
// -1) and ik = i_GABAB (USEION k WRITE ik), with e_GABAA and e_GABAB as
// before (the ions' reversal potentials are not read), i no membrane
// current, and without nc_type and delayed weights.
type DetGABAAB struct {
	detRelease
	// DetGABAAB_ionic's RANGE icl and ik, or nil
	Icl, Ik []float64
	di, i   [2]float64
	// RANGE
	TauRGABAA, TauDGABAA, TauRGABAB, TauDGABAB, GABABRatio, EGABAA, EGABAB []float64
	// STATE
	AGABAA, BGABAA, AGABAB, BGABAB []float64
	// ASSIGNED
	V, I, IGABAA, IGABAB, GGABAA, GGABAB, G, FactorGABAA, FactorGABAB []float64
	// GLOBAL
	Gmax float64

	vars map[string][]float64
}

// NewDetGABAAB returns DetGABAAB over n instances at the .mod's
// defaults.
func NewDetGABAAB(n int) *DetGABAAB { return newDetGABAAB(n, false) }

// newDetGABAAB returns DetGABAAB, or with ionic DetGABAAB_ionic, over n
// instances at the .mod's defaults.
func newDetGABAAB(n int, ionic bool) *DetGABAAB {
	m := &DetGABAAB{detRelease: newDetRelease(n),
		TauRGABAA: fill(n, 0.2), TauDGABAA: fill(n, 8), TauRGABAB: fill(n, 3.5), TauDGABAB: fill(n, 260.9),
		GABABRatio: fill(n, 0), EGABAA: fill(n, -80), EGABAB: fill(n, -97),
		AGABAA: fill(n, 0), BGABAA: fill(n, 0), AGABAB: fill(n, 0), BGABAB: fill(n, 0),
		V: fill(n, 0), I: fill(n, 0), IGABAA: fill(n, 0), IGABAB: fill(n, 0), GGABAA: fill(n, 0),
		GGABAB: fill(n, 0), G: fill(n, 0), FactorGABAA: fill(n, 0), FactorGABAB: fill(n, 0),
		Gmax: .001}
	m.vars = map[string][]float64{
		"tau_r_GABAA": m.TauRGABAA, "tau_d_GABAA": m.TauDGABAA, "tau_r_GABAB": m.TauRGABAB,
		"tau_d_GABAB": m.TauDGABAB, "GABAB_ratio": m.GABABRatio, "e_GABAA": m.EGABAA, "e_GABAB": m.EGABAB,
		"A_GABAA": m.AGABAA, "B_GABAA": m.BGABAA, "A_GABAB": m.AGABAB, "B_GABAB": m.BGABAB,
		"v": m.V, "i": m.I, "i_GABAA": m.IGABAA, "i_GABAB": m.IGABAB, "g_GABAA": m.GGABAA,
		"g_GABAB": m.GGABAB, "g": m.G, "factor_GABAA": m.FactorGABAA, "factor_GABAB": m.FactorGABAB,
	}
	if ionic {
		m.noDelays = true
		m.Icl, m.Ik = fill(n, 0), fill(n, 0)
		m.vars["icl"], m.vars["ik"] = m.Icl, m.Ik
	}
	m.detRelease.vars(m.vars)
	return m
}

// Name is DetGABAAB, or DetGABAAB_ionic.
func (m *DetGABAAB) Name() string {
	if m.Icl != nil {
		return "DetGABAAB_ionic"
	}
	return "DetGABAAB"
}

// Ions is nil, or DetGABAAB_ionic's USEION cl and k (WRITE only).
func (m *DetGABAAB) Ions() []mech.IonUse {
	if m.Icl != nil {
		return detGABAIonUse
	}
	return nil
}

func (m *DetGABAAB) Kind() mech.Kind           { return mech.PointProcess }
func (m *DetGABAAB) Len() int                  { return m.n }
func (m *DetGABAAB) Var(name string) []float64 { return m.vars[name] }
func (m *DetGABAAB) Vars() []string            { return sortedKeys(m.vars) }

// SetGlobal sets gmax or nc_type_param.
func (m *DetGABAAB) SetGlobal(name string, v float64) error {
	if name == "gmax" {
		m.Gmax = v
		return nil
	}
	if !m.detRelease.setGlobal(name, v) {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	return nil
}

// Global returns gmax or nc_type_param (DetGABAAB_ionic: gmax).
func (m *DetGABAAB) Global(name string) (float64, error) {
	if name == "gmax" {
		return m.Gmax, nil
	}
	if v, ok := m.detRelease.global(name); ok {
		return v, nil
	}
	return 0, mech.ErrNoGlobal(m.Name(), name)
}

// Init is INITIAL.
func (m *DetGABAAB) Init(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.AGABAA[k], m.BGABAA[k], m.AGABAB[k], m.BGABAB[k] = 0, 0, 0, 0
		m.FactorGABAA[k] = detFactor(m.TauRGABAA[k], m.TauDGABAA[k])
		m.FactorGABAB[k] = detFactor(m.TauRGABAB[k], m.TauDGABAB[k])
		m.NextDelay[k] = -1
	}
}

// current is BREAKPOINT at v: the total current (nA).
func (m *DetGABAAB) current(k int, v float64) float64 {
	m.GGABAA[k] = m.Gmax * (m.BGABAA[k] - m.AGABAA[k])
	m.GGABAB[k] = m.Gmax * (m.BGABAB[k] - m.AGABAB[k])
	m.G[k] = m.GGABAA[k] + m.GGABAB[k]
	m.IGABAA[k] = m.GGABAA[k] * (v - m.EGABAA[k])
	m.IGABAB[k] = m.GGABAB[k] * (v - m.EGABAB[k])
	m.I[k] = m.IGABAA[k] + m.IGABAB[k]
	return m.I[k]
}

// Current adds the current and its slope by the 0.001 mV difference
// (DetGABAAB_ionic: icl and ik, each to its ion).
func (m *DetGABAAB) Current(e *mech.Env) {
	if m.Icl != nil {
		ions := [2]*mech.Ion{e.IonAt(0, "cl"), e.IonAt(1, "k")}
		for k := 0; k < m.n; k++ {
			m.V[k] = e.V[k]
			ionCurrents(e, k, ions[:], m.di[:], m.i[:], func(v float64, i []float64) float64 {
				m.current(k, v)
				m.Icl[k], m.Ik[k] = m.IGABAA[k], m.IGABAB[k]
				i[0], i[1] = m.Icl[k], m.Ik[k]
				return m.Icl[k] + m.Ik[k]
			})
		}
		return
	}
	for k := 0; k < m.n; k++ {
		v := e.V[k]
		m.V[k] = v
		g := m.current(k, v+.001)
		addCurrent(e, k, g, m.current(k, v))
	}
}

// State is the DERIVATIVE block by cnexp.
func (m *DetGABAAB) State(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.AGABAA[k] = cnexp(m.AGABAA[k], m.TauRGABAA[k], e.Dt)
		m.BGABAA[k] = cnexp(m.BGABAA[k], m.TauDGABAA[k], e.Dt)
		m.AGABAB[k] = cnexp(m.AGABAB[k], m.TauRGABAB[k], e.Dt)
		m.BGABAB[k] = cnexp(m.BGABAB[k], m.TauDGABAB[k], e.Dt)
	}
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0).
func (m *DetGABAAB) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }

// ReceiveFlag is NET_RECEIVE(weight, weight_GABAA, weight_GABAB, R, Pr, u,
// tsyn, nc_type) (DetGABAAB_ionic: without nc_type). A shorter weight
// vector is ignored.
func (m *DetGABAAB) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {
	if len(args) < m.nargs() {
		return
	}
	args[argWeight1] = args[argWeight]
	args[argWeight2] = args[argWeight] * m.GABABRatio[k]
	pr := m.detRelease.receive(e, k, args, flag)
	if flag != 1 && e.T >= 0 {
		detAdd(m.AGABAA, m.BGABAA, k, pr, args[argWeight1], m.FactorGABAA[k])
		detAdd(m.AGABAB, m.BGABAB, k, pr, args[argWeight2], m.FactorGABAB[k])
	}
}

// InitNetCon is NET_RECEIVE's INITIAL block.
func (m *DetGABAAB) InitNetCon(e *mech.Env, k int, args []float64) error {
	return m.detRelease.initNetCon(e, m, k, args)
}

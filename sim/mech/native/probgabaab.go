package native

import "github.com/golgi-sim/golgi/sim/mech"

func init() {
	mech.MustRegister("ProbGABAAB_EMS", func(n int) mech.Mechanism { return NewProbGABAAB(n) })
	for _, v := range gabaVariants {
		mech.MustRegisterSet(v.set, "ProbGABAAB_EMS", func(n int) mech.Mechanism { return newProbGABAAB(n, v) })
	}
}

// ProbGABAAB is the point process ProbGABAAB_EMS of neurodamus
// (neurodamus-models common/mod/ProbGABAAB_EMS.mod): GABA_A and GABA_B
// dual-exponential conductances, each with its reversal potential, driven
// by the same stochastic release as ProbAMPANMDA_EMS. Its RANGE, STATE
// and ASSIGNED variables have the .mod's names (Var); its GLOBALs are set
// by SetGlobal.
//
// The variants of the plasticity, optimized and metabolism sets
// (variant.go) are the same type, registered under the same name in their
// set.
type ProbGABAAB struct {
	release
	variant      synVariant
	ions         *gabaIons // the metabolism variant's ion currents, or nil
	gabaa, gabab dualExp
	// RANGE
	TauRGABAA, TauDGABAA, EGABAA, EGABAB, GABABRatio []float64
	V, I, IGABAA, IGABAB, GGABAA, GGABAB, G          []float64
	// GLOBALs
	TauRGABAB, TauDGABAB, Gmax float64
	// tau_r_GABAB and tau_d_GABAB where they are RANGE (tauBRange)
	tauRGABAB, tauDGABAB []float64

	vars map[string][]float64
}

// NewProbGABAAB returns ProbGABAAB_EMS over n instances at the .mod's
// defaults.
func NewProbGABAAB(n int) *ProbGABAAB { return newProbGABAAB(n, synVariant{}) }

// newProbGABAAB returns a variant of ProbGABAAB_EMS over n instances at
// its .mod's defaults.
func newProbGABAAB(n int, variant synVariant) *ProbGABAAB {
	m := &ProbGABAAB{release: newRelease(n), variant: variant, gabaa: newDualExp(n), gabab: newDualExp(n),
		TauRGABAA: fill(n, 0.2), TauDGABAA: fill(n, 8), EGABAA: fill(n, -80), EGABAB: fill(n, -97),
		GABABRatio: fill(n, 0),
		V:          fill(n, 0), I: fill(n, 0), IGABAA: fill(n, 0), IGABAB: fill(n, 0),
		GGABAA: fill(n, 0), GGABAB: fill(n, 0), G: fill(n, 0),
		TauRGABAB: 3.5, TauDGABAB: 260.9, Gmax: .001}
	m.vars = map[string][]float64{
		"tau_r_GABAA": m.TauRGABAA, "tau_d_GABAA": m.TauDGABAA,
		"e_GABAA": m.EGABAA, "e_GABAB": m.EGABAB, "GABAB_ratio": m.GABABRatio,
		"v": m.V, "i": m.I, "i_GABAA": m.IGABAA, "i_GABAB": m.IGABAB,
		"g_GABAA": m.GGABAA, "g_GABAB": m.GGABAB, "g": m.G,
		"A_GABAA": m.gabaa.A, "B_GABAA": m.gabaa.B, "A_GABAB": m.gabab.A, "B_GABAB": m.gabab.B,
		"factor_GABAA": m.gabaa.Factor, "factor_GABAB": m.gabab.Factor,
		"A_GABAA_step": m.gabaa.AStep, "B_GABAA_step": m.gabaa.BStep,
		"A_GABAB_step": m.gabab.AStep, "B_GABAB_step": m.gabab.BStep,
	}
	if variant.cnexp {
		for _, name := range []string{"A_GABAA_step", "B_GABAA_step", "A_GABAB_step", "B_GABAB_step"} {
			delete(m.vars, name)
		}
	}
	if variant.tauBRange {
		m.tauRGABAB, m.tauDGABAB = fill(n, m.TauRGABAB), fill(n, m.TauDGABAB)
		m.vars["tau_r_GABAB"], m.vars["tau_d_GABAB"] = m.tauRGABAB, m.tauDGABAB
	}
	if variant.ionic {
		m.ions = newGABAIons(n)
		m.ions.vars(m.vars)
	}
	m.release.track(variant.releaseVars)
	m.release.vars(m.vars)
	for name, v := range variant.globals {
		if err := m.SetGlobal(name, v); err != nil {
			panic(err) // a wrong table in variant.go
		}
	}
	return m
}

func (m *ProbGABAAB) Name() string              { return "ProbGABAAB_EMS" }
func (m *ProbGABAAB) Kind() mech.Kind           { return mech.PointProcess }
func (m *ProbGABAAB) Len() int                  { return m.n }
func (m *ProbGABAAB) Var(name string) []float64 { return m.vars[name] }
func (m *ProbGABAAB) Vars() []string            { return sortedKeys(m.vars) }

// Ions is nil, or the metabolism variant's USEION cl (VALENCE -1) and k
// (READ the reversal potentials, WRITE the currents).
func (m *ProbGABAAB) Ions() []mech.IonUse {
	if m.ions != nil {
		return gabaIonUse
	}
	return nil
}

// SetGlobal sets tau_r_GABAB, tau_d_GABAB, gmax, nc_type_param,
// minis_single_vesicle or init_depleted.
func (m *ProbGABAAB) SetGlobal(name string, v float64) error {
	if m.variant.tauBRange && (name == "tau_r_GABAB" || name == "tau_d_GABAB") {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	switch name {
	case "tau_r_GABAB":
		m.TauRGABAB = v
	case "tau_d_GABAB":
		m.TauDGABAB = v
	case "gmax":
		m.Gmax = v
	default:
		if !m.release.setGlobal(name, v) {
			return mech.ErrNoGlobal(m.Name(), name)
		}
	}
	return nil
}

// Global returns a GLOBAL (see SetGlobal).
func (m *ProbGABAAB) Global(name string) (float64, error) {
	if m.variant.tauBRange && (name == "tau_r_GABAB" || name == "tau_d_GABAB") {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	switch name {
	case "tau_r_GABAB":
		return m.TauRGABAB, nil
	case "tau_d_GABAB":
		return m.TauDGABAB, nil
	case "gmax":
		return m.Gmax, nil
	}
	if v, ok := m.release.global(name); ok {
		return v, nil
	}
	return 0, mech.ErrNoGlobal(m.Name(), name)
}

// Init is INITIAL: the release state, the receptors' normalisation and
// step factors, and each stream back at sequence 0.
func (m *ProbGABAAB) Init(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.release.init(k)
		tauR, tauD := m.tauGABAB(k)
		m.gabaa.init(k, m.TauRGABAA[k], m.TauDGABAA[k], e.Dt)
		m.gabab.init(k, tauR, tauD, e.Dt)
	}
}

// tauGABAB returns GABA_B's time constants of instance k: the GLOBALs,
// or the RANGE variables of the variants that have them.
func (m *ProbGABAAB) tauGABAB(k int) (tauR, tauD float64) {
	if m.variant.tauBRange {
		return m.tauRGABAB[k], m.tauDGABAB[k]
	}
	return m.TauRGABAB, m.TauDGABAB
}

// current is BREAKPOINT at v for instance k: the total current (nA).
func (m *ProbGABAAB) current(k int, v float64) float64 {
	m.GGABAA[k] = m.Gmax * (m.gabaa.B[k] - m.gabaa.A[k])
	m.GGABAB[k] = m.Gmax * (m.gabab.B[k] - m.gabab.A[k])
	m.G[k] = m.GGABAA[k] + m.GGABAB[k]
	m.IGABAA[k] = m.GGABAA[k] * (v - m.EGABAA[k])
	m.IGABAB[k] = m.GGABAB[k] * (v - m.EGABAB[k])
	m.I[k] = m.IGABAA[k] + m.IGABAB[k]
	return m.I[k]
}

// Current adds the current and its slope by NEURON's 0.001 mV difference
// (the .mod has no CONDUCTANCE hint), converted from nA to mA/cm2.
func (m *ProbGABAAB) Current(e *mech.Env) {
	if m.ions != nil {
		m.ionicCurrent(e)
		return
	}
	for k := 0; k < m.n; k++ {
		v := e.V[k]
		m.V[k] = v
		g := m.current(k, v+.001)
		rhs := m.current(k, v)
		addCurrent(e, k, g, rhs)
	}
}

// ionicCurrent is Current of the metabolism variant: GABA_A's current
// is icl = g_GABAA (v - ecl), GABA_B's ik = g_GABAB (v - ek), each with
// its slope, to the ions and the membrane (i_GABAA, i_GABAB and i are
// those currents; i is not a membrane current of its own).
func (m *ProbGABAAB) ionicCurrent(e *mech.Env) {
	a := m.ions
	ions := [2]*mech.Ion{e.IonAt(0, "cl"), e.IonAt(1, "k")}
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		a.Ecl[k], a.Ek[k] = ions[0].E[k], ions[1].E[k]
		ionCurrents(e, k, ions[:], a.di[:], a.i[:], func(v float64, i []float64) float64 {
			m.GGABAA[k] = m.Gmax * (m.gabaa.B[k] - m.gabaa.A[k])
			m.GGABAB[k] = m.Gmax * (m.gabab.B[k] - m.gabab.A[k])
			m.G[k] = m.GGABAA[k] + m.GGABAB[k]
			m.IGABAA[k] = m.GGABAA[k] * (v - a.Ecl[k])
			m.IGABAB[k] = m.GGABAB[k] * (v - a.Ek[k])
			m.I[k] = m.IGABAA[k] + m.IGABAB[k]
			a.Icl[k], a.Ik[k] = m.IGABAA[k], m.IGABAB[k]
			i[0], i[1] = a.Icl[k], a.Ik[k]
			return a.Icl[k] + a.Ik[k]
		})
	}
}

// State is the PROCEDURE state: exact exponential decay by one step (in
// the cnexp variants, the DERIVATIVE block as cnexp solves it).
func (m *ProbGABAAB) State(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		if m.variant.cnexp {
			tauR, tauD := m.tauGABAB(k)
			m.gabaa.stepCnexp(k, m.TauRGABAA[k], m.TauDGABAA[k], e.Dt)
			m.gabab.stepCnexp(k, tauR, tauD, e.Dt)
			continue
		}
		m.gabaa.step(k)
		m.gabab.step(k)
	}
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0).
func (m *ProbGABAAB) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }

// ReceiveFlag is NET_RECEIVE(weight, weight_GABAA, weight_GABAB, Psurv,
// nc_type): flag 1 is a delayed-weight self event, flag 0 a spike, which
// releases vesicles and increments the conductances. A weight vector
// shorter than NArgs is ignored.
func (m *ProbGABAAB) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {
	if len(args) < NArgs {
		return
	}
	args[argWeight1] = args[argWeight]
	args[argWeight2] = args[argWeight] * m.GABABRatio[k]
	if ves := m.release.receive(e, k, args, flag); ves > 0 {
		m.gabaa.add(k, ves, m.Nrrp[k], args[argWeight1])
		m.gabab.add(k, ves, m.Nrrp[k], args[argWeight2])
	}
}

// InitNetCon is NET_RECEIVE's INITIAL block: a presynaptic connection
// (nc_type 0) of an instance with delayed weights (SetupDelayVecs)
// schedules their self events.
func (m *ProbGABAAB) InitNetCon(e *mech.Env, k int, args []float64) error {
	return m.release.initNetCon(e, m, k, args)
}

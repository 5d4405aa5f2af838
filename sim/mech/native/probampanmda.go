package native

import (
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

func init() {
	mech.MustRegister("ProbAMPANMDA_EMS", func(n int) mech.Mechanism { return NewProbAMPANMDA(n) })
	for _, v := range ampaVariants {
		mech.MustRegisterSet(v.set, "ProbAMPANMDA_EMS", func(n int) mech.Mechanism { return newProbAMPANMDA(n, v) })
	}
}

// ProbAMPANMDA is the point process ProbAMPANMDA_EMS of neurodamus
// (neurodamus-models common/mod/ProbAMPANMDA_EMS.mod): AMPA and NMDA
// (with a magnesium block) dual-exponential conductances driven by
// stochastic, multi-vesicular release with Tsodyks-Markram depression and
// facilitation. Its RANGE, STATE and ASSIGNED variables have the .mod's
// names (Var); its GLOBALs are set by SetGlobal.
//
// The variants of the plasticity, optimized, ngv, metabolism, neocortexv5
// and neocortexv6 sets
// (variant.go) are the same type, registered under the same name in
// their set: mech.NewIn([]string{"metabolism"}, "ProbAMPANMDA_EMS", n).
type ProbAMPANMDA struct {
	release
	variant    synVariant
	ions       *ampaIons // the metabolism variant's ion currents, or nil
	emitted    *emitter  // the metabolism variant's net_event, or nil
	ampa, nmda dualExp
	// RANGE
	TauDAMPA, Mg, NMDARatio             []float64
	V, I, IAMPA, INMDA, GAMPA, GNMDA, G []float64
	Mggate                              []float64
	// GLOBALs
	TauRAMPA, TauRNMDA, TauDNMDA float64
	SlopeMg, ScaleMg, E, Gmax    float64
	mgGlobal                     float64 // mg where it is GLOBAL

	vars map[string][]float64
}

// NewProbAMPANMDA returns ProbAMPANMDA_EMS over n instances at the .mod's
// defaults.
func NewProbAMPANMDA(n int) *ProbAMPANMDA { return newProbAMPANMDA(n, synVariant{}) }

// newProbAMPANMDA returns a variant of ProbAMPANMDA_EMS over n instances
// at its .mod's defaults.
func newProbAMPANMDA(n int, variant synVariant) *ProbAMPANMDA {
	m := &ProbAMPANMDA{release: newRelease(n), variant: variant, ampa: newDualExp(n), nmda: newDualExp(n),
		TauDAMPA: fill(n, 1.7), Mg: fill(n, 1), NMDARatio: fill(n, 0.71),
		V: fill(n, 0), I: fill(n, 0), IAMPA: fill(n, 0), INMDA: fill(n, 0),
		GAMPA: fill(n, 0), GNMDA: fill(n, 0), G: fill(n, 0), Mggate: fill(n, 0),
		TauRAMPA: 0.2, TauRNMDA: 0.29, TauDNMDA: 43,
		SlopeMg: 0.062, ScaleMg: 3.57, E: 0, Gmax: .001, mgGlobal: 1}
	m.vars = map[string][]float64{
		"tau_d_AMPA": m.TauDAMPA, "mg": m.Mg, "NMDA_ratio": m.NMDARatio,
		"v": m.V, "i": m.I, "i_AMPA": m.IAMPA, "i_NMDA": m.INMDA,
		"g_AMPA": m.GAMPA, "g_NMDA": m.GNMDA, "g": m.G, "mggate": m.Mggate,
		"A_AMPA": m.ampa.A, "B_AMPA": m.ampa.B, "A_NMDA": m.nmda.A, "B_NMDA": m.nmda.B,
		"factor_AMPA": m.ampa.Factor, "factor_NMDA": m.nmda.Factor,
		"A_AMPA_step": m.ampa.AStep, "B_AMPA_step": m.ampa.BStep,
		"A_NMDA_step": m.nmda.AStep, "B_NMDA_step": m.nmda.BStep,
	}
	if variant.cnexp {
		for _, name := range []string{"A_AMPA_step", "B_AMPA_step", "A_NMDA_step", "B_NMDA_step"} {
			delete(m.vars, name)
		}
	}
	if variant.mgGlobal {
		delete(m.vars, "mg")
	}
	if variant.ionic {
		m.ions = newAMPAIons(n)
		m.ions.vars(m.vars)
	}
	if variant.netEvent {
		m.emitted = newEmitter(n)
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

func (m *ProbAMPANMDA) Name() string              { return "ProbAMPANMDA_EMS" }
func (m *ProbAMPANMDA) Kind() mech.Kind           { return mech.PointProcess }
func (m *ProbAMPANMDA) Len() int                  { return m.n }
func (m *ProbAMPANMDA) Var(name string) []float64 { return m.vars[name] }
func (m *ProbAMPANMDA) Vars() []string            { return sortedKeys(m.vars) }

// Ions is nil, or the metabolism variant's USEION na, k and ca (READ the
// reversal potentials and concentrations, WRITE the currents).
func (m *ProbAMPANMDA) Ions() []mech.IonUse {
	if m.ions != nil {
		return ampaIonUse
	}
	return nil
}

// SetGlobal sets tau_r_AMPA, tau_r_NMDA, tau_d_NMDA, slope_mg, scale_mg,
// e, gmax, nc_type_param, minis_single_vesicle or init_depleted; in the
// variants where they are GLOBAL, mg and the relP_* permeabilities.
func (m *ProbAMPANMDA) SetGlobal(name string, v float64) error {
	if p := m.variantGlobal(name); p != nil {
		*p = v
		if name == "mg" {
			for k := range m.Mg {
				m.Mg[k] = v
			}
		}
		return nil
	}
	switch name {
	case "tau_r_AMPA":
		m.TauRAMPA = v
	case "tau_r_NMDA":
		m.TauRNMDA = v
	case "tau_d_NMDA":
		m.TauDNMDA = v
	case "slope_mg":
		m.SlopeMg = v
	case "scale_mg":
		m.ScaleMg = v
	case "e":
		m.E = v
	case "gmax":
		m.Gmax = v
	default:
		if !m.release.setGlobal(name, v) {
			return mech.ErrNoGlobal(m.Name(), name)
		}
	}
	return nil
}

// variantGlobal is the variant's GLOBAL name, or nil.
func (m *ProbAMPANMDA) variantGlobal(name string) *float64 {
	if name == "mg" && m.variant.mgGlobal {
		return &m.mgGlobal
	}
	if m.ions != nil {
		return m.ions.globals()[name]
	}
	return nil
}

// Global returns a GLOBAL (see SetGlobal).
func (m *ProbAMPANMDA) Global(name string) (float64, error) {
	if p := m.variantGlobal(name); p != nil {
		return *p, nil
	}
	switch name {
	case "tau_r_AMPA":
		return m.TauRAMPA, nil
	case "tau_r_NMDA":
		return m.TauRNMDA, nil
	case "tau_d_NMDA":
		return m.TauDNMDA, nil
	case "slope_mg":
		return m.SlopeMg, nil
	case "scale_mg":
		return m.ScaleMg, nil
	case "e":
		return m.E, nil
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
func (m *ProbAMPANMDA) Init(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.release.init(k)
		if m.emitted != nil {
			m.emitted.reset(k)
		}
		m.ampa.init(k, m.TauRAMPA, m.TauDAMPA[k], e.Dt)
		m.nmda.init(k, m.TauRNMDA, m.TauDNMDA, e.Dt)
		if m.ions != nil {
			m.ions.init(k)
		}
	}
}

// current is BREAKPOINT at v for instance k: the total current (nA).
func (m *ProbAMPANMDA) current(k int, v float64) float64 {
	m.Mggate[k] = 1 / (1 + float64(math.Exp(m.SlopeMg*-v)*(m.Mg[k]/m.ScaleMg)))
	m.GAMPA[k] = m.Gmax * (m.ampa.B[k] - m.ampa.A[k])
	m.GNMDA[k] = float64(m.Gmax*(m.nmda.B[k]-m.nmda.A[k])) * m.Mggate[k]
	m.G[k] = m.GAMPA[k] + m.GNMDA[k]
	m.IAMPA[k] = m.GAMPA[k] * (v - m.E)
	m.INMDA[k] = m.GNMDA[k] * (v - m.E)
	m.I[k] = m.IAMPA[k] + m.INMDA[k]
	return m.I[k]
}

// Current adds the current and its slope by NEURON's 0.001 mV difference
// (the .mod has no CONDUCTANCE hint), converted from nA to mA/cm2.
func (m *ProbAMPANMDA) Current(e *mech.Env) {
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

// ionicCurrent is Current of the metabolism variant: BREAKPOINT's ion
// currents, each with its slope, to the ions and the membrane.
func (m *ProbAMPANMDA) ionicCurrent(e *mech.Env) {
	a := m.ions
	ions := [3]*mech.Ion{e.IonAt(0, "na"), e.IonAt(1, "k"), e.IonAt(2, "ca")}
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		a.read(e, k)
		ionCurrents(e, k, ions[:], a.di[:], a.i[:], func(v float64, i []float64) float64 {
			m.current(k, v)
			sum := a.currents(k, v, m.GAMPA[k], m.GNMDA[k], i)
			a.ISum[k] = float64(a.Ina[k]+a.Ik[k]) + a.Ica[k]
			return sum
		})
	}
}

// State is the PROCEDURE state: exact exponential decay by one step (in
// the cnexp variants, the DERIVATIVE block as cnexp solves it).
func (m *ProbAMPANMDA) State(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		if m.variant.cnexp {
			m.ampa.stepCnexp(k, m.TauRAMPA, m.TauDAMPA[k], e.Dt)
			m.nmda.stepCnexp(k, m.TauRNMDA, m.TauDNMDA, e.Dt)
			continue
		}
		m.ampa.step(k)
		m.nmda.step(k)
	}
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0).
func (m *ProbAMPANMDA) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }

// ReceiveFlag is NET_RECEIVE(weight, weight_AMPA, weight_NMDA, Psurv,
// nc_type): flag 1 is a delayed-weight self event, flag 0 a spike, which
// releases vesicles and increments the conductances. A weight vector
// shorter than NArgs is ignored.
func (m *ProbAMPANMDA) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {
	if len(args) < NArgs {
		return
	}
	args[argWeight1] = args[argWeight]
	args[argWeight2] = args[argWeight] * m.NMDARatio[k]
	if ves := m.release.receive(e, k, args, flag); ves > 0 {
		if m.emitted != nil {
			m.emitted.emit(k, e.T)
		}
		m.ampa.add(k, ves, m.Nrrp[k], args[argWeight1])
		m.nmda.add(k, ves, m.Nrrp[k], args[argWeight2])
	}
}

// Events returns the times instance k released at up to untilMs that it
// has not returned before: the metabolism variant's net_event(t) at a
// release, which makes the synapse an event source (mech.EventSource;
// nil for the other variants, which emit nothing).
func (m *ProbAMPANMDA) Events(k int, untilMs float64) []float64 {
	if m.emitted == nil {
		return nil
	}
	return m.emitted.events(k, untilMs)
}

// InitNetCon is NET_RECEIVE's INITIAL block: a presynaptic connection
// (nc_type 0) of an instance with delayed weights (SetupDelayVecs)
// schedules their self events.
func (m *ProbAMPANMDA) InitNetCon(e *mech.Env, k int, args []float64) error {
	return m.release.initNetCon(e, m, k, args)
}

package native

import (
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

func init() {
	mech.MustRegister("DetAMPANMDA", func(n int) mech.Mechanism { return NewDetAMPANMDA(n) })
	mech.MustRegisterSet("metabolism", "DetAMPANMDA_ionic", func(n int) mech.Mechanism { return newDetAMPANMDA(n, true) })
}

// DetAMPANMDA is the point process DetAMPANMDA of neurodamus
// (neurodamus-models common/mod/DetAMPANMDA.mod): AMPA and NMDA
// dual-exponential conductances (cnexp) driven by deterministic
// Tsodyks-Markram release, its state per connection.
//
// DetAMPANMDA_ionic of the metabolism set
// (neocortex/mod/metabolism/DetAMPANMDA.mod) is the same type with the
// ion currents of ProbAMPANMDA_EMS's metabolism variant (ampaIons: na,
// k and ca by relative permeabilities, i_AMPA and i_NMDA with e_AMPA and
// e_NMDA, i no membrane current, e a GLOBAL left unused) and without
// nc_type and delayed weights.
type DetAMPANMDA struct {
	detRelease
	ions    *ampaIons // DetAMPANMDA_ionic's, or nil
	eGlobal float64   // DetAMPANMDA_ionic's GLOBAL e
	// RANGE
	TauRAMPA, TauDAMPA, TauRNMDA, TauDNMDA, Mg, NMDARatio, E []float64
	// STATE
	AAMPA, BAMPA, ANMDA, BNMDA []float64
	// ASSIGNED
	V, I, IAMPA, INMDA, GAMPA, GNMDA, G, FactorAMPA, FactorNMDA, Mggate []float64
	// GLOBAL
	Gmax float64

	vars map[string][]float64
}

// NewDetAMPANMDA returns DetAMPANMDA over n instances at the .mod's
// defaults.
func NewDetAMPANMDA(n int) *DetAMPANMDA { return newDetAMPANMDA(n, false) }

// newDetAMPANMDA returns DetAMPANMDA, or with ionic DetAMPANMDA_ionic,
// over n instances at the .mod's defaults.
func newDetAMPANMDA(n int, ionic bool) *DetAMPANMDA {
	m := &DetAMPANMDA{detRelease: newDetRelease(n),
		TauRAMPA: fill(n, 0.2), TauDAMPA: fill(n, 1.7), TauRNMDA: fill(n, 0.29), TauDNMDA: fill(n, 43),
		Mg: fill(n, 1), NMDARatio: fill(n, 0.71), E: fill(n, 0),
		AAMPA: fill(n, 0), BAMPA: fill(n, 0), ANMDA: fill(n, 0), BNMDA: fill(n, 0),
		V: fill(n, 0), I: fill(n, 0), IAMPA: fill(n, 0), INMDA: fill(n, 0), GAMPA: fill(n, 0),
		GNMDA: fill(n, 0), G: fill(n, 0), FactorAMPA: fill(n, 0), FactorNMDA: fill(n, 0),
		Mggate: fill(n, 0), Gmax: .001}
	m.vars = map[string][]float64{
		"tau_r_AMPA": m.TauRAMPA, "tau_d_AMPA": m.TauDAMPA, "tau_r_NMDA": m.TauRNMDA,
		"tau_d_NMDA": m.TauDNMDA, "mg": m.Mg, "NMDA_ratio": m.NMDARatio, "e": m.E,
		"A_AMPA": m.AAMPA, "B_AMPA": m.BAMPA, "A_NMDA": m.ANMDA, "B_NMDA": m.BNMDA,
		"v": m.V, "i": m.I, "i_AMPA": m.IAMPA, "i_NMDA": m.INMDA, "g_AMPA": m.GAMPA,
		"g_NMDA": m.GNMDA, "g": m.G, "factor_AMPA": m.FactorAMPA, "factor_NMDA": m.FactorNMDA,
		"mggate": m.Mggate,
	}
	if ionic {
		m.noDelays = true
		m.ions = newAMPAIons(n)
		m.ions.vars(m.vars)
		delete(m.vars, "e")
	}
	m.detRelease.vars(m.vars)
	return m
}

// Name is DetAMPANMDA, or DetAMPANMDA_ionic.
func (m *DetAMPANMDA) Name() string {
	if m.ions != nil {
		return "DetAMPANMDA_ionic"
	}
	return "DetAMPANMDA"
}

// Ions is nil, or DetAMPANMDA_ionic's USEION na, k and ca.
func (m *DetAMPANMDA) Ions() []mech.IonUse {
	if m.ions != nil {
		return ampaIonUse
	}
	return nil
}

func (m *DetAMPANMDA) Kind() mech.Kind           { return mech.PointProcess }
func (m *DetAMPANMDA) Len() int                  { return m.n }
func (m *DetAMPANMDA) Var(name string) []float64 { return m.vars[name] }
func (m *DetAMPANMDA) Vars() []string            { return sortedKeys(m.vars) }

// global is a GLOBAL: gmax, nc_type_param (DetAMPANMDA), e and the relP_*
// permeabilities (DetAMPANMDA_ionic); nil for other names.
func (m *DetAMPANMDA) global(name string) *float64 {
	switch {
	case name == "gmax":
		return &m.Gmax
	case name == "nc_type_param" && !m.noDelays:
		return &m.NcTypeParam
	case name == "e" && m.ions != nil:
		return &m.eGlobal
	case m.ions != nil:
		return m.ions.globals()[name]
	}
	return nil
}

// SetGlobal sets gmax or nc_type_param (DetAMPANMDA_ionic: gmax, e,
// relP_*).
func (m *DetAMPANMDA) SetGlobal(name string, v float64) error {
	p := m.global(name)
	if p == nil {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	*p = v
	return nil
}

// Global returns a GLOBAL (see SetGlobal).
func (m *DetAMPANMDA) Global(name string) (float64, error) {
	p := m.global(name)
	if p == nil {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	return *p, nil
}

// Init is INITIAL.
func (m *DetAMPANMDA) Init(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.AAMPA[k], m.BAMPA[k], m.ANMDA[k], m.BNMDA[k] = 0, 0, 0, 0
		m.FactorAMPA[k] = detFactor(m.TauRAMPA[k], m.TauDAMPA[k])
		m.FactorNMDA[k] = detFactor(m.TauRNMDA[k], m.TauDNMDA[k])
		m.NextDelay[k] = -1
		if m.ions != nil {
			m.ions.init(k)
		}
	}
}

// current is BREAKPOINT at v: the total current (nA).
func (m *DetAMPANMDA) current(k int, v float64) float64 {
	m.Mggate[k] = 1 / (1 + float64(math.Exp(0.062*-v)*(m.Mg[k]/3.57)))
	m.GAMPA[k] = m.Gmax * (m.BAMPA[k] - m.AAMPA[k])
	m.GNMDA[k] = float64(m.Gmax*(m.BNMDA[k]-m.ANMDA[k])) * m.Mggate[k]
	m.G[k] = m.GAMPA[k] + m.GNMDA[k]
	eAMPA, eNMDA := m.E[k], m.E[k]
	if m.ions != nil {
		eAMPA, eNMDA = m.ions.EAMPA[k], m.ions.ENMDA[k]
	}
	m.IAMPA[k] = m.GAMPA[k] * (v - eAMPA)
	m.INMDA[k] = m.GNMDA[k] * (v - eNMDA)
	m.I[k] = m.IAMPA[k] + m.INMDA[k]
	return m.I[k]
}

// Current adds the current and its slope by the 0.001 mV difference
// (DetAMPANMDA_ionic: the ion currents, each to its ion).
func (m *DetAMPANMDA) Current(e *mech.Env) {
	if a := m.ions; a != nil {
		ions := [3]*mech.Ion{e.IonAt(0, "na"), e.IonAt(1, "k"), e.IonAt(2, "ca")}
		for k := 0; k < m.n; k++ {
			m.V[k] = e.V[k]
			a.read(e, k)
			ionCurrents(e, k, ions[:], a.di[:], a.i[:], func(v float64, i []float64) float64 {
				m.current(k, v)
				return a.currents(k, v, m.GAMPA[k], m.GNMDA[k], i)
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
func (m *DetAMPANMDA) State(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.AAMPA[k] = cnexp(m.AAMPA[k], m.TauRAMPA[k], e.Dt)
		m.BAMPA[k] = cnexp(m.BAMPA[k], m.TauDAMPA[k], e.Dt)
		m.ANMDA[k] = cnexp(m.ANMDA[k], m.TauRNMDA[k], e.Dt)
		m.BNMDA[k] = cnexp(m.BNMDA[k], m.TauDNMDA[k], e.Dt)
	}
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0).
func (m *DetAMPANMDA) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }

// ReceiveFlag is NET_RECEIVE(weight, weight_AMPA, weight_NMDA, R, Pr, u,
// tsyn, nc_type) (DetAMPANMDA_ionic: without nc_type). A shorter weight
// vector is ignored.
func (m *DetAMPANMDA) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {
	if len(args) < m.nargs() {
		return
	}
	args[argWeight1] = args[argWeight]
	args[argWeight2] = args[argWeight] * m.NMDARatio[k]
	pr := m.detRelease.receive(e, k, args, flag)
	if flag != 1 && e.T >= 0 {
		detAdd(m.AAMPA, m.BAMPA, k, pr, args[argWeight1], m.FactorAMPA[k])
		detAdd(m.ANMDA, m.BNMDA, k, pr, args[argWeight2], m.FactorNMDA[k])
	}
}

// InitNetCon is NET_RECEIVE's INITIAL block.
func (m *DetAMPANMDA) InitNetCon(e *mech.Env, k int, args []float64) error {
	return m.detRelease.initNetCon(e, m, k, args)
}

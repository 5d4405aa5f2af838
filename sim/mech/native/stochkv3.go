package native

import (
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

func init() {
	mech.MustRegister("StochKv3", func(n int) mech.Mechanism { return NewStochKv3(n) })
	mech.MustRegisterSet("metabolism", "StochKv3", func(n int) mech.Mechanism { return newStochKv3(n, true) })
}

// StochKv3 is the density mechanism StochKv3 of the neocortex v6 models
// (neurodamus-models neocortex/mod/v6/StochKv3.mod): a stochastic
// inactivating potassium channel (Mendonca et al. 2016) of N =
// floor(eta area + 0.5) channels, eta = 1e4 gkbar/gamma, in four states
// by the activation n and the inactivation l (N0L0, N1L0, N0L1, N1L1),
// ik = gk (v - ek), gk = 1e-4 N1L1 gamma/area.
//
// In stochastic mode (deterministic = 0, dt <= 1 ms) every step draws,
// from the instance's Random123 stream (SetRNG), the n transitions
// (BnlDev of an dt from N0L0 and N0L1, of bn dt from N1L1 and N1L0, in
// that order), moves the channels, then the l transitions (al dt from
// N0L0 and N1L0, bl dt from N0L1 and N1L1, of the channels that did not
// move). The deterministic states l and n follow their equations (cnexp)
// in both modes and set the populations in the deterministic one. The
// rates come from NEURON's TABLE of trates over [vmin, vmax].
//
// The .mod declares N0, N1, n0_n1 and n1_n0 RANGE without declaring
// them otherwise: NEURON has no such variables, nor has StochKv3.
//
// The metabolism set's StochKv3 (neocortex/mod/metabolism/StochKv3.mod,
// mech.NewIn([]string{"metabolism"}, "StochKv3", n)) is the same type
// with Gk0 and IkStoch0: INITIAL sets gk0 = 1e-4 strap(N1L1) scale_dens
// and ik_stoch_0 = gk0 (v - ek), and BREAKPOINT subtracts ik_stoch_0
// from ik, so that the channel carries no current at rest. The .mod
// declares gk0 and ik_stoch_0 ASSIGNED but not RANGE, so in NEURON they
// are one value per thread (the last initialised instance's), as the
// populations are; here, as the populations, they are per instance (the
// same in a single compartment).
type StochKv3 struct {
	stochChannel
	// RANGE (PARAMETER)
	Gamma, Eta, Gkbar, Deterministic []float64
	// RANGE (ASSIGNED)
	N, Gk, Ik, Ninf, Ntau, Linf, Ltau, An, Bn, Al, Bl, Pan, Pbn, Pal, Pbl []float64
	// ASSIGNED: populations and transitions; STATE
	Ek, ScaleDens                []float64
	N0L0, N1L0, N0L1, N1L1       []float64
	N0L0N1L0, N0L0N0L1, N1L0N1L1 []float64
	N1L0N0L0, N0L1N1L1, N0L1N0L0 []float64
	N1L1N0L1, N1L1N1L0, Nst, Lst []float64
	Vmin, Vmax, NInit, LInit     float64
	// the metabolism variant's ASSIGNED, or nil
	Gk0, IkStoch0 []float64
	vars          map[string][]float64
	row           [8]float64
}

// NewStochKv3 returns StochKv3 over n instances at the .mod's defaults.
func NewStochKv3(n int) *StochKv3 { return newStochKv3(n, false) }

// newStochKv3 returns StochKv3, or with initialCurrent the metabolism
// set's variant, over n instances at the .mod's defaults.
func newStochKv3(n int, initialCurrent bool) *StochKv3 {
	z := func() []float64 { return fill(n, 0) }
	m := &StochKv3{stochChannel: newStochChannel(n),
		Gamma: fill(n, 50), Eta: z(), Gkbar: fill(n, .01), Deterministic: z(),
		N: z(), Gk: z(), Ik: z(), Ninf: z(), Ntau: z(), Linf: z(), Ltau: z(),
		An: z(), Bn: z(), Al: z(), Bl: z(), Pan: z(), Pbn: z(), Pal: z(), Pbl: z(),
		Ek: z(), ScaleDens: z(), N0L0: z(), N1L0: z(), N0L1: z(), N1L1: z(),
		N0L0N1L0: z(), N0L0N0L1: z(), N1L0N1L1: z(), N1L0N0L0: z(),
		N0L1N1L1: z(), N0L1N0L0: z(), N1L1N0L1: z(), N1L1N1L0: z(), Nst: z(), Lst: z(),
		Vmin: -120, Vmax: 100}
	m.vars = map[string][]float64{
		"gamma": m.Gamma, "eta": m.Eta, "gkbar": m.Gkbar, "deterministic": m.Deterministic,
		"N": m.N, "gk": m.Gk, "ik": m.Ik, "ninf": m.Ninf, "ntau": m.Ntau, "linf": m.Linf,
		"ltau": m.Ltau, "an": m.An, "bn": m.Bn, "al": m.Al, "bl": m.Bl,
		"P_an": m.Pan, "P_bn": m.Pbn, "P_al": m.Pal, "P_bl": m.Pbl,
		"ek": m.Ek, "scale_dens": m.ScaleDens,
		"N0L0": m.N0L0, "N1L0": m.N1L0, "N0L1": m.N0L1, "N1L1": m.N1L1,
		"n0l0_n1l0": m.N0L0N1L0, "n0l0_n0l1": m.N0L0N0L1, "n1l0_n1l1": m.N1L0N1L1,
		"n1l0_n0l0": m.N1L0N0L0, "n0l1_n1l1": m.N0L1N1L1, "n0l1_n0l0": m.N0L1N0L0,
		"n1l1_n0l1": m.N1L1N0L1, "n1l1_n1l0": m.N1L1N1L0, "n": m.Nst, "l": m.Lst,
	}
	if initialCurrent {
		m.Gk0, m.IkStoch0 = z(), z()
		m.vars["gk0"], m.vars["ik_stoch_0"] = m.Gk0, m.IkStoch0
	}
	return m
}

func (m *StochKv3) Name() string              { return "StochKv3" }
func (m *StochKv3) Kind() mech.Kind           { return mech.Density }
func (m *StochKv3) Len() int                  { return m.n }
func (m *StochKv3) Var(name string) []float64 { return m.vars[name] }
func (m *StochKv3) Vars() []string            { return sortedKeys(m.vars) }

// Ions is USEION k READ ek WRITE ik.
func (m *StochKv3) Ions() []mech.IonUse {
	return []mech.IonUse{{Name: "k", Read: []string{"ek"}, Write: []string{"ik"}}}
}

func (m *StochKv3) globals() map[string]*float64 {
	return map[string]*float64{"vmin": &m.Vmin, "vmax": &m.Vmax, "n0": &m.NInit, "l0": &m.LInit,
		"usetable": &m.usetable}
}

// SetGlobal sets vmin, vmax, n0, l0 or usetable.
func (m *StochKv3) SetGlobal(name string, v float64) error {
	p, ok := m.globals()[name]
	if !ok {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	*p = v
	return nil
}

// Global returns a GLOBAL (see SetGlobal).
func (m *StochKv3) Global(name string) (float64, error) {
	p, ok := m.globals()[name]
	if !ok {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	return *p, nil
}

// rates is the .mod's trates without the table (_f_trates): ntau, ltau,
// ninf, linf, al, bl, an, bn into out (the TABLE's order).
func kv3Rates(v float64, out []float64) {
	v = v + 10.0
	linf := 1.0 / (1.0 + math.Exp((-30.0-v)/10.0))
	ltau := float64(0.346*math.Exp(-v/18.272)) + 2.09
	ninf := 1.0 / (1.0 + math.Exp(0.0878*(v+55.1)))
	ntau := float64(2.1*math.Exp(-v/21.2)) + 4.627
	al := linf / ltau
	bl := 1.0/ltau - al
	an := ninf / ntau
	bn := 1.0/ntau - an
	out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7] = ntau, ltau, ninf, linf, al, bl, an, bn
}

// trates is the .mod's trates(v) for instance k (TABLE DEPEND dt).
func (m *StochKv3) trates(k int, v float64) {
	r := m.row[:]
	if m.usetable == 0 {
		kv3Rates(v, r)
	} else {
		m.tab.lookup(v, r)
	}
	m.Ntau[k], m.Ltau[k], m.Ninf[k], m.Linf[k] = r[0], r[1], r[2], r[3]
	m.Al[k], m.Bl[k], m.An[k], m.Bn[k] = r[4], r[5], r[6], r[7]
}

func (m *StochKv3) checkTable(e *mech.Env) {
	if m.usetable == 0 {
		return
	}
	m.tab.check([]float64{e.Dt}, m.Vmin, m.Vmax, 8, kv3Rates)
}

// Init is INITIAL: the stream at sequence 0, N channels, n and l at their
// steady states and the populations from them (rounded in stochastic
// mode), N0L0 the rest.
func (m *StochKv3) Init(e *mech.Env) {
	m.branches = [3]int{}
	m.checkTable(e)
	ion := e.Ion("k")
	for k := 0; k < m.n; k++ {
		m.Ek[k] = ion.E[k]
		m.Nst[k], m.Lst[k] = m.NInit, m.LInit
		m.initStream(k)
		m.Eta[k] = (m.Gkbar[k] / m.Gamma[k]) * 10000.0
		m.trates(k, e.V[k])
		n := m.Ninf[k]
		l := m.Linf[k]
		m.Nst[k], m.Lst[k] = n, l
		m.ScaleDens[k] = m.Gamma[k] / e.Area[k]
		N := math.Floor(float64(m.Eta[k]*e.Area[k]) + 0.5)
		m.N[k] = N
		m.N1L1[k] = float64(n*l) * N
		m.N1L0[k] = float64(n*(1.0-l)) * N
		m.N0L1[k] = float64((1.0-n)*l) * N
		if m.Deterministic[k] == 0 {
			m.N1L1[k] = math.Floor(m.N1L1[k] + 0.5)
			m.N1L0[k] = math.Floor(m.N1L0[k] + 0.5)
			m.N0L1[k] = math.Floor(m.N0L1[k] + 0.5)
		}
		m.N0L0[k] = N - m.N1L1[k] - m.N1L0[k] - m.N0L1[k]
		for _, x := range [][]float64{m.N0L0N1L0, m.N0L0N0L1, m.N1L0N1L1, m.N1L0N0L0,
			m.N0L1N1L1, m.N0L1N0L0, m.N1L1N0L1, m.N1L1N1L0} {
			x[k] = 0
		}
		if m.Gk0 != nil {
			m.Gk0[k] = float64(strap(m.N1L1[k])*m.ScaleDens[k]) * 0.0001
			m.IkStoch0[k] = m.Gk0[k] * (e.V[k] - m.Ek[k])
		}
	}
}

// Current is BREAKPOINT: gk = 1e-4 strap(N1L1) scale_dens, ik = gk (v -
// ek) (minus ik_stoch_0 in the metabolism variant), the slope by the
// 0.001 mV difference.
func (m *StochKv3) Current(e *mech.Env) {
	ion := e.Ion("k")
	for k := 0; k < m.n; k++ {
		m.Ek[k] = ion.E[k]
		kCurrent(e, ion, k, func(v float64) float64 {
			m.Gk[k] = float64(strap(m.N1L1[k])*m.ScaleDens[k]) * 0.0001
			m.Ik[k] = m.Gk[k] * (v - m.Ek[k])
			if m.IkStoch0 != nil {
				m.Ik[k] -= m.IkStoch0[k]
			}
			return m.Ik[k]
		})
	}
}

// State is the DERIVATIVE block states as NEURON runs it (cnexp): the
// rates at the new v, l and n advanced exactly, then the populations.
func (m *StochKv3) State(e *mech.Env) {
	m.checkTable(e)
	ion := e.Ion("k")
	dt := e.Dt
	for k := 0; k < m.n; k++ {
		m.Ek[k] = ion.E[k]
		m.trates(k, e.V[k])
		al, bl, an, bn := m.Al[k], m.Bl[k], m.An[k], m.Bn[k]
		m.Lst[k] = m.Lst[k] + float64((1.0-math.Exp(dt*(-(al+bl))))*((-al)/(-(al+bl))-m.Lst[k]))
		m.Nst[k] = m.Nst[k] + float64((1.0-math.Exp(dt*(-(an+bn))))*((-an)/(-(an+bn))-m.Nst[k]))
		n, l, N := m.Nst[k], m.Lst[k], m.N[k]
		if m.Deterministic[k] != 0 || dt > 1.0 {
			m.N1L1[k] = float64(n*l) * N
			m.N1L0[k] = float64(n*(1.0-l)) * N
			m.N0L1[k] = float64((1.0-n)*l) * N
		} else {
			m.stochStep(k, dt)
		}
		m.N0L0[k] = N - m.N1L1[k] - m.N1L0[k] - m.N0L1[k]
	}
}

// stochStep is the stochastic branch of states: the n transitions, then
// the l transitions of the channels that did not move, each population
// kept non-negative.
func (m *StochKv3) stochStep(k int, dt float64) {
	N := m.N[k]
	m.N1L1[k] = math.Floor(m.N1L1[k] + 0.5)
	m.N1L0[k] = math.Floor(m.N1L0[k] + 0.5)
	m.N0L1[k] = math.Floor(m.N0L1[k] + 0.5)
	m.N0L0[k] = N - m.N1L1[k] - m.N1L0[k] - m.N0L1[k]

	m.Pan[k] = strap(m.An[k] * dt)
	m.Pbn[k] = strap(m.Bn[k] * dt)
	m.N0L0N1L0[k] = m.bnlDev(k, m.Pan[k], m.N0L0[k])
	m.N0L1N1L1[k] = m.bnlDev(k, m.Pan[k], m.N0L1[k])
	m.N1L1N0L1[k] = m.bnlDev(k, m.Pbn[k], m.N1L1[k])
	m.N1L0N0L0[k] = m.bnlDev(k, m.Pbn[k], m.N1L0[k])

	m.N0L0[k] = strap(m.N0L0[k] - m.N0L0N1L0[k] + m.N1L0N0L0[k])
	m.N1L0[k] = strap(m.N1L0[k] - m.N1L0N0L0[k] + m.N0L0N1L0[k])
	m.N0L1[k] = strap(m.N0L1[k] - m.N0L1N1L1[k] + m.N1L1N0L1[k])
	m.N1L1[k] = strap(m.N1L1[k] - m.N1L1N0L1[k] + m.N0L1N1L1[k])

	m.Pal[k] = strap(m.Al[k] * dt)
	m.Pbl[k] = strap(m.Bl[k] * dt)
	m.N0L0N0L1[k] = m.bnlDev(k, m.Pal[k], m.N0L0[k]-m.N0L0N1L0[k])
	m.N1L0N1L1[k] = m.bnlDev(k, m.Pal[k], m.N1L0[k]-m.N1L0N0L0[k])
	m.N0L1N0L0[k] = m.bnlDev(k, m.Pbl[k], m.N0L1[k]-m.N0L1N1L1[k])
	m.N1L1N1L0[k] = m.bnlDev(k, m.Pbl[k], m.N1L1[k]-m.N1L1N0L1[k])

	m.N0L0[k] = strap(m.N0L0[k] - m.N0L0N0L1[k] + m.N0L1N0L0[k])
	m.N1L0[k] = strap(m.N1L0[k] - m.N1L0N1L1[k] + m.N1L1N1L0[k])
	m.N0L1[k] = strap(m.N0L1[k] - m.N0L1N0L0[k] + m.N0L0N0L1[k])
	m.N1L1[k] = strap(m.N1L1[k] - m.N1L1N1L0[k] + m.N1L0N1L1[k])
}

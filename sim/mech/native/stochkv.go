package native

import (
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
)

func init() {
	mech.MustRegister("StochKv", func(n int) mech.Mechanism { return NewStochKv(n) })
}

// StochKv is the density mechanism StochKv of the neocortex v5 models
// (neurodamus-models neocortex/mod/v5/StochKv.mod): a stochastic
// potassium channel of N = floor(eta area + 0.5) channels, eta = gkbar /
// gamma (the .mod's units, kept for compatibility), each closed (N0) or
// open (N1) with the rates a and b of Mainen and Sejnowski's Kd, and ik =
// 1e-4 gk (v - ek), gk = N1 gamma/area tadj.
//
// In stochastic mode (deterministic = 0, dt <= 1 ms) every step draws the
// numbers of opening and closing channels, BnlDev(a dt, N0) then
// BnlDev(b dt, N1), from the instance's Random123 stream (SetRNG); the
// deterministic state n follows its equation (cnexp) in both modes and
// sets N1 = n N in the deterministic one. The rates come from NEURON's
// TABLE of trates (usetable 1 by default) over [vmin, vmax].
type StochKv struct {
	stochChannel
	// RANGE (PARAMETER)
	Gamma, Eta, Gkbar, Ra, Rb, Deterministic []float64
	// RANGE (ASSIGNED)
	N, Gk, Ik, N0, N1, N0N1, N1N0, Ninf, Ntau, A, B, Pa, Pb, Tadj []float64
	// ASSIGNED, STATE
	Ek, ScaleDens, N0N1New, Nst []float64
	// GLOBALs (tha and qa are PARAMETERs not declared RANGE; n0 is the
	// state's initial value)
	Tha, Qa, Temp, Q10, Vmin, Vmax, NInit float64

	vars map[string][]float64
	row  [5]float64
}

// NewStochKv returns StochKv over n instances at the .mod's defaults.
func NewStochKv(n int) *StochKv {
	m := &StochKv{stochChannel: newStochChannel(n),
		Gamma: fill(n, 30), Eta: fill(n, 0), Gkbar: fill(n, .75), Ra: fill(n, 0.02), Rb: fill(n, 0.002),
		Deterministic: fill(n, 0),
		N:             fill(n, 0), Gk: fill(n, 0), Ik: fill(n, 0), N0: fill(n, 0), N1: fill(n, 0),
		N0N1: fill(n, 0), N1N0: fill(n, 0), Ninf: fill(n, 0), Ntau: fill(n, 0), A: fill(n, 0),
		B: fill(n, 0), Pa: fill(n, 0), Pb: fill(n, 0), Tadj: fill(n, 0),
		Ek: fill(n, 0), ScaleDens: fill(n, 0), N0N1New: fill(n, 0), Nst: fill(n, 0),
		Tha: -40, Qa: 9, Temp: 23, Q10: 2.3, Vmin: -120, Vmax: 100}
	m.vars = map[string][]float64{
		"gamma": m.Gamma, "eta": m.Eta, "gkbar": m.Gkbar, "Ra": m.Ra, "Rb": m.Rb,
		"deterministic": m.Deterministic, "N": m.N, "gk": m.Gk, "ik": m.Ik, "N0": m.N0, "N1": m.N1,
		"n0_n1": m.N0N1, "n1_n0": m.N1N0, "ninf": m.Ninf, "ntau": m.Ntau, "a": m.A, "b": m.B,
		"P_a": m.Pa, "P_b": m.Pb, "tadj": m.Tadj, "ek": m.Ek, "scale_dens": m.ScaleDens,
		"n0_n1_new": m.N0N1New, "n": m.Nst,
	}
	return m
}

func (m *StochKv) Name() string              { return "StochKv" }
func (m *StochKv) Kind() mech.Kind           { return mech.Density }
func (m *StochKv) Len() int                  { return m.n }
func (m *StochKv) Var(name string) []float64 { return m.vars[name] }
func (m *StochKv) Vars() []string            { return sortedKeys(m.vars) }

// Ions is USEION k READ ek WRITE ik.
func (m *StochKv) Ions() []mech.IonUse {
	return []mech.IonUse{{Name: "k", Read: []string{"ek"}, Write: []string{"ik"}}}
}

func (m *StochKv) globals() map[string]*float64 {
	return map[string]*float64{"tha": &m.Tha, "qa": &m.Qa, "temp": &m.Temp, "q10": &m.Q10,
		"vmin": &m.Vmin, "vmax": &m.Vmax, "n0": &m.NInit, "usetable": &m.usetable}
}

// SetGlobal sets tha, qa, temp, q10, vmin, vmax, n0 or usetable.
func (m *StochKv) SetGlobal(name string, v float64) error {
	p, ok := m.globals()[name]
	if !ok {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	*p = v
	return nil
}

// Global returns a GLOBAL (see SetGlobal).
func (m *StochKv) Global(name string) (float64, error) {
	p, ok := m.globals()[name]
	if !ok {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	return *p, nil
}

// sigmoidRate is the .mod's SigmoidRate.
func sigmoidRate(v, th, a, q float64) float64 {
	if math.Abs(v-th) > 1e-6 {
		return float64(a*(v-th)) / (1.0 - math.Exp(-(v-th)/q))
	}
	return a * q
}

// rates is the .mod's trates without the table (_f_trates) for instance
// k's Ra and Rb: ntau, ninf, a, b, tadj into out.
func (m *StochKv) rates(e *mech.Env, k int, v float64, out []float64) {
	tadj := math.Pow(m.Q10, (e.Celsius-m.Temp)/10.0)
	a := sigmoidRate(v, m.Tha, m.Ra[k], m.Qa)
	a = a * tadj
	b := sigmoidRate(-v, -m.Tha, m.Rb[k], m.Qa)
	b = b * tadj
	ntau := 1.0 / (a + b)
	out[0], out[1], out[2], out[3], out[4] = ntau, a*ntau, a, b, tadj
}

// checkTable is the TABLE's check with the first instance's values
// (DEPEND dt, Ra, Rb, tha, qa, q10, temp, celsius).
func (m *StochKv) checkTable(e *mech.Env) {
	if m.usetable == 0 || m.n == 0 {
		return
	}
	dep := []float64{e.Dt, m.Ra[0], m.Rb[0], m.Tha, m.Qa, m.Q10, m.Temp, e.Celsius}
	m.tab.check(dep, m.Vmin, m.Vmax, 5, func(x float64, out []float64) { m.rates(e, 0, x, out) })
}

// trates is the .mod's trates(v) for instance k.
func (m *StochKv) trates(e *mech.Env, k int, v float64) {
	r := m.row[:]
	if m.usetable == 0 {
		m.rates(e, k, v, r)
	} else {
		m.tab.lookup(v, r)
	}
	m.Ntau[k], m.Ninf[k], m.A[k], m.B[k], m.Tadj[k] = r[0], r[1], r[2], r[3], r[4]
}

// Init is INITIAL: the stream at sequence 0, N channels, n at its steady
// state and N1 = n N (rounded in stochastic mode).
func (m *StochKv) Init(e *mech.Env) {
	m.branches = [3]int{}
	m.checkTable(e)
	ion := e.Ion("k")
	for k := 0; k < m.n; k++ {
		m.Ek[k] = ion.E[k]
		m.Nst[k] = m.NInit
		m.initStream(k)
		m.Eta[k] = m.Gkbar[k] / m.Gamma[k]
		m.trates(e, k, e.V[k])
		m.Nst[k] = m.Ninf[k]
		m.ScaleDens[k] = m.Gamma[k] / e.Area[k]
		m.N[k] = math.Floor(float64(m.Eta[k]*e.Area[k]) + 0.5)
		m.N1[k] = m.Nst[k] * m.N[k]
		if m.Deterministic[k] == 0 {
			m.N1[k] = math.Floor(m.N1[k] + 0.5)
		}
		m.N0[k] = m.N[k] - m.N1[k]
		m.N0N1[k], m.N1N0[k] = 0, 0
	}
}

// Current is BREAKPOINT: gk = strap(N1) scale_dens tadj, ik = 1e-4 gk (v
// - ek), the slope by the 0.001 mV difference.
func (m *StochKv) Current(e *mech.Env) {
	ion := e.Ion("k")
	for k := 0; k < m.n; k++ {
		m.Ek[k] = ion.E[k]
		kCurrent(e, ion, k, func(v float64) float64 {
			m.Gk[k] = float64(strap(m.N1[k])*m.ScaleDens[k]) * m.Tadj[k]
			m.Ik[k] = float64(1e-4*m.Gk[k]) * (v - m.Ek[k])
			return m.Ik[k]
		})
	}
}

// State is the DERIVATIVE block states as NEURON runs it (cnexp): the
// rates at the new v, n advanced exactly, then the channel numbers.
func (m *StochKv) State(e *mech.Env) {
	m.checkTable(e)
	ion := e.Ion("k")
	dt := e.Dt
	for k := 0; k < m.n; k++ {
		m.Ek[k] = ion.E[k]
		m.trates(e, k, e.V[k])
		a, b := m.A[k], m.B[k]
		m.Nst[k] = m.Nst[k] + float64((1.0-math.Exp(dt*(-(a+b))))*((-a)/(-(a+b))-m.Nst[k]))
		if m.Deterministic[k] != 0 || dt > 1.0 {
			m.N1[k] = m.Nst[k] * m.N[k]
		} else {
			m.N0[k] = math.Floor(m.N0[k] + 0.5)
			m.N1[k] = m.N[k] - m.N0[k]
			m.Pa[k] = strap(a * dt)
			m.Pb[k] = strap(b * dt)
			m.N0N1[k] = m.bnlDev(k, m.Pa[k], m.N0[k])
			m.N1N0[k] = m.bnlDev(k, m.Pb[k], m.N1[k])
			m.N0[k] = strap(m.N0[k] - m.N0N1[k] + m.N1N0[k])
			m.N1[k] = m.N[k] - m.N0[k]
		}
		m.N0[k] = m.N[k] - m.N1[k]
	}
}

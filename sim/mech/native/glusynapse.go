package native

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

func init() {
	mech.MustRegister("GluSynapse", func(n int) mech.Mechanism { return NewGluSynapse(n) })
}

// The indices of GluSynapse's NET_RECEIVE arguments (weight, u, tsyn,
// recovered, unrecovered, nc_type).
const (
	gluWeight      = 0
	gluU           = 1
	gluTsyn        = 2
	gluRecovered   = 3
	gluUnrecovered = 4
	gluNcType      = 5
	// NArgsGlu is the length of GluSynapse's weight vector.
	NArgsGlu = 6
)

// GluSynapse is the point process GluSynapse of neurodamus
// (neurodamus-models common/mod/GluSynapse.mod): AMPA and NMDA
// dual-exponential conductances with stochastic multi-vesicular release,
// an NMDA calcium current and an R-type VDCC feeding a spine calcium
// concentration, and calcium-based long-term plasticity (Graupner and
// Brunel 2012) of gmax_AMPA and Use through rho_GB. Its 11 STATEs advance
// by forward Euler (METHOD euler: every derivative first, at the new v and
// the calcium currents of the last current computation, then x += dt x').
//
// NET_RECEIVE keeps (weight, u, tsyn, recovered, unrecovered, nc_type) per
// connection (NArgsGlu values); its INITIAL block sets weight to 1 (the
// conductances are gmax_AMPA and gmax_NMDA) and fills the sites. On a
// spike with weight > 0: u = Use_GB + u (1 - Use_GB) exp(-(t - tsyn)/Fac),
// the recovery of the unrecovered sites with probability 1 - exp(-(t -
// tsyn)/Dep), then the release of the recovered ones (one only for a mini
// under minis_single_vesicle) with probability u, each a draw <= p from
// the instance's Random123 stream (SetRNG); unlike ProbAMPANMDA_EMS, Init
// does not restart the stream (the .mod's INITIAL has no setseq), and
// without a stream every draw is 0, a success. INITIAL sends the self
// event of flag 1 that activates the four WATCH statements: effcai_GB
// crossing theta_d_GB (flags 2 and 3: dep_GB 1 and 0) and theta_p_GB
// (flags 4 and 5: pot_GB); the conditions are checked after every step
// (NEURON checks them at the start of the next, before its events) and a
// crossing to true sends its flag at that time. Without an event queue
// (mech.Env.Queue) the WATCH statements stay inactive. Delayed weights
// (SetupDelayVecs) are self events of flag 10. verbose's printing is not
// reproduced.
type GluSynapse struct {
	n int
	// RANGE (PARAMETER)
	TauDAMPA, Gmax0AMPA, GmaxDAMPA, GmaxPAMPA, GmaxNMDA []float64
	Use, Dep, Fac, Nrrp, UseD, UseP, VolumeCR           []float64
	ThetaDGB, ThetaPGB, Rho0GB                          []float64
	SynapseID, Verbose, SelectedForReport, Conductance  []float64
	// RANGE (ASSIGNED)
	GAMPA, GNMDA, IcaNMDA, IcaVDCC, DepGB, PotGB, Vsyn, I, NextDelay []float64
	V                                                                []float64
	// STATEs
	AAMPA, BAMPA, GmaxAMPA, ANMDA, BNMDA, UseGB []float64
	MVDCC, HVDCC, CaiCR, RhoGB, EffcaiGB        []float64

	g       map[string]*float64 // GLOBALs
	globals gluGlobals
	vars    map[string][]float64

	gluStreams
	watch      gbWatch
	delayTimes [][]float64
	delayWts   [][]float64
	deriv      [11]float64
}

// gluGlobals are GluSynapse's GLOBALs (and the states' initial values).
type gluGlobals struct {
	TauRAMPA, EAMPA, ScaleNMDA, SlopeNMDA, TauRNMDA, TauDNMDA, ENMDA, Mg float64
	LjpVDCC, VhmVDCC, KmVDCC, MtauVDCC, VhhVDCC, KhVDCC, HtauVDCC        float64
	GcaBarVDCC, GammaCaCR, TauCaCR, MinCaCR, CaoCR                       float64
	RhoStarGB, TauIndGB, TauExpGB, TauEffcaGB, GammaDGB, GammaPGB        float64
	NcTypeParam, MinisSingleVesicle, InitDepleted                        float64
	X0                                                                   [11]float64
}

// gluStates are the STATE names in the .mod's order.
var gluStates = [11]string{"A_AMPA", "B_AMPA", "gmax_AMPA", "A_NMDA", "B_NMDA", "Use_GB",
	"m_VDCC", "h_VDCC", "cai_CR", "rho_GB", "effcai_GB"}

// NewGluSynapse returns GluSynapse over n instances at the .mod's
// defaults.
func NewGluSynapse(n int) *GluSynapse {
	f := func(x float64) []float64 { return fill(n, x) }
	m := &GluSynapse{n: n,
		TauDAMPA: f(1.7), Gmax0AMPA: f(1), GmaxDAMPA: f(1), GmaxPAMPA: f(2), GmaxNMDA: f(0.55),
		Use: f(0.5), Dep: f(100), Fac: f(10), Nrrp: f(1), UseD: f(0.2), UseP: f(0.8),
		VolumeCR: f(0.087), ThetaDGB: f(0.006), ThetaPGB: f(0.001), Rho0GB: f(0),
		SynapseID: f(0), Verbose: f(0), SelectedForReport: f(0), Conductance: f(0),
		GAMPA: f(0), GNMDA: f(0), IcaNMDA: f(0), IcaVDCC: f(0), DepGB: f(0), PotGB: f(0),
		Vsyn: f(0), I: f(0), NextDelay: f(0), V: f(0),
		AAMPA: f(0), BAMPA: f(0), GmaxAMPA: f(0), ANMDA: f(0), BNMDA: f(0), UseGB: f(0),
		MVDCC: f(0), HVDCC: f(0), CaiCR: f(0), RhoGB: f(0), EffcaiGB: f(0),
		globals: gluGlobals{TauRAMPA: 0.2, EAMPA: 0, ScaleNMDA: 2.552, SlopeNMDA: 0.072,
			TauRNMDA: 0.29, TauDNMDA: 70, ENMDA: -3, Mg: 1,
			LjpVDCC: 0, VhmVDCC: -5.9, KmVDCC: 9.5, MtauVDCC: 1, VhhVDCC: -39, KhVDCC: -9.2,
			HtauVDCC: 27, GcaBarVDCC: 0.0744, GammaCaCR: 0.04, TauCaCR: 12, MinCaCR: 70e-6,
			CaoCR: 2.0, RhoStarGB: 0.5, TauIndGB: 70, TauExpGB: 100, TauEffcaGB: 200,
			GammaDGB: 100, GammaPGB: 450, NcTypeParam: 5},
		gluStreams: newGluStreams(n), delayTimes: make([][]float64, n),
		delayWts: make([][]float64, n), watch: newGBWatch(n)}
	gl := &m.globals
	m.g = map[string]*float64{"tau_r_AMPA": &gl.TauRAMPA, "E_AMPA": &gl.EAMPA,
		"scale_NMDA": &gl.ScaleNMDA, "slope_NMDA": &gl.SlopeNMDA, "tau_r_NMDA": &gl.TauRNMDA,
		"tau_d_NMDA": &gl.TauDNMDA, "E_NMDA": &gl.ENMDA, "mg": &gl.Mg,
		"ljp_VDCC": &gl.LjpVDCC, "vhm_VDCC": &gl.VhmVDCC, "km_VDCC": &gl.KmVDCC,
		"mtau_VDCC": &gl.MtauVDCC, "vhh_VDCC": &gl.VhhVDCC, "kh_VDCC": &gl.KhVDCC,
		"htau_VDCC": &gl.HtauVDCC, "gca_bar_VDCC": &gl.GcaBarVDCC,
		"gamma_ca_CR": &gl.GammaCaCR, "tau_ca_CR": &gl.TauCaCR, "min_ca_CR": &gl.MinCaCR,
		"cao_CR": &gl.CaoCR, "rho_star_GB": &gl.RhoStarGB, "tau_ind_GB": &gl.TauIndGB,
		"tau_exp_GB": &gl.TauExpGB, "tau_effca_GB": &gl.TauEffcaGB, "gamma_d_GB": &gl.GammaDGB,
		"gamma_p_GB": &gl.GammaPGB, "nc_type_param": &gl.NcTypeParam,
		"minis_single_vesicle": &gl.MinisSingleVesicle, "init_depleted": &gl.InitDepleted}
	m.states()
	for i, name := range gluStates {
		m.g[name+"0"] = &gl.X0[i]
	}
	m.vars = map[string][]float64{
		"tau_d_AMPA": m.TauDAMPA, "gmax0_AMPA": m.Gmax0AMPA, "gmax_d_AMPA": m.GmaxDAMPA,
		"gmax_p_AMPA": m.GmaxPAMPA, "gmax_NMDA": m.GmaxNMDA, "Use": m.Use, "Dep": m.Dep,
		"Fac": m.Fac, "Nrrp": m.Nrrp, "Use_d": m.UseD, "Use_p": m.UseP, "volume_CR": m.VolumeCR,
		"theta_d_GB": m.ThetaDGB, "theta_p_GB": m.ThetaPGB, "rho0_GB": m.Rho0GB,
		"synapseID": m.SynapseID, "verbose": m.Verbose, "selected_for_report": m.SelectedForReport,
		"conductance": m.Conductance,
		"g_AMPA":      m.GAMPA, "g_NMDA": m.GNMDA, "ica_NMDA": m.IcaNMDA, "ica_VDCC": m.IcaVDCC,
		"dep_GB": m.DepGB, "pot_GB": m.PotGB, "vsyn": m.Vsyn, "i": m.I, "next_delay": m.NextDelay,
		"v": m.V,
	}
	for i, x := range m.states() {
		m.vars[gluStates[i]] = x
	}
	return m
}

// states returns the STATEs in the .mod's order.
func (m *GluSynapse) states() [11][]float64 {
	return [11][]float64{m.AAMPA, m.BAMPA, m.GmaxAMPA, m.ANMDA, m.BNMDA, m.UseGB,
		m.MVDCC, m.HVDCC, m.CaiCR, m.RhoGB, m.EffcaiGB}
}

func (m *GluSynapse) Name() string              { return "GluSynapse" }
func (m *GluSynapse) Kind() mech.Kind           { return mech.PointProcess }
func (m *GluSynapse) Ions() []mech.IonUse       { return nil }
func (m *GluSynapse) Len() int                  { return m.n }
func (m *GluSynapse) Var(name string) []float64 { return m.vars[name] }
func (m *GluSynapse) Vars() []string            { return sortedKeys(m.vars) }

// SetGlobal sets a GLOBAL (or a STATE's initial value, name0).
func (m *GluSynapse) SetGlobal(name string, v float64) error {
	p, ok := m.g[name]
	if !ok {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	*p = v
	return nil
}

// Global returns a GLOBAL (see SetGlobal).
func (m *GluSynapse) Global(name string) (float64, error) {
	p, ok := m.g[name]
	if !ok {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	return *p, nil
}

// SetupDelayVecs gives instance k delayed weights (the .mod's
// setup_delay_vecs): each presynaptic connection (nc_type 0) schedules a
// self event of flag 10 at each of timesMs, the i-th setting its weight to
// conductance times weights[i]. The slices are copied.
func (m *GluSynapse) SetupDelayVecs(k int, timesMs, weights []float64) error {
	if k < 0 || k >= m.n {
		return fmt.Errorf("native: GluSynapse.SetupDelayVecs: instance %d of %d", k, m.n)
	}
	m.delayTimes[k] = append([]float64(nil), timesMs...)
	m.delayWts[k] = append([]float64(nil), weights...)
	return nil
}

// brand is the .mod's brand(n, p): the successes, draws <= p, of int(n)
// trials.
func (m *GluSynapse) brand(k int, n, p float64) float64 {
	success := 0.0
	for count := 0; count <= int(n)-1; count++ {
		if m.urand(k) <= p {
			success += 1.0
		}
	}
	return success
}

// Init is INITIAL: the states at their x0, then the receptors empty,
// gmax_AMPA, Use_GB, cai_CR, rho_GB and effcai_GB at their initial values,
// and the self event (flag 1) that activates the WATCH statements.
func (m *GluSynapse) Init(e *mech.Env) {
	gl := &m.globals
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		for i, x := range m.states() {
			x[k] = gl.X0[i]
		}
		m.AAMPA[k], m.BAMPA[k] = 0, 0
		m.GmaxAMPA[k] = m.Gmax0AMPA[k]
		m.ANMDA[k], m.BNMDA[k] = 0, 0
		m.UseGB[k] = m.Use[k]
		m.CaiCR[k] = gl.MinCaCR
		m.RhoGB[k] = m.Rho0GB[k]
		m.EffcaiGB[k] = 0
		m.DepGB[k], m.PotGB[k] = 0, 0
		m.NextDelay[k] = -1
		m.watch.watching[k] = false
		if e.Queue != nil {
			e.Queue.Send(e.T+0, m, k, nil, 1)
		}
	}
}

// nernst is the .mod's nernst(ci, co, z) (mV), with NEURON's constants.
func (m *GluSynapse) nernst(e *mech.Env, ci, co, z float64) float64 {
	return gluNernst(e.Celsius, ci, co, z)
}

// current is BREAKPOINT at v for instance k: the total current (nA).
func (m *GluSynapse) current(e *mech.Env, k int, v float64) float64 {
	gl := &m.globals
	m.GAMPA[k] = float64(1e-3*m.GmaxAMPA[k]) * (m.BAMPA[k] - m.AAMPA[k])
	iAMPA := m.GAMPA[k] * (v - gl.EAMPA)
	mggate := 1.0 / (1.0 + float64(math.Exp(-gl.SlopeNMDA*v)*(gl.Mg/gl.ScaleNMDA)))
	m.GNMDA[k] = float64(float64(1e-3*m.GmaxNMDA[k])*mggate) * (m.BNMDA[k] - m.ANMDA[k])
	iNMDA := m.GNMDA[k] * (v - gl.ENMDA)
	pf := (4.0 * gl.CaoCR) / (4.0*gl.CaoCR + float64((1.0/glu1p38)*120.0)) * 0.6
	m.IcaNMDA[k] = float64(pf*m.GNMDA[k]) * (v - 40.0)
	gcaBarAbs := float64(float64(gl.GcaBarVDCC*4.0)*math.Pi) *
		math.Pow(3.0/4.0*m.VolumeCR[k]*1.0/math.Pi, 2.0/3.0)
	gca := float64(float64(float64(1e-3*gcaBarAbs)*m.MVDCC[k])*m.MVDCC[k]) * m.HVDCC[k]
	eca := m.nernst(e, m.CaiCR[k], gl.CaoCR, 2.0)
	m.IcaVDCC[k] = gca * (v - eca)
	m.Vsyn[k] = v
	m.I[k] = iAMPA + iNMDA + m.IcaVDCC[k]
	return m.I[k]
}

// Current adds the current and its slope by NEURON's 0.001 mV
// difference, converted from nA to mA/cm2.
func (m *GluSynapse) Current(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		v := e.V[k]
		m.V[k] = v
		g := m.current(e, k, v+.001)
		rhs := m.current(e, k, v)
		addCurrent(e, k, g, rhs)
	}
}

// State is SOLVE state METHOD euler at the new v, then the WATCH
// conditions.
func (m *GluSynapse) State(e *mech.Env) {
	gl := &m.globals
	dt := e.Dt
	d := &m.deriv
	for k := 0; k < m.n; k++ {
		v := e.V[k]
		m.V[k] = v
		rho := m.RhoGB[k]
		d[0] = -m.AAMPA[k] / gl.TauRAMPA
		d[1] = -m.BAMPA[k] / m.TauDAMPA[k]
		d[2] = (m.GmaxDAMPA[k] + float64(rho*(m.GmaxPAMPA[k]-m.GmaxDAMPA[k])) - m.GmaxAMPA[k]) /
			(1e3 * gl.TauExpGB)
		d[3] = -m.ANMDA[k] / gl.TauRNMDA
		d[4] = -m.BNMDA[k] / gl.TauDNMDA
		d[5] = (m.UseD[k] + float64(rho*(m.UseP[k]-m.UseD[k])) - m.UseGB[k]) / (1e3 * gl.TauExpGB)
		minf := 1.0 / (1.0 + math.Exp(((gl.VhmVDCC-gl.LjpVDCC)-v)/gl.KmVDCC))
		hinf := 1.0 / (1.0 + math.Exp(((gl.VhhVDCC-gl.LjpVDCC)-v)/gl.KhVDCC))
		d[6] = (minf - m.MVDCC[k]) / gl.MtauVDCC
		d[7] = (hinf - m.HVDCC[k]) / gl.HtauVDCC
		d[8] = float64(float64((-1e-9)*(m.IcaNMDA[k]+m.IcaVDCC[k]))*gl.GammaCaCR)/
			float64(float64(float64(1e-15*m.VolumeCR[k])*2.0)*gluFaraday) -
			(m.CaiCR[k]-gl.MinCaCR)/gl.TauCaCR
		d[10] = -m.EffcaiGB[k]/gl.TauEffcaGB + (m.CaiCR[k] - gl.MinCaCR)
		d[9] = (float64(float64(float64(-rho*(1.0-rho))*(gl.RhoStarGB-rho))+
			float64(float64(m.PotGB[k]*gl.GammaPGB)*(1.0-rho))) -
			float64(float64(m.DepGB[k]*gl.GammaDGB)*rho)) / (1e3 * gl.TauIndGB)
		for i, x := range m.states() {
			x[k] += float64(dt * d[i])
		}
		m.checkWatch(e, k)
	}
}

// checkWatch sends the flag of each WATCH condition that became true.
func (m *GluSynapse) checkWatch(e *mech.Env, k int) {
	m.watch.check(e, m, k, m.EffcaiGB[k], m.ThetaDGB[k], m.ThetaPGB[k])
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0).
func (m *GluSynapse) Receive(e *mech.Env, k int, args []float64) { m.ReceiveFlag(e, k, args, 0) }

// ReceiveFlag is NET_RECEIVE(weight, u, tsyn, recovered, unrecovered,
// nc_type): flag 0 a spike (ignored for a weight vector shorter than
// NArgsGlu), 1 the WATCH activation, 2 to 5 the plasticity switches, 10
// a delayed weight.
func (m *GluSynapse) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {
	t := e.T
	switch flag {
	case 0:
		if len(args) < NArgsGlu || args[gluWeight] <= 0 {
			return
		}
		gl := &m.globals
		args[gluU] = m.UseGB[k] + float64(float64(args[gluU]*(1.0-m.UseGB[k]))*
			math.Exp(-(t-args[gluTsyn])/m.Fac[k]))
		pRec := 1.0 - math.Exp(-(t-args[gluTsyn])/m.Dep[k])
		args[gluRecovered] = args[gluRecovered] + m.brand(k, args[gluUnrecovered], pRec)
		rec := args[gluRecovered]
		if rec > 1.0 && gl.MinisSingleVesicle != 0 && args[gluNcType] == 1.0 {
			rec = 1.0
		}
		released := m.brand(k, rec, args[gluU])
		args[gluRecovered] = args[gluRecovered] - released
		args[gluUnrecovered] = m.Nrrp[k] - args[gluRecovered]
		factor := gluFactor(gl.TauRAMPA, m.TauDAMPA[k])
		m.AAMPA[k] = m.AAMPA[k] + float64(released/m.Nrrp[k]*factor)
		m.BAMPA[k] = m.BAMPA[k] + float64(released/m.Nrrp[k]*factor)
		factor = gluFactor(gl.TauRNMDA, gl.TauDNMDA)
		m.ANMDA[k] = m.ANMDA[k] + float64(released/m.Nrrp[k]*factor)
		m.BNMDA[k] = m.BNMDA[k] + float64(released/m.Nrrp[k]*factor)
		args[gluTsyn] = t
	case 1:
		m.watch.activate(k, m.EffcaiGB[k], m.ThetaDGB[k], m.ThetaPGB[k])
	case 2:
		m.DepGB[k] = 1
	case 3:
		m.DepGB[k] = 0
	case 4:
		m.PotGB[k] = 1
	case 5:
		m.PotGB[k] = 0
	case 10:
		// The .mod reads delay_weights[next_delay] when the vector's length
		// is >= next_delay, past its end when equal; here only within it.
		w := m.delayWts[k]
		if i := int(m.NextDelay[k]); len(args) > gluWeight && w != nil && i >= 0 && i < len(w) {
			args[gluWeight] = m.Conductance[k] * w[i]
			m.NextDelay[k]++
		}
	}
}

// gluFactor is the normalisation of a dual exponential of rise and decay
// times tr and td: 1/(exp(-tp/td) - exp(-tp/tr)) at the time to peak tp.
func gluFactor(tr, td float64) float64 {
	tp := float64(tr*td) / (td - tr) * random123.Log(td/tr)
	return 1.0 / (-math.Exp(-tp/tr) + math.Exp(-tp/td))
}

// InitNetCon is NET_RECEIVE's INITIAL block: weight 1, u and tsyn 0, the
// sites full (or empty under init_depleted), and for a presynaptic
// connection (nc_type 0) the delayed weights' self events.
func (m *GluSynapse) InitNetCon(e *mech.Env, k int, args []float64) error {
	if len(args) < NArgsGlu {
		return fmt.Errorf("native: GluSynapse: %d NetCon arguments, want %d", len(args), NArgsGlu)
	}
	args[gluWeight], args[gluU], args[gluTsyn] = 1, 0, 0
	if m.globals.InitDepleted != 0 {
		args[gluRecovered], args[gluUnrecovered] = 0, m.Nrrp[k]
	} else {
		args[gluRecovered], args[gluUnrecovered] = m.Nrrp[k], 0
	}
	if args[gluNcType] != 0 || len(m.delayTimes[k]) == 0 {
		return nil
	}
	if e.Queue == nil {
		return ErrNoQueue
	}
	m.NextDelay[k] = 0
	for _, d := range m.delayTimes[k] {
		e.Queue.Send(e.T+d, m, k, args, 10)
	}
	return nil
}

package native

import (
	"math"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/random123"
)

func init() {
	mech.MustRegisterSet("metabolism", "GluSynapse_ionic", func(n int) mech.Mechanism { return NewGluSynapseIonic(n) })
}

// GluSynapseIonic is the point process GluSynapse_ionic of neurodamus's
// metabolism set (neocortex/mod/metabolism/GluSynapse.mod): an older
// GluSynapse (2018, 1.0.0dev) than the common one, with ion currents.
// AMPA and NMDA dual-exponential conductances with stochastic
// multi-vesicular release, an NMDA calcium current and an R-type VDCC
// feeding a spine calcium concentration, calcium-based plasticity of
// Use_GB through Rho_GB (tau_GB, tau_Use_GB; used for the release when
// enable_GB is 1) and rewiring (enable_RW: synapse elimination and
// formation as renewal processes of days, synstate_RW 1 functional, 0
// potential). Its 10 STATEs advance by forward Euler (METHOD euler) while
// synstate_RW is 1; otherwise the .mod's VERBATIM skips the derivatives
// and NEURON's euler adds dt times their last values, as here.
//
// The currents are na, k and ca as in ProbAMPANMDA_EMS's metabolism
// variant (ampaIons: permeability fractions relP_*, findOffsetNa with
// E_AMPA and E_NMDA), the NMDA calcium current tot_ica_NMDA =
// cafrac_NMDA g_NMDA (v - eca) + ica_NMDA and the VDCC's added to ica; i
// is computed but is no membrane current.
//
// NET_RECEIVE(weight) keeps the release state in RANGE variables (u,
// tsyn, occupied, unoccupied); a spike with weight > 0 sets u (Use, or
// Use_GB under enable_GB), recovers sites with probability 1 - exp(-(t -
// tsyn)/Dep) and releases them with probability u (one draw each from
// the instance's Random123 stream, SetRNG; Init does not restart it),
// then A and B become weight (A + ves/Nrrp factor): the weight scales
// the present state. INITIAL sends the self event of flag 1 that
// activates the WATCH statements (gbWatch: depress_GB, potentiate_GB)
// and, under enable_RW, draws the first rewiring time. Self events need
// an environment with an event queue (mech.Env.Queue). The STATEs'
// initial values (A_AMPA0, ...) are 0 and not settable; verbose's
// printing is not reproduced.
type GluSynapseIonic struct {
	n int
	gluStreams
	ions  *ampaIons
	watch gbWatch
	// RANGE (PARAMETER)
	TauDAMPA, GmaxAMPA, Use, Dep, Fac, Nrrp, VolumeCR, GcaBarVDCC         []float64
	ThetaDGB, ThetaPGB, Rho0GB, EnableGB, UseDGB, UsePGB, EnableRW        []float64
	SynstateRW, NMDARatio, SynapseID, Verbose, SelectedForReport          []float64
	GAMPA, GNMDA, U, Tsyn, Unoccupied, Occupied, IcaNMDA, IcaVDCC         []float64
	DepressGB, PotentiateGB, Vsyn, I, TotIcaNMDA, V                       []float64
	AAMPA, BAMPA, ANMDA, BNMDA, MVDCC, HVDCC, CaiCR, RhoGB, UseGB, Effcai []float64

	g       gluIonicGlobals
	globals map[string]*float64
	vars    map[string][]float64
	deriv   [][10]float64 // the last derivatives (euler keeps them)
	di, i   [3]float64
}

// gluIonicGlobals are GluSynapse_ionic's GLOBALs.
type gluIonicGlobals struct {
	TauRAMPA, EAMPA, TauRNMDA, TauDNMDA, ENMDA                    float64
	LjpVDCC, VhmVDCC, KmVDCC, MtauVDCC, VhhVDCC, KhVDCC, HtauVDCC float64
	GammaCaCR, TauCaCR, MinCaCR, CaoCR                            float64
	TauGB, GammaDGB, GammaPGB, RhoStarGB, TauUseGB, TauEffcaGB    float64
	PGenRW, PElim0RW, PElim1RW, Mg, ScaleMg, SlopeMg              float64
}

// NewGluSynapseIonic returns GluSynapse_ionic over n instances at the
// .mod's defaults (scale_mg and slope_mg as NEURON 8.2.2 compiles them,
// see chindemiMg).
func NewGluSynapseIonic(n int) *GluSynapseIonic {
	f := func(x float64) []float64 { return fill(n, x) }
	m := &GluSynapseIonic{n: n, gluStreams: newGluStreams(n), ions: newAMPAIons(n), watch: newGBWatch(n),
		TauDAMPA: f(1.7), GmaxAMPA: f(1), Use: f(1), Dep: f(100), Fac: f(10), Nrrp: f(1),
		VolumeCR: f(0.087), GcaBarVDCC: f(0.0372), ThetaDGB: f(0.006), ThetaPGB: f(0.001),
		Rho0GB: f(0), EnableGB: f(0), UseDGB: f(0.2), UsePGB: f(0.8), EnableRW: f(0),
		SynstateRW: f(1), NMDARatio: f(0.71), SynapseID: f(0), Verbose: f(0), SelectedForReport: f(0),
		GAMPA: f(0), GNMDA: f(0), U: f(0), Tsyn: f(0), Unoccupied: f(0), Occupied: f(0),
		IcaNMDA: f(0), IcaVDCC: f(0), DepressGB: f(0), PotentiateGB: f(0), Vsyn: f(0), I: f(0),
		TotIcaNMDA: f(0), V: f(0),
		AAMPA: f(0), BAMPA: f(0), ANMDA: f(0), BNMDA: f(0), MVDCC: f(0), HVDCC: f(0),
		CaiCR: f(0), RhoGB: f(0), UseGB: f(0), Effcai: f(0),
		g: gluIonicGlobals{TauRAMPA: 0.2, EAMPA: 0, TauRNMDA: 0.29, TauDNMDA: 43, ENMDA: -3,
			LjpVDCC: 0, VhmVDCC: -5.9, KmVDCC: 9.5, MtauVDCC: 1, VhhVDCC: -39, KhVDCC: -9.2, HtauVDCC: 27,
			GammaCaCR: 0.04, TauCaCR: 12, MinCaCR: 70e-6, CaoCR: 2,
			TauGB: 100, GammaDGB: 100, GammaPGB: 450, RhoStarGB: 0.5, TauUseGB: 100, TauEffcaGB: 200,
			PGenRW: 0.014, PElim0RW: 0.582, PElim1RW: 0.058, Mg: 1,
			ScaleMg: chindemiMg["scale_mg"], SlopeMg: chindemiMg["slope_mg"]},
		deriv: make([][10]float64, n)}
	g := &m.g
	m.globals = map[string]*float64{"tau_r_AMPA": &g.TauRAMPA, "E_AMPA": &g.EAMPA,
		"tau_r_NMDA": &g.TauRNMDA, "tau_d_NMDA": &g.TauDNMDA, "E_NMDA": &g.ENMDA,
		"ljp_VDCC": &g.LjpVDCC, "vhm_VDCC": &g.VhmVDCC, "km_VDCC": &g.KmVDCC, "mtau_VDCC": &g.MtauVDCC,
		"vhh_VDCC": &g.VhhVDCC, "kh_VDCC": &g.KhVDCC, "htau_VDCC": &g.HtauVDCC,
		"gamma_ca_CR": &g.GammaCaCR, "tau_ca_CR": &g.TauCaCR, "min_ca_CR": &g.MinCaCR, "cao_CR": &g.CaoCR,
		"tau_GB": &g.TauGB, "gamma_d_GB": &g.GammaDGB, "gamma_p_GB": &g.GammaPGB,
		"rho_star_GB": &g.RhoStarGB, "tau_Use_GB": &g.TauUseGB, "tau_effca_GB": &g.TauEffcaGB,
		"p_gen_RW": &g.PGenRW, "p_elim0_RW": &g.PElim0RW, "p_elim1_RW": &g.PElim1RW,
		"mg": &g.Mg, "scale_mg": &g.ScaleMg, "slope_mg": &g.SlopeMg}
	for name, p := range m.ions.globals() {
		m.globals[name] = p
	}
	m.vars = map[string][]float64{
		"tau_d_AMPA": m.TauDAMPA, "gmax_AMPA": m.GmaxAMPA, "Use": m.Use, "Dep": m.Dep, "Fac": m.Fac,
		"Nrrp": m.Nrrp, "volume_CR": m.VolumeCR, "gca_bar_VDCC": m.GcaBarVDCC,
		"theta_d_GB": m.ThetaDGB, "theta_p_GB": m.ThetaPGB, "rho0_GB": m.Rho0GB,
		"enable_GB": m.EnableGB, "Use_d_GB": m.UseDGB, "Use_p_GB": m.UsePGB,
		"enable_RW": m.EnableRW, "synstate_RW": m.SynstateRW, "NMDA_ratio": m.NMDARatio,
		"synapseID": m.SynapseID, "verbose": m.Verbose, "selected_for_report": m.SelectedForReport,
		"g_AMPA": m.GAMPA, "g_NMDA": m.GNMDA, "u": m.U, "tsyn": m.Tsyn, "unoccupied": m.Unoccupied,
		"occupied": m.Occupied, "ica_VDCC": m.IcaVDCC, "depress_GB": m.DepressGB,
		"potentiate_GB": m.PotentiateGB, "vsyn": m.Vsyn, "i": m.I, "v": m.V,
		"A_AMPA": m.AAMPA, "B_AMPA": m.BAMPA, "A_NMDA": m.ANMDA, "B_NMDA": m.BNMDA,
		"m_VDCC": m.MVDCC, "h_VDCC": m.HVDCC, "cai_CR": m.CaiCR, "Rho_GB": m.RhoGB,
		"Use_GB": m.UseGB, "effcai_GB": m.Effcai,
	}
	m.ions.vars(m.vars)
	delete(m.vars, "e_AMPA")
	delete(m.vars, "e_NMDA")
	m.vars["ica_NMDA"], m.vars["tot_ica_NMDA"] = m.IcaNMDA, m.TotIcaNMDA
	return m
}

func (m *GluSynapseIonic) Name() string              { return "GluSynapse_ionic" }
func (m *GluSynapseIonic) Kind() mech.Kind           { return mech.PointProcess }
func (m *GluSynapseIonic) Len() int                  { return m.n }
func (m *GluSynapseIonic) Var(name string) []float64 { return m.vars[name] }
func (m *GluSynapseIonic) Vars() []string            { return sortedKeys(m.vars) }

// Ions is USEION na, k and ca, READ the reversal potentials and
// concentrations, WRITE the currents.
func (m *GluSynapseIonic) Ions() []mech.IonUse { return ampaIonUse }

// SetGlobal sets a GLOBAL.
func (m *GluSynapseIonic) SetGlobal(name string, v float64) error {
	p, ok := m.globals[name]
	if !ok {
		return mech.ErrNoGlobal(m.Name(), name)
	}
	*p = v
	return nil
}

// Global returns a GLOBAL.
func (m *GluSynapseIonic) Global(name string) (float64, error) {
	p, ok := m.globals[name]
	if !ok {
		return 0, mech.ErrNoGlobal(m.Name(), name)
	}
	return *p, nil
}

// initModel is the .mod's PROCEDURE init_model.
func (m *GluSynapseIonic) initModel(k int) {
	m.AAMPA[k], m.BAMPA[k], m.ANMDA[k], m.BNMDA[k] = 0, 0, 0, 0
	m.Tsyn[k], m.U[k], m.Unoccupied[k], m.Occupied[k] = 0, 0, 0, m.Nrrp[k]
	m.CaiCR[k] = m.g.MinCaCR
	m.RhoGB[k] = m.Rho0GB[k]
	m.UseGB[k] = m.Use[k]
	m.Effcai[k] = 0
	m.DepressGB[k], m.PotentiateGB[k] = 0, 0
}

// Init is INITIAL: the STATEs at 0, init_model, the self event of flag
// 1, the permeability fractions.
func (m *GluSynapseIonic) Init(e *mech.Env) {
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		for _, x := range m.states() {
			x[k] = 0
		}
		m.deriv[k] = [10]float64{}
		m.initModel(k)
		m.watch.watching[k] = false
		if e.Queue != nil {
			e.Queue.Send(e.T+0, m, k, nil, 1)
		}
		m.ions.init(k)
	}
}

// states returns the STATEs in the .mod's order.
func (m *GluSynapseIonic) states() [10][]float64 {
	return [10][]float64{m.AAMPA, m.BAMPA, m.ANMDA, m.BNMDA, m.MVDCC, m.HVDCC, m.CaiCR,
		m.RhoGB, m.UseGB, m.Effcai}
}

// current is BREAKPOINT at v for instance k: ina, ik and ica into i,
// their sum returned.
func (m *GluSynapseIonic) current(e *mech.Env, k int, v float64, i []float64) float64 {
	a, g := m.ions, &m.g
	if m.SynstateRW[k] != 1 {
		m.I[k], a.Ina[k], a.Ik[k], a.Ica[k] = 0, 0, 0, 0
		i[0], i[1], i[2] = 0, 0, 0
		return 0
	}
	m.GAMPA[k] = float64(1e-3*m.GmaxAMPA[k]) * (m.BAMPA[k] - m.AAMPA[k])
	iAMPA := m.GAMPA[k] * (v - g.EAMPA)
	gmaxNMDA := m.GmaxAMPA[k] * m.NMDARatio[k]
	mggate := 1.0 / (1.0 + float64(math.Exp(g.SlopeMg*-v)*(g.Mg/g.ScaleMg)))
	m.GNMDA[k] = float64(float64(1e-3*gmaxNMDA)*mggate) * (m.BNMDA[k] - m.ANMDA[k])
	iNMDA := m.GNMDA[k] * (v - g.ENMDA)
	pf := (4.0 * g.CaoCR) / (4.0*g.CaoCR + float64((1.0/glu1p38)*120.0)) * 0.6
	m.IcaNMDA[k] = float64(pf*m.GNMDA[k]) * (v - 40.0)
	gcaBarAbs := float64(float64(m.GcaBarVDCC[k]*4.0)*math.Pi) *
		math.Pow(3.0/4.0*m.VolumeCR[k]*1.0/math.Pi, 2.0/3.0)
	gca := float64(float64(float64(1e-3*gcaBarAbs)*m.MVDCC[k])*m.MVDCC[k]) * m.HVDCC[k]
	ecaSyn := gluNernst(e.Celsius, m.CaiCR[k], g.CaoCR, 2.0)
	m.IcaVDCC[k] = gca * (v - ecaSyn)
	m.Vsyn[k] = v
	m.I[k] = iAMPA + iNMDA + m.IcaVDCC[k]
	gN, gA := m.GNMDA[k], m.GAMPA[k]
	a.InaNMDA[k] = float64(a.NafracNMDA[k]*gN) * (float64(v-a.Ena[k]) + a.findOffsetNa(k, a.RelPNaNMDA, a.RelPKNMDA, a.RelPCaNMDA, g.ENMDA))
	a.IkNMDA[k] = float64(a.KfracNMDA[k]*gN) * (v - a.Ek[k])
	m.TotIcaNMDA[k] = float64(float64(a.CafracNMDA[k]*gN)*(v-a.Eca[k])) + m.IcaNMDA[k]
	a.InaAMPA[k] = float64(a.NafracAMPA[k]*gA) * (float64(v-a.Ena[k]) + a.findOffsetNa(k, a.RelPNaAMPA, a.RelPKAMPA, a.RelPCaAMPA, g.EAMPA))
	a.IkAMPA[k] = float64(a.KfracAMPA[k]*gA) * (v - a.Ek[k])
	a.IcaAMPA[k] = float64(a.CafracAMPA[k]*gA) * (v - a.Eca[k])
	a.Ina[k] = a.InaNMDA[k] + a.InaAMPA[k]
	a.Ik[k] = a.IkNMDA[k] + a.IkAMPA[k]
	a.Ica[k] = float64(m.TotIcaNMDA[k]+a.IcaAMPA[k]) + m.IcaVDCC[k]
	i[0], i[1], i[2] = a.Ina[k], a.Ik[k], a.Ica[k]
	return float64(a.Ina[k]+a.Ik[k]) + a.Ica[k]
}

// Current adds the ion currents and their slopes by NEURON's 0.001 mV
// difference.
func (m *GluSynapseIonic) Current(e *mech.Env) {
	ions := [3]*mech.Ion{e.IonAt(0, "na"), e.IonAt(1, "k"), e.IonAt(2, "ca")}
	for k := 0; k < m.n; k++ {
		m.V[k] = e.V[k]
		m.ions.read(e, k)
		ionCurrents(e, k, ions[:], m.di[:], m.i[:], func(v float64, i []float64) float64 {
			return m.current(e, k, v, i)
		})
	}
}

// State is SOLVE state METHOD euler at the new v (the derivatives only
// while synstate_RW is 1, their last values otherwise), then the WATCH
// conditions.
func (m *GluSynapseIonic) State(e *mech.Env) {
	g := &m.g
	dt := e.Dt
	for k := 0; k < m.n; k++ {
		v := e.V[k]
		m.V[k] = v
		d := &m.deriv[k]
		if m.SynstateRW[k] == 1 {
			rho := m.RhoGB[k]
			d[0] = -m.AAMPA[k] / g.TauRAMPA
			d[1] = -m.BAMPA[k] / m.TauDAMPA[k]
			d[2] = -m.ANMDA[k] / g.TauRNMDA
			d[3] = -m.BNMDA[k] / g.TauDNMDA
			minf := 1.0 / (1.0 + math.Exp(((g.VhmVDCC-g.LjpVDCC)-v)/g.KmVDCC))
			hinf := 1.0 / (1.0 + math.Exp(((g.VhhVDCC-g.LjpVDCC)-v)/g.KhVDCC))
			d[4] = (minf - m.MVDCC[k]) / g.MtauVDCC
			d[5] = (hinf - m.HVDCC[k]) / g.HtauVDCC
			d[6] = float64(float64((-1e-9)*(m.IcaNMDA[k]+m.IcaVDCC[k]))*g.GammaCaCR)/
				float64(float64(float64(1e-15*m.VolumeCR[k])*2.0)*gluFaraday) -
				(m.CaiCR[k]-g.MinCaCR)/g.TauCaCR
			d[9] = -m.Effcai[k]/g.TauEffcaGB + (m.CaiCR[k] - g.MinCaCR)
			d[7] = (float64(float64(float64(-rho*(1.0-rho))*(g.RhoStarGB-rho))+
				float64(float64(m.PotentiateGB[k]*g.GammaPGB)*(1.0-rho))) -
				float64(float64(m.DepressGB[k]*g.GammaDGB)*rho)) / (1e3 * g.TauGB)
			d[8] = (float64(m.UseDGB[k]+float64(rho*(m.UsePGB[k]-m.UseDGB[k]))) - m.UseGB[k]) / (1e3 * g.TauUseGB)
		}
		for i, x := range m.states() {
			x[k] += float64(dt * d[i])
		}
		m.watch.check(e, m, k, m.Effcai[k], m.ThetaDGB[k], m.ThetaPGB[k])
	}
}

// pElim is the .mod's p_elim(): the elimination probability ("Fauth 2").
func (m *GluSynapseIonic) pElim(k int) float64 {
	g := &m.g
	a := math.Sqrt(-random123.Log(g.PElim1RW / g.PElim0RW))
	use := m.Use[k]
	if m.EnableGB[k] == 1 {
		use = m.UseGB[k]
	}
	w := (use - m.UseDGB[k]) / (m.UsePGB[k] - m.UseDGB[k])
	return g.PElim0RW * math.Exp(float64(-math.Pow(a, 2.0))*math.Pow(w, 2.0))
}

// rewire sends the self event of flag at a rewiring time drawn from the
// stream, exponential of rate p per day (8.64e7 ms).
func (m *GluSynapseIonic) rewire(e *mech.Env, k int, p, flag float64) {
	r := m.urand(k)
	if e.Queue != nil {
		e.Queue.Send(e.T+float64(-random123.Log(r)*8.64e7)/p, m, k, nil, flag)
	}
}

// Receive is NET_RECEIVE for an event of a NetCon (flag 0).
func (m *GluSynapseIonic) Receive(e *mech.Env, k int, args []float64) {
	m.ReceiveFlag(e, k, args, 0)
}

// ReceiveFlag is NET_RECEIVE(weight): flag 0 a spike (ignored without a
// weight), 1 the WATCH activation (and the first rewiring draw), 2 to 5
// the plasticity switches, 8 an elimination check, 9 a formation.
func (m *GluSynapseIonic) ReceiveFlag(e *mech.Env, k int, args []float64, flag float64) {
	t := e.T
	g := &m.g
	if flag == 1 {
		m.watch.activate(k, m.Effcai[k], m.ThetaDGB[k], m.ThetaPGB[k])
	}
	if m.SynstateRW[k] != 1 {
		switch {
		case flag == 1 && m.EnableRW[k] == 1:
			m.rewire(e, k, g.PGenRW, 9)
		case flag == 9 && m.EnableRW[k] == 1:
			m.initModel(k)
			m.SynstateRW[k] = 1
			m.RhoGB[k] = 0
			m.UseGB[k] = m.UseDGB[k]
			m.rewire(e, k, g.PElim0RW, 8)
		}
		return
	}
	switch {
	case flag == 0:
		if len(args) < 1 || !(args[0] > 0) {
			return
		}
		use := m.Use[k]
		if m.EnableGB[k] == 1 {
			use = m.UseGB[k]
		}
		if m.Fac[k] > 0 {
			m.U[k] = m.U[k] * math.Exp(-(t-m.Tsyn[k])/m.Fac[k])
			m.U[k] = m.U[k] + float64(use*(1.0-m.U[k]))
		} else {
			m.U[k] = use
		}
		for c := 0; c <= int(m.Unoccupied[k])-1; c++ {
			psurv := math.Exp(-(t - m.Tsyn[k]) / m.Dep[k])
			if m.urand(k) > psurv {
				m.Occupied[k]++
			}
		}
		ves := 0.0
		occu := m.Occupied[k] - 1.0
		for c := 0; c <= int(occu); c++ {
			if m.urand(k) < m.U[k] {
				m.Occupied[k]--
				ves++
			}
		}
		m.Unoccupied[k] = m.Nrrp[k] - m.Occupied[k]
		w := args[0]
		factor := gluFactor(g.TauRAMPA, m.TauDAMPA[k])
		m.AAMPA[k] = w * (m.AAMPA[k] + float64(ves/m.Nrrp[k]*factor))
		m.BAMPA[k] = w * (m.BAMPA[k] + float64(ves/m.Nrrp[k]*factor))
		factor = gluFactor(g.TauRNMDA, g.TauDNMDA)
		m.ANMDA[k] = w * (m.ANMDA[k] + float64(ves/m.Nrrp[k]*factor))
		m.BNMDA[k] = w * (m.BNMDA[k] + float64(ves/m.Nrrp[k]*factor))
		m.Tsyn[k] = t
	case flag == 1 && m.EnableRW[k] == 1:
		m.rewire(e, k, g.PElim0RW, 9)
	case flag == 2:
		m.DepressGB[k] = 1
	case flag == 3:
		m.DepressGB[k] = 0
	case flag == 4:
		m.PotentiateGB[k] = 1
	case flag == 5:
		m.PotentiateGB[k] = 0
	case flag == 8 && m.EnableRW[k] == 1:
		if m.urand(k) < m.pElim(k)/g.PElim0RW {
			m.SynstateRW[k] = 0
		} else {
			m.rewire(e, k, g.PElim0RW, 8)
		}
	}
}

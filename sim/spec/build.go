package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/nets"
)

// RunInfo is what a simulation needs besides its network: how long to run,
// on how many threads, and what is recorded.
type RunInfo struct {
	Model    string
	SimNum   int
	Seed     uint64  // the network's seed
	Duration float64 // biological time to simulate (s)
	Dt       float64 // time step (s)
	Threads  int     // worker goroutines; 0 means all cores
	// Spikes lists the populations whose spikes are recorded.
	Spikes []string
	// State lists the recorded state variables, in recorder order (the
	// order of sim.Result.Traces).
	State []StateRecord
}

// StateRecord is one recorded state variable.
type StateRecord struct {
	Population string
	Variable   string
	Unit       string  // SI unit of the recorded values
	Neurons    []int   // indices in the population; nil means every neuron
	Interval   float64 // sampling interval (s); 0 means every step
}

// Options returns the sim.Options of the run (its thread count).
func (r RunInfo) Options() *sim.Options { return &sim.Options{Threads: r.Threads} }

// builder makes the network of one model from its parameters.
type builder struct {
	// sizes returns the populations and their sizes.
	sizes func(g *getter) []popSize
	// check enforces rules across keys that the key ranges cannot express.
	check func(g *getter) *Error
	// build returns the network, without recorders.
	build func(g *getter, seed uint64) (*sim.Network, error)
}

type popSize struct {
	name string
	n    int
}

var builders = map[string]builder{
	"coba":         {sizes: sizesEI("n"), check: checkLIF, build: buildCOBA},
	"cuba":         {sizes: sizesEI("n"), check: checkCUBA, build: buildCUBA},
	"brunel":       {sizes: sizesBrunel, check: checkBrunel, build: buildBrunel},
	"hh":           {sizes: single("hh"), build: buildHH},
	"wang_buzsaki": {sizes: single("wang_buzsaki"), build: buildWangBuzsaki},
	"stellate":     {sizes: single("stellate"), build: buildStellate},
	"adex":         {sizes: sizesN("adex"), check: checkAdEx, build: buildAdEx},
	"izhikevich":   {sizes: sizesN("izhikevich"), check: checkIzhikevich, build: buildIzhikevich},
}

// Network builds the simulation's network (with its recorders) through
// sim/nets or sim/channels, and returns it with the run's parameters.
// Problems of the parameters are *Errors naming the key.
func (sm Sim) Network() (*sim.Network, RunInfo, error) {
	set, err := lookupSet(sm.Model)
	if err != nil {
		return nil, RunInfo{}, err
	}
	if err := checkSim(set, sm); err != nil {
		return nil, RunInfo{}, err
	}
	g := &getter{p: sm.Params}
	net, err := builders[sm.Model].build(g, sm.Seed)
	if err == nil {
		err = g.err
	}
	if err != nil {
		return nil, RunInfo{}, fmt.Errorf("spec: model %s, sim_num %d: %w", sm.Model, sm.SimNum, err)
	}
	info := RunInfo{Model: sm.Model, SimNum: sm.SimNum, Seed: sm.Seed,
		Duration: g.float("duration_s"), Dt: si(g.float("dt_ms"), -3), Threads: g.int("threads")}
	if err := record(net, g, &info); err != nil {
		err.Msg = fmt.Sprintf("sim_num %d: %s", sm.SimNum, err.Msg)
		return nil, RunInfo{}, err
	}
	if g.err != nil {
		return nil, RunInfo{}, fmt.Errorf("spec: model %s, sim_num %d: %w", sm.Model, sm.SimNum, g.err)
	}
	if err := net.Validate(); err != nil {
		return nil, RunInfo{}, fmt.Errorf("spec: model %s, sim_num %d: network: %w", sm.Model, sm.SimNum, err)
	}
	return net, info, nil
}

// record adds the recorders asked for by the record_* keys.
func record(net *sim.Network, g *getter, info *RunInfo) *Error {
	pops := map[string]*sim.Population{}
	var names []string
	for _, p := range net.Populations {
		pops[p.Name] = p
		names = append(names, p.Name)
	}
	for _, name := range g.strs("record_spikes") {
		p, ok := pops[name]
		if !ok {
			return &Error{Key: "record_spikes", Msg: fmt.Sprintf("no population %q (populations: %s)", name, quoteList(names))}
		}
		net.Record(&sim.SpikeRecorder{Population: p})
		info.Spikes = append(info.Spikes, name)
	}
	var neurons []int
	if ns := g.ints("record_neurons"); len(ns) > 0 {
		neurons = make([]int, len(ns))
		for i, x := range ns {
			neurons[i] = int(x)
		}
	}
	interval := si(g.float("record_interval_ms"), -3)
	for _, pv := range g.strs("record_vars") {
		pname, vname, _ := strings.Cut(pv, ".")
		p, ok := pops[pname]
		if !ok {
			return &Error{Key: "record_vars", Msg: fmt.Sprintf("%q: no population %q (populations: %s)", pv, pname, quoteList(names))}
		}
		unit, vars := "", []string{}
		for _, v := range p.Model.Variables() {
			vars = append(vars, v.Name)
			if v.Name == vname {
				unit = v.Unit
			}
		}
		if unit == "" {
			return &Error{Key: "record_vars", Msg: fmt.Sprintf("%q: population %q has no variable %q; did you mean %q?", pv, pname, vname, pname+"."+Closest(vname, vars))}
		}
		for _, i := range neurons {
			if i >= p.N {
				return &Error{Key: "record_neurons", Msg: fmt.Sprintf("neuron %d outside population %q of %d neurons", i, pname, p.N)}
			}
		}
		net.Record(&sim.StateRecorder{Population: p, Variable: vname, Neurons: neurons, Interval: interval})
		info.State = append(info.State, StateRecord{Population: pname, Variable: vname, Unit: unit,
			Neurons: append([]int(nil), neurons...), Interval: interval})
	}
	return nil
}

// checkCommon enforces the rules shared by every model: what is recorded,
// the recording interval and the synaptic delay against the time step, the
// neuron indices against the population sizes.
func checkCommon(g *getter, sizes []popSize) *Error {
	dt := g.float("dt_ms")
	spikes, vars, neurons := g.strs("record_spikes"), g.strs("record_vars"), g.ints("record_neurons")
	if len(spikes) == 0 && len(vars) == 0 {
		return &Error{Key: "record_spikes", Msg: "record_spikes and record_vars are both empty: nothing would be recorded"}
	}
	for _, l := range []struct {
		key  string
		vals []string
	}{{"record_spikes", spikes}, {"record_vars", vars}} {
		seen := map[string]bool{}
		for _, v := range l.vals {
			if seen[v] {
				return &Error{Key: l.key, Msg: fmt.Sprintf("%q listed twice", v)}
			}
			seen[v] = true
		}
	}
	seen := map[int64]bool{}
	for _, i := range neurons {
		if seen[i] {
			return &Error{Key: "record_neurons", Msg: fmt.Sprintf("neuron %d listed twice", i)}
		}
		seen[i] = true
	}
	if len(vars) > 0 {
		for _, pv := range vars {
			pname, _, _ := strings.Cut(pv, ".")
			for _, s := range sizes {
				if s.name != pname {
					continue
				}
				for _, i := range neurons {
					if i >= int64(s.n) {
						return &Error{Key: "record_neurons", Msg: fmt.Sprintf("neuron %d outside population %q of %d neurons (record_vars %q)", i, s.name, s.n, pv)}
					}
				}
			}
		}
	}
	if iv := g.float("record_interval_ms"); iv != 0 && iv < dt*(1-1e-9) {
		return &Error{Key: "record_interval_ms", Msg: fmt.Sprintf("%s ms is shorter than dt_ms = %s ms; want 0 (every step) or at least dt_ms", formatFloat(iv), formatFloat(dt))}
	}
	if _, err := g.p.value("delay_ms"); err == nil {
		if d := g.float("delay_ms"); d != 0 && d < dt*(1-1e-9) {
			return &Error{Key: "delay_ms", Msg: fmt.Sprintf("%s ms is shorter than dt_ms = %s ms; want 0 (the next step) or at least dt_ms", formatFloat(d), formatFloat(dt))}
		}
	}
	if g.err != nil {
		return &Error{Msg: g.err.Error()}
	}
	return nil
}

// checkModel runs the common and the model's checks on p.
func checkModel(model string, p Params) *Error {
	b := builders[model]
	g := &getter{p: p}
	if err := checkCommon(g, b.sizes(g)); err != nil {
		return err
	}
	if b.check != nil {
		if err := b.check(g); err != nil {
			return err
		}
	}
	if g.err != nil {
		return &Error{Msg: g.err.Error()}
	}
	return nil
}

// below returns an error unless key a is below key b.
func below(g *getter, a, b, unit string) *Error {
	x, y := g.float(a), g.float(b)
	if !(x < y) {
		return &Error{Key: a, Msg: fmt.Sprintf("%s = %s %s, want below %s = %s %s", a, formatFloat(x), unit, b, formatFloat(y), unit)}
	}
	return nil
}

// si converts x, in a unit of 10^exp10 SI units, to SI by scaling its
// shortest decimal representation, so that 6 nS gives exactly the float64
// nearest to 6e-9, as Go's constant 6*sim.Nanosiemens.
func si(x float64, exp10 int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x * math.Pow10(exp10)
	}
	s := strconv.FormatFloat(x, 'e', -1, 64)
	i := strings.IndexByte(s, 'e')
	e, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return x * math.Pow10(exp10)
	}
	v, err := strconv.ParseFloat(s[:i]+"e"+strconv.Itoa(e+exp10), 64)
	if err != nil {
		return x * math.Pow10(exp10)
	}
	return v
}

func convention(g *getter) sim.Convention {
	c, err := sim.ParseConvention(g.str("convention"))
	g.keep(err)
	return c
}

func method(g *getter) sim.Method {
	if g.str("method") == "euler" {
		return sim.Euler
	}
	return sim.Exact
}

func rates(g *getter) channels.RateMode {
	if g.str("rates") == "tabulated" {
		return channels.Tabulated
	}
	return channels.Exact
}

func sizesEI(key string) func(g *getter) []popSize {
	return func(g *getter) []popSize {
		n := g.int(key)
		return []popSize{{"E", n * 4 / 5}, {"I", n - n*4/5}}
	}
}

func sizesBrunel(g *getter) []popSize {
	ne := g.int("ne")
	return []popSize{{"E", ne}, {"I", ne / 4}}
}

func single(name string) func(g *getter) []popSize {
	return func(*getter) []popSize { return []popSize{{name, 1}} }
}

func sizesN(name string) func(g *getter) []popSize {
	return func(g *getter) []popSize { return []popSize{{name, g.int("n")}} }
}

// lifOf returns the LIF model shared by the populations of a nets network.
func lifOf(net *sim.Network) (*sim.LIF, error) {
	if len(net.Populations) == 0 {
		return nil, fmt.Errorf("network without populations")
	}
	m, ok := net.Populations[0].Model.(*sim.LIF)
	if !ok {
		return nil, fmt.Errorf("population %q has model %s, want LIF", net.Populations[0].Name, net.Populations[0].Model.ModelName())
	}
	for _, p := range net.Populations[1:] {
		if p.Model != sim.Model(m) {
			return nil, fmt.Errorf("populations %q and %q do not share their model", net.Populations[0].Name, p.Name)
		}
	}
	return m, nil
}

func checkLIF(g *getter) *Error { return below(g, "vr_mV", "vt_mV", "mV") }

func checkCUBA(g *getter) *Error {
	if err := checkLIF(g); err != nil {
		return err
	}
	if lo, hi := g.float("v0_min_mV"), g.float("v0_max_mV"); lo > hi {
		return &Error{Key: "v0_min_mV", Msg: fmt.Sprintf("v0_min_mV = %s mV, want at most v0_max_mV = %s mV", formatFloat(lo), formatFloat(hi))}
	}
	return nil
}

// patchEI sets the LIF parameters, weights, delays and connection
// probability of a COBA or CUBA network from g. nets reads a zero P as its
// default, so p = 0 is applied here.
func patchEI(net *sim.Network, g *getter, we, wi float64) error {
	m, err := lifOf(net)
	if err != nil {
		return err
	}
	m.TauM = si(g.float("tau_m_ms"), -3)
	m.EL = si(g.float("el_mV"), -3)
	m.VThreshold = si(g.float("vt_mV"), -3)
	m.VReset = si(g.float("vr_mV"), -3)
	m.Refractory = si(g.float("refractory_ms"), -3)
	m.TauE = si(g.float("tau_e_ms"), -3)
	m.TauI = si(g.float("tau_i_ms"), -3)
	m.Method = method(g)
	delay := si(g.float("delay_ms"), -3)
	p := g.float("p")
	for _, pr := range net.Projections {
		w := we
		if pr.Pre.Name == "I" {
			w = wi
		}
		pr.Weight = sim.Const(w)
		if delay != 0 {
			pr.Delay = sim.Const(delay)
		}
		if p == 0 {
			pr.Rule = sim.Bernoulli{P: 0, Autapses: true}
		}
	}
	return nil
}

func nonzero(x, def float64) float64 {
	if x == 0 {
		return def
	}
	return x
}

func buildCOBA(g *getter, seed uint64) (*sim.Network, error) {
	net, err := nets.COBA(nets.COBAConfig{N: g.int("n"), P: nonzero(g.float("p"), 1), Dt: si(g.float("dt_ms"), -3),
		Seed: seed, Convention: convention(g), Exact: g.str("method") == "exact"})
	if err != nil {
		return nil, err
	}
	if err := patchEI(net, g, si(g.float("we_nS"), -9), si(g.float("wi_nS"), -9)); err != nil {
		return nil, err
	}
	m, _ := lifOf(net)
	m.EE = si(g.float("ee_mV"), -3)
	m.EI = si(g.float("ei_mV"), -3)
	m.GLeak = si(g.float("g_leak_nS"), -9)
	for _, pop := range net.Populations {
		pop.Init = map[string]sim.Value{
			"v":  sim.Normal{Mean: si(g.float("v0_mean_mV"), -3), SD: si(g.float("v0_sd_mV"), -3)},
			"ge": sim.Normal{Mean: si(g.float("ge0_mean_nS"), -9), SD: si(g.float("ge0_sd_nS"), -9)},
			"gi": sim.Normal{Mean: si(g.float("gi0_mean_nS"), -9), SD: si(g.float("gi0_sd_nS"), -9)},
		}
	}
	return net, nil
}

func buildCUBA(g *getter, seed uint64) (*sim.Network, error) {
	net, err := nets.CUBA(nets.CUBAConfig{N: g.int("n"), P: nonzero(g.float("p"), 1), Dt: si(g.float("dt_ms"), -3),
		Seed: seed, Convention: convention(g), Euler: g.str("method") == "euler"})
	if err != nil {
		return nil, err
	}
	if err := patchEI(net, g, si(g.float("we_mV"), -3), si(g.float("wi_mV"), -3)); err != nil {
		return nil, err
	}
	for _, pop := range net.Populations {
		pop.Init = map[string]sim.Value{"v": sim.Uniform{Lo: si(g.float("v0_min_mV"), -3), Hi: si(g.float("v0_max_mV"), -3)}}
	}
	return net, nil
}

// brunelThresholdMV is the fixed threshold of nets.Brunel.
const brunelThresholdMV = 20

func checkBrunel(g *getter) *Error {
	if vr := g.float("vr_mV"); !(vr < brunelThresholdMV) {
		return &Error{Key: "vr_mV", Msg: fmt.Sprintf("vr_mV = %s mV, want below the threshold of %d mV", formatFloat(vr), brunelThresholdMV)}
	}
	return nil
}

// buildBrunel builds nets.Brunel. nets reads zero G, Eta and Delay as its
// defaults, so g = 0, eta = 0 and delay_ms = 0 are applied afterwards.
func buildBrunel(g *getter, seed uint64) (*sim.Network, error) {
	gi, eta, delay := g.float("g"), g.float("eta"), si(g.float("delay_ms"), -3)
	j := si(g.float("j_mV"), -3)
	net := nets.Brunel(nets.BrunelConfig{NE: g.int("ne"), Epsilon: g.float("epsilon"), G: nonzero(gi, 1),
		Eta: nonzero(eta, 1), J: j, Delay: nonzero(delay, 1*sim.Millisecond), Dt: si(g.float("dt_ms"), -3),
		Seed: seed, GolgiConvention: convention(g) == sim.ConventionGolgi})
	m, err := lifOf(net)
	if err != nil {
		return nil, err
	}
	m.VReset = si(g.float("vr_mV"), -3)
	m.Refractory = si(g.float("refractory_ms"), -3)
	for _, pr := range net.Projections {
		if gi == 0 && pr.Pre.Name == "I" {
			pr.Weight = sim.Const(-gi * j)
		}
		if delay == 0 {
			pr.Delay = nil
		}
	}
	if eta == 0 {
		for _, s := range net.Stimuli {
			if pi, ok := s.(*sim.PoissonInput); ok {
				pi.Rate = 0
			}
		}
	}
	return net, nil
}

// currentSteps adds the DC step of amp_nA (plus i*amp_step_nA for neuron
// i, if the model has that key) from delay_ms for dur_ms (0: to the end).
func currentSteps(net *sim.Network, p *sim.Population, g *getter) {
	amp := g.float("amp_nA")
	delay, dur := g.float("delay_ms"), g.float("dur_ms")
	start, stop := si(delay, -3), 0.0
	if dur > 0 {
		stop = si(delay+dur, -3)
	}
	step := 0.0
	if _, err := g.p.value("amp_step_nA"); err == nil {
		step = g.float("amp_step_nA")
	}
	if step == 0 {
		net.Add(&sim.CurrentStep{Target: p, Amplitude: si(amp, -9), Start: start, Stop: stop})
		return
	}
	for i := 0; i < p.N; i++ {
		net.Add(&sim.CurrentStep{Target: p, Neurons: []int{i}, Amplitude: si(amp+float64(i)*step, -9), Start: start, Stop: stop})
	}
}

// cellNetwork returns a network of one ConductanceCell under a DC step.
func cellNetwork(g *getter, seed uint64, name string, cell *channels.Cell) *sim.Network {
	net := &sim.Network{Dt: si(g.float("dt_ms"), -3), Seed: seed, Convention: convention(g)}
	p := net.AddPopulation(name, 1, &sim.ConductanceCell{Cell: cell})
	currentSteps(net, p, g)
	return net
}

// buildHH assembles NEURON's hh soma as channels.HH does, with every
// parameter from the spec.
func buildHH(g *getter, seed uint64) (*sim.Network, error) {
	celsius, r := g.float("celsius"), rates(g)
	na, err := channels.NewHHNa(g.float("gnabar_S_per_cm2"), g.float("ena_mV"), celsius, r)
	if err != nil {
		return nil, err
	}
	k, err := channels.NewHHK(g.float("gkbar_S_per_cm2"), g.float("ek_mV"), celsius, r)
	if err != nil {
		return nil, err
	}
	l, err := channels.NewLeak("hh_l", g.float("gl_S_per_cm2"), g.float("el_mV"))
	if err != nil {
		return nil, err
	}
	cell := &channels.Cell{Name: "hh", CmUFcm2: g.float("cm_uF_per_cm2"), AreaUm2: g.float("area_um2"),
		Channels: []channels.Channel{na, k, l}, ThresholdMV: g.float("threshold_mV"), VInitMV: g.float("v_init_mV")}
	if err := cell.Validate(); err != nil {
		return nil, err
	}
	return cellNetwork(g, seed, "hh", cell), nil
}

func buildWangBuzsaki(g *getter, seed uint64) (*sim.Network, error) {
	cell, err := channels.WangBuzsaki(channels.InterneuronParams{
		Celsius: g.float("celsius"), CmUFcm2: g.float("cm_uF_per_cm2"), AreaUm2: g.float("area_um2"),
		GNaBarScm2: g.float("gnabar_S_per_cm2"), ENaMV: g.float("ena_mV"),
		GKBarScm2: g.float("gkbar_S_per_cm2"), EKMV: g.float("ek_mV"),
		GLeakScm2: g.float("gl_S_per_cm2"), ELeakMV: g.float("el_mV"), Rates: rates(g),
		ThetaAmpMAcm2: g.float("theta_amp_mA_per_cm2"), ThetaFreqPerMs: g.float("theta_freq_per_ms"),
		ThetaPhaseMs: g.float("theta_phase_ms"), ThetaOffsetMAcm2: g.float("theta_offset_mA_per_cm2"),
		ThresholdMV: g.float("threshold_mV"), VInitMV: g.float("v_init_mV"),
	})
	if err != nil {
		return nil, err
	}
	return cellNetwork(g, seed, "wang_buzsaki", cell), nil
}

func buildStellate(g *getter, seed uint64) (*sim.Network, error) {
	cell, err := channels.Stellate(channels.StellateParams{
		CmUFcm2: g.float("cm_uF_per_cm2"), AreaUm2: g.float("area_um2"),
		GNaBarScm2: g.float("gnabar_S_per_cm2"), GNaPBarScm2: g.float("gnapbar_S_per_cm2"), ENaMV: g.float("ena_mV"),
		GKBarScm2: g.float("gkbar_S_per_cm2"), EKMV: g.float("ek_mV"),
		GLeakScm2: g.float("gl_S_per_cm2"), ELeakMV: g.float("el_mV"),
		GhBarScm2: g.float("ghbar_S_per_cm2"), EhMV: g.float("eh_mV"),
		HfTauMs: g.float("hf_tau_ms"), HsTauMs: g.float("hs_tau_ms"),
		ThetaAmpMAcm2: g.float("theta_amp_mA_per_cm2"), ThetaFreqPerMs: g.float("theta_freq_per_ms"),
		ThetaPhaseMs: g.float("theta_phase_ms"), ThetaOffsetMAcm2: g.float("theta_offset_mA_per_cm2"),
		ThresholdMV: g.float("threshold_mV"), VInitMV: g.float("v_init_mV"),
	})
	if err != nil {
		return nil, err
	}
	return cellNetwork(g, seed, "stellate", cell), nil
}

// maxSteppedNeurons bounds n when every neuron gets its own amplitude (one
// CurrentStep each).
const maxSteppedNeurons = 10000

func checkStepped(g *getter) *Error {
	if g.float("amp_step_nA") != 0 && g.int("n") > maxSteppedNeurons {
		return &Error{Key: "amp_step_nA", Msg: fmt.Sprintf("a non-zero step gives each neuron its own current step; at most %d neurons (n = %d)", maxSteppedNeurons, g.int("n"))}
	}
	return nil
}

func checkAdEx(g *getter) *Error {
	if err := checkStepped(g); err != nil {
		return err
	}
	if err := below(g, "vt_mV", "vpeak_mV", "mV"); err != nil {
		return err
	}
	return below(g, "vr_mV", "vpeak_mV", "mV")
}

func buildAdEx(g *getter, seed uint64) (*sim.Network, error) {
	m := sim.DefaultAdEx()
	m.Cm = si(g.float("cm_pF"), -12)
	m.GL = si(g.float("gl_nS"), -9)
	m.EL = si(g.float("el_mV"), -3)
	m.VT = si(g.float("vt_mV"), -3)
	m.DeltaT = si(g.float("delta_t_mV"), -3)
	m.VPeak = si(g.float("vpeak_mV"), -3)
	m.VReset = si(g.float("vr_mV"), -3)
	m.TauW = si(g.float("tau_w_ms"), -3)
	m.A = si(g.float("a_nS"), -9)
	m.B = si(g.float("b_nA"), -9)
	m.Refractory = si(g.float("refractory_ms"), -3)
	net := &sim.Network{Dt: si(g.float("dt_ms"), -3), Seed: seed, Convention: convention(g)}
	p := net.AddPopulation("adex", g.int("n"), m)
	currentSteps(net, p, g)
	return net, nil
}

func checkIzhikevich(g *getter) *Error {
	if err := checkStepped(g); err != nil {
		return err
	}
	// sim.Izhikevich reads zero B, C and D as its defaults.
	for _, k := range []string{"b", "c_mV", "d_mV_per_ms"} {
		if g.float(k) == 0 {
			return &Error{Key: k, Msg: "0 is not supported: sim.Izhikevich reads 0 as its default; use a small non-zero value"}
		}
	}
	return nil
}

func buildIzhikevich(g *getter, seed uint64) (*sim.Network, error) {
	m := &sim.Izhikevich{A: g.float("a_per_ms"), B: g.float("b"), C: si(g.float("c_mV"), -3),
		D: g.float("d_mV_per_ms"), Cm: si(g.float("cm_pF"), -12)}
	net := &sim.Network{Dt: si(g.float("dt_ms"), -3), Seed: seed, Convention: convention(g)}
	p := net.AddPopulation("izhikevich", g.int("n"), m)
	currentSteps(net, p, g)
	return net, nil
}

package gridcells

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/sim"
)

// Instrumentations other than "1d" (SPEC sections 7.3 and 7.4): "2d"
// (constant DC per stellate sheet), "stdn" (single cells, Fig 1A: no
// noise, extra inputs sag, pir, resonance) and "motif" (two stellates and
// two interneurons, extra input pulse).

// instrIDs are the instrumentations, in the original's order.
var instrIDs = []string{"1d", "2d", "motif", "stdn"}

// checkInstr checks instr_id and the keys its instrumentation reads.
func checkInstr(m *ModelParams, s *SimParams) error {
	dc := m.StellConstDC
	switch m.InstrID {
	case "1d":
		if len(dc) != 2 {
			return fmt.Errorf("gridcells: stell_const_dc has %d values, want 2 (nA: ring 1, ring 2) for instr_id \"1d\"", len(dc))
		}
		if m.NStell < 2*m.NPerSheet {
			return fmt.Errorf("gridcells: N_stell = %d, want at least 2*N_per_sheet = %d (two rings) for instr_id \"1d\"", m.NStell, 2*m.NPerSheet)
		}
	case "2d":
		if len(dc) != 4 {
			return fmt.Errorf("gridcells: stell_const_dc has %d values, want 4 (nA: sheets E, W, N, S) for instr_id \"2d\"", len(dc))
		}
		if m.NStell < 4*m.NPerSheet || m.NPerSheet < 1 {
			return fmt.Errorf("gridcells: N_stell = %d and N_per_sheet = %d, want N_stell >= 4*N_per_sheet (four sheets) for instr_id \"2d\"", m.NStell, m.NPerSheet)
		}
	case "stdn":
		if len(dc) < 1 {
			return fmt.Errorf("gridcells: stell_const_dc is empty, want its first value (nA) for instr_id \"stdn\"")
		}
		dc = dc[:1]
	case "motif":
		if len(dc) != 1 {
			return fmt.Errorf("gridcells: stell_const_dc has %d values, want one number (nA, every stellate) for instr_id \"motif\"", len(dc))
		}
	default:
		return fmt.Errorf("gridcells: unknown instr_id %q, want one of %q", m.InstrID, instrIDs)
	}
	for k, x := range dc {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("gridcells: stell_const_dc[%d] = %g, want a finite current (nA)", k, x)
		}
	}
	_, err := extraInput(m, s)
	return err
}

// extra is an extra input of a single-cell or motif run: input_id and the
// extra_params it reads.
type extra struct {
	id string
	p  map[string]float64
}

// extraKeys are the extra_params each input_id reads.
var extraKeys = map[string][]string{
	"sag":       {"dur1", "dur2", "amp1", "amp2"},
	"pir":       {"start", "weight"},
	"resonance": {"f0", "f1"},
	"pulse":     {"pulse_width", "amp", "start", "ipi", "first_cell_input"},
}

// extraInput reads input_id and its extra_params for instr_ids "stdn" and
// "motif" (others ignore input_id, as the original does).
func extraInput(m *ModelParams, s *SimParams) (*extra, error) {
	if m.InstrID != "stdn" && m.InstrID != "motif" {
		return nil, nil
	}
	want := map[string][]string{"stdn": {"sag", "pir", "resonance"}, "motif": {"pulse"}}[m.InstrID]
	raw := m.InputID
	if len(raw) == 0 || string(raw) == "false" || string(raw) == "null" {
		return nil, nil
	}
	var id string
	if err := json.Unmarshal(raw, &id); err != nil {
		return nil, fmt.Errorf("gridcells: input_id = %s, want false or one of %q for instr_id %q", raw, want, m.InstrID)
	}
	ok := false
	for _, w := range want {
		ok = ok || w == id
	}
	if !ok {
		return nil, fmt.Errorf("gridcells: unknown input_id %q for instr_id %q, want false or one of %q", id, m.InstrID, want)
	}
	var obj map[string]json.RawMessage
	if len(m.ExtraParams) > 0 {
		if err := json.Unmarshal(m.ExtraParams, &obj); err != nil {
			return nil, fmt.Errorf("gridcells: extra_params = %s, want an object with %q for input_id %q", m.ExtraParams, extraKeys[id], id)
		}
	}
	e := &extra{id: id, p: map[string]float64{}}
	for _, k := range extraKeys[id] {
		v, ok := obj[k]
		if !ok {
			return nil, fmt.Errorf("gridcells: extra_params has no %q, want a number for input_id %q (it reads %q)", k, id, extraKeys[id])
		}
		var x float64
		if err := json.Unmarshal(v, &x); err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("gridcells: extra_params.%s = %s, want a number for input_id %q", k, v, id)
		}
		e.p[k] = x
	}
	p := e.p
	switch id {
	case "sag":
		if !(p["dur1"] >= 0 && p["dur2"] >= p["dur1"]) {
			return nil, fmt.Errorf("gridcells: extra_params dur1 = %g, dur2 = %g ms, want 0 <= dur1 <= dur2 for input_id \"sag\"", p["dur1"], p["dur2"])
		}
	case "pir":
		if !(p["start"] >= 0) {
			return nil, fmt.Errorf("gridcells: extra_params.start = %g ms, want a time >= 0 for input_id \"pir\"", p["start"])
		}
	case "resonance":
		if !(s.SimDur > resonanceDelayMs) {
			return nil, fmt.Errorf("gridcells: sim_dur = %g ms, want more than %g ms (the chirp starts there) for input_id \"resonance\"", s.SimDur, float64(resonanceDelayMs))
		}
	case "pulse":
		if f := p["first_cell_input"]; f != 0 && f != 1 {
			return nil, fmt.Errorf("gridcells: extra_params.first_cell_input = %g, want 0 or 1 (the interneuron of the first pulse) for input_id \"pulse\"", f)
		}
		if !(p["ipi"] > 0) || !(p["pulse_width"] >= 0) {
			return nil, fmt.Errorf("gridcells: extra_params ipi = %g, pulse_width = %g ms, want ipi > 0 and pulse_width >= 0 for input_id \"pulse\"", p["ipi"], p["pulse_width"])
		}
	}
	return e, nil
}

// cellParams returns the parameters the cells are built with: the
// "stdn" and "motif" instrumentations do not apply the original's global
// variables (hf_tau, hs_tau, phi_i_theta, omega_i_theta), so their mod
// defaults (0.51, 5.6, 0, 0.01) apply there whatever the parameters say.
func cellParams(m *ModelParams) *ModelParams {
	if m.InstrID != "stdn" && m.InstrID != "motif" {
		return m
	}
	c := *m
	c.HfTau, c.HsTau, c.PhiITheta, c.OmegaITheta = 0.51, 5.6, 0, 0.01
	return &c
}

// instrument adds the inputs of instr_id.
func (n *Network) instrument(opt *BuildOptions) error {
	m, s := &n.Model, &n.Sim
	stop := s.SimDur * sim.Millisecond
	switch m.InstrID {
	case "1d":
		return n.addInputs(opt)
	case "2d":
		// 2d_instr.py: ext_dc of sheet s (gids s*N .. (s+1)*N-1) at
		// stell_const_dc[s] for sim_dur, interneurons at intrnrn_dc_amp.
		N := m.NPerSheet
		for sh := 0; sh < 4; sh++ {
			idx := make([]int, N)
			for i := range idx {
				idx[i] = sh*N + i
			}
			n.Net.Add(&sim.CurrentStep{Target: n.Stell, Neurons: idx, Amplitude: m.StellConstDC[sh] * sim.Nanoamp, Stop: stop})
		}
		n.Net.Add(&sim.CurrentStep{Target: n.Intrnrn, Amplitude: m.IntrnrnDCAmp * sim.Nanoamp, Stop: stop})
		n.addNoise()
		return nil
	}
	// stdn_instr.py, motif_instr.py: every stellate's ext_dc plays
	// stell_const_dc[0] (a constant), every interneuron's intrnrn_dc_amp.
	n.Net.Add(
		&sim.CurrentStep{Target: n.Stell, Amplitude: m.StellConstDC[0] * sim.Nanoamp, Stop: stop},
		&sim.CurrentStep{Target: n.Intrnrn, Amplitude: m.IntrnrnDCAmp * sim.Nanoamp, Stop: stop},
	)
	if m.InstrID == "motif" {
		n.addNoise()
	}
	e, err := extraInput(m, s)
	if err != nil || e == nil {
		return err
	}
	switch e.id {
	case "sag":
		n.Net.Add(sagCurrent(n.Stell, s.SimDur, e.p))
	case "pir":
		// A NetStim (number 1) at start onto stellate 0's inhb_syn,
		// through a NetCon of NEURON's default delay (1 ms), weight
		// weight*1e-4 uS.
		src := n.Net.AddPopulation("pir_netstim", 1, &sim.SpikeTimes{Times: [][]float64{{e.p["start"] * sim.Millisecond}}})
		pr := n.Net.Connect(src, n.Stell, InhbSyn, sim.Explicit{Pre: []int{0}, Post: []int{0}},
			sim.Const(e.p["weight"]*1e-4*sim.Microsiemens), sim.Const(1*sim.Millisecond))
		pr.Name = "pir"
	case "resonance":
		n.Net.Add(resonanceCurrent(n.Stell, s.SimDur, e.p["f0"], e.p["f1"]))
	case "pulse":
		n.addPulses(e.p)
	}
	return nil
}

// addNoise adds the initial and ongoing noise clamps of every cell, as the
// original's set_intial_noise and set_noise (see NoiseCurrent).
func (n *Network) addNoise() {
	m := &n.Model
	for _, c := range []struct {
		name    string
		pop     *sim.Population
		gid0    int
		params  []float64
		initDur float64
		seed    int64
	}{
		{"stell_init_noise", n.Stell, 0, m.StellInitNoise, 0, m.InitNoiseSeed},
		{"stell_noise", n.Stell, 0, m.StellNoise, m.StellInitNoise[0], m.NoiseSeed},
		{"intrnrn_init_noise", n.Intrnrn, m.NStell, m.IntrnrnInitNoise, 0, m.InitNoiseSeed},
		{"intrnrn_noise", n.Intrnrn, m.NStell, m.IntrnrnNoise, m.IntrnrnInitNoise[0], m.NoiseSeed},
	} {
		if pc := NoiseCurrent(c.name, c.pop, c.gid0, c.initDur, c.params, c.seed); pc != nil {
			n.Net.Add(pc)
		}
	}
}

// sagCurrent is stdn_instr.py's "sag" clamp on every stellate: played on
// t_k = k*0.025 ms (k < len(arange(0, sim_dur+dt, dt))) the piecewise
// amp1 for 0 <= t_k <= dur1, amp2 for dur1 <= t_k <= dur2 (the later
// interval wins at dur1), 0 after dur2; on for t < sim_dur.
func sagCurrent(stell *sim.Population, simDurMs float64, p map[string]float64) *sim.PlayedCurrent {
	ns := inputGrid(simDurMs, DtMs)
	wave := make([]float32, ns)
	for k := range wave {
		t := float64(k) * DtMs
		switch {
		case t >= p["dur1"] && t <= p["dur2"]:
			wave[k] = float32(p["amp2"])
		case t >= 0 && t <= p["dur1"]:
			wave[k] = float32(p["amp1"])
		}
	}
	return &sim.PlayedCurrent{Name: "sag", Target: stell, Wave: make([]int32, stell.N), Samples: [][]float32{wave},
		Interval: DtMs * sim.Millisecond, Unit: sim.Nanoamp, Stop: simDurMs * sim.Millisecond}
}

// resonanceDelayMs is when the resonance chirp starts (stdn_instr.py).
const resonanceDelayMs = 2000

// resonanceCurrent is stdn_instr.py's "resonance" clamp on every
// stellate: from 2000 ms, samples every 0.025 ms of 1e-6 nA *
// cos(2 pi (f0 u + (f1 - f0) u²/(2 u1))) (scipy's linear chirp), u on
// linspace(0, u1, K) with u1 = sim_dur/1000 s and K =
// int((sim_dur - 2000)/0.025) + 1: the chirp's time axis is compressed
// into the played window, as in the original.
func resonanceCurrent(stell *sim.Population, simDurMs, f0, f1 float64) *sim.PlayedCurrent {
	k := int((simDurMs-resonanceDelayMs)/0.025) + 1
	u1 := simDurMs / 1000
	wave := make([]float32, k)
	step := 0.0 // numpy.linspace's step
	if k > 1 {
		step = u1 / float64(k-1)
	}
	beta := (f1 - f0) / u1
	for j := range wave {
		u := float64(j) * step
		wave[j] = float32(1e-6 * math.Cos(2*math.Pi*(f0*u+0.5*beta*u*u)))
	}
	return &sim.PlayedCurrent{Name: "resonance", Target: stell, Wave: make([]int32, stell.N), Samples: [][]float32{wave},
		Start0: resonanceDelayMs * sim.Millisecond, Interval: DtMs * sim.Millisecond, Unit: sim.Nanoamp,
		Start: resonanceDelayMs * sim.Millisecond, Stop: (resonanceDelayMs + simDurMs) * sim.Millisecond}
}

// pulseTrain is instr_utils.generate_pulse_train without random
// variation: samples at t_k = k/40000 s for t_k < duration, amp while
// c <= t_k < c + width for c = start, start + ipi, ... (seconds).
func pulseTrain(durationMs, widthMs, ipiMs, startMs, amp float64) []float32 {
	const rate = 40000 // int((1/0.025)*1000)
	duration := durationMs / 1000
	step := 1.0 / rate
	n := int(math.Ceil(duration / step))
	sig := make([]float32, n)
	width, ipi := math.Max(0, widthMs/1000), math.Max(0, ipiMs/1000)
	for c := math.Max(0, startMs/1000); c < duration; c += ipi {
		end := c + width
		lo := sort.Search(n, func(k int) bool { return float64(k)*step >= c })
		for k := lo; k < n && float64(k)*step < end; k++ {
			sig[k] = float32(amp)
		}
	}
	return sig
}

// addPulses adds motif_instr.py's "pulse" input: a switch_pulse clamp on
// interneuron first_cell_input with pulses of pulse_width ms and amp nA
// every ipi ms from start, and on the other interneuron the same train
// from start + ipi/2, played on the 0.025 ms grid for sim_dur.
func (n *Network) addPulses(p map[string]float64) {
	s := &n.Sim
	first := int(p["first_cell_input"])
	trains := [][]float32{
		pulseTrain(s.SimDur, p["pulse_width"], p["ipi"], p["start"], p["amp"]),
		pulseTrain(s.SimDur, p["pulse_width"], p["ipi"], p["start"]+p["ipi"]/2, p["amp"]),
	}
	n.Net.Add(&sim.PlayedCurrent{Name: "switch_pulse", Target: n.Intrnrn, Neurons: []int{first, (first + 1) % 2},
		Samples: trains, Interval: DtMs * sim.Millisecond, Unit: sim.Nanoamp, Stop: s.SimDur * sim.Millisecond})
}

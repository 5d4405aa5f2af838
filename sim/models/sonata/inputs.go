package sonata

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/random123"
)

// inputParams are the keys of an input that Golgi reads (SPEC 4.2); nil
// is absent.
type inputParams struct {
	Delay    *float64 `json:"delay"`
	Duration *float64 `json:"duration"`

	AmpStart     *float64 `json:"amp_start"`
	AmpEnd       *float64 `json:"amp_end"`
	PercentStart *float64 `json:"percent_start"`
	PercentEnd   *float64 `json:"percent_end"`
	PercentLess  *float64 `json:"percent_less"`
	Frequency    *float64 `json:"frequency"`
	Width        *float64 `json:"width"`
	Dt           *float64 `json:"dt"`

	Mean        *float64 `json:"mean"`
	MeanPercent *float64 `json:"mean_percent"`
	Variance    *float64 `json:"variance"`
	SdPercent   *float64 `json:"sd_percent"`
	Sigma       *float64 `json:"sigma"`

	RiseTime     *float64 `json:"rise_time"`
	DecayTime    *float64 `json:"decay_time"`
	Rate         *float64 `json:"rate"`
	AmpMean      *float64 `json:"amp_mean"`
	AmpVar       *float64 `json:"amp_var"`
	RelativeSkew *float64 `json:"relative_skew"`
	Tau          *float64 `json:"tau"`
	Reversal     *float64 `json:"reversal"`
	RandomSeed   *int64   `json:"random_seed"`

	Voltage          *float64 `json:"voltage"`
	SeriesResistance *float64 `json:"series_resistance"`

	RepresentsPhysicalElectrode bool   `json:"represents_physical_electrode"`
	SpikeFile                   string `json:"spike_file"`
}

func or(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// inputModes are the input_type values of each module.
var inputModes = map[string][]string{
	"linear":                      {"current_clamp"},
	"relative_linear":             {"current_clamp"},
	"subthreshold":                {"current_clamp"},
	"hyperpolarizing":             {"current_clamp"},
	"pulse":                       {"current_clamp"},
	"sinusoidal":                  {"current_clamp"},
	"noise":                       {"current_clamp"},
	"shot_noise":                  {"current_clamp", "conductance"},
	"relative_shot_noise":         {"current_clamp", "conductance"},
	"absolute_shot_noise":         {"current_clamp", "conductance"},
	"ornstein_uhlenbeck":          {"current_clamp", "conductance"},
	"relative_ornstein_uhlenbeck": {"current_clamp", "conductance"},
	"seclamp":                     {"voltage_clamp"},
	"synapse_replay":              {"spikes"},
}

// checkInputs checks every input's module and input_type before anything
// is built.
func checkInputs(cfg *SimulationConfig) error {
	for _, in := range cfg.Inputs {
		modes, ok := inputModes[in.Module]
		if !ok {
			return fmt.Errorf("sonata: input %q: module %q is not supported", in.Name, in.Module)
		}
		found := false
		for _, m := range modes {
			found = found || m == in.InputType
		}
		if !found {
			return fmt.Errorf("sonata: input %q: input_type %q, want one of %v for module %s", in.Name, in.InputType, modes, in.Module)
		}
	}
	return nil
}

// inputTargetNotes returns a note for every input whose node set
// selects no simulated cell: it stimulates nothing. neurodamus runs such
// inputs silently, and its own configurations have them (v5_gapjunctions'
// ThresholdIntoExc on "Excitatory", which selects none of its two
// cells), so this is a note golgi run prints, not an error.
func inputTargetNotes(s *Simulation) ([]string, error) {
	cells, err := s.Cells()
	if err != nil {
		return nil, err
	}
	simulated := map[string]map[uint64]bool{}
	for _, sel := range cells.Selections {
		m := map[uint64]bool{}
		for _, id := range sel.NodeIDs {
			m[id] = true
		}
		simulated[sel.Population] = m
	}
	var notes []string
	for _, in := range s.Config.Inputs {
		res, err := s.Resolve(in.NodeSet)
		if err != nil {
			return nil, fmt.Errorf("sonata: input %q: %w", in.Name, err)
		}
		nodes, hit := 0, false
		for _, sel := range res.Selections {
			nodes += len(sel.NodeIDs)
			for _, id := range sel.NodeIDs {
				hit = hit || simulated[sel.Population][id]
			}
		}
		switch {
		case nodes == 0:
			notes = append(notes, fmt.Sprintf("input %q: node_set %q selects no node: it stimulates nothing", in.Name, in.NodeSet))
		case !hit:
			notes = append(notes, fmt.Sprintf("input %q: node_set %q selects %d nodes, none of them simulated (node_set %q): it stimulates nothing", in.Name, in.NodeSet, nodes, s.Config.NodeSet))
		}
	}
	return notes, nil
}

// inputBlocks counts the instantiated blocks of each family of noisy
// stimuli, which seed their streams (SPEC 4.0).
type inputBlocks struct{ noise, shot, ou uint32 }

// addInputs builds the stimuli of the inputs, in file order (SPEC 4):
// each a table per target cell, played at soma[0](0.5) as a current
// (IClamp.Play) or a conductance (SEClamp.RsPlay); seclamp an SEClamp.
// synapse_replay is left to the connections (addReplay).
func (n *Network) addInputs() error {
	var blocks inputBlocks
	for _, in := range n.Sim.Config.Inputs {
		if in.Module == "synapse_replay" {
			continue
		}
		var p inputParams
		if err := json.Unmarshal(in.JSON, &p); err != nil {
			return fmt.Errorf("sonata: input %q: %w", in.Name, err)
		}
		if p.Delay == nil || p.Duration == nil {
			return fmt.Errorf("sonata: input %q: delay and duration are mandatory", in.Name)
		}
		cells, err := n.targetCells(in.NodeSet)
		if err != nil {
			return fmt.Errorf("sonata: input %q: %w", in.Name, err)
		}
		n.curInput = in.Name
		n.curMembrane = !p.RepresentsPhysicalElectrode
		if err := n.addInput(in, &p, cells, &blocks); err != nil {
			return fmt.Errorf("sonata: input %q (%s): %w", in.Name, in.Module, err)
		}
	}
	return nil
}

// targetCells returns the indices in Cells of the simulated cells of a
// node set, in the set's order.
func (n *Network) targetCells(nodeSet string) ([]int, error) {
	res, err := n.Sim.Resolve(nodeSet)
	if err != nil {
		return nil, err
	}
	gm, err := n.Sim.GidMap()
	if err != nil {
		return nil, err
	}
	var out []int
	for _, sel := range res.Selections {
		for _, id := range sel.NodeIDs {
			gid, err := gm.Gid(sel.Population, id)
			if err != nil {
				continue
			}
			if k, ok := n.byGid[gid]; ok {
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// addInput builds one input on its cells.
func (n *Network) addInput(in Input, p *inputParams, cells []int, blocks *inputBlocks) error {
	run := n.Sim.Config.Run
	delay, dur := *p.Delay, *p.Duration
	conductance := in.InputType == "conductance"
	gix := uint32(run.RandomSeed)
	// rel is the base of relative amplitudes: the threshold current (nA),
	// or 1/input_resistance (uS) for a conductance.
	rel := func(c *NetworkCell) (float64, error) {
		if !conductance {
			return c.ThresholdCurrentNA, nil
		}
		r, err := n.inputResistance(c)
		if err != nil {
			return 0, err
		}
		return 1 / r, nil
	}
	// base is the table's value outside the stimulus: the reversal
	// potential of a conductance (Q6).
	base := 0.0
	if conductance {
		base = or(p.Reversal, 0)
	}
	// third is the third id of the shot-noise and OU streams.
	third := func(c *NetworkCell) uint32 {
		if p.RandomSeed != nil {
			return uint32(*p.RandomSeed)
		}
		return uint32(c.Gid + 123)
	}
	switch in.Module {
	case "seclamp":
		if p.Voltage == nil {
			return fmt.Errorf("voltage is mandatory")
		}
		if delay != 0 {
			n.Notes = append(n.Notes, fmt.Sprintf("input %s: seclamp ignores delay %g ms, as neurodamus does (Q9)", in.Name, delay))
		}
		for _, k := range cells {
			c := n.Cells[k].Morph
			c.VClamps = append(c.VClamps, morph.SEClamp{At: morph.At("soma[0]", 0.5), RsMOhm: or(p.SeriesResistance, 0.01),
				Dur: [3]float64{dur}, Amp: [3]float64{*p.Voltage}})
		}
		return nil
	case "linear", "relative_linear", "subthreshold", "hyperpolarizing", "pulse", "sinusoidal":
		return n.addDeterministic(in, p, cells)
	case "noise":
		h := 0.5 // neurodamus's Noise dt, not configurable in SONATA (Q7)
		block := blocks.noise
		blocks.noise++ // a Noise block counts even when it injects nothing
		if p.Variance == nil || (p.Mean == nil) == (p.MeanPercent == nil) {
			return fmt.Errorf("want variance and one of mean, mean_percent")
		}
		for _, k := range cells {
			c := &n.Cells[k]
			mean, variance := or(p.Mean, 0), *p.Variance
			if p.MeanPercent != nil {
				mean = c.ThresholdCurrentNA * *p.MeanPercent / 100
				variance = c.ThresholdCurrentNA * *p.Variance / 100
			}
			st := random123.NewStream(block+100, uint32(run.StimulusSeed+500), uint32(c.Gid+300), gix)
			legacyDraws(st, delay, dur, run.DtMS, h)
			s := newSignal(0, delay)
			if err := s.noise(random123.NewRandom(st), mean, variance, playedDuration(dur, delay, run.TstopMS, h), h); err != nil {
				return err
			}
			n.inject(c, s, false)
		}
		return nil
	case "shot_noise", "relative_shot_noise", "absolute_shot_noise":
		h := or(p.Dt, 0.25)
		if p.RiseTime == nil || p.DecayTime == nil {
			return fmt.Errorf("rise_time and decay_time are mandatory")
		}
		tauR, tauD := *p.RiseTime, *p.DecayTime
		switch in.Module {
		case "shot_noise":
			if p.Rate == nil || p.AmpMean == nil || p.AmpVar == nil {
				return fmt.Errorf("rate, amp_mean and amp_var are mandatory")
			}
			// libsonata reads rate as an integer (Q11).
			rate := math.Trunc(*p.Rate)
			if rate <= 0 || math.Floor(dur/h) == 0 {
				return nil // a no-op: the block is not counted
			}
		case "relative_shot_noise":
			if p.MeanPercent == nil || p.SdPercent == nil {
				return fmt.Errorf("mean_percent and sd_percent are mandatory")
			}
			if *p.MeanPercent == 0 {
				return nil
			}
		case "absolute_shot_noise":
			if p.Mean == nil || p.Sigma == nil {
				return fmt.Errorf("mean and sigma are mandatory")
			}
		}
		block := blocks.shot
		blocks.shot++
		for _, k := range cells {
			c := &n.Cells[k]
			var rate, am, av float64
			switch in.Module {
			case "shot_noise":
				rate, am, av = math.Trunc(*p.Rate), *p.AmpMean, *p.AmpVar
			default:
				mu, sigma := or(p.Mean, 0), or(p.Sigma, 0)
				if in.Module == "relative_shot_noise" {
					r, err := rel(c)
					if err != nil {
						return err
					}
					mu, sigma = r**p.MeanPercent/100, r**p.SdPercent/100
				}
				var err error
				if rate, am, av, err = shotMoments(tauD, tauR, mu, sigma, or(p.RelativeSkew, 0.5)); err != nil {
					return err
				}
			}
			st := random123.NewStream(block+2997, uint32(run.StimulusSeed+19216), third(c), gix)
			s := newSignal(base, delay)
			if err := s.shotNoise(random123.NewRandom(st), tauD, tauR, rate, am, av, dur, h); err != nil {
				return err
			}
			n.inject(c, s, conductance)
		}
		return nil
	case "ornstein_uhlenbeck", "relative_ornstein_uhlenbeck":
		h := or(p.Dt, 0.25)
		tau := or(p.Tau, -1)
		if tau < 0 {
			return fmt.Errorf("tau >= 0 is mandatory")
		}
		block := blocks.ou
		blocks.ou++
		for _, k := range cells {
			c := &n.Cells[k]
			mu, sigma := or(p.Mean, 0), or(p.Sigma, 0)
			if in.Module == "relative_ornstein_uhlenbeck" {
				if p.MeanPercent == nil || p.SdPercent == nil {
					return fmt.Errorf("mean_percent and sd_percent are mandatory")
				}
				r, err := rel(c)
				if err != nil {
					return err
				}
				mu, sigma = r**p.MeanPercent/100, r**p.SdPercent/100
			}
			if !(sigma > 0) {
				return fmt.Errorf("sigma %g, want > 0", sigma)
			}
			st := random123.NewStream(block+2997, uint32(run.StimulusSeed+291204), third(c), gix)
			s := newSignal(base, delay)
			if err := s.ou(random123.NewRandom(st), tau, sigma, mu, playedDuration(dur, delay, run.TstopMS, h), h); err != nil {
				return err
			}
			n.inject(c, s, conductance)
		}
		return nil
	}
	return fmt.Errorf("module %q is not supported", in.Module)
}

// addDeterministic builds the inputs without random streams.
func (n *Network) addDeterministic(in Input, p *inputParams, cells []int) error {
	delay, dur := *p.Delay, *p.Duration
	for _, k := range cells {
		c := &n.Cells[k]
		thr := c.ThresholdCurrentNA
		s := newSignal(0, delay)
		switch in.Module {
		case "linear":
			if p.AmpStart == nil {
				return fmt.Errorf("amp_start is mandatory")
			}
			a1 := *p.AmpStart
			a2 := or(p.AmpEnd, a1)
			if a1 == 0 && a2 == 0 {
				return nil
			}
			s.ramp(a1, a2, dur)
		case "relative_linear":
			if p.PercentStart == nil {
				return fmt.Errorf("percent_start is mandatory")
			}
			ps := *p.PercentStart
			pe := or(p.PercentEnd, ps)
			if ps == 0 && pe == 0 {
				return nil
			}
			s.ramp(thr*ps/100, thr*pe/100, dur)
		case "subthreshold":
			if p.PercentLess == nil {
				return fmt.Errorf("percent_less is mandatory")
			}
			s.pulse(thr*(100-*p.PercentLess)/100, dur)
		case "hyperpolarizing":
			s.pulse(c.HoldingCurrentNA, dur)
		case "pulse":
			if p.AmpStart == nil || p.Frequency == nil || p.Width == nil {
				return fmt.Errorf("amp_start, frequency and width are mandatory")
			}
			if *p.Frequency <= 0 || *p.Width <= 0 {
				return nil
			}
			s.train(*p.AmpStart, *p.Frequency, *p.Width, dur)
		case "sinusoidal":
			if p.AmpStart == nil || p.Frequency == nil {
				return fmt.Errorf("amp_start and frequency are mandatory")
			}
			if *p.Frequency <= 0 {
				return nil
			}
			// No leading base point: the table starts at delay (Q8).
			s = &signal{cur: delay}
			if err := s.sin(*p.AmpStart, dur, *p.Frequency, or(p.Dt, 0.025)); err != nil {
				return err
			}
		}
		n.inject(c, s, false)
	}
	return nil
}

// inject plays a table at soma[0](0.5): a current as an IClamp (the
// membrane potential of neurodamus's MembraneCurrentSource, or its IClamp
// with represents_physical_electrode), or a conductance towards s.base
// as an SEClamp of played series resistance (its ConductanceSource or
// SEClamp), on for 0 <= t < the table's last time.
func (n *Network) inject(c *NetworkCell, s *signal, conductance bool) {
	at := morph.At("soma[0]", 0.5)
	last := s.t[len(s.t)-1]
	c.Stimuli = append(c.Stimuli, StimulusTable{Input: n.curInput, Conductance: conductance,
		TMs: append([]float64(nil), s.t...), Value: append([]float64(nil), s.a...)})
	if !conductance {
		c.Morph.Clamps = append(c.Morph.Clamps, morph.IClamp{At: at, DurMs: last, Play: &morph.Table{T: s.t, Y: s.a}, Membrane: n.curMembrane})
		return
	}
	t, rs, _ := s.conductanceTable()
	c.Morph.VClamps = append(c.Morph.VClamps, morph.SEClamp{At: at, RsMOhm: 1e9, Dur: [3]float64{last}, Amp: [3]float64{s.base},
		RsPlay: &morph.Table{T: t, Y: rs}, Membrane: n.curMembrane})
}

// playedDuration is the part of a stimulus of duration dur from delay
// that a run to tstopMS plays, sampled every h: dur, or the samples to
// two past tstop when it ends later. For white noise and the
// Ornstein-Uhlenbeck process, whose samples are drawn one after the
// other, the table's samples up to tstop are the same either way, and a
// circuit's 30 s stimuli do not take a table of 60 000 points per cell
// for a 100 ms run. (Shot noise draws its event times for the whole
// duration before their amplitudes, so its table is never cut.)
func playedDuration(dur, delay, tstopMS, h float64) float64 {
	if need := math.Ceil((tstopMS-delay)/h+2) * h; need < dur {
		return max(need, h)
	}
	return dur
}

// legacyDraws consumes the uniforms neurodamus draws before a Noise that
// starts after delay (SPEC 4.2), dt the simulation's step.
func legacyDraws(st *random123.Stream, delay, dur, dt, h float64) {
	prev := 0.0
	for prev < delay-dt {
		next := min(prev+dur-dt, delay-dt)
		for range int(math.Floor((next-prev)/h+1e-9)) + 1 {
			st.Float64()
		}
		prev = next + dt
	}
}

// inputResistance returns a cell's dynamics_params/input_resistance (MOhm),
// which relative conductance stimuli need.
func (n *Network) inputResistance(c *NetworkCell) (float64, error) {
	pop := n.Sim.Circuit.Node(c.Population)
	r, err := pop.Numbers("dynamics_params/input_resistance")
	if err != nil {
		return 0, fmt.Errorf("%s node %d: a relative conductance needs dynamics_params/input_resistance: %w", c.Population, c.Node, err)
	}
	if !(r[c.Node] > 0) {
		return 0, fmt.Errorf("%s node %d: input_resistance %g MOhm", c.Population, c.Node, r[c.Node])
	}
	return r[c.Node], nil
}

package miv

import (
	"fmt"
	"math"
	"slices"

	"github.com/golgi-sim/golgi/sim/lfp"
	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/rng"
)

// purposeRecordingSample keys the draws choosing the cells of an
// intracellular recording profile.
const purposeRecordingSample = 0x5245_4353 // "RECS"

// Intracellular is the soma v of a recording profile's cells (SPEC
// 4.4): at the middle of each cell's first soma section, every DtMs
// from t = 0.
type Intracellular struct {
	Profile string
	Gids    []int
	DtMs    float64
	// TMs are the sample times; VMV[i] the samples of Gids[i].
	TMs []float64
	VMV [][]float64

	every  int64
	probes []morph.Probe
}

// Electrode is an LFP electrode of Recording.LFP (SPEC 5): the cells it
// sums (SelectLFPCells), its recorder and its samples.
type Electrode struct {
	Label   string
	Config  ElectrodeConfig
	Members []LFPMember
	Sampler *lfp.Sampler

	rec *lfp.Recorder
}

// setupRecording prepares the intracellular profile and the electrodes.
func (n *Network) setupRecording(o NetworkOptions) error {
	cfg := n.Config
	if cfg.Recording == nil {
		if o.Recording != "" && o.Recording != "none" {
			return fmt.Errorf("miv: recording profile %q: the configuration has no Recording", o.Recording)
		}
		return nil
	}
	name := o.Recording
	if name == "" {
		if _, ok := cfg.Recording.Intracellular.Get(DefaultRecording); ok {
			name = DefaultRecording
		}
	}
	if name != "" && name != "none" {
		prof, ok := cfg.Recording.Intracellular.Get(name)
		if !ok {
			return fmt.Errorf("miv: Recording.Intracellular.%s: no such profile (the configuration has %v)", name, cfg.Recording.Intracellular.Names())
		}
		if err := n.setupIntracellular(name, prof); err != nil {
			return err
		}
	}
	if o.NoLFP {
		return nil
	}
	var pops []string
	var cands []LFPCandidate
	for _, r := range cfg.PopulationRanges() {
		if r.Count > 0 && !cfg.isArtificial(r.Name) {
			pops = append(pops, r.Name)
		}
	}
	for _, c := range n.Cells {
		cands = append(cands, LFPCandidate{Population: c.Population, Gid: uint64(c.Gid), SomaUm: c.SomaUm})
	}
	for _, it := range cfg.Recording.LFP {
		e := it.Value
		key := "Recording.LFP." + it.Name
		members, err := SelectLFPCells(pops, cands, e.PositionUm, e.MaxEDistUm, e.Fraction, uint64(cfg.RandomSeeds.LocalFieldPotential))
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		var rcs []lfp.RecordedCell
		for _, m := range members {
			c := n.Cell(int(m.Gid))
			rcs = append(rcs, lfp.RecordedCell{Group: n.Groups[c.Ref.Group], Cell: c.Ref.Cell, Morph: c.Morph.Morphology, Weight: m.Weight})
		}
		rec, err := lfp.NewRecorder(rcs, lfp.Electrode{PosUm: e.PositionUm, RhoOhmCm: e.RhoOhmCm})
		if err != nil {
			return fmt.Errorf("miv: %s: %w", key, err)
		}
		s, err := lfp.NewSampler(n.DtMs, e.DtMs, n.TstopMs)
		if err != nil {
			return fmt.Errorf("miv: %s: %w", key, err)
		}
		n.LFP = append(n.LFP, &Electrode{Label: it.Name, Config: e, Members: members, Sampler: s, rec: rec})
	}
	return nil
}

// setupIntracellular chooses the profile's cells (SPEC 4.1's recording
// sets, a Golgi rule): each biophysical gid with a draw below the
// profile's fraction (1 when not given), from a stream keyed by Random
// Seeds.Intracellular Recording Sample and the gid, the first limit of
// them in gid order when a limit is given; it records v at the middle
// of the first soma section every dt (the step when not given).
func (n *Network) setupIntracellular(name string, p RecordingProfile) error {
	key := "Recording.Intracellular." + name
	frac := p.Fraction
	if frac == 0 {
		frac = 1
	}
	if !(frac > 0 && frac <= 1) {
		return fmt.Errorf("miv: %s.fraction %g: want a value in (0, 1]", key, p.Fraction)
	}
	dt := p.DtMs
	if dt == 0 {
		dt = n.DtMs
	}
	every := math.Round(dt / n.DtMs)
	if every < 1 || math.Abs(every*n.DtMs-dt) > 1e-9*dt {
		return fmt.Errorf("miv: %s.dt %g ms: not a whole number of steps of %g ms", key, p.DtMs, n.DtMs)
	}
	rec := &Intracellular{Profile: name, DtMs: dt, every: int64(every)}
	seed := uint64(n.Config.RandomSeeds.IntracellularRecordingSample)
	for _, c := range n.Cells {
		if p.Limit > 0 && len(rec.Gids) >= p.Limit {
			break
		}
		s := rng.New(seed, purposeRecordingSample, uint64(c.Gid), 0)
		if !(s.Float64() < frac) {
			continue
		}
		m := c.Morph.Morphology
		k := slices.IndexFunc(m.Sections, func(s morph.Section) bool { return s.Type == morph.Soma })
		if k < 0 {
			return fmt.Errorf("miv: %s: %s has no soma section", key, m.Name)
		}
		pr, err := n.Groups[c.Ref.Group].Probe(c.Ref.Cell, morph.At(m.Sections[k].Name, 0.5), "v")
		if err != nil {
			return fmt.Errorf("miv: %s: %w", key, err)
		}
		rec.Gids = append(rec.Gids, c.Gid)
		rec.probes = append(rec.probes, pr)
		rec.VMV = append(rec.VMV, nil)
	}
	n.Intracellular = rec
	return nil
}

// sample records what is due after step (0: the initial state).
func (n *Network) sample(step int64) error {
	for _, e := range n.LFP {
		if e.Sampler.Due(step) {
			if err := e.Sampler.Record(e.rec.PotentialMV()); err != nil {
				return fmt.Errorf("miv: Recording.LFP.%s: %w", e.Label, err)
			}
		}
	}
	if r := n.Intracellular; r != nil && step%r.every == 0 {
		r.TMs = append(r.TMs, float64(step)*n.DtMs)
		for i, p := range r.probes {
			r.VMV[i] = append(r.VMV[i], p.Value())
		}
	}
	return nil
}

// nextSample returns the first step after step at which something is
// sampled, or -1.
func (n *Network) nextSample(step int64) int64 {
	next := int64(-1)
	take := func(s int64) {
		if next < 0 || s < next {
			next = s
		}
	}
	for _, e := range n.LFP {
		if e.Sampler.Samples() > len(e.Sampler.TMs) {
			every := int64(math.Round(e.Config.DtMs / n.DtMs))
			take((step/every + 1) * every)
		}
	}
	if r := n.Intracellular; r != nil && len(r.Gids) > 0 {
		take((step/r.every + 1) * r.every)
	}
	return next
}

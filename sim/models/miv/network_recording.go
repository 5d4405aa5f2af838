package miv

import (
	"fmt"
	"math"
	"slices"

	"github.com/golgi-sim/golgi/sim/lfp"
)

// Electrode is an LFP electrode of Recording.LFP (SPEC 5): the cells it
// sums (SelectLFPCells), its recorder and its samples.
type Electrode struct {
	Label   string
	Config  ElectrodeConfig
	Members []LFPMember
	Sampler *lfp.Sampler

	// rec sums the members built here (all on one process).
	rec *lfp.Recorder
	// With a Comm: every rank sends rec's currents to rank 0 (counts,
	// displs), which puts them in the members' order (perm: the position
	// in recv of each segment) and sums them with every member's
	// coefficients (k): one process's sum of the same values.
	k, cur, recv, sorted []float64
	perm                 []int
	counts, displs       []int
}

// setupRecording prepares the intracellular profile and the electrodes
// (with a Comm, collective).
func (n *Network) setupRecording(o NetworkOptions, con *Construction) error {
	cfg := n.Config
	name, prof, ok, err := cfg.profileOf(o)
	if err != nil {
		return err
	}
	if ok {
		if err := n.setupIntracellular(name, prof, con); err != nil {
			return err
		}
	}
	if cfg.Recording == nil {
		return nil
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
	for _, g := range n.biophysicalGids() {
		pop, _ := n.populationOf(g)
		s := con.Somata[pop]
		k := g - s.Start
		cands = append(cands, LFPCandidate{Population: pop, Gid: uint64(g), SomaUm: [3]float64{s.X[k], s.Y[k], s.Z[k]}})
	}
	for _, it := range cfg.Recording.LFP {
		e := it.Value
		key := "Recording.LFP." + it.Name
		members, err := SelectLFPCells(pops, cands, e.PositionUm, e.MaxEDistUm, e.Fraction, uint64(cfg.RandomSeeds.LocalFieldPotential))
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		var rcs []lfp.RecordedCell
		var nseg []float64 // segments of each member built here
		for _, m := range members {
			c := n.Cell(int(m.Gid))
			if c == nil {
				continue // another rank's
			}
			rcs = append(rcs, lfp.RecordedCell{Group: n.Groups[c.Ref.Group], Cell: c.Ref.Cell, Morph: c.Morph.Morphology, Weight: m.Weight})
			segs := 0
			for _, sec := range c.Morph.Morphology.Sections {
				segs += sec.Nseg
			}
			nseg = append(nseg, float64(segs))
		}
		rec, err := lfp.NewRecorder(rcs, lfp.Electrode{PosUm: e.PositionUm, RhoOhmCm: e.RhoOhmCm})
		if err != nil {
			return fmt.Errorf("miv: %s: %w", key, err)
		}
		s, err := lfp.NewSampler(n.DtMs, e.DtMs, n.TstopMs)
		if err != nil {
			return fmt.Errorf("miv: %s: %w", key, err)
		}
		el := &Electrode{Label: it.Name, Config: e, Members: members, Sampler: s, rec: rec}
		if n.comm != nil {
			if err := n.gatherCoefficients(el, nseg); err != nil {
				return fmt.Errorf("miv: %s: %w", key, err)
			}
		}
		n.LFP = append(n.LFP, el)
	}
	return nil
}

// gatherCoefficients prepares electrode e of a distributed network
// (collective): rank 0 learns every member's coefficients, in the
// members' order, and where each segment's current will be among the
// currents the ranks send it. nseg are the segments of this rank's
// members, in the members' order.
func (n *Network) gatherCoefficients(e *Electrode, nseg []float64) error {
	size, rank := n.comm.Size(), n.comm.Rank()
	k := e.rec.CoefficientsMVPerNA()
	lens := make([]int64, size)
	if err := n.comm.AllgatherInt64([]int64{int64(len(k))}, lens); err != nil {
		return err
	}
	e.counts, e.displs = make([]int, size), make([]int, size)
	total := 0
	for r, l := range lens {
		e.counts[r], e.displs[r] = int(l), total
		total += int(l)
	}
	// The members' segments, gathered by rank.
	owner := make([]int, len(e.Members))
	mcounts, mdispls := make([]int, size), make([]int, size)
	for i, m := range e.Members {
		owner[i] = n.owner[int(m.Gid)]
		mcounts[owner[i]]++
	}
	for r := 1; r < size; r++ {
		mdispls[r] = mdispls[r-1] + mcounts[r-1]
	}
	var allK, allSeg []float64
	if rank == 0 {
		allK, allSeg = make([]float64, total), make([]float64, len(e.Members))
	}
	if err := n.comm.GathervFloat64(k, allK, e.counts, e.displs, 0); err != nil {
		return err
	}
	if err := n.comm.GathervFloat64(nseg, allSeg, mcounts, mdispls, 0); err != nil {
		return err
	}
	e.cur = make([]float64, 0, len(k))
	if rank != 0 {
		return nil
	}
	segAt, memberAt := slices.Clone(e.displs), slices.Clone(mdispls)
	for _, r := range owner {
		ns := int(allSeg[memberAt[r]])
		memberAt[r]++
		for range ns {
			e.perm = append(e.perm, segAt[r])
			e.k = append(e.k, allK[segAt[r]])
			segAt[r]++
		}
	}
	if len(e.perm) != total {
		return fmt.Errorf("%d segments of the members, %d coefficients gathered", len(e.perm), total)
	}
	e.recv, e.sorted = make([]float64, total), make([]float64, total)
	return nil
}

// potentialMV returns the electrode's potential of the present currents:
// with a Comm, on rank 0 the sum over every rank's members (collective;
// NaN on the other ranks, which hold no sample of their own).
func (n *Network) potentialMV(e *Electrode) (float64, error) {
	if n.comm == nil {
		return e.rec.PotentialMV(), nil
	}
	e.cur = e.rec.AppendCurrentsNA(e.cur[:0])
	if err := n.comm.GathervFloat64(e.cur, e.recv, e.counts, e.displs, 0); err != nil {
		return 0, err
	}
	if n.comm.Rank() != 0 {
		return math.NaN(), nil
	}
	for i, p := range e.perm {
		e.sorted[i] = e.recv[p]
	}
	ls := lfp.LineSource{KMVPerNA: e.k}
	return ls.PotentialMV(e.sorted)
}

// sample records what is due after step (0: the initial state).
func (n *Network) sample(step int64) error {
	for _, e := range n.LFP {
		if e.Sampler.Due(step) {
			v, err := n.potentialMV(e)
			if err != nil {
				return fmt.Errorf("miv: Recording.LFP.%s: %w", e.Label, err)
			}
			if err := e.Sampler.Record(v); err != nil {
				return fmt.Errorf("miv: Recording.LFP.%s: %w", e.Label, err)
			}
		}
	}
	if r := n.Intracellular; r != nil {
		r.sampleIntracellular(step, n.DtMs)
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

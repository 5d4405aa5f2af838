package sonata

import (
	"fmt"
	"math"
)

// Synapses are the chemical synapses onto one target node, in ascending
// edge id order, as neurodamus reads them (SPEC 1.5, 3.1), in SONATA's
// units: conductances in nS, times in ms, offsets in µm. Index i of every
// slice is the i-th afferent synapse: neurodamus's synapseID.
type Synapses struct {
	Population string // the edge population
	Target     uint64 // target node id
	EdgeIDs    []uint64
	Sources    []uint64 // source node ids (0-based)

	SectionID []int64 // afferent_section_id: soma 0, neurites from 1
	// SectionPos is afferent_section_pos (fraction along the section),
	// nil when the file addresses synapses by segment instead:
	// SegmentID and SegmentOffsetUM (afferent_segment_id,
	// afferent_segment_offset). Segment fields are read whenever present.
	SectionPos      []float64
	SegmentID       []int64
	SegmentOffsetUM []float64

	ConductanceNS      []float64 // conductance
	DelayMS            []float64 // delay, as stored (neurodamus truncates it onto the dt grid)
	USyn               []float64 // u_syn
	DepressionTimeMS   []float64 // depression_time
	FacilitationTimeMS []float64 // facilitation_time
	DecayTimeMS        []float64 // decay_time
	SynTypeID          []int64   // syn_type_id: < 100 inhibitory
	// Optional attributes: -1 when the file lacks them.
	NRRPVesicles           []float64 // n_rrp_vesicles
	ConductanceScaleFactor []float64 // conductance_scale_factor (NMDA or GABA_B ratio)
	UHillCoefficient       []float64 // u_hill_coefficient
}

// Len is the number of synapses.
func (s *Synapses) Len() int { return len(s.EdgeIDs) }

// Inhibitory reports whether synapse i is GABAergic (syn_type_id < 100).
func (s *Synapses) Inhibitory(i int) bool { return s.SynTypeID[i] < 100 }

// PatchedDelayMS is synapse i's delay truncated onto the time grid as
// neurodamus does: floor(delay/dt + 1e-5)·dt (SPEC 3.1).
func (s *Synapses) PatchedDelayMS(i int, dtMS float64) float64 {
	return math.Floor(s.DelayMS[i]/dtMS+1e-5) * dtMS
}

// HillScaledU is synapse i's u_syn scaled for extracellular calcium caMM
// (SPEC 3.1): U·((K⁴+16)/16)·ca⁴/(K⁴+ca⁴) with K the Hill coefficient;
// unchanged without a coefficient.
func (s *Synapses) HillScaledU(i int, caMM float64) float64 {
	return s.USyn[i] * s.HillFactor(i, caMM)
}

// HillFactor is the factor HillScaledU applies to synapse i's u_syn at
// extracellular calcium caMM, (K⁴+16)/16·ca⁴/(K⁴+ca⁴); 1 without a
// coefficient. neurodamus scales a ModOverride helper's
// UHillScaleVariables by it too.
func (s *Synapses) HillFactor(i int, caMM float64) float64 {
	k := s.UHillCoefficient[i]
	if k < 0 {
		return 1
	}
	k4, ca4 := math.Pow(k, 4), math.Pow(caMM, 4)
	return (k4 + 16) / 16 * ca4 / (k4 + ca4)
}

// Synapses reads the chemical synapses onto target node n. The mandatory
// attributes (delay, afferent_section_id, afferent_section_pos or
// afferent_segment_id and afferent_segment_offset, conductance, u_syn,
// depression_time, facilitation_time, decay_time, syn_type_id) missing
// from the file are an error naming it.
func (e *EdgePopulation) Synapses(n uint64) (*Synapses, error) {
	sel, err := e.Afferent(n)
	if err != nil {
		return nil, err
	}
	return e.SynapsesOf(n, sel)
}

// SynapsesOf reads the synapses of the edges sel, which Afferent(n)
// returned.
func (e *EdgePopulation) SynapsesOf(n uint64, sel Ranges) (*Synapses, error) {
	s := &Synapses{Population: e.Name, Target: n, EdgeIDs: sel.IDs()}
	var err error
	if s.Sources, err = e.SourceNodeIDs(sel); err != nil {
		return nil, err
	}
	if s.SectionID, err = e.Int64("afferent_section_id", sel); err != nil {
		return nil, err
	}
	hasPos := e.Has("afferent_section_pos")
	hasSeg := e.Has("afferent_segment_id") && e.Has("afferent_segment_offset")
	if !hasPos && !hasSeg {
		return nil, fmt.Errorf("%s: edge population %q: no afferent_section_pos, nor afferent_segment_id and afferent_segment_offset: synapses cannot be placed", e.File(), e.Name)
	}
	if hasPos {
		if s.SectionPos, err = e.Float64("afferent_section_pos", sel); err != nil {
			return nil, err
		}
	}
	if hasSeg {
		if s.SegmentID, err = e.Int64("afferent_segment_id", sel); err != nil {
			return nil, err
		}
		if s.SegmentOffsetUM, err = e.Float64("afferent_segment_offset", sel); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		attr string
		dst  *[]float64
	}{
		{"conductance", &s.ConductanceNS}, {"delay", &s.DelayMS}, {"u_syn", &s.USyn},
		{"depression_time", &s.DepressionTimeMS}, {"facilitation_time", &s.FacilitationTimeMS},
		{"decay_time", &s.DecayTimeMS},
	} {
		if *f.dst, err = e.Float64(f.attr, sel); err != nil {
			return nil, err
		}
	}
	if s.SynTypeID, err = e.Int64("syn_type_id", sel); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		attr string
		dst  *[]float64
	}{
		{"n_rrp_vesicles", &s.NRRPVesicles}, {"conductance_scale_factor", &s.ConductanceScaleFactor},
		{"u_hill_coefficient", &s.UHillCoefficient},
	} {
		if *f.dst, err = e.optFloat64(f.attr, sel); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// GapJunctions are the electrical synapses onto one target node (SPEC
// 3.9), ascending edge ids.
type GapJunctions struct {
	Population string
	Target     uint64
	EdgeIDs    []uint64
	Sources    []uint64
	// EfferentJunctionID and AfferentJunctionID pair the two halves of a
	// junction (neurodamus's D and F).
	EfferentJunctionID []int64
	AfferentJunctionID []int64
	ConductanceNS      []float64
	SectionID          []int64
	SectionPos         []float64 // nil when absent
}

// GapJunctions reads the gap junctions onto target node n.
func (e *EdgePopulation) GapJunctions(n uint64) (*GapJunctions, error) {
	sel, err := e.Afferent(n)
	if err != nil {
		return nil, err
	}
	g := &GapJunctions{Population: e.Name, Target: n, EdgeIDs: sel.IDs()}
	if g.Sources, err = e.SourceNodeIDs(sel); err != nil {
		return nil, err
	}
	if g.EfferentJunctionID, err = e.Int64("efferent_junction_id", sel); err != nil {
		return nil, err
	}
	if g.AfferentJunctionID, err = e.Int64("afferent_junction_id", sel); err != nil {
		return nil, err
	}
	if g.ConductanceNS, err = e.Float64("conductance", sel); err != nil {
		return nil, err
	}
	if g.SectionID, err = e.Int64("afferent_section_id", sel); err != nil {
		return nil, err
	}
	if e.Has("afferent_section_pos") {
		if g.SectionPos, err = e.Float64("afferent_section_pos", sel); err != nil {
			return nil, err
		}
	}
	return g, nil
}

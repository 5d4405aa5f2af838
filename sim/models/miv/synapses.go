package miv

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/sim/rng"
)

// SynapseAttributes are one cell's synapses as distribute_synapses
// writes them to /Populations/<P>/Synapse Attributes (SPEC 2.5), one
// element per synapse in emission order, with NeuroH5's element types.
type SynapseAttributes struct {
	SynIDs    []uint32  // syn_ids: 0, 1, ... in emission order
	SynLocs   []float32 // syn_locs: position on the section, [0, 1)
	SynSecs   []uint32  // syn_secs: section index
	SynLayers []int8    // syn_layers: layer id of the synapse's segment
	SynTypes  []uint8   // syn_types: synapse type id (excitatory 0, ...)
	SWCTypes  []uint8   // swc_types: section type id (soma 1, ...)
	// SynCdistsUm (syn_cdists) is the straight-line distance of the
	// synapse from the cell's origin in cell-local coordinates, µm.
	SynCdistsUm []float32
}

// Len is the number of synapses.
func (a *SynapseAttributes) Len() int { return len(a.SynIDs) }

func (a *SynapseAttributes) add(loc, cdist float64, sec, layer, synType, swcType int) {
	a.SynIDs = append(a.SynIDs, uint32(len(a.SynIDs)))
	a.SynLocs = append(a.SynLocs, float32(loc))
	a.SynSecs = append(a.SynSecs, uint32(sec))
	a.SynLayers = append(a.SynLayers, int8(layer))
	a.SynTypes = append(a.SynTypes, uint8(synType))
	a.SWCTypes = append(a.SWCTypes, uint8(swcType))
	a.SynCdistsUm = append(a.SynCdistsUm, float32(cdist))
}

// purposeSynapseLocations keys the synapse-location streams (sim/rng).
const purposeSynapseLocations = 0x5d15_7a7e

// maxDensityDraws is MiV's limit on redrawing a non-positive density.
const maxDensityDraws = 1000

// DistributeSynapses places the synapses of cell gid by MiV's
// distribute_synapses with distribution=poisson (SPEC 2.5): per section
// type of the density table (in its order), per synapse type (in its
// order), a density per segment drawn from Normal(mean, sd = variance)
// until positive, then a Poisson process of that rate along the
// sections of the type, visited in MiV's order (synapseSectionOrder).
//
// The random numbers are sim/rng's stream keyed by (seed, gid): seed is
// the configuration's Random Seeds.Synapse Locations; the synapses of a
// gid do not depend on any other cell or on the number of workers.
func DistributeSynapses(m *SynapseMorphology, d *SynapseDensities, seed int64, gid int) (*SynapseAttributes, error) {
	if err := d.check(m); err != nil {
		return nil, fmt.Errorf("miv synapses %s gid %d: %w", d.Population, gid, err)
	}
	s := rng.New(uint64(seed), purposeSynapseLocations, uint64(gid), 0)
	out := &SynapseAttributes{}
	for _, ds := range d.Sections {
		secs := m.sectionsOfType(ds.SWCType)
		segs := make([][]segment, len(m.Sections))
		for _, i := range secs {
			segs[i] = m.segments(i)
		}
		// The densities of every synapse type first (MiV's
		// synapse_seg_density), then the placements.
		dens := make([][][]float64, len(ds.Types))
		for k, dt := range ds.Types {
			dens[k] = make([][]float64, len(m.Sections))
			for _, i := range secs {
				dens[k][i] = make([]float64, len(segs[i]))
				for j, sg := range segs[i] {
					rule, ok := dt.rule(sg.layer)
					if !ok {
						continue
					}
					v, err := drawDensity(&s, rule)
					if err != nil {
						return nil, fmt.Errorf("miv synapses %s gid %d: %s %s in section %d: %w", d.Population, gid, ds.Name, dt.Name, i, err)
					}
					dens[k][i][j] = v
				}
			}
		}
		order := m.synapseSectionOrder(secs)
		for k, dt := range ds.Types {
			for _, i := range order {
				m.placeSection(out, &s, i, segs[i], dens[k][i], dt.SynType, ds.SWCType)
			}
		}
	}
	if out.Len() == 0 {
		return nil, fmt.Errorf("miv synapses %s gid %d: no synapses (MiV requires at least one)", d.Population, gid)
	}
	return out, nil
}

// drawDensity draws a segment's density: Normal(mean, sd) redrawn until
// positive, at most maxDensityDraws times.
func drawDensity(s *rng.Stream, d SynapseDensity) (float64, error) {
	for range maxDensityDraws {
		v := d.MeanPerUm + d.VariancePerUm*s.NormFloat64()
		if v > 0 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("density mean %g, sd %g /µm: no positive draw in %d", d.MeanPerUm, d.VariancePerUm, maxDensityDraws)
}

// placeSection is MiV's Poisson placement on one section for one
// synapse type: pos runs along the section through the segments; a
// segment of density d > 0 continues it with exponential steps of mean
// 1/d and places a synapse at every step inside the segment; a segment of
// density 0 moves pos to its end. The first step of a section whose
// first segment has a density is drawn from the exponential conditioned
// on falling inside that segment (MiV draws until one does, which is the
// same distribution; Golgi inverts the truncated distribution instead,
// one draw, so it cannot run out of draws).
func (m *SynapseMorphology) placeSection(out *SynapseAttributes, s *rng.Stream, sec int, segs []segment, dens []float64, synType, swcType int) {
	ms := &m.Sections[sec]
	L := ms.LengthUm()
	pos := 0.
	for j, sg := range segs {
		d := dens[j]
		start, end := sg.startX*L, sg.endX*L
		if !(d > 0) {
			pos = end
			continue
		}
		beta := 1 / d
		if pos > 0 {
			pos += beta * s.ExpFloat64()
		} else {
			// Exp(beta) conditioned on [start, end); start is 0 here
			// unless the first segments were skipped with L = 0.
			u := s.Float64()
			a, b := -math.Expm1(-start/beta), -math.Expm1(-end/beta)
			pos += -beta * math.Log1p(-(a + u*(b-a)))
			if pos >= end { // rounding at the top of the interval
				pos = math.Nextafter(end, start)
			}
		}
		for pos < end {
			if pos >= start {
				if x := pos / L; float32(x) < 1 { // syn_locs are float32, in [0, 1)
					out.add(x, ms.cdist(x), sec, sg.layer, synType, swcType)
				}
			}
			pos += beta * s.ExpFloat64()
		}
	}
}

package miv

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/morph"
)

// DetectorRule is MiV's spike detector placement (cells.init_spike_detector,
// SPEC 3.3): the first axon segment centre at least DistanceUm from the
// root, a threshold on v and the NetCon delay.
type DetectorRule struct {
	DistanceUm  float64
	ThresholdMV float64
	DelayMs     float64
	// LocX is the location used on the AIS or soma fallback.
	LocX float64
}

// DefaultDetector is init_spike_detector's default: 100 um, -30 mV,
// 0.05 ms, x = 0.5.
var DefaultDetector = DetectorRule{DistanceUm: 100, ThresholdMV: -30, DelayMs: 0.05, LocX: 0.5}

// Detector is a placed spike detector: v at section Section (index into
// the morphology), X.
type Detector struct {
	Section     int
	X           float64
	ThresholdMV float64
	DelayMs     float64
}

// SpikeDetector places the spike detector of cell c as MiV does: over the
// axon sections (SWC type 2) in section order and their segment centres
// in order, the first whose path distance from the root's 0 end
// (x L of the section plus parent_x L of every ancestor, MiV's
// get_distance_to_node) is at least r.DistanceUm; else the 1 end of the
// last axon section; without an axon the first AIS section (type 7) at
// r.LocX; without one the last soma section at r.LocX.
func SpikeDetector(c *morph.Cell, r DetectorRule) (Detector, error) {
	m := c.Morphology
	d := Detector{Section: -1, ThresholdMV: r.ThresholdMV, DelayMs: r.DelayMs}
	var axon, ais, soma []int
	for i, s := range m.Sections {
		switch s.Type {
		case morph.Axon:
			axon = append(axon, i)
		case morph.Type(SWCAIS):
			ais = append(ais, i)
		case morph.Soma:
			soma = append(soma, i)
		}
	}
	switch {
	case len(axon) > 0:
		for _, i := range axon {
			nseg := m.Sections[i].Nseg
			if nseg < 1 {
				nseg = 1
			}
			for k := range nseg {
				x := (float64(k) + .5) / float64(nseg)
				if pathDistanceUm(m, i, x) >= r.DistanceUm {
					d.Section, d.X = i, x
					return d, nil
				}
			}
		}
		d.Section, d.X = axon[len(axon)-1], 1
	case len(ais) > 0:
		d.Section, d.X = ais[0], r.LocX
	case len(soma) > 0:
		d.Section, d.X = soma[len(soma)-1], r.LocX
	default:
		return d, fmt.Errorf("spike detector: %s has neither soma nor axon", m.Name)
	}
	return d, nil
}

// pathDistanceUm is MiV's get_distance_to_node from the root: x L(i) plus
// ParentX L(parent) over the ancestors; 0 on the root.
func pathDistanceUm(m *morph.Morphology, i int, x float64) float64 {
	if m.Sections[i].Parent < 0 {
		return 0
	}
	d := x * m.Length(i)
	for s := i; m.Sections[s].Parent >= 0; s = m.Sections[s].Parent {
		d += m.Sections[s].ParentX * m.Length(m.Sections[s].Parent)
	}
	return d
}

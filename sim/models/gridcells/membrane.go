package gridcells

import (
	"errors"
	"fmt"
	"math"

	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
)

// FieldMembrane is the Fig 3 measures of one stellate's membrane in and
// out of its firing fields (SPEC.md section 11, the authors' Fig 3
// notebook), each computed as that notebook does:
//
//   - fields: gcmeasures.SeparateFields of the ring's trains (order 1);
//   - V with spikes and AHPs removed within 15 ms of each field
//     (gcmeasures.ClipSpikes, -78 to -40 mV kept);
//   - ramp: 3 Hz low-pass (4th order, zero phase) minus the mean V between
//     fields (gcmeasures.FieldRamp);
//   - theta envelope: |Hilbert| of a 4-11 Hz band-pass of V (3rd order,
//     zero phase), 4-12 Hz for the inhibitory conductance
//     (gcmeasures.ThetaEnvelope);
//   - g_h = g_h_bar (0.65 h_f + 0.35 h_s) and g_inh at the first and last
//     spike of the fields (gcmeasures.ConductanceAtFieldEdges), over all
//     fields as the authors' function and over the interior ones (the
//     first and last field left out: cut by the start or end of the run).
//
// "In" and "out" average over the samples in and out of fields, leaving
// out the first and last second (filter transients, the initial noise).
// Measures whose traces were not given are NaN.
type FieldMembrane struct {
	Cell   int // stellate index in its ring
	Fields int // its fields

	RampInMV            float64 // mean ramp in fields, mV
	EnvVInMV, EnvVOutMV float64 // theta envelope of V in / out of fields, mV
	EnvGInUS, EnvGOutUS float64 // theta envelope of g_inh in / out of fields, uS

	GhFirst, GhLast                   float64 // g_h at first / last spike, S/cm2, all fields
	GhFirstInterior, GhLastInterior   float64 // the same over interior fields
	GFirstUS, GLastUS                 float64 // g_inh at first / last spike, uS, all fields
	GFirstInteriorUS, GLastInteriorUS float64 // the same over interior fields
}

// MembraneTraces are one stellate's recorded traces, sampled every DtMs
// from t = 0; Hf, Hs and G may be nil.
type MembraneTraces struct {
	DtMs   float64
	GHBar  float64   // g_h_bar of the run, S/cm2 (for g_h from Hf and Hs)
	V      []float64 // membrane potential, mV
	Hf, Hs []float64 // HCN gates (stell_ih_mf, stell_ih_ms)
	G      []float64 // inhibitory synaptic conductance, uS (stell_syn_inhib_g)
}

// MeasureFieldMembrane returns the Fig 3 measures of cell (an index into
// ring, the stellate trains of its ring, ms) from its traces tr.
func MeasureFieldMembrane(ring [][]float64, cell int, tr MembraneTraces) (FieldMembrane, error) {
	nan := math.NaN()
	m := FieldMembrane{Cell: cell, EnvGInUS: nan, EnvGOutUS: nan, GhFirst: nan, GhLast: nan,
		GhFirstInterior: nan, GhLastInterior: nan, GFirstUS: nan, GLastUS: nan, GFirstInteriorUS: nan, GLastInteriorUS: nan}
	if cell < 0 || cell >= len(ring) {
		return m, fmt.Errorf("gridcells: field membrane: cell %d not in a ring of %d", cell, len(ring))
	}
	if tr.DtMs <= 0 || len(tr.V) == 0 {
		return m, errors.New("gridcells: field membrane: no V trace (record stell_v of the cell)")
	}
	skip := int(1000 / tr.DtMs)
	if len(tr.V) <= 2*skip {
		return m, fmt.Errorf("gridcells: field membrane: %g ms of V; the measures leave out the first and last second", float64(len(tr.V))*tr.DtMs)
	}
	for name, x := range map[string][]float64{"h_f": tr.Hf, "h_s": tr.Hs, "g_inh": tr.G} {
		if x != nil && len(x) != len(tr.V) {
			return m, fmt.Errorf("gridcells: field membrane: %s has %d samples, V %d", name, len(x), len(tr.V))
		}
	}
	fields := gcmeasures.SeparateFields(ring, 1)[cell]
	m.Fields = len(fields)
	if len(fields) < 3 {
		return m, fmt.Errorf("gridcells: field membrane: cell %d has %d fields, want 3 or more (a longer run, or a cell in the moving pattern)", cell, len(fields))
	}
	v := gcmeasures.ClipSpikes(tr.V, tr.DtMs, fields, 15, -78, -40)
	in := gcmeasures.FieldMask(len(v), tr.DtMs, fields, 0)
	inOut := func(x []float64) (mIn, mOut float64) {
		var sIn, sOut float64
		var nIn, nOut int
		for i := skip; i < len(x)-skip; i++ {
			if in[i] {
				sIn, nIn = sIn+x[i], nIn+1
			} else {
				sOut, nOut = sOut+x[i], nOut+1
			}
		}
		return sIn / float64(nIn), sOut / float64(nOut)
	}
	ramp, err := gcmeasures.FieldRamp(v, tr.DtMs, in, 3, 4)
	if err != nil {
		return m, err
	}
	m.RampInMV, _ = inOut(ramp)
	env, err := gcmeasures.ThetaEnvelope(v, tr.DtMs, 4, 11, 3)
	if err != nil {
		return m, err
	}
	m.EnvVInMV, m.EnvVOutMV = inOut(env)
	one := [][]float64{ring[cell]}
	interior := fields[1 : len(fields)-1]
	if tr.G != nil {
		envG, err := gcmeasures.ThetaEnvelope(tr.G, tr.DtMs, 4, 12, 3)
		if err != nil {
			return m, err
		}
		m.EnvGInUS, m.EnvGOutUS = inOut(envG)
		if m.GFirstUS, m.GLastUS, err = gcmeasures.ConductanceAtFieldEdges(one, [][]float64{tr.G}, tr.DtMs); err != nil {
			return m, err
		}
		m.GFirstInteriorUS, m.GLastInteriorUS = atFieldEdges(interior, tr.G, tr.DtMs)
	}
	if tr.Hf != nil && tr.Hs != nil {
		gh := make([]float64, len(tr.Hf))
		for i := range gh {
			gh[i] = tr.GHBar * (0.65*tr.Hf[i] + 0.35*tr.Hs[i])
		}
		if m.GhFirst, m.GhLast, err = gcmeasures.ConductanceAtFieldEdges(one, [][]float64{gh}, tr.DtMs); err != nil {
			return m, err
		}
		m.GhFirstInterior, m.GhLastInterior = atFieldEdges(interior, gh, tr.DtMs)
	}
	return m, nil
}

// atFieldEdges is the mean of x at the first and at the last spike of
// fields (sample int(t/dtMs), as gcmeasures.ConductanceAtFieldEdges).
func atFieldEdges(fields [][]float64, x []float64, dtMs float64) (first, last float64) {
	for _, f := range fields {
		first += x[min(int(f[0]/dtMs), len(x)-1)]
		last += x[min(int(f[len(f)-1]/dtMs), len(x)-1)]
	}
	n := float64(len(fields))
	return first / n, last / n
}

package gridcells

import (
	"math"
	"strings"
	"testing"

	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
)

// TestMeasureFieldMembrane builds a stellate whose fields (300 ms every
// second) carry a known depolarisation, theta amplitude and conductances,
// and checks that the measures find them.
func TestMeasureFieldMembrane(t *testing.T) {
	const (
		dt    = 0.1
		durMs = 8000.0
		gHBar = 1.5e-3
	)
	var train []float64
	type field struct{ t0, t1 float64 }
	var fields []field
	for f0 := 200.0; f0+300 < durMs; f0 += 1000 {
		fields = append(fields, field{f0, f0 + 300})
		for s := f0; s <= f0+300+1e-9; s += 20 {
			train = append(train, s)
		}
	}
	n := int(durMs / dt)
	tr := MembraneTraces{DtMs: dt, GHBar: gHBar, V: make([]float64, n), Hf: make([]float64, n), Hs: make([]float64, n), G: make([]float64, n)}
	for i := range n {
		tm := float64(i) * dt
		theta := math.Sin(2 * math.Pi * 8 * tm / 1000)
		tr.V[i], tr.Hf[i], tr.Hs[i], tr.G[i] = -60+1*theta, 0.5, 0.5, 1e-4
		for _, f := range fields {
			if tm >= f.t0 && tm <= f.t1 {
				a := (tm - f.t0) / (f.t1 - f.t0) // 0 at the first spike, 1 at the last
				tr.V[i] = -60 + 8 + 3*theta
				tr.Hf[i], tr.Hs[i] = 1-0.9*a, 1-0.9*a
				tr.G[i] = 2e-4*(1-a) + 1e-6*a
			}
		}
	}
	ring := [][]float64{nil, train}
	m, err := MeasureFieldMembrane(ring, 1, tr)
	if err != nil {
		t.Fatal(err)
	}
	// Expected values at the fields' first and last spikes as the
	// authors' separate_fields finds them (it drops a few spikes).
	found := gcmeasures.SeparateFields(ring, 1)[1]
	at := func(f func(float64) float64, fs [][]float64, last bool) float64 {
		sum := 0.0
		for _, sp := range fs {
			tm := sp[0]
			if last {
				tm = sp[len(sp)-1]
			}
			sum += f(float64(int(tm/dt)) * dt)
		}
		return sum / float64(len(fs))
	}
	phase := func(tm float64) float64 {
		for _, f := range fields {
			if tm >= f.t0 && tm <= f.t1 {
				return (tm - f.t0) / (f.t1 - f.t0)
			}
		}
		return math.NaN()
	}
	gh := func(tm float64) float64 { return gHBar * (1 - 0.9*phase(tm)) }
	g := func(tm float64) float64 { a := phase(tm); return 2e-4*(1-a) + 1e-6*a }
	inner := found[1 : len(found)-1]
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"fields", float64(m.Fields), float64(len(fields))},
		{"g_h at the first spike", m.GhFirst, at(gh, found, false)},
		{"g_h at the last spike", m.GhLast, at(gh, found, true)},
		{"g_h at the first spike, interior fields", m.GhFirstInterior, at(gh, inner, false)},
		{"g_h at the last spike, interior fields", m.GhLastInterior, at(gh, inner, true)},
		{"g_inh at the first spike", m.GFirstUS, at(g, found, false)},
		{"g_inh at the last spike", m.GLastUS, at(g, found, true)},
		{"g_inh at the last spike, interior fields", m.GLastInteriorUS, at(g, inner, true)},
	} {
		if math.IsNaN(c.want) || math.Abs(c.got-c.want) > 1e-9*math.Abs(c.want) {
			t.Errorf("%s = %.6g, want %.6g", c.name, c.got, c.want)
		}
	}
	// The entry is high and the exit low, as built.
	if !(m.GFirstUS > 1e-4 && m.GLastUS < 1e-4 && m.GhFirst > m.GhLast) {
		t.Errorf("g_inh %.3g -> %.3g, g_h %.3g -> %.3g: want both falling through the fields", m.GFirstUS, m.GLastUS, m.GhFirst, m.GhLast)
	}
	// The 3 Hz low-pass spreads the 8 mV of a 300 ms field; its mean in
	// the field is most of it. Theta is 3 mV in fields and 1 mV out.
	if m.RampInMV < 4 || m.RampInMV > 8.5 {
		t.Errorf("ramp in fields %.2f mV, want most of 8 mV", m.RampInMV)
	}
	if m.EnvVInMV < 2 || m.EnvVInMV > 3.3 || m.EnvVOutMV < 0.7 || m.EnvVOutMV > 1.7 {
		t.Errorf("theta envelope of V in / out %.2f / %.2f mV, want about 3 / 1", m.EnvVInMV, m.EnvVOutMV)
	}
	if !(m.EnvGInUS > 0) || !(m.EnvGOutUS >= 0) {
		t.Errorf("theta envelope of g_inh in / out %.3g / %.3g", m.EnvGInUS, m.EnvGOutUS)
	}

	// Without the optional traces, their measures are NaN.
	m, err = MeasureFieldMembrane(ring, 1, MembraneTraces{DtMs: dt, V: tr.V})
	if err != nil || !math.IsNaN(m.GFirstUS) || !math.IsNaN(m.GhFirst) || math.IsNaN(m.EnvVInMV) {
		t.Errorf("V only: %+v, %v", m, err)
	}
	for _, bad := range []struct {
		cell int
		tr   MembraneTraces
		want string
	}{
		{5, tr, "not in a ring"},
		{1, MembraneTraces{DtMs: dt}, "no V"},
		{1, MembraneTraces{DtMs: dt, V: tr.V[:15000]}, "first and last second"},
		{1, MembraneTraces{DtMs: dt, V: tr.V, G: tr.G[:10]}, "g_inh"},
		{0, tr, "fields"},
	} {
		if _, err := MeasureFieldMembrane(ring, bad.cell, bad.tr); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("cell %d: %v, want an error with %q", bad.cell, err, bad.want)
		}
	}
}

package morph_test

import (
	"compress/gzip"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/testcells"
	"github.com/golgi-sim/golgi/sim/morph"
)

// cellV5 is testcells.V5, the cell of scripts/nmodl-ref/cell_ref.py.
func cellV5(nsegScale int) *morph.Cell { return testcells.V5(nsegScale) }

// The NetCon events of cell_ref.py: times (ms) and weight vector.
var (
	cellV5EventsMs = []float64{40, 45, 47.5, 150}
	cellV5Weight   = []float64{0.02, 1}
)

// readNeuronCSV reads a gzip CSV of scripts/nmodl-ref: the header and the
// rows, after the comment line.
func readNeuronCSV(t *testing.T, path string) ([]string, [][]float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(z)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	for _, rec := range recs[1:] {
		row := make([]float64, len(rec))
		for i, s := range rec {
			if row[i], err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// TestCellGroupMatchesNEURON runs the v5 cell (five sections, 35
// compartments, twelve translated channels, calcium dynamics, distance
// rules, an IClamp and a synapse receiving events) and compares it with
// NEURON 8.2.2 (scripts/nmodl-ref/cell_ref.py) over 200 ms with eight
// spikes: every potential within 1e-6 mV, cai within 1e-9 relative, and
// the same spike steps.
func TestCellGroupMatchesNEURON(t *testing.T) {
	header, rows := readNeuronCSV(t, "testdata/neuron_cell_v5.csv.gz")
	g, err := morph.NewCellGroup([]*morph.Cell{cellV5(1)}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	syn, err := g.PointProcess(0, "syn")
	if err != nil {
		t.Fatal(err)
	}
	for _, te := range cellV5EventsMs {
		if err := g.Send(syn, te, cellV5Weight); err != nil {
			t.Fatal(err)
		}
	}
	probe := func(sec, name string, x float64) morph.Probe {
		p, err := g.Probe(0, morph.At(sec, x), name)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	gSyn, err := g.PointProbe(syn, "g")
	if err != nil {
		t.Fatal(err)
	}
	probes := map[string]morph.Probe{
		"v_soma": probe("soma", "v", 0.5), "v_axon": probe("axon", "v", 0.5),
		"v_apic": probe("apic", "v", 0.9), "v_tuft": probe("tuft", "v", 0.5),
		"v_dend": probe("dend", "v", 0.5), "cai_soma": probe("soma", "cai", 0.5),
		"eca_soma": probe("soma", "eca", 0.5), "g_syn": gSyn,
	}
	worst := map[string]float64{}
	var spikes []int
	var spikeSteps []int
	step := 0
	for r, row := range rows {
		for step < 4*r {
			spikes = g.Step(spikes[:0])
			step++
			if len(spikes) > 0 {
				spikeSteps = append(spikeSteps, step)
			}
		}
		if d := math.Abs(g.T() - row[0]); d > 1e-9 {
			t.Fatalf("row %d: t = %g, NEURON %g", r, g.T(), row[0])
		}
		for c, name := range header[1:] {
			got, want := probes[name].Value(), row[c+1]
			d := math.Abs(got - want)
			if strings.HasPrefix(name, "cai") || strings.HasPrefix(name, "g_") {
				d /= math.Max(math.Abs(want), 1e-12)
			}
			if d > worst[name] || math.IsNaN(d) {
				worst[name] = d
			}
		}
	}
	for _, name := range header[1:] {
		tol := 1e-6 // mV
		if strings.HasPrefix(name, "cai") || strings.HasPrefix(name, "g_") {
			tol = 1e-9 // relative
		}
		t.Logf("%-9s largest difference %.3g", name, worst[name])
		if !(worst[name] <= tol) {
			t.Errorf("%s differs from NEURON by %.3g (tolerance %g)", name, worst[name], tol)
		}
	}
	// NEURON's spikes, from its soma trace: upward crossings of 0 mV at
	// the sampled steps (every 4th step).
	var want []float64
	for r := 1; r < len(rows); r++ {
		if rows[r-1][1] < 0 && rows[r][1] >= 0 {
			want = append(want, rows[r][0])
		}
	}
	if len(spikeSteps) != len(want) {
		t.Fatalf("%d spikes, NEURON %d (%v)", len(spikeSteps), len(want), want)
	}
	for k, s := range spikeSteps {
		if tt := float64(s) * 0.025; math.Abs(tt-want[k]) > 0.1+1e-9 {
			t.Errorf("spike %d at %g ms, NEURON between %g and %g ms", k, tt, want[k]-0.1, want[k])
		}
	}
}

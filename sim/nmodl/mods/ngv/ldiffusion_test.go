package ngv_test

import (
	"compress/gzip"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"

	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/ngv" // mcd
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

// The protocol of scripts/nmodl-ref/ngv_ldiffusion_ref.py.
const (
	triggerStep = 400 // glu2 of dend(0.1) set to 1 after this step
	every       = 40  // steps between rows
)

// mcdCell is the cell of scripts/nmodl-ref/ngv_ldiffusion_ref.py: a soma
// and a dendrite of five segments at its 1 end, mcd and pas everywhere.
func mcdCell() *morph.Cell {
	m := &morph.Morphology{Name: "mcd"}
	soma := m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	m.Sections[soma].Nseg = 1
	dend := m.AddCylinder("dend", morph.Basal, soma, 1, 100, 2)
	m.Sections[dend].Nseg = 5
	return &morph.Cell{
		Name: "mcd", Morphology: m, CmUFcm2: 1, RaOhmCm: 100, VInitMV: -70, ThresholdMV: 0,
		MechanismSets: []string{"ngv"},
		Inserts: []morph.Insert{
			{Mech: "mcd"},
			{Mech: "pas", Params: map[string]float64{"g": 1e-4, "e": -70}},
		},
	}
}

// TestArrayLongitudinalDiffusionMatchesNEURON runs NGV's mcd (mcd13.mod)
// on a soma with a dendrite of five segments, its calcium and buffer
// shells (array STATEs ca[i], bufm[i], cabufm[i]) diffusing along the
// cell (LONGITUDINAL_DIFFUSION of the mechanism's own STATEs; DCa and
// DBufm raised to 20 and 5 um2/ms), the glu2 of dend(0.1) (a
// BBCOREPOINTER, a per-instance variable in Golgi) set to 1 at 10 ms,
// which puts that segment's ca[0] to 60 uM; it compares ca[0], ca[3],
// bufm[0] and cabufm[0] at five segments and v at the soma with NEURON
// 8.2.2 (scripts/nmodl-ref/ngv_ldiffusion_ref.py) every ms over 100 ms,
// within 1e-6 relative (v 1e-6 mV). The segments away from the trigger
// move from their resting values by more than 1e-4 relative, which only
// the diffusion between segments carries there (without sim/morph's
// diffusion of the mechanism's STATEs 20 of the 21 columns fail).
func TestArrayLongitudinalDiffusionMatchesNEURON(t *testing.T) {
	header, rows := readNeuronCSV(t, "testdata/ldiffusion.csv.gz")
	g, err := morph.NewCellGroup([]*morph.Cell{mcdCell()}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]float64{"DCa": 20, "DBufm": 5} {
		if err := g.SetGlobal("mcd", name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Init(); err != nil {
		t.Fatal(err)
	}
	glu2, err := g.Probe(0, morph.At("dend", 0.1), "glu2_mcd")
	if err != nil {
		t.Fatal(err)
	}
	probes := make([]morph.Probe, len(header))
	for c, name := range header[1:] {
		if name == "v_soma" {
			probes[c+1], err = g.Probe(0, morph.At("soma", 0.5), "v")
		} else {
			f := strings.Split(name, "_") // var[i]_section_x
			x, perr := strconv.ParseFloat(f[2], 64)
			if perr != nil {
				t.Fatal(perr)
			}
			// NEURON's name of the element: ca_mcd[0] for ca[0].
			i := strings.IndexByte(f[0], '[')
			probes[c+1], err = g.Probe(0, morph.At(f[1], x), f[0][:i]+"_mcd"+f[0][i:])
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	worst := map[string]float64{}
	moved := map[string]float64{}
	step := 0
	for r, row := range rows {
		for ; step < every*r; step++ {
			if step == triggerStep {
				glu2.Set(1)
			}
			g.Step(nil)
		}
		if d := math.Abs(g.T() - row[0]); d > 1e-9 {
			t.Fatalf("row %d: t = %g, NEURON %g", r, g.T(), row[0])
		}
		for c, name := range header[1:] {
			got, want := probes[c+1].Value(), row[c+1]
			d := math.Abs(got - want)
			if name != "v_soma" {
				d /= math.Max(math.Abs(want), 1e-300)
				moved[name] = math.Max(moved[name], math.Abs(want-rows[0][c+1])/math.Abs(rows[0][c+1]))
			}
			if d > worst[name] || math.IsNaN(d) {
				worst[name] = d
			}
		}
	}
	for _, name := range header[1:] {
		t.Logf("%-22s largest difference %.3g", name, worst[name])
		if !(worst[name] <= 1e-6) {
			t.Errorf("%s differs from NEURON by %.3g (tolerance 1e-6)", name, worst[name])
		}
	}
	for _, name := range []string{"ca[0]_soma_0.5", "ca[0]_dend_0.5", "bufm[0]_dend_0.3", "ca[3]_dend_0.9"} {
		if !(moved[name] > 1e-4) {
			t.Errorf("%s moves from rest by only %.3g in NEURON: the protocol does not test the diffusion", name, moved[name])
		}
	}
}

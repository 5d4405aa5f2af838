package metabolism_test

import (
	"compress/gzip"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"

	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/metabolism" // internal_ions, NaTs2_t, SKv3_1
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

// ldiffusionCell is the cell of scripts/nmodl-ref/ldiffusion_ref.py:
// soma, a dendrite with a tuft at its end and an axon at the soma's 0
// end, internal_ions everywhere, sodium and potassium channels in the
// soma and the axon, an IClamp at the soma.
func ldiffusionCell() *morph.Cell {
	m := &morph.Morphology{Name: "ldiffusion"}
	soma := m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	m.Sections[soma].Nseg = 1
	add := func(name string, t morph.Type, parent int, x, l, d float64, nseg int) int {
		i := m.AddCylinder(name, t, parent, x, l, d)
		m.Sections[i].Nseg = nseg
		return i
	}
	dend := add("dend", morph.Basal, soma, 1, 200, 2, 9)
	add("tuft", morph.Basal, dend, 1, 80, 1.2, 4)
	add("axon", morph.Axon, soma, 0, 100, 1, 5)
	return &morph.Cell{
		Name: "ldiffusion", Morphology: m, CmUFcm2: 1, RaOhmCm: 100, VInitMV: -70, ThresholdMV: 0,
		MechanismSets: []string{"metabolism"},
		Inserts: []morph.Insert{
			{Mech: "internal_ions"},
			{Mech: "pas", Params: map[string]float64{"g": 3e-5, "e": -70}},
			{Mech: "NaTs2_t", Where: morph.Region(morph.Soma), Params: map[string]float64{"gNaTs2_tbar": 0.5}},
			{Mech: "SKv3_1", Where: morph.Region(morph.Soma), Params: map[string]float64{"gSKv3_1bar": 0.2}},
			{Mech: "NaTs2_t", Where: morph.Region(morph.Axon), Params: map[string]float64{"gNaTs2_tbar": 1.0}},
			{Mech: "SKv3_1", Where: morph.Region(morph.Axon), Params: map[string]float64{"gSKv3_1bar": 0.5}},
		},
		Clamps: []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 10, DurMs: 140, AmpNA: 0.5}},
	}
}

// runLdiffusion runs the cell with internal_ions' DNa and DK and returns
// the values of the reference's columns at its rows.
func runLdiffusion(t *testing.T, header []string, rows [][]float64, dNa, dK float64) [][]float64 {
	t.Helper()
	g, err := morph.NewCellGroup([]*morph.Cell{ldiffusionCell()}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]float64{"DNa": dNa, "DK": dK} {
		if err := g.SetGlobal("internal_ions", name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Init(); err != nil {
		t.Fatal(err)
	}
	probes := make([]morph.Probe, len(header))
	for c, name := range header[1:] {
		if name == "v_soma" {
			probes[c+1], err = g.Probe(0, morph.At("soma", 0.5), "v")
		} else {
			f := strings.Split(name, "_") // ion_section_x
			x, perr := strconv.ParseFloat(f[2], 64)
			if perr != nil {
				t.Fatal(perr)
			}
			probes[c+1], err = g.Probe(0, morph.At(f[1], x), f[0])
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var out [][]float64
	step := 0
	for r := range rows {
		for step < 40*r {
			g.Step(nil)
			step++
		}
		row := []float64{g.T()}
		for _, p := range probes[1:] {
			row = append(row, p.Value())
		}
		out = append(out, row)
	}
	return out
}

// TestLongitudinalDiffusionMatchesNEURON runs internal_ions (metabolism)
// on a branched cell whose spikes load the soma and the axon with sodium
// and deplete their potassium, which LONGITUDINAL_DIFFUSION spreads
// along the cell (DNa and DK raised to 200 and 300 um2/ms), and compares
// with NEURON 8.2.2 (scripts/nmodl-ref/ldiffusion_ref.py) over 200 ms:
// nai, ki, cai and cli at seven segments (both sides of the soma's
// branch points, the tuft, the axon) within 1e-9 relative, v at the
// soma within 1e-6 mV. Without the diffusion (DNa = DK = 0) the
// concentrations differ from NEURON's by more than 1e-3 relative, so the
// comparison tests the diffusion.
func TestLongitudinalDiffusionMatchesNEURON(t *testing.T) {
	header, rows := readNeuronCSV(t, "testdata/ldiffusion.csv.gz")
	worst := func(got [][]float64) map[string]float64 {
		w := map[string]float64{}
		for r, row := range rows {
			if d := math.Abs(got[r][0] - row[0]); d > 1e-9 {
				t.Fatalf("row %d: t = %g, NEURON %g", r, got[r][0], row[0])
			}
			for c, name := range header[1:] {
				g, want := got[r][c+1], row[c+1]
				d := math.Abs(g - want)
				if name != "v_soma" {
					d /= math.Max(math.Abs(want), 1e-12)
				}
				if d > w[name] || math.IsNaN(d) {
					w[name] = d
				}
			}
		}
		return w
	}
	w := worst(runLdiffusion(t, header, rows, 200, 300))
	for _, name := range header[1:] {
		tol := 1e-9 // relative
		if name == "v_soma" {
			tol = 1e-6 // mV
		}
		t.Logf("%-16s largest difference %.3g", name, w[name])
		if !(w[name] <= tol) {
			t.Errorf("%s differs from NEURON by %.3g (tolerance %g)", name, w[name], tol)
		}
	}
	off := worst(runLdiffusion(t, header, rows, 0, 0))
	for _, name := range []string{"nai_dend_0.05", "nai_axon_0.9", "ki_dend_0.05"} {
		if !(off[name] > 1e-3) {
			t.Errorf("without diffusion %s differs from NEURON by only %.3g: the protocol does not test the diffusion", name, off[name])
		}
	}
}

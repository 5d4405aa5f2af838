package morph_test

import (
	"compress/gzip"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"

	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/mivsyn"      // LinExp2Syn
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv5" // the v5 channels
)

// cellV5 is the cell of scripts/nmodl-ref/cell_ref.py (build): a soma
// with an axon, a basal dendrite and an apical trunk with a tuft, the
// neocortex v5 channels, ena/ek per region, Ih by distance on the apical
// sections, an IClamp of 0.35 nA from 20 ms for 150 ms at the soma and a
// LinExp2Syn at apic(0.5). nsegScale multiplies every nseg but the soma's.
func cellV5(nsegScale int) *morph.Cell {
	m := &morph.Morphology{Name: "v5 cell"}
	soma := m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	m.Sections[soma].Nseg = 1
	add := func(name string, t morph.Type, parent int, x, l, d float64, nseg int) int {
		i := m.AddCylinder(name, t, parent, x, l, d)
		m.Sections[i].Nseg = nseg * nsegScale
		return i
	}
	add("axon", morph.Axon, soma, 0, 60, 1, 5)
	add("dend", morph.Basal, soma, 0, 200, 1.5, 7)
	apic := add("apic", morph.Apical, soma, 1, 400, 2.5, 13)
	add("tuft", morph.Apical, apic, 1, 250, 1, 9)

	somatic := morph.Region(morph.Soma)
	axonal := morph.Region(morph.Axon)
	apical := morph.Region(morph.Apical)
	c := &morph.Cell{
		Name: "v5 cell", Morphology: m, CmUFcm2: 1, RaOhmCm: 100,
		Passive:     []morph.Passive{{Where: morph.Region(morph.Basal, morph.Apical), CmUFcm2: 2}},
		VInitMV:     -80,
		ThresholdMV: 0,
		Inserts: []morph.Insert{
			{Mech: "pas", Params: map[string]float64{"g": 3e-5, "e": -75}},
			{Mech: "NaTs2_t", Where: somatic, Params: map[string]float64{"gNaTs2_tbar": 0.983}},
			{Mech: "SKv3_1", Where: somatic, Params: map[string]float64{"gSKv3_1bar": 0.303}},
			{Mech: "SK_E2", Where: somatic, Params: map[string]float64{"gSK_E2bar": 0.0008}},
			{Mech: "Ca_HVA", Where: somatic, Params: map[string]float64{"gCa_HVAbar": 0.000994}},
			{Mech: "Ca_LVAst", Where: somatic, Params: map[string]float64{"gCa_LVAstbar": 0.000333}},
			{Mech: "CaDynamics_E2", Where: somatic, Params: map[string]float64{"gamma": 0.000609, "decay": 210.485284}},
			{Mech: "Ih", Where: somatic, Params: map[string]float64{"gIhbar": 8e-5}},
			{Mech: "NaTa_t", Where: axonal, Params: map[string]float64{"gNaTa_tbar": 3.137}},
			{Mech: "Nap_Et2", Where: axonal, Params: map[string]float64{"gNap_Et2bar": 0.00672}},
			{Mech: "K_Pst", Where: axonal, Params: map[string]float64{"gK_Pstbar": 0.973}},
			{Mech: "K_Tst", Where: axonal, Params: map[string]float64{"gK_Tstbar": 0.089}},
			{Mech: "SKv3_1", Where: axonal, Params: map[string]float64{"gSKv3_1bar": 1.02}},
			{Mech: "SK_E2", Where: axonal, Params: map[string]float64{"gSK_E2bar": 0.0014}},
			{Mech: "Ca_HVA", Where: axonal, Params: map[string]float64{"gCa_HVAbar": 0.00099}},
			{Mech: "Ca_LVAst", Where: axonal, Params: map[string]float64{"gCa_LVAstbar": 0.0087}},
			{Mech: "CaDynamics_E2", Where: axonal, Params: map[string]float64{"gamma": 0.0191, "decay": 277.3}},
			{Mech: "NaTs2_t", Where: apical, Params: map[string]float64{"gNaTs2_tbar": 0.0213}},
			{Mech: "SKv3_1", Where: apical, Params: map[string]float64{"gSKv3_1bar": 0.00261}},
			{Mech: "Im", Where: apical, Params: map[string]float64{"gImbar": 6.75e-5}},
			{Mech: "Ih", Where: apical, ParamsAt: func(s morph.Segment) (map[string]float64, error) {
				return map[string]float64{"gIhbar": (-0.8696 + 2.087*math.Exp(s.DistUm*0.0031)) * 8e-5}, nil
			}},
			{Mech: "Ih", Where: morph.Region(morph.Basal), Params: map[string]float64{"gIhbar": 8e-5}},
		},
		IonValues: []morph.IonValue{
			{Where: morph.Region(morph.Soma, morph.Axon, morph.Apical), Name: "ena", Value: 50},
			{Where: morph.Region(morph.Soma, morph.Axon, morph.Apical), Name: "ek", Value: -85},
		},
		PointProcesses: []morph.PointProcess{{Name: "syn", Mech: "LinExp2Syn", At: morph.At("apic", 0.5)}},
		Clamps:         []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 20, DurMs: 150, AmpNA: 0.35}},
	}
	return c
}

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

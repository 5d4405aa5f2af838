package sonata_test

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
	"github.com/golgi-sim/golgi/sim/morph"
)

// emodelRef is a reference of scripts/sonata-ref/emodel_ref.py: the step
// (nA), the spike times (ms) and the soma potential every 4th step.
type emodelRef struct {
	ampNA  float64
	spikes []float64
	t, v   []float64
}

func readEmodelRef(t *testing.T, path string) emodelRef {
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
	var r emodelRef
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# spikes:"):
			for _, s := range strings.Fields(line[len("# spikes:"):]) {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatal(err)
				}
				r.spikes = append(r.spikes, x)
			}
		case strings.HasPrefix(line, "# NEURON"):
			i := strings.Index(line, "IClamp soma(0.5) ")
			if i < 0 {
				t.Fatalf("%s: no IClamp in %q", path, line)
			}
			f := strings.Fields(line[i+len("IClamp soma(0.5) "):])
			if r.ampNA, err = strconv.ParseFloat(f[0], 64); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(line, "t_ms") || line == "":
		default:
			parts := strings.Split(line, ",")
			tt, err1 := strconv.ParseFloat(parts[0], 64)
			v, err2 := strconv.ParseFloat(parts[1], 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %q", path, line)
			}
			r.t, r.v = append(r.t, tt), append(r.v, v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEmodelsMatchNEURON instantiates every node of usecase3 (three
// BluePyOpt templates, cADpyr_L2TPC, cNAC_L23BTC and bAC_IN, on five
// Neurolucida morphologies with their AIS_scaler) through sim/hoc and
// sim/morph's readers, steps each in a CellGroup under half its
// threshold current for 200 ms, and compares with NEURON 8.2.2 running
// the same template, morphology and .mod files
// (scripts/sonata-ref/emodel_ref.py): the soma potential within 0.1 mV
// over 250 ms and every spike within one dt (issue 19's single-cell
// acceptance test).
func TestEmodelsMatchNEURON(t *testing.T) {
	dir := refdata.Require(t, "sonata/circuits/usecase3")
	cfg, err := sonata.ReadCircuitConfig(filepath.Join(dir, "circuit_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := sonata.OpenCircuit(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const dt = 0.025
	for _, pop := range c.Nodes() {
		for n := 0; n < pop.Size(); n++ {
			name := fmt.Sprintf("%s_%d", pop.Name(), n)
			t.Run(name, func(t *testing.T) {
				ref := readEmodelRef(t, filepath.Join("testdata", "emodels", name+".csv.gz"))
				e, err := sonata.BuildEmodel(pop, n, n, []string{"neocortexv6"}, 0)
				if err != nil {
					t.Fatal(err)
				}
				cell := e.Morph
				cell.VInitMV = -80
				if math.Abs(ref.ampNA-0.5*e.ThresholdCurrentNA) > 1e-6 {
					t.Fatalf("step %g nA in the reference, half the threshold current is %g", ref.ampNA, 0.5*e.ThresholdCurrentNA)
				}
				cell.Clamps = []morph.IClamp{{At: morph.At("soma[0]", 0.5), DelMs: 20, DurMs: 200, AmpNA: ref.ampNA}}
				g, err := morph.NewCellGroup([]*morph.Cell{cell}, dt, 34)
				if err != nil {
					t.Fatal(err)
				}
				v, err := g.Probe(0, morph.At("soma[0]", 0.5), "v")
				if err != nil {
					t.Fatal(err)
				}
				var spikes []float64
				worst, at := 0., 0.
				var out []int
				for r := range ref.t {
					for step := 0; r > 0 && step < 4; step++ {
						if out = g.Step(out[:0]); len(out) > 0 {
							spikes = append(spikes, g.T())
						}
					}
					if d := math.Abs(v.Value() - ref.v[r]); d > worst {
						worst, at = d, ref.t[r]
					}
				}
				t.Logf("%s on %s: %d compartments; soma within %.3g mV of NEURON (largest at %g ms); %d spikes, NEURON %d",
					e.Template, filepath.Base(e.Morphology), g.Compartments(0).Segments(), worst, at, len(spikes), len(ref.spikes))
				if !(worst <= 0.1) {
					t.Errorf("soma potential differs from NEURON's by %.3g mV at %g ms (tolerance 0.1 mV)", worst, at)
				}
				if len(spikes) != len(ref.spikes) {
					t.Fatalf("%d spikes, NEURON %d", len(spikes), len(ref.spikes))
				}
				for k := range spikes {
					if math.Abs(spikes[k]-ref.spikes[k]) > dt+1e-9 {
						t.Errorf("spike %d at %.4f ms, NEURON %.4f ms", k, spikes[k], ref.spikes[k])
					}
				}
			})
		}
	}
}

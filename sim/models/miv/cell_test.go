package miv

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/morph"
)

// cellCases are MiV-Simulator-Cases/1-construction's biophysical cells.
var cellCases = []struct{ pop, template string }{
	{"PYR", "PoolosPyramidalCell"},
	{"PVBC", "PVBasketCell"},
	{"OLM", "OLMCell"},
}

// buildCase builds the population's cell (gid 10) from its SWC file and
// template, as the references of scripts/miv-ref/cell_ref.py do.
func buildCase(t testing.TB, pop, template string) *Cell {
	t.Helper()
	dir := refdata.Require(t, "miv/cases/1-construction")
	tr, err := ReadSWCFile(filepath.Join(dir, "datasets", pop+".swc"))
	if err != nil {
		t.Fatal(err)
	}
	tp, err := LoadTemplate(filepath.Join(dir, "templates"), template)
	if err != nil {
		t.Fatal(err)
	}
	c, err := tp.Build(10, tr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// neuronCell is the structure cell_ref.py dumps from NEURON.
type neuronCell struct {
	Celsius  float64
	Detector struct {
		Section   int
		X         float64
		Threshold float64
	}
	Sections []struct {
		I, Nseg, Parent int
		L, Ra, Parentx  float64
		N3d             int
		Ends            [2][4]float64 // first and last 3-D point: x, y, z, diam
		Segs            []struct {
			X, Area, Cm, Diam float64
			Mechs             map[string]map[string]float64
			Ions              map[string]float64
		}
	}
}

func readGz(t *testing.T, path string) []byte {
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
	var b strings.Builder
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

// paramNames are the PARAMETERs the templates set, compared per segment
// (g is pas's conductance; in the ch_ channels it is ASSIGNED).
func paramNames(mech string) []string {
	if mech == "pas" {
		return []string{"g", "e"}
	}
	return []string{"gmax", "e", "vhalfl", "ar2"}
}

// TestCellsMatchNEURONStructure compares each cell built by sim/hoc from
// its template and neurotree with NEURON 8.2.2 running the same template
// on the same tree (scripts/miv-ref/cell_ref.py): sections, nseg (PVBC
// [1,9,9,7,7] and OLM [1,5,5,3] by the d_lambda rule before Ra and cm
// are set, PYR 1 everywhere), L, Ra, parents and their x, and per
// segment the area, cm, the mechanisms inserted with their parameters
// (gmax, e, vhalfl, ar2, the distance rules of PYR's apical tree), the
// reversal potentials, celsius, MiV's spike detector location, and the
// first and last 3-D points of every section in single precision (after
// define_shape's translation of each child to its parent's connection
// point and PYR's x<->y swap).
func TestCellsMatchNEURONStructure(t *testing.T) {
	for _, cc := range cellCases {
		t.Run(cc.pop, func(t *testing.T) {
			var ref neuronCell
			if err := json.Unmarshal(readGz(t, filepath.Join("testdata", "cells", cc.pop+".json.gz")), &ref); err != nil {
				t.Fatal(err)
			}
			c := buildCase(t, cc.pop, cc.template)
			if c.CelsiusDegC != ref.Celsius || c.CelsiusDegC != 34 {
				t.Errorf("celsius %g, NEURON %g", c.CelsiusDegC, ref.Celsius)
			}
			m := c.Morph.Morphology
			if len(m.Sections) != len(ref.Sections) {
				t.Fatalf("%d sections, NEURON %d", len(m.Sections), len(ref.Sections))
			}
			if d := c.Detector; d.Section != ref.Detector.Section || math.Abs(d.X-ref.Detector.X) > 1e-12 || d.ThresholdMV != ref.Detector.Threshold {
				t.Errorf("detector sections[%d](%g) at %g mV, NEURON sections[%d](%g) at %g mV", d.Section, d.X, d.ThresholdMV,
					ref.Detector.Section, ref.Detector.X, ref.Detector.Threshold)
			}
			g, err := morph.NewCellGroup([]*morph.Cell{c.Morph}, 0.025, c.CelsiusDegC)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Init(); err != nil {
				t.Fatal(err)
			}
			cp := g.Compartments(0)
			nseg, checked := []int{}, 0
			worstArea, worstParam := 0., 0.
			for i, rs := range ref.Sections {
				s := m.Sections[i]
				nseg = append(nseg, cp.Nseg[i])
				if cp.Nseg[i] != rs.Nseg {
					t.Errorf("sections[%d]: nseg %d, NEURON %d", i, cp.Nseg[i], rs.Nseg)
					continue
				}
				if l := m.Length(i); l != rs.L {
					t.Errorf("sections[%d]: L %.17g, NEURON %.17g", i, l, rs.L)
				}
				if cp.RaOhmCm(i) != rs.Ra {
					t.Errorf("sections[%d]: Ra %g, NEURON %g", i, cp.RaOhmCm(i), rs.Ra)
				}
				if s.Parent != rs.Parent || math.Abs(s.ParentX-rs.Parentx) > 1e-6 {
					t.Errorf("sections[%d]: parent %d(%g), NEURON %d(%g)", i, s.Parent, s.ParentX, rs.Parent, rs.Parentx)
				}
				if len(s.Points) != rs.N3d {
					t.Errorf("sections[%d]: %d 3-D points, NEURON %d", i, len(s.Points), rs.N3d)
				} else {
					for e, k := range []int{0, rs.N3d - 1} {
						q := s.Points[k]
						got := [4]float32{float32(q.X), float32(q.Y), float32(q.Z), float32(q.D)}
						want := [4]float32{float32(rs.Ends[e][0]), float32(rs.Ends[e][1]), float32(rs.Ends[e][2]), float32(rs.Ends[e][3])}
						if got != want {
							t.Errorf("sections[%d]: 3-D point %d at %v, NEURON %v", i, k, got, want)
						}
					}
				}
				nodes := cp.Section(i)
				for j, seg := range rs.Segs {
					nd := cp.Nodes[nodes[j]]
					if d := math.Abs(nd.AreaUm2-seg.Area) / seg.Area; d > worstArea {
						worstArea = d
					}
					if nd.CmUFcm2 != seg.Cm {
						t.Errorf("sections[%d](%g): cm %g, NEURON %g", i, seg.X, nd.CmUFcm2, seg.Cm)
					}
					at := morph.At(s.Name, seg.X)
					var mechs []string
					for name, ps := range seg.Mechs {
						mechs = append(mechs, name)
						for _, p := range paramNames(name) {
							want, ok := ps[p]
							if !ok {
								continue
							}
							pr, err := g.Probe(0, at, p+"_"+name)
							if err != nil {
								t.Errorf("sections[%d](%g): %v", i, seg.X, err)
								continue
							}
							checked++
							if d := math.Abs(pr.Value() - want); d > 1e-12*math.Max(1, math.Abs(want)) {
								t.Errorf("sections[%d](%g): %s_%s = %.17g, NEURON %.17g", i, seg.X, p, name, pr.Value(), want)
							} else if d > worstParam {
								worstParam = d
							}
						}
					}
					slices.Sort(mechs)
					var have []string
					for _, in := range c.Morph.Inserts {
						if slices.Contains(in.Where.Sections, s.Name) {
							have = append(have, in.Mech)
						}
					}
					slices.Sort(have)
					if !slices.Equal(have, mechs) {
						t.Errorf("sections[%d]: mechanisms %v, NEURON %v", i, have, mechs)
					}
					for ion, want := range seg.Ions {
						pr, err := g.Probe(0, at, ion)
						if err != nil {
							t.Errorf("sections[%d](%g): %v", i, seg.X, err)
							continue
						}
						if math.Abs(pr.Value()-want) > 1e-9*math.Max(1, math.Abs(want)) {
							t.Errorf("sections[%d](%g): %s = %.17g, NEURON %.17g", i, seg.X, ion, pr.Value(), want)
						}
					}
				}
			}
			if worstArea > 1e-6 {
				t.Errorf("segment areas differ from NEURON's by up to %.3g (relative)", worstArea)
			}
			if len(nseg) > 12 {
				nseg = nseg[:12]
			}
			t.Logf("%s: %d sections, %d segments (nseg %v...), areas within %.2g relative, %d parameters within %.2g, detector sections[%d](%.4g)",
				c.Template, len(m.Sections), cp.Segments(), nseg, worstArea, checked, worstParam, c.Detector.Section, c.Detector.X)
		})
	}
}

// stepRef is one current step of cell_ref.py: amplitude, spike times,
// soma potential every 8th step.
type stepRef struct {
	ampNA, everyMs float64
	spikes, v      []float64
}

func readStepRef(t *testing.T, path string) stepRef {
	t.Helper()
	r := stepRef{everyMs: 8 * 0.025}
	for _, line := range strings.Split(string(readGz(t, path)), "\n") {
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
			const key = "IClamp sections[0](0.5) "
			i := strings.Index(line, key)
			if i < 0 || !strings.Contains(line, "v every 8 steps") || !strings.Contains(line, "secondorder") {
				t.Fatalf("%s: unexpected protocol %q", path, line)
			}
			var err error
			if r.ampNA, err = strconv.ParseFloat(strings.Fields(line[i+len(key):])[0], 64); err != nil {
				t.Fatal(err)
			}
		case line == "" || line == "v_soma":
		default:
			v, err := strconv.ParseFloat(line, 64)
			if err != nil {
				t.Fatalf("%s: %q", path, line)
			}
			r.v = append(r.v, v)
		}
	}
	return r
}

// TestCellsMatchNEURONSteps runs every cell under three somatic current
// steps (50-450 ms of 500 ms, v_init -65 mV, dt 0.025 ms), with
// secondorder 0 and with MiV's secondorder 2 (Crank-Nicolson),
// on a morph.CellGroup and compares with NEURON 8.2.2 running the same
// templates, trees and .mod files (scripts/miv-ref/cell_ref.py): equal
// spike counts at MiV's detector, every spike within one step of
// NEURON's, and the soma potential within 0.5 mV (issue 21's tolerance)
// until NEURON's first spike. (Measured: 5e-9 mV, the references'
// printed precision, and spike times within 1e-10 ms.)
func TestCellsMatchNEURONSteps(t *testing.T) {
	const dt = 0.025
	for _, so := range []int{0, 2} {
		for _, cc := range cellCases {
			for k := range 3 {
				if testing.Short() && k > 0 {
					continue
				}
				name := fmt.Sprintf("%s_%d", cc.pop, k)
				if so != 0 {
					name += fmt.Sprintf("_so%d", so)
				}
				t.Run(name, func(t *testing.T) { stepAgainstNEURON(t, cc.pop, cc.template, name, so, dt) })
			}
		}
	}
}

// stepAgainstNEURON runs one reference step of cell_ref.py.
func stepAgainstNEURON(t *testing.T, pop, template, name string, secondOrder int, dt float64) {
	ref := readStepRef(t, filepath.Join("testdata", "cells", name+".csv.gz"))
	c := buildCase(t, pop, template)
	cell := c.Morph
	cell.VInitMV = -65
	soma := morph.At(cell.Morphology.Sections[0].Name, 0.5)
	cell.Clamps = []morph.IClamp{{At: soma, DelMs: 50, DurMs: 400, AmpNA: ref.ampNA}}
	g, err := morph.NewCellGroup([]*morph.Cell{cell}, dt, c.CelsiusDegC)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.SetSecondOrder(secondOrder); err != nil {
		t.Fatal(err)
	}
	if err := g.Init(); err != nil {
		t.Fatal(err)
	}
	v, err := g.Probe(0, soma, "v")
	if err != nil {
		t.Fatal(err)
	}
	first := math.Inf(1)
	if len(ref.spikes) > 0 {
		first = ref.spikes[0]
	}
	var spikes []float64
	var out []int
	worstPre, worstAll, at := 0., 0., 0.
	for r := range ref.v {
		for step := 0; r > 0 && step < 8; step++ {
			if out = g.Step(out[:0]); len(out) > 0 {
				spikes = append(spikes, g.T())
			}
		}
		d := math.Abs(v.Value() - ref.v[r])
		if tt := float64(r) * ref.everyMs; tt < first && d > worstPre {
			worstPre, at = d, tt
		}
		worstAll = max(worstAll, d)
	}
	dtSpike := 0.
	for i := range min(len(spikes), len(ref.spikes)) {
		dtSpike = max(dtSpike, math.Abs(spikes[i]-ref.spikes[i]))
	}
	t.Logf("%s secondorder %d, %g nA: %d spikes, NEURON %d (times within %.3g ms); soma within %.3g mV of NEURON before the first spike (%.3g mV over 500 ms)",
		template, secondOrder, ref.ampNA, len(spikes), len(ref.spikes), dtSpike, worstPre, worstAll)
	if len(ref.spikes) == 0 {
		t.Fatalf("the reference has no spike: choose a larger step in cell_ref.py")
	}
	if len(spikes) != len(ref.spikes) {
		t.Errorf("%d spikes, NEURON %d", len(spikes), len(ref.spikes))
	}
	if dtSpike > dt+1e-9 {
		t.Errorf("spike times differ from NEURON's by up to %.3g ms (more than one step)", dtSpike)
	}
	if !(worstPre <= 0.5) {
		t.Errorf("soma potential differs from NEURON's by %.3g mV at %g ms before the first spike (tolerance 0.5 mV)", worstPre, at)
	}
}

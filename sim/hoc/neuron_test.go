package hoc

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/morph"
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv6"
)

// The reference of scripts/nmodl-ref/template_ref.py.
type refDump struct {
	Neuron       string    `json:"neuron"`
	SomaRadiusUm float64   `json:"soma_radius_um"`
	Cases        []refCase `json:"cases"`
}

type refCase struct {
	Name       string       `json:"name"`
	Hoc        string       `json:"hoc"`
	Template   string       `json:"template"`
	Morphology string       `json:"morphology"`
	Gid        int          `json:"gid"`
	AISScaler  float64      `json:"ais_scaler"`
	Sections   []refSection `json:"sections"`
	Spike      struct {
		Section   string  `json:"section"`
		X         float64 `json:"x"`
		Threshold float64 `json:"threshold"`
	} `json:"spike"`
}

type refSection struct {
	Name    string       `json:"name"`
	Index   float64      `json:"index"`
	Nseg    int          `json:"nseg"`
	L       float64      `json:"L"`
	Ra      float64      `json:"Ra"`
	Parent  string       `json:"parent"`
	ParentX float64      `json:"parentx"`
	N3d     int          `json:"n3d"`
	Segs    []refSegment `json:"segs"`
}

type refSegment struct {
	X     float64                       `json:"x"`
	Area  float64                       `json:"area"`
	Ri    float64                       `json:"ri"`
	Diam  float64                       `json:"diam"`
	Cm    float64                       `json:"cm"`
	Mechs map[string]map[string]float64 `json:"mechs"`
	Ions  map[string]float64            `json:"ions"`
}

func readRef(t *testing.T) *refDump {
	t.Helper()
	f, err := os.Open("testdata/neuron_templates.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var d refDump
	if err := json.NewDecoder(z).Decode(&d); err != nil {
		t.Fatal(err)
	}
	// ion mechanisms (na_ion ...) are compared as ion variables
	for _, c := range d.Cases {
		for _, s := range c.Sections {
			for _, seg := range s.Segs {
				for m := range seg.Mechs {
					if strings.HasSuffix(m, "_ion") {
						delete(seg.Mechs, m)
					}
				}
			}
		}
	}
	return &d
}

// somaFixedLoader reads SWC files as NEURON's Import3d_SWC_read does
// (soma points as frustums), giving soma points of radius 0 the radius
// radiusUm, as template_ref.py does.
func somaFixedLoader(radiusUm float64) LoaderFunc {
	return func(path string) (*morph.Morphology, error) {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		lines := strings.Split(string(src), "\n")
		for i, l := range lines {
			f := strings.Fields(l)
			if len(f) == 7 && !strings.HasPrefix(strings.TrimSpace(l), "#") && f[1] == "1" {
				if r, err := strconv.ParseFloat(f[5], 64); err == nil && r == 0 {
					f[5] = strconv.FormatFloat(radiusUm, 'g', -1, 64)
					lines[i] = strings.Join(f, " ")
				}
			}
		}
		return morph.ReadSWC(strings.NewReader(strings.Join(lines, "\n")), filepath.Base(path), &morph.SWCOptions{Soma: morph.SomaCylinders})
	}
}

func relDiff(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

// TestTemplatesNEURON interprets BBP templates of the SONATA test
// circuits and compares the cells with NEURON's (template_ref.py):
// sections, their order and SONATA ids, parents, nseg, L, Ra, and per
// segment area, ri, cm, every PARAMETER of every inserted mechanism and
// the reversal potentials set. Geometry is exact; distance-rule
// parameters agree to 1e-15 (a few ulp: Go's math.Exp is not glibc's).
func TestTemplatesNEURON(t *testing.T) {
	ref := readRef(t)
	root := refdata.Require(t, "sonata/circuits")
	for _, rc := range ref.Cases {
		t.Run(rc.Name, func(t *testing.T) {
			in := New(somaFixedLoader(ref.SomaRadiusUm))
			if err := in.LoadFile(filepath.Join(root, rc.Hoc)); err != nil {
				t.Fatal(err)
			}
			swc := filepath.Join(root, rc.Morphology)
			o, err := in.NewObject(rc.Template, rc.Gid, filepath.Dir(swc), filepath.Base(swc), rc.AISScaler)
			if err != nil {
				t.Fatal(err)
			}
			cell, err := in.Cell(o)
			if err != nil {
				t.Fatal(err)
			}
			compareCell(t, rc, cell)
		})
	}
}

func compareCell(t *testing.T, rc refCase, c *Cell) {
	t.Helper()
	m := c.Morph.Morphology
	if len(m.Sections) != len(rc.Sections) {
		t.Errorf("%d sections, NEURON %d", len(m.Sections), len(rc.Sections))
	}
	cp, err := c.Morph.Compartments()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for i, s := range m.Sections {
		byName[s.Name] = i
	}
	// section order: by the index the template assigned (SONATA ids)
	want := append([]refSection(nil), rc.Sections...)
	sort.SliceStable(want, func(i, j int) bool { return want[i].Index < want[j].Index })
	var maxArea, maxRi, maxL, maxParam float64
	nparams := 0
	for k, rs := range want {
		i, ok := byName[rs.Name]
		if !ok {
			t.Errorf("no section %s", rs.Name)
			continue
		}
		if i != k {
			t.Errorf("section %s at %d, want %d (index %g)", rs.Name, i, k, rs.Index)
		}
		if c.SectionID[i] != int(rs.Index) {
			t.Errorf("%s: id %d, NEURON v(0.0001) = %g", rs.Name, c.SectionID[i], rs.Index)
		}
		s := m.Sections[i]
		parent := ""
		if s.Parent >= 0 {
			parent = m.Sections[s.Parent].Name
		}
		if parent != rs.Parent || (parent != "" && s.ParentX != rs.ParentX) {
			t.Errorf("%s: parent %s(%g), NEURON %s(%g)", rs.Name, parent, s.ParentX, rs.Parent, rs.ParentX)
		}
		if cp.Nseg[i] != rs.Nseg {
			t.Errorf("%s: nseg %d, NEURON %d", rs.Name, cp.Nseg[i], rs.Nseg)
			continue
		}
		maxL = math.Max(maxL, relDiff(m.Length(i), rs.L))
		if cp.RaOhmCm(i) != rs.Ra {
			t.Errorf("%s: Ra %g, NEURON %g", rs.Name, cp.RaOhmCm(i), rs.Ra)
		}
		nodes := cp.Section(i)
		for j, seg := range rs.Segs {
			nd := cp.Nodes[nodes[j]]
			maxArea = math.Max(maxArea, relDiff(nd.AreaUm2, seg.Area))
			maxRi = math.Max(maxRi, relDiff(1/nd.RinvUS, seg.Ri))
			if nd.CmUFcm2 != seg.Cm {
				t.Errorf("%s(%g): cm %g, NEURON %g", rs.Name, seg.X, nd.CmUFcm2, seg.Cm)
			}
			got, err := c.SegmentParams(i, j)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(seg.Mechs) {
				t.Errorf("%s(%g): mechanisms %v, NEURON %v", rs.Name, seg.X, keys(got), keys(seg.Mechs))
			}
			for mn, ps := range seg.Mechs {
				gp, ok := got[mn]
				if !ok {
					t.Errorf("%s(%g): %s not inserted", rs.Name, seg.X, mn)
					continue
				}
				for pn, v := range ps {
					nparams++
					g, ok := gp[pn]
					if !ok {
						t.Errorf("%s(%g): %s has no %s", rs.Name, seg.X, mn, pn)
						continue
					}
					maxParam = math.Max(maxParam, relDiff(g, v))
					if relDiff(g, v) > 1e-15 {
						t.Errorf("%s(%g): %s_%s = %.17g, NEURON %.17g", rs.Name, seg.X, pn, mn, g, v)
					}
				}
			}
			gi, err := c.SegmentIons(i, j)
			if err != nil {
				t.Fatal(err)
			}
			for ion, v := range seg.Ions {
				if g, ok := gi[ion]; ok && g != v {
					t.Errorf("%s(%g): %s = %g, NEURON %g", rs.Name, seg.X, ion, g, v)
				}
			}
		}
	}
	if maxArea > 1e-6 || maxRi > 1e-6 || maxL > 1e-9 {
		t.Errorf("relative differences: area %.3g, ri %.3g, L %.3g", maxArea, maxRi, maxL)
	}
	sp := c.Morph.Spike
	if sp == nil || sp.Section != rc.Spike.Section || sp.X != rc.Spike.X || c.Morph.ThresholdMV != rc.Spike.Threshold {
		t.Errorf("spike detector %v, threshold %g; NEURON %s(%g), %g", sp, c.Morph.ThresholdMV, rc.Spike.Section, rc.Spike.X, rc.Spike.Threshold)
	}
	t.Logf("%d sections, %d segments, %d parameters; max relative difference: area %.3g, ri %.3g, L %.3g, parameters %.3g", len(m.Sections), cp.Segments(), nparams, maxArea, maxRi, maxL, maxParam)
}

func keys[V any](m map[string]V) string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return fmt.Sprint(k)
}

// TestTemplateCellGroup steps the converted cADpyr_L2TPC at rest in a
// CellGroup: the Inserts, IonValues and spike detector are accepted and
// the potentials stay finite and near rest (v_init -80 mV, celsius 34).
func TestTemplateCellGroup(t *testing.T) {
	ref := readRef(t)
	root := refdata.Require(t, "sonata/circuits")
	rc := ref.Cases[0]
	in := New(somaFixedLoader(ref.SomaRadiusUm))
	if err := in.LoadFile(filepath.Join(root, rc.Hoc)); err != nil {
		t.Fatal(err)
	}
	swc := filepath.Join(root, rc.Morphology)
	o, err := in.NewObject(rc.Template, rc.Gid, filepath.Dir(swc), filepath.Base(swc), rc.AISScaler)
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.Cell(o)
	if err != nil {
		t.Fatal(err)
	}
	c.Morph.VInitMV = -80
	g, err := morph.NewCellGroup([]*morph.Cell{c.Morph}, 0.025, 34)
	if err != nil {
		t.Fatal(err)
	}
	var spikes []int
	for range 400 {
		spikes = g.Step(spikes[:0])
	}
	if len(spikes) > 0 {
		t.Errorf("spikes at rest")
	}
	t.Logf("t = %g ms, %d nodes", g.T(), g.Nodes())
}

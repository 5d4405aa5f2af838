package miv

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/store"
)

// constructConfigs are the networks of SPEC 8 checks 2-4: Small and rc,
// with SPEC 2.1's gid ranges ([start, end) of STIM, PYR, PVBC, OLM) and
// extents (origin u0 = v0, reference half-width).
type constructCase struct {
	name   string
	path   string
	ranges [][2]uint64
	u0     float64
	refUm  float64
}

func constructCases(t *testing.T) []constructCase {
	t.Helper()
	cases := refdata.Require(t, "miv/cases")
	return []constructCase{
		{"Small", filepath.Join(cases, "1-construction", "config", "Microcircuit_Small.yaml"),
			[][2]uint64{{0, 10}, {10, 90}, {90, 143}, {143, 187}}, 500, 500.01},
		{"rc", filepath.Join("..", "..", "..", "examples", "miv", "rc-separation.yaml"),
			[][2]uint64{{0, 64}, {64, 287}, {287, 380}, {380, 401}}, 100, 100.01},
	}
}

func loadConfig(t *testing.T, path string) *Config {
	t.Helper()
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestConstructH5Types is SPEC 8 check 2: the gid ranges, the enum ids
// and the 10 valid projections of the example Synapses, as written and
// read back.
func TestConstructH5Types(t *testing.T) {
	wantProj := []string{"STIM->PYR", "PYR->PYR", "PVBC->PYR", "OLM->PYR", "PYR->PVBC", "STIM->PVBC", "PVBC->PVBC", "OLM->PVBC", "PYR->OLM", "PVBC->OLM"}
	sort.Strings(wantProj)
	for _, tc := range constructCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			cfg := loadConfig(t, tc.path)
			path := filepath.Join(t.TempDir(), "neuro.h5")
			if err := cfg.WriteH5Types(path, &store.Options{NoSync: true}); err != nil {
				t.Fatal(err)
			}
			got, err := store.ReadNeuroH5Types(path)
			if err != nil {
				t.Fatal(err)
			}
			names := []string{"STIM", "PYR", "PVBC", "OLM"}
			ids := []uint16{0, 100, 101, 102}
			if len(got.Populations) != 4 {
				t.Fatalf("%d populations", len(got.Populations))
			}
			for i, p := range got.Populations {
				want := store.NeuroH5Population{Name: names[i], ID: ids[i], Start: tc.ranges[i][0], Count: uint32(tc.ranges[i][1] - tc.ranges[i][0])}
				if p != want {
					t.Errorf("population %d: %+v, want %+v", i, p, want)
				}
			}
			var proj []string
			for _, p := range got.Projections {
				proj = append(proj, p.Source+"->"+p.Destination)
			}
			sort.Strings(proj)
			if !reflect.DeepEqual(proj, wantProj) {
				t.Errorf("projections %v, want %v", proj, wantProj)
			}
		})
	}
}

// placeBox is the box of a population's somata in a layer: the layer's
// extent with the population's constraint on L.
func placeBox(t *testing.T, cfg *Config, pop, layer string) (lo, hi [3]float64) {
	t.Helper()
	ext, ok := cfg.Geometry.ParametricSurface.LayerExtents.Get(layer)
	if !ok {
		t.Fatalf("no extent of %s", layer)
	}
	lo, hi = ext.MinUm, ext.MaxUm
	if cons, ok := cfg.Geometry.CellConstraints.Get(pop); ok {
		if r, ok := cons.Get(layer); ok {
			lo[2], hi[2] = math.Max(lo[2], r[0]), math.Min(hi[2], r[1])
		}
	}
	return lo, hi
}

func somaDist(a, b Soma) float64 {
	du, dv, dl := float64(a.U)-float64(b.U), float64(a.V)-float64(b.V), float64(a.L)-float64(b.L)
	return math.Sqrt(du*du + dv*dv + dl*dl)
}

// TestConstructPlace is SPEC 8 check 3 on Small and rc: exact per-layer
// counts, every soma inside its layer's box and constraint, no two
// somata closer than 1e-3 µm, gids in ascending U; and the blue noise:
// within a (population, layer) group no two somata closer than half the
// group's mean spacing.
func TestConstructPlace(t *testing.T) {
	for _, tc := range constructCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			cfg := loadConfig(t, tc.path)
			somata, err := cfg.PlaceSomata(PlaceOptions{Seed: cfg.RandomSeeds.SomaLocations, Threads: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(somata) != 4 {
				t.Fatalf("%d populations", len(somata))
			}
			var all []Soma
			for i, ps := range somata {
				r := tc.ranges[i]
				if ps.Start != r[0] || uint64(len(ps.Somata)) != r[1]-r[0] {
					t.Errorf("%s: start %d, %d somata, want gids [%d, %d)", ps.Population, ps.Start, len(ps.Somata), r[0], r[1])
				}
				count := map[string]int{}
				groups := map[string][]Soma{}
				for j, s := range ps.Somata {
					if s.Gid != ps.Start+uint64(j) {
						t.Errorf("%s: soma %d has gid %d", ps.Population, j, s.Gid)
					}
					if j > 0 {
						p := ps.Somata[j-1]
						if p.U > s.U || (p.U == s.U && p.V > s.V) {
							t.Errorf("%s: gid %d at U %g after gid %d at U %g: not sorted by U", ps.Population, s.Gid, s.U, p.Gid, p.U)
						}
					}
					lo, hi := placeBox(t, cfg, ps.Population, s.Layer)
					x := [3]float64{float64(s.U), float64(s.V), float64(s.L)}
					for k := range 3 {
						if !(x[k] >= lo[k] && x[k] <= hi[k]) {
							t.Errorf("%s gid %d in %s at %v: outside the box %v-%v", ps.Population, s.Gid, s.Layer, x, lo, hi)
						}
					}
					count[s.Layer]++
					groups[s.Layer] = append(groups[s.Layer], s)
				}
				dist, _ := cfg.Geometry.CellDistribution.Get(ps.Population)
				for _, l := range dist {
					if count[l.Name] != l.Value {
						t.Errorf("%s: %d somata in %s, want %d", ps.Population, count[l.Name], l.Name, l.Value)
					}
					if l.Value < 2 {
						continue
					}
					lo, hi := placeBox(t, cfg, ps.Population, l.Name)
					r := 0.5 * spacing([3]float64{hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]}, l.Value)
					g := groups[l.Name]
					least := math.Inf(1)
					for a := range g {
						for b := a + 1; b < len(g); b++ {
							least = math.Min(least, somaDist(g[a], g[b]))
						}
					}
					// float32 rounding of both points may shorten a
					// distance by a few ulps.
					if least < r*(1-1e-5) {
						t.Errorf("%s in %s: two somata %g µm apart, less than the blue-noise radius %g µm", ps.Population, l.Name, least, r)
					}
				}
				all = append(all, ps.Somata...)
			}
			least := math.Inf(1)
			for a := range all {
				for b := a + 1; b < len(all); b++ {
					least = math.Min(least, somaDist(all[a], all[b]))
				}
			}
			if least < MinSomaDistanceUm {
				t.Errorf("two somata %g µm apart, less than %g", least, MinSomaDistanceUm)
			}
			t.Logf("%d somata; nearest two %.3g µm apart", len(all), least)
		})
	}
}

// TestConstructPlaceLayers checks the per-layer counts of rc's PVBC by L
// alone (SPEC 8 check 3: 35 with z in [0, 5], 50 in [5, 50], 8 in [50,
// 100]) and Small's PVBC constraint in SR, L in [150, 200].
func TestConstructPlaceLayers(t *testing.T) {
	cc := constructCases(t)
	byL := func(cfg *Config, pop string, edges []float64) []int {
		somata, err := cfg.PlaceSomata(PlaceOptions{Seed: cfg.RandomSeeds.SomaLocations})
		if err != nil {
			t.Fatal(err)
		}
		n := make([]int, len(edges)-1)
		for _, ps := range somata {
			if ps.Population != pop {
				continue
			}
			for _, s := range ps.Somata {
				for k := range n {
					if float64(s.L) >= edges[k] && float64(s.L) < edges[k+1] {
						n[k]++
					}
				}
			}
		}
		return n
	}
	if got := byL(loadConfig(t, cc[1].path), "PVBC", []float64{0, 5, 50, 100}); !reflect.DeepEqual(got, []int{35, 50, 8}) {
		t.Errorf("rc PVBC by L in [0,5), [5,50), [50,100): %v, want [35 50 8]", got)
	}
	if got := byL(loadConfig(t, cc[0].path), "PVBC", []float64{0, 100, 150, 200, 350}); !reflect.DeepEqual(got, []int{35, 10, 8, 0}) {
		t.Errorf("Small PVBC by L in [0,100), [100,150), [150,200), [200,350): %v, want [35 10 8 0]", got)
	}
}

// TestConstructDeterminism: the same files for 1 and 2 threads, a rerun
// with the same seed bit-identical, another seed different everywhere
// (SPEC 8 checks 3 and 15).
func TestConstructDeterminism(t *testing.T) {
	tc := constructCases(t)[1]
	dir := t.TempDir()
	build := func(name string, args ...string) []byte {
		out := filepath.Join(dir, name)
		if _, serr, err := runCommand(t, "construct", append([]string{tc.path, "-o", out}, args...)...); err != nil {
			t.Fatalf("construct: %v\n%s", err, serr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one := build("t1.h5", "-threads", "1")
	two := build("t2.h5", "--threads", "2")
	again := build("t3.h5", "-threads", "2")
	if !bytes.Equal(one, two) || !bytes.Equal(two, again) {
		t.Errorf("files differ: 1 thread %d bytes, 2 threads %d, rerun %d", len(one), len(two), len(again))
	}
	build("s.h5", "-seed", "60000001")
	cfg := loadConfig(t, tc.path)
	a, err := cfg.ReadSomata(filepath.Join(dir, "t1.h5"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := cfg.ReadSomata(filepath.Join(dir, "s.h5"))
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for i := range a {
		for j := range a[i].Somata {
			if a[i].Somata[j] == b[i].Somata[j] {
				same++
			}
		}
	}
	if same != 0 {
		t.Errorf("seed 60000001: %d somata where seed 60000000 put them", same)
	}
	// What was written is what PlaceSomata returns.
	want, err := cfg.PlaceSomata(PlaceOptions{Seed: 60000000})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		for j := range want[i].Somata {
			want[i].Somata[j].Layer = ""
		}
	}
	if !reflect.DeepEqual(a, want) {
		t.Error("the somata read back differ from PlaceSomata's")
	}
}

// TestConstructArc is SPEC 8 check 4: U/V Distance = coordinate minus
// the extent's midpoint (|err| < 1e-3 µm), references ∓(half extent +
// 0.01), as written by golgi miv place and distances.
func TestConstructArc(t *testing.T) {
	for _, tc := range constructCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			cfg := loadConfig(t, tc.path)
			path := filepath.Join(t.TempDir(), "neuro.h5")
			for _, stage := range []string{"h5types", "place", "distances"} {
				if _, serr, err := runCommand(t, stage, tc.path, "-o", path); err != nil {
					t.Fatalf("%s: %v\n%s", stage, err, serr)
				}
			}
			somata, err := cfg.ReadSomata(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, ps := range somata {
				ns, err := store.ReadNeuroH5Namespace(path, ps.Population, NamespaceArcDistances)
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"U", "V"} {
					for _, m := range []string{"Min", "Max"} {
						want := tc.refUm
						if m == "Min" {
							want = -want
						}
						if got, _ := ns.Attrs.Float64("Reference " + k + " " + m); math.Abs(got-want) > 1e-9 {
							t.Errorf("%s: Reference %s %s %.12g, want %g", ps.Population, k, m, got, want)
						}
					}
				}
				for k, name := range []string{"U Distance", "V Distance"} {
					a, ok := ns.Attribute(name)
					if !ok {
						t.Fatalf("%s: no %s", ps.Population, name)
					}
					vals := a.Values.([]float32)
					if len(a.Index) != len(ps.Somata) {
						t.Fatalf("%s %s: %d cells", ps.Population, name, len(a.Index))
					}
					for i, ci := range a.Index {
						s := ps.Somata[ci]
						x := float64(s.U)
						if k == 1 {
							x = float64(s.V)
						}
						if d := float64(vals[a.Pointer[i]]); math.Abs(d-(x-tc.u0)) > 1e-3 {
							t.Errorf("%s gid %d: %s %g, coordinate %g: want %g", ps.Population, s.Gid, name, d, x, x-tc.u0)
						}
					}
				}
			}
		})
	}
}

// TestConstructArcOrigin: the origin's statistics over the extent
// extended by 0.01 µm (Small: U and V in [0, 1000]).
func TestConstructArcOrigin(t *testing.T) {
	cfg := loadConfig(t, constructCases(t)[0].path)
	for _, tc := range []struct {
		spec         OriginSpec
		u0, min, max float64
	}{
		{OriginSpec{Stat: "median"}, 500, -500.01, 500.01},
		{OriginSpec{Stat: "mean"}, 500, -500.01, 500.01},
		{OriginSpec{Stat: "min"}, -0.01, 0, 1000.02},
		{OriginSpec{Stat: "max"}, 1000.01, -1000.02, 0},
		{OriginSpec{ValueUm: 250}, 250, -250.01, 750.01},
	} {
		cfg.Geometry.ParametricSurface.Origin.U = tc.spec
		o, err := cfg.ArcOrigin()
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(o.UUm-tc.u0) > 1e-9 || math.Abs(o.UMinUm-tc.min) > 1e-9 || math.Abs(o.UMaxUm-tc.max) > 1e-9 || math.Abs(o.VUm-500) > 1e-9 {
			t.Errorf("origin %v: U %g [%g, %g], V %g; want U %g [%g, %g], V 500", tc.spec, o.UUm, o.UMinUm, o.UMaxUm, o.VUm, tc.u0, tc.min, tc.max)
		}
	}
}

// readConstructPy reads a construction file as neuroh5's readers do
// (read_population_ranges, then read_cell_attributes of Generated
// Coordinates and Arc Distances: gid = Cell Index + Start, values
// Attribute Value[ptr[i]:ptr[i+1]]) and prints, per gid, the six
// coordinates and two distances, with each namespace's attributes.
const readConstructPy = `
import json, sys
import h5py, numpy as np

out = {"cells": {}, "attrs": {}}
with h5py.File(sys.argv[1], "r") as f:
    labels = h5py.check_enum_dtype(f["H5Types/Population labels"].dtype)
    names = {v: k for k, v in labels.items()}
    ranges = {names[int(r["Population"])]: (int(r["Start"]), int(r["Count"])) for r in f["H5Types/Populations"][...]}
    out["ranges"] = ranges
    for pop, (start, count) in ranges.items():
        for ns in ("Generated Coordinates", "Arc Distances"):
            g = f["Populations"][pop][ns]
            out["attrs"]["%s/%s" % (pop, ns)] = {k: float(v) for k, v in g.attrs.items()}
            for attr in g:
                a = g[attr]
                idx, ptr, val = a["Cell Index"][...], a["Attribute Pointer"][...], a["Attribute Value"][...]
                assert val.dtype == np.float32, (pop, attr, val.dtype)
                for i, c in enumerate(idx):
                    v = val[ptr[i]:ptr[i+1]]
                    assert len(v) == 1
                    out["cells"].setdefault(str(int(c) + start), {})[attr] = float(v[0])
json.dump(out, sys.stdout)
`

// TestConstructH5py reads rc's construction file with h5py the way
// neuroh5 lays it out and compares every value with PlaceSomata's and
// the arc distances' (SPEC 8 check 9, for the stages built).
func TestConstructH5py(t *testing.T) {
	const py = "/usr/bin/python3"
	if out, err := exec.Command(py, "-c", "import h5py, numpy").CombinedOutput(); err != nil {
		t.Skipf("h5py not importable by %s (%v: %s): install python3-h5py (make deps) to run the h5py check", py, err, out)
	}
	tc := constructCases(t)[1]
	cfg := loadConfig(t, tc.path)
	path := filepath.Join(t.TempDir(), "neuro.h5")
	if _, serr, err := runCommand(t, "construct", tc.path, "-o", path); err != nil {
		t.Fatalf("%v\n%s", err, serr)
	}
	out, err := exec.Command(py, "-c", readConstructPy, path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("h5py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got struct {
		Ranges map[string][2]uint64
		Cells  map[string]map[string]float64
		Attrs  map[string]map[string]float64
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	somata, err := cfg.PlaceSomata(PlaceOptions{Seed: cfg.RandomSeeds.SomaLocations})
	if err != nil {
		t.Fatal(err)
	}
	origin, err := cfg.ArcOrigin()
	if err != nil {
		t.Fatal(err)
	}
	dists := origin.ArcDistances(somata)
	n := 0
	for i, ps := range somata {
		if r := got.Ranges[ps.Population]; r != [2]uint64{tc.ranges[i][0], tc.ranges[i][1] - tc.ranges[i][0]} {
			t.Errorf("h5py %s range %v", ps.Population, r)
		}
		if a := got.Attrs[ps.Population+"/Arc Distances"]; a["Reference U Min"] != origin.UMinUm || a["Reference V Max"] != origin.VMaxUm || len(a) != 4 {
			t.Errorf("h5py %s Arc Distances attributes %v", ps.Population, a)
		}
		for j, s := range ps.Somata {
			c := got.Cells[strconv.FormatUint(s.Gid, 10)]
			want := map[string]float64{
				"X Coordinate": float64(s.U), "Y Coordinate": float64(s.V), "Z Coordinate": float64(s.L),
				"U Coordinate": float64(s.U), "V Coordinate": float64(s.V), "L Coordinate": float64(s.L),
				"U Distance": float64(dists[i].UUm[j]), "V Distance": float64(dists[i].VUm[j]),
			}
			if !reflect.DeepEqual(c, want) {
				t.Errorf("h5py gid %d: %v, want %v", s.Gid, c, want)
			}
			n++
		}
	}
	if n != 401 || len(got.Cells) != 401 {
		t.Errorf("%d cells compared, h5py read %d: want 401", n, len(got.Cells))
	}
}

// constructBadConfig copies 1-construction's configuration into a
// temporary directory with Geometry_Small.yaml's text edited by fn.
func constructBadConfig(t *testing.T, fn func(string) string) string {
	t.Helper()
	src := filepath.Join(refdata.Require(t, "miv/cases"), "1-construction", "config")
	dir := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "Geometry_Small.yaml" {
			edited := fn(string(b))
			if edited == string(b) {
				t.Fatal("the edit changed nothing")
			}
			b = []byte(edited)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "Microcircuit_Small.yaml")
}

// TestConstructBadInput: a layer with no geometry, an impossible
// placement, a rotation, a missing or foreign construction file: clear
// errors before anything is written, and nothing half-written under
// the final name.
func TestConstructBadInput(t *testing.T) {
	small := constructCases(t)[0].path
	rc := constructCases(t)[1].path
	dir := t.TempDir()
	out := filepath.Join(dir, "neuro.h5")
	if _, serr, err := runCommand(t, "h5types", small, "-o", out); err != nil {
		t.Fatalf("%v\n%s", err, serr)
	}
	before, _ := os.ReadFile(out)
	fresh := filepath.Join(dir, "fresh.h5")

	noSR := constructBadConfig(t, func(s string) string {
		return strings.Replace(s, "    SR:  [[0.0,0.0,150.0], [1000.0,1000.0,350.0]]\n", "", 1)
	})
	tiny := constructBadConfig(t, func(s string) string {
		return strings.Replace(s, "SO:  [[0.0,0.0,0.0], [1000.0,1000.0,100.0]]", "SO:  [[0.0,0.0,0.0], [0.001,0.001,0.001]]", 1)
	})
	// Room for 64 half-open cubes, but random darts fit far fewer
	// than 35 PVBC and 44 OLM somata 1e-3 µm apart in 0.002 µm.
	crowded := constructBadConfig(t, func(s string) string {
		return strings.Replace(s, "SO:  [[0.0,0.0,0.0], [1000.0,1000.0,100.0]]", "SO:  [[0.0,0.0,0.0], [0.002,0.002,0.002]]", 1)
	})
	rotated := constructBadConfig(t, func(s string) string {
		return strings.Replace(s, "Rotation: [0.0, 0.0, 0.0]", "Rotation: [0.0, 0.0, 30.0]", 1)
	})
	for _, c := range []struct {
		name  string
		stage string
		cfg   string
		out   string
		want  []string
	}{
		{"no geometry", "construct", noSR, fresh, []string{"Geometry_Small.yaml:", "Geometry.Cell Distribution.PVBC.SR", "8 cells in layer SR, which has no geometry"}},
		{"no geometry, place", "place", noSR, out, []string{"Geometry_Small.yaml:", "which has no geometry"}},
		{"tiny box", "construct", tiny, fresh, []string{"Geometry_Small.yaml:", "Geometry.Cell Distribution.PVBC.SO", "35 cells of PVBC in layer SO", "holds at most 8 somata 0.001 µm apart"}},
		{"tiny box, place", "place", tiny, out, []string{"holds at most 8 somata"}},
		{"crowded box", "construct", crowded, fresh, []string{"soma placement of PVBC in SO", "no room left 0.001 µm from the others"}},
		{"rotation", "construct", rotated, fresh, []string{"Rotation [0 0 30] deg", "supports no rotation"}},
		{"no file", "place", small, fresh, []string{fresh, "no such file", "golgi miv h5types"}},
		{"no somata", "distances", small, out, []string{"no group /Populations", "golgi miv place"}},
		{"another network", "place", rc, out, []string{"/H5Types population STIM is id 0, gids [0, 10), but", "rc-separation.yaml gives id 0, gids [0, 64)", "another network's"}},
	} {
		_, _, err := runCommand(t, c.stage, c.cfg, "-o", c.out)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not name %q", c.name, err, w)
			}
		}
		if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %s was written", c.name, fresh)
		}
		if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
			t.Errorf("%s: %s was changed", c.name, out)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v, want only neuro.h5", dir, names)
	}
}

// TestConstructSpacing: the mean spacing of n points in a box, in the
// dimensions the box is not thinner than.
func TestConstructSpacing(t *testing.T) {
	for _, tc := range []struct {
		sides [3]float64
		n     int
		want  float64
	}{
		{[3]float64{10, 10, 10}, 1000, 1},                      // 3-D
		{[3]float64{200, 5, 200}, 35, math.Sqrt(40000.0 / 35)}, // rc's SO: a slab
		{[3]float64{0.1, 100, 0.1}, 10, 10},                    // a rod
		{[3]float64{1000, 1000, 100}, 2000, math.Cbrt(1e8 / 2000.0)},
		{[3]float64{1000, 1000, 50}, 80, math.Sqrt(1e6 / 80.0)}, // 85 µm apart in 3-D: thinner
		{[3]float64{100, 0, 100}, 4, 50},                        // a constraint [l, l]: a plane
		{[3]float64{0, 30, 0}, 3, 10},                           // a line
		{[3]float64{0, 0, 0}, 3, 0},
	} {
		if got := spacing(tc.sides, tc.n); math.Abs(got-tc.want) > 1e-12*math.Max(1, tc.want) {
			t.Errorf("spacing(%v, %d) = %g, want %g", tc.sides, tc.n, got, tc.want)
		}
	}
}

// TestConstructStages: golgi miv h5types, place and distances give the
// values of golgi miv construct; placing again (another seed) measures
// the arc distances of a file that has them again, so that the file
// never pairs new somata with old distances.
func TestConstructStages(t *testing.T) {
	tc := constructCases(t)[1]
	cfg := loadConfig(t, tc.path)
	dir := t.TempDir()
	staged, once := filepath.Join(dir, "staged.h5"), filepath.Join(dir, "once.h5")
	for _, stage := range []string{"h5types", "place", "distances"} {
		if _, serr, err := runCommand(t, stage, tc.path, "-o", staged); err != nil {
			t.Fatalf("%s: %v\n%s", stage, err, serr)
		}
	}
	if _, serr, err := runCommand(t, "construct", tc.path, "-o", once); err != nil {
		t.Fatalf("construct: %v\n%s", err, serr)
	}
	read := func(path string) ([]PopulationSomata, []store.NeuroH5Namespace) {
		t.Helper()
		somata, err := cfg.ReadSomata(path)
		if err != nil {
			t.Fatal(err)
		}
		var arcs []store.NeuroH5Namespace
		for _, ps := range somata {
			ns, err := store.ReadNeuroH5Namespace(path, ps.Population, NamespaceArcDistances)
			if err != nil {
				t.Fatal(err)
			}
			arcs = append(arcs, ns)
		}
		return somata, arcs
	}
	s1, a1 := read(staged)
	s2, a2 := read(once)
	if !reflect.DeepEqual(s1, s2) || !reflect.DeepEqual(a1, a2) {
		t.Error("the stages and construct give different files")
	}
	stdout, serr, err := runCommand(t, "place", tc.path, "-o", staged, "-seed", "7")
	if err != nil {
		t.Fatalf("place again: %v\n%s", err, serr)
	}
	if !strings.Contains(stdout, "seed 7") || !strings.Contains(stdout, "Arc Distances: origin U 100 V 100") {
		t.Errorf("place again printed %q", stdout)
	}
	s3, a3 := read(staged)
	if reflect.DeepEqual(s3, s1) {
		t.Fatal("seed 7 placed the somata of the configuration's seed")
	}
	origin, err := cfg.ArcOrigin()
	if err != nil {
		t.Fatal(err)
	}
	want := origin.ArcNamespaces(origin.ArcDistances(s3))
	for i := range want {
		if !reflect.DeepEqual(a3[i].Attributes, want[i].Attributes) {
			t.Errorf("%s: arc distances after placing again are not those of the new somata", want[i].Population)
		}
	}
}

// writeMiVPy writes a NeuroH5 file the way MiV-Simulator does with h5py
// (utils/io.create_neural_h5: committed enum and compounds, Populations
// from the range type's numpy dtype, chunked and resizable) and adds
// PYR's Generated Coordinates as two appends in neuroh5's layout (Cell
// Index relative to Start, pointers continued, datasets resizable):
// argv[2] is a JSON document {"populations": [[name, id, count], ...],
// "projections": [[pre, post], ...], "pyr": [[u, v, l], ...]}.
const writeMiVPy = `
import json, sys
import h5py, numpy as np

spec = json.load(open(sys.argv[2]))
pops = spec["populations"]
mapping = {name: idx for name, idx, count in pops}
with h5py.File(sys.argv[1], "a") as h5:
    h5["/H5Types/Population labels"] = h5py.special_dtype(enum=(np.uint16, mapping))
    labels = h5["/H5Types/Population labels"].dtype
    h5["/H5Types/Population range"] = np.dtype([("Start", np.uint64), ("Count", np.uint32), ("Population", labels)])
    dt = h5["/H5Types/Population range"].dtype
    g = h5["H5Types"]
    dset = g.create_dataset("Populations", (0,), maxshape=(len(pops),), dtype=dt)
    dset.resize((len(pops),))
    a = np.zeros(len(pops), dtype=dt)
    start = 0
    for i, (name, idx, count) in enumerate(sorted(pops, key=lambda p: p[1])):
        a[i]["Start"], a[i]["Count"], a[i]["Population"] = start, count, idx
        start += count
    dset[:] = a
    h5["/H5Types/Population projections"] = np.dtype([("Source", labels), ("Destination", labels)])
    dt = h5["/H5Types/Population projections"]
    prj = spec["projections"]
    dset = g.create_dataset("Valid population projections", (0,), maxshape=(len(prj),), dtype=dt)
    dset.resize((len(prj),))
    a = np.zeros(len(prj), dtype=dt)
    for i, (pre, post) in enumerate(prj):
        a[i]["Source"], a[i]["Destination"] = mapping[pre], mapping[post]
    dset[:] = a

    pyr = np.array(spec["pyr"], dtype=np.float32)
    n = len(pyr)
    half = n // 2
    for k, attr in enumerate(["X Coordinate", "Y Coordinate", "Z Coordinate", "U Coordinate", "V Coordinate", "L Coordinate"]):
        ag = h5.require_group("Populations/PYR/Generated Coordinates/" + attr)
        idx = ag.create_dataset("Cell Index", (0,), maxshape=(None,), chunks=(1000,), dtype=np.uint32)
        ptr = ag.create_dataset("Attribute Pointer", (0,), maxshape=(None,), chunks=(1000,), dtype=np.uint64)
        val = ag.create_dataset("Attribute Value", (0,), maxshape=(None,), chunks=(1000,), dtype=np.float32)
        # Two appends, the second batch first in gid order.
        for cells in (range(half, n), range(0, half)):
            cells = list(cells)
            i0, v0 = idx.shape[0], val.shape[0]
            idx.resize((i0 + len(cells),)); idx[i0:] = cells
            val.resize((v0 + len(cells),)); val[v0:] = pyr[cells, k % 3]
            p0 = max(ptr.shape[0] - 1, 0)
            ptr.resize((p0 + len(cells) + 1,)); ptr[p0:] = v0 + np.arange(len(cells) + 1)
`

// TestConstructReadsMiV: Golgi reads a file MiV writes with h5py and
// neuroh5's layout (SPEC 8 check 9, the other way): the H5Types and the
// coordinates as written, then distances and place continue the file,
// which h5py still reads as neuroh5 does.
func TestConstructReadsMiV(t *testing.T) {
	const py = "/usr/bin/python3"
	if out, err := exec.Command(py, "-c", "import h5py, numpy").CombinedOutput(); err != nil {
		t.Skipf("h5py not importable by %s (%v: %s): install python3-h5py (make deps) to run the h5py check", py, err, out)
	}
	tc := constructCases(t)[1]
	cfg := loadConfig(t, tc.path)
	somata, err := cfg.PlaceSomata(PlaceOptions{Seed: 99})
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Populations [][]any      `json:"populations"`
		Projections [][]string   `json:"projections"`
		PYR         [][3]float32 `json:"pyr"`
	}
	for _, r := range cfg.PopulationRanges() {
		spec.Populations = append(spec.Populations, []any{r.Name, r.ID, r.Count})
	}
	for _, p := range cfg.ValidProjections() {
		spec.Projections = append(spec.Projections, []string{p.Pre, p.Post})
	}
	for _, s := range somata[1].Somata {
		spec.PYR = append(spec.PYR, [3]float32{s.U, s.V, s.L})
	}
	dir := t.TempDir()
	js := filepath.Join(dir, "spec.json")
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(js, b, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "neuro.h5")
	if out, err := exec.Command(py, "-c", writeMiVPy, path, js).CombinedOutput(); err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
	// The H5Types MiV writes are the configuration's.
	want, err := cfg.H5Types()
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.ReadNeuroH5Types(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("H5Types written by h5py read as %+v, want %+v", got, want)
	}
	ns, err := store.ReadNeuroH5Namespace(path, "PYR", NamespaceCoordinates)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := ns.Attribute("U Coordinate")
	if n := len(somata[1].Somata); len(u.Index) != n || u.Index[0] != uint32(n/2) || len(u.Pointer) != n+1 || u.Pointer[n] != uint64(n) {
		t.Errorf("U Coordinate: %d cells from %d, pointers %d ending at %d", len(u.Index), u.Index[0], len(u.Pointer), u.Pointer[len(u.Pointer)-1])
	}
	// Every PYR soma as MiV wrote it; the other populations have none.
	if _, err := cfg.ReadSomata(path); err == nil || !strings.Contains(err.Error(), `no population "STIM"`) {
		t.Errorf("ReadSomata of a file with PYR's coordinates only: %v", err)
	}
	for _, ps := range somata {
		if ps.Population == "PYR" {
			continue
		}
		if _, err := store.ReadNeuroH5Namespace(path, ps.Population, NamespaceCoordinates); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v", ps.Population, err)
		}
	}
	vals := map[string][]float32{}
	for _, a := range ns.Attributes {
		v := make([]float32, len(a.Index))
		for i, c := range a.Index {
			v[c] = a.Values.([]float32)[a.Pointer[i]]
		}
		vals[a.Name] = v
	}
	for i, s := range somata[1].Somata {
		if vals["U Coordinate"][i] != s.U || vals["V Coordinate"][i] != s.V || vals["L Coordinate"][i] != s.L || vals["X Coordinate"][i] != s.U || vals["Z Coordinate"][i] != s.L {
			t.Errorf("PYR cell %d read as U %g V %g L %g, written %g %g %g", i, vals["U Coordinate"][i], vals["V Coordinate"][i], vals["L Coordinate"][i], s.U, s.V, s.L)
		}
	}
	// Golgi continues MiV's file: place (all populations) then
	// distances; h5py reads the result as neuroh5 lays it out.
	for _, stage := range []string{"place", "distances"} {
		if _, serr, err := runCommand(t, stage, tc.path, "-o", path); err != nil {
			t.Fatalf("%s on MiV's file: %v\n%s", stage, err, serr)
		}
	}
	out, err := exec.Command(py, "-c", readConstructPy, path).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("h5py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var read struct {
		Ranges map[string][2]uint64
		Cells  map[string]map[string]float64
	}
	if err := json.Unmarshal(out, &read); err != nil {
		t.Fatal(err)
	}
	for i, p := range want.Populations {
		if r := read.Ranges[p.Name]; r != [2]uint64{tc.ranges[i][0], tc.ranges[i][1] - tc.ranges[i][0]} {
			t.Errorf("h5py: %s range %v after Golgi's stages", p.Name, r)
		}
	}
	if len(read.Cells) != 401 {
		t.Errorf("h5py read %d cells of Golgi's continuation of MiV's file, want 401", len(read.Cells))
	}
}

// TestConstructPlacePlane: a constraint of zero thickness ([175, 175])
// puts a group in a plane, still blue noise in its two dimensions.
func TestConstructPlacePlane(t *testing.T) {
	cfg := loadConfig(t, constructCases(t)[0].path)
	cfg.Geometry.CellConstraints.Item("PVBC").Value.Item("SR").Value = RangeUm{175, 175}
	somata, err := cfg.PlaceSomata(PlaceOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sr []Soma
	for _, s := range somata[2].Somata {
		if s.Layer == "SR" {
			sr = append(sr, s)
		}
	}
	if len(sr) != 8 {
		t.Fatalf("%d PVBC somata in SR, want 8", len(sr))
	}
	r := 0.5 * math.Sqrt(1000*1000/8.0)
	for i, a := range sr {
		if a.L != 175 {
			t.Errorf("PVBC gid %d at L %g, want 175", a.Gid, a.L)
		}
		for _, b := range sr[i+1:] {
			if d := somaDist(a, b); d < r*(1-1e-5) {
				t.Errorf("gids %d and %d %g µm apart, less than the radius %g", a.Gid, b.Gid, d, r)
			}
		}
	}
}

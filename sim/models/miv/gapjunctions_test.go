package miv

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/rng"
)

// loadGap loads 6-gapjunctions' configuration and returns it with the
// somata of its populations and the trees of 1-construction's SWC files
// (the case ships no datasets).
func loadGap(t *testing.T) (*Config, map[string]*Somata, map[string]*Tree) {
	t.Helper()
	dir := refdata.Require(t, "miv/cases/6-gapjunctions")
	swcDir := filepath.Join(refdata.Require(t, "miv/cases/1-construction"), "datasets")
	cfg, err := Load(filepath.Join(dir, "config", "Microcircuit_Small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	placed, err := cfg.PlaceSomata(PlaceOptions{Seed: cfg.RandomSeeds.SomaLocations})
	if err != nil {
		t.Fatal(err)
	}
	origin, err := cfg.ArcOrigin()
	if err != nil {
		t.Fatal(err)
	}
	somata := SomataOf(placed, origin.ArcDistances(placed))
	trees := map[string]*Tree{}
	for _, pop := range []string{"PYR", "PVBC", "OLM"} {
		tr, err := ReadSWCFile(filepath.Join(swcDir, pop+".swc"))
		if err != nil {
			t.Fatal(err)
		}
		trees[pop] = tr
	}
	return cfg, somata, trees
}

// The cubic numpy's polyfit(x, y, 3) fits to the case's Connection and
// Coupling Weights (numpy 1.24, coefficients of 1, d, d², d³).
var (
	numpyConnectionCubic = cubicFit{0.9580580075662029, -0.023725501261033982, 0.00027313240857503094, -9.523278688524571e-07}
	numpyCouplingCubic   = cubicFit{0.9564943253467831, -0.01795738755779735, 0.0001506935687263552, -4.207650273224032e-07}
)

func TestFitCubic(t *testing.T) {
	cfg, _, _ := loadGap(t)
	gj := cfg.ConnectionGenerator.GapJunctions
	for _, tc := range []struct {
		name string
		tab  DistanceTable
		want cubicFit
	}{{"Connection Weights", gj.ConnectionWeights, numpyConnectionCubic}, {"Coupling Weights", gj.CouplingWeights, numpyCouplingCubic}} {
		got, err := fitCubic(tc.tab)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []float64{0, 10, 50, 100, 175} {
			if g, w := got.at(d), tc.want.at(d); math.Abs(g-w) > 1e-12 {
				t.Errorf("%s at %g µm: %.15g, numpy %.15g", tc.name, d, g, w)
			}
		}
	}
	if _, err := fitCubic(DistanceTable{{0, 1}, {1, 2}, {2, 3}}); err == nil {
		t.Error("a cubic through 3 points: no error")
	}
}

// TestGapJunctionsGeneration generates 6-gapjunctions' junctions (PYR ->
// PYR, p = 0.25, apical or basal, coefficient 0.1) and checks them
// against the configuration and an independent count of the candidate
// pairs: k = round(0.25 × #pairs within 175 µm); every pair's soma
// distance in (0, 175] and as recomputed; no pair twice; positions in
// [float32(0.01), 1]; both halves on sections of one type, apical or basal, split
// 50/50 within 4 standard deviations; coupling = 0.1 × numpy's cubic at
// the path distance (clamped to [0, 175]); the same junctions again,
// others with another seed.
func TestGapJunctionsGeneration(t *testing.T) {
	cfg, somata, trees := loadGap(t)
	sets, err := cfg.GapJunctions(somata, trees)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 || sets[0].Source != "PYR" || sets[0].Destination != "PYR" {
		t.Fatalf("sets %+v", sets)
	}
	s := somata["PYR"]
	npairs := 0
	for a := range s.X {
		for b := range s.X {
			d := math.Hypot(math.Hypot(s.X[a]-s.X[b], s.Y[a]-s.Y[b]), s.Z[a]-s.Z[b])
			if a != b && d <= 175 {
				npairs++
			}
		}
	}
	js := sets[0].Junctions
	if want := int(math.Round(0.25 * float64(npairs))); len(js) != want || want == 0 {
		t.Fatalf("%d junctions, want round(0.25 × %d) = %d", len(js), npairs, want)
	}
	t.Logf("%d PYR cells, %d candidate pairs, %d junctions", s.Len(), npairs, len(js))
	tr := trees["PYR"]
	pd := newPathDistances(tr)
	seen := map[[2]int]bool{}
	apical := 0
	for _, j := range js {
		a, b := j.SourceGid-s.Start, j.DestinationGid-s.Start
		if seen[[2]int{a, b}] {
			t.Errorf("pair %d -> %d twice", j.SourceGid, j.DestinationGid)
		}
		seen[[2]int{a, b}] = true
		d := math.Hypot(math.Hypot(s.X[a]-s.X[b], s.Y[a]-s.Y[b]), s.Z[a]-s.Z[b])
		if !(d > 0 && d <= 175) {
			t.Errorf("%d -> %d: distance %g, want in (0, 175]", j.SourceGid, j.DestinationGid, d)
		}
		for _, x := range []float64{j.SourcePosition, j.DestinationPosition} {
			if !(x >= float64(float32(0.01)) && x <= 1) { // 0.01 in single precision
				t.Errorf("%d -> %d: position %g, want in [0.01, 1]", j.SourceGid, j.DestinationGid, x)
			}
		}
		ta, tb := tr.SectionType(j.SourceSection), tr.SectionType(j.DestinationSection)
		if ta != tb || (ta != SWCApical && ta != SWCBasal) {
			t.Errorf("%d -> %d: section types %d and %d", j.SourceGid, j.DestinationGid, ta, tb)
		}
		if ta == SWCApical {
			apical++
		}
		for _, h := range []struct {
			sec       int
			x, coupal float64
		}{{j.SourceSection, j.SourcePosition, j.SourceCoupling}, {j.DestinationSection, j.DestinationPosition, j.DestinationCoupling}} {
			want := 0.1 * math.Max(numpyCouplingCubic.at(math.Min(pd.at(h.sec, h.x), 175)), 0)
			if math.Abs(h.coupal-want) > 1e-6*want+1e-9 { // single precision
				t.Errorf("%d -> %d: coupling %g, want %g", j.SourceGid, j.DestinationGid, h.coupal, want)
			}
		}
	}
	if n := float64(len(js)); math.Abs(float64(apical)-n/2) > 4*math.Sqrt(n/4) {
		t.Errorf("%d of %d junctions apical, want half within 4 sd", apical, len(js))
	}
	again, err := cfg.GapJunctions(somata, trees)
	if err != nil || !reflect.DeepEqual(again, sets) {
		t.Errorf("a second generation differs (%v)", err)
	}
	cfg.RandomSeeds.GapJunctions++
	other, err := cfg.GapJunctions(somata, trees)
	if err != nil || reflect.DeepEqual(other, sets) {
		t.Errorf("another seed gives the same junctions (%v)", err)
	}
}

// TestSampleWithoutReplacement checks the sampler against the exact law
// of successive weighted draws without replacement (numpy's choice with
// replace=False): over 40000 streams, the frequency of each index drawn
// alone (k = 1) is w_i/Σw and of each pair drawn with k = 2 is
// p_i p_j/(1-p_i) + p_j p_i/(1-p_j), by chi-square (df 5 and 14) below
// the 0.999 quantile; a weight of 0 is never drawn; too few positive
// weights is an error.
func TestSampleWithoutReplacement(t *testing.T) {
	w := []float64{1, 0.429, 0.405, 0.345, 0.08, 0, 2}
	sum := 0.
	for _, v := range w {
		sum += v
	}
	const n = 40000
	single := make([]float64, len(w))
	pairs := map[[2]int]float64{}
	for seed := range n {
		s := rng.New(uint64(seed), purposeGapPairs, 0, 0)
		got, err := sampleWithoutReplacement(&s, w, 1)
		if err != nil {
			t.Fatal(err)
		}
		single[got[0]]++
		s = rng.New(uint64(seed), purposeGapPairs, 1, 0)
		got, err = sampleWithoutReplacement(&s, w, 2)
		if err != nil {
			t.Fatal(err)
		}
		i, j := min(got[0], got[1]), max(got[0], got[1])
		if i == j {
			t.Fatalf("index %d twice", i)
		}
		pairs[[2]int{i, j}]++
	}
	chi1, df1 := 0., -1
	for i, v := range w {
		e := n * v / sum
		if v == 0 {
			if single[i] != 0 {
				t.Errorf("index %d of weight 0 drawn %g times", i, single[i])
			}
			continue
		}
		chi1 += (single[i] - e) * (single[i] - e) / e
		df1++
	}
	chi2, df2 := 0., -1
	for i := range w {
		for j := i + 1; j < len(w); j++ {
			pi, pj := w[i]/sum, w[j]/sum
			e := n * (pi*pj/(1-pi) + pj*pi/(1-pj))
			if e == 0 {
				if pairs[[2]int{i, j}] != 0 {
					t.Errorf("pair (%d, %d) with a weight 0 drawn", i, j)
				}
				continue
			}
			o := pairs[[2]int{i, j}]
			chi2 += (o - e) * (o - e) / e
			df2++
		}
	}
	// chi-square 0.999 quantiles: df 5: 20.52, df 14: 36.12.
	if df1 != 5 || chi1 > 20.52 {
		t.Errorf("k = 1: chi-square %.2f (df %d), want <= 20.52 (df 5)", chi1, df1)
	}
	if df2 != 14 || chi2 > 36.12 {
		t.Errorf("k = 2: chi-square %.2f (df %d), want <= 36.12 (df 14)", chi2, df2)
	}
	t.Logf("chi-square k=1 %.2f (df %d), k=2 %.2f (df %d)", chi1, df1, chi2, df2)
	s := rng.New(1, purposeGapPairs, 0, 0)
	if _, err := sampleWithoutReplacement(&s, w, 7); err == nil {
		t.Error("7 of 6 positive weights: no error")
	}
}

// TestGapJunctionsBadInput: a Gap Junctions table naming an unknown
// population or section type is an error naming the key, from Load (the
// validator) or from the generation (a configuration changed in memory).
func TestGapJunctionsBadInput(t *testing.T) {
	dir := refdata.Require(t, "miv/cases/6-gapjunctions")
	src, err := os.ReadFile(filepath.Join(dir, "config", "Gap_Junctions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"population", "Locations:\n    PYR:\n      PYR:", "Locations:\n    PYR:\n      GC:", "GC"},
		{"section type", "PYR: [apical, basal]", "PYR: [apical, dendrite]", "dendrite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			entries, err := os.ReadDir(filepath.Join(dir, "config"))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join(dir, "config", e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if e.Name() == "Gap_Junctions.yaml" {
					if !strings.Contains(string(src), tc.old) {
						t.Fatalf("%q not in Gap_Junctions.yaml", tc.old)
					}
					b = []byte(strings.Replace(string(src), tc.old, tc.new, 1))
				}
				if err := os.WriteFile(filepath.Join(tmp, e.Name()), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err = Load(filepath.Join(tmp, "Microcircuit_Small.yaml"))
			if err == nil || !strings.Contains(err.Error(), "Gap Junctions.Locations") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v, want an error naming Gap Junctions.Locations and %s", err, tc.want)
			}
		})
	}
	cfg, somata, trees := loadGap(t)
	loc := cfg.ConnectionGenerator.GapJunctions.Locations
	loc[0].Value[0].Value = []string{"apical", "dendrite"}
	if _, err := cfg.GapJunctions(somata, trees); err == nil || !strings.Contains(err.Error(), "Gap Junctions.Locations.PYR.PYR[1]") || !strings.Contains(err.Error(), "dendrite") {
		t.Errorf("GapJunctions: %v, want an error naming Locations.PYR.PYR[1] and dendrite", err)
	}
	loc[0].Value[0].Value = []string{"apical"}
	loc[0].Value[0].Name = "STIM"
	if _, err := cfg.GapJunctions(somata, trees); err == nil || !strings.Contains(err.Error(), "Gap Junctions.Locations.PYR.STIM") {
		t.Errorf("GapJunctions: %v, want an error naming Locations.PYR.STIM", err)
	}
}

// TestGapJunctionsDistanceLaw draws one junction (Connection
// Probabilities.PYR.PYR = 1/560: k = 1) from 6-gapjunctions' PYR cells
// under 3000 seeds and compares the histogram of its soma distance (7
// bins of 25 µm) with the law the fitted weights give: bin b's share of
// numpy's connection cubic summed over the candidate pairs (counted here
// from the somata; bins without candidates must stay empty), by
// chi-square below its 0.999 quantile.
func TestGapJunctionsDistanceLaw(t *testing.T) {
	cfg, somata, trees := loadGap(t)
	gj := cfg.ConnectionGenerator.GapJunctions
	gj.ConnectionProbabilities[0].Value[0].Value = 1.0 / 560
	s := somata["PYR"]
	dist := func(a, b int) float64 {
		return math.Hypot(math.Hypot(s.X[a]-s.X[b], s.Y[a]-s.Y[b]), s.Z[a]-s.Z[b])
	}
	const nbins, binUm = 7, 25.0
	var want [nbins]float64
	sum := 0.
	for a := range s.X {
		for b := range s.X {
			if d := dist(a, b); a != b && d <= 175 {
				w := math.Max(numpyConnectionCubic.at(d), 0)
				want[min(int(d/binUm), nbins-1)] += w
				sum += w
			}
		}
	}
	const n = 3000
	var got [nbins]float64
	for seed := range n {
		cfg.RandomSeeds.GapJunctions = int64(seed)
		sets, err := cfg.GapJunctions(somata, trees)
		if err != nil {
			t.Fatal(err)
		}
		if len(sets[0].Junctions) != 1 {
			t.Fatalf("%d junctions, want 1", len(sets[0].Junctions))
		}
		j := sets[0].Junctions[0]
		got[min(int(dist(j.SourceGid-s.Start, j.DestinationGid-s.Start)/binUm), nbins-1)]++
	}
	chi, df := 0., -1
	for b := range nbins {
		e := n * want[b] / sum
		if e == 0 { // no candidates there (the somata are further apart)
			if got[b] != 0 {
				t.Errorf("bin %d: %g junctions, no candidate pairs", b, got[b])
			}
			continue
		}
		chi += (got[b] - e) * (got[b] - e) / e
		df++
	}
	// chi-square 0.999 quantiles by df.
	q999 := []float64{1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52, 6: 22.46}
	t.Logf("soma distances of the junction by 25 µm: %v; chi-square %.2f (df %d)", got, chi, df)
	if df < 2 || !(chi <= q999[df]) {
		t.Errorf("chi-square %.2f (df %d), want <= the 0.999 quantile: the distances do not follow the fitted weights (%v, expected shares %v of %g)", chi, df, got, want, sum)
	}
}

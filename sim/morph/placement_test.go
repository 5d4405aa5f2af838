package morph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// placementCell is a soma (20 x 20 um) with an apical dendrite (400 x 2 um,
// 8 segments) at soma(1) and a basal one (200 x 4 um, 4 segments) at
// soma(0). From the soma's centre, apic(x) is 10 + 400 x um away and
// dend(x) 10 + 200 x; from dend(0.5), soma(x) is 100 + 20 x and apic(x)
// 120 + 400 x.
func placementCell(t *testing.T, origin *morph.Location) *morph.Compartments {
	t.Helper()
	m := &morph.Morphology{}
	s := m.AddCylinder("soma", morph.Soma, -1, 0, 20, 20)
	m.AddCylinder("apic", morph.Apical, s, 1, 400, 2)
	m.AddCylinder("dend", morph.Basal, s, 0, 200, 4)
	m.Sections[1].Nseg, m.Sections[2].Nseg = 8, 4
	cp, err := (&morph.Cell{Morphology: m, Origin: origin}).Compartments()
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// distance is the path distance of l from the origin by the formulas of
// placementCell.
func distance(l morph.Location, fromDend bool) float64 {
	switch {
	case !fromDend && l.Section == "apic":
		return 10 + 400*l.X
	case !fromDend && l.Section == "dend":
		return 10 + 200*l.X
	case !fromDend:
		return 20 * math.Abs(l.X-0.5)
	case l.Section == "apic":
		return 120 + 400*l.X
	case l.Section == "dend":
		return 200 * math.Abs(l.X-0.5)
	}
	return 100 + 20*l.X
}

func sameLocations(a, b []morph.Location) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Section != b[i].Section || math.Abs(a[i].X-b[i].X) > 1e-12 {
			return false
		}
	}
	return true
}

func TestSegmentsIn(t *testing.T) {
	cp := placementCell(t, nil)
	// Apical centres at 35, 85, ..., 385 um: 135, 185, 235, 285 are in.
	got, err := cp.SegmentsIn(morph.Range{Where: morph.Region(morph.Apical), MinUm: 100, MaxUm: 300})
	if err != nil {
		t.Fatal(err)
	}
	want := []morph.Location{{"apic", 0.3125}, {"apic", 0.4375}, {"apic", 0.5625}, {"apic", 0.6875}}
	if !sameLocations(got, want) {
		t.Errorf("apical 100-300 um: %v, want %v", got, want)
	}
	// Everything within 40 um: the soma and the first basal segment
	// (centre at 35 um); the first apical centre is also at 35 um.
	got, err = cp.SegmentsIn(morph.Range{Where: morph.Everywhere, MinUm: 0, MaxUm: 40})
	if err != nil {
		t.Fatal(err)
	}
	want = []morph.Location{{"soma", 0.5}, {"apic", 0.0625}, {"dend", 0.125}}
	if !sameLocations(got, want) {
		t.Errorf("within 40 um: %v, want %v", got, want)
	}
}

func TestAtDistance(t *testing.T) {
	for _, tc := range []struct {
		fromDend bool
		w        morph.Where
		d        float64
		want     []morph.Location
	}{
		{false, morph.Region(morph.Apical), 210, []morph.Location{{"apic", 0.5}}},
		{false, morph.Everywhere, 60, []morph.Location{{"apic", 0.125}, {"dend", 0.25}}},
		{false, morph.Sections("soma"), 5, []morph.Location{{"soma", 0.25}, {"soma", 0.75}}},
		{true, morph.Sections("soma"), 110, []morph.Location{{"soma", 0.5}}},
		{true, morph.Everywhere, 50, []morph.Location{{"dend", 0.25}, {"dend", 0.75}}},
		{true, morph.Region(morph.Apical), 320, []morph.Location{{"apic", 0.5}}},
	} {
		var origin *morph.Location
		if tc.fromDend {
			origin = &morph.Location{Section: "dend", X: 0.5}
		}
		got, err := placementCell(t, origin).AtDistance(tc.w, tc.d)
		if err != nil {
			t.Errorf("%v at %g um: %v", tc.w, tc.d, err)
			continue
		}
		if !sameLocations(got, tc.want) {
			t.Errorf("%v at %g um (origin in dend: %v): %v, want %v", tc.w, tc.d, tc.fromDend, got, tc.want)
		}
		for _, l := range got {
			if d := distance(l, tc.fromDend); math.Abs(d-tc.d) > 1e-9 {
				t.Errorf("%v is %g um away, want %g", l, d, tc.d)
			}
		}
	}
}

// TestScatter draws 20000 locations: all in range, their distances
// uniform (half of them in each half of the range, within 4 standard
// deviations: 0.014), the same for the same seed and different for
// another; by area, the basal dendrite (800 pi um2, 200 um) and the apical
// one (800 pi um2, 400 um) get equal shares, by length 1/3 and 2/3.
func TestScatter(t *testing.T) {
	const n = 20000
	const tol = 4 * 0.0035
	for _, fromDend := range []bool{false, true} {
		var origin *morph.Location
		if fromDend {
			origin = &morph.Location{Section: "dend", X: 0.5}
		}
		cp := placementCell(t, origin)
		r := morph.Range{Where: morph.Everywhere, MinUm: 60, MaxUm: 260}
		locs, err := cp.Scatter(r, n, morph.ByLength, 42)
		if err != nil {
			t.Fatal(err)
		}
		low := 0
		for _, l := range locs {
			d := distance(l, fromDend)
			if d < r.MinUm-1e-9 || d > r.MaxUm+1e-9 {
				t.Fatalf("%v is %g um from the origin, outside %v", l, d, r)
			}
			if d < 160 {
				low++
			}
		}
		// From the soma: apic 60-260 (200 um) and dend 60-210 (150 um).
		// Below 160 um: 100 + 100 of 350; from dend(0.5): dend 60-100 on
		// both sides (80 um), soma all (20 um, 100-120), apic 120-260
		// (140 um); below 160: 80 + 20 + 40 of 240.
		want := 200. / 350
		if fromDend {
			want = 140. / 240
		}
		if f := float64(low) / n; math.Abs(f-want) > tol {
			t.Errorf("origin in dend %v: fraction below 160 um %.4f, want %.4f", fromDend, f, want)
		}
		again, _ := cp.Scatter(r, n, morph.ByLength, 42)
		other, _ := cp.Scatter(r, n, morph.ByLength, 43)
		if !sameLocations(locs, again) || sameLocations(locs, other) {
			t.Errorf("seeded draws: same seed equal %v, other seed equal %v", sameLocations(locs, again), sameLocations(locs, other))
		}
	}
	cp := placementCell(t, nil)
	dendrites := morph.Range{Where: morph.Region(morph.Apical, morph.Basal), MaxUm: math.Inf(1)}
	for _, tc := range []struct {
		by   morph.Weighting
		want float64
	}{{morph.ByLength, 1. / 3}, {morph.ByArea, 0.5}} {
		locs, err := cp.Scatter(dendrites, n, tc.by, 1)
		if err != nil {
			t.Fatal(err)
		}
		basal := 0
		for _, l := range locs {
			if l.Section == "dend" {
				basal++
			}
		}
		t.Logf("weighting %d: basal fraction %.4f, want %.4f", tc.by, float64(basal)/n, tc.want)
		if f := float64(basal) / n; math.Abs(f-tc.want) > tol {
			t.Errorf("weighting %d: basal fraction %.4f, want %.4f", tc.by, f, tc.want)
		}
	}
}

// TestPlacementErrors: empty selections, distances beyond the sections and
// malformed ranges are errors that say what the sections span.
func TestPlacementErrors(t *testing.T) {
	cp := placementCell(t, nil)
	apic := morph.Region(morph.Apical)
	for _, tc := range []struct {
		name string
		f    func() error
		want string
	}{
		{"segments beyond", func() error {
			_, err := cp.SegmentsIn(morph.Range{Where: apic, MinUm: 500, MaxUm: 600})
			return err
		}, "no segment centre of apic between 500 and 600 um from the origin (apic spans 10 to 410 um from the origin)"},
		{"at distance beyond", func() error { _, err := cp.AtDistance(apic, 450); return err },
			"450 um is beyond apic spans 10 to 410 um"},
		{"scatter beyond", func() error {
			_, err := cp.Scatter(morph.Range{Where: morph.Region(morph.Basal), MinUm: 300, MaxUm: 400}, 5, morph.ByLength, 1)
			return err
		}, "nothing of dend between 300 and 400 um"},
		{"no such region", func() error { _, err := cp.AtDistance(morph.Region(morph.Axon), 10); return err }, "no section of type [axon]"},
		{"no such section", func() error {
			_, err := cp.SegmentsIn(morph.Range{Where: morph.Sections("tuft"), MaxUm: 100})
			return err
		}, `no section named "tuft"`},
		{"inverted range", func() error {
			_, err := cp.SegmentsIn(morph.Range{Where: apic, MinUm: 300, MaxUm: 100})
			return err
		}, "want 0 <= MinUm <= MaxUm"},
		{"negative n", func() error {
			_, err := cp.Scatter(morph.Range{Where: apic, MaxUm: 100}, -1, morph.ByArea, 1)
			return err
		}, "n = -1"},
	} {
		err := tc.f()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

package miv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// candidates places n cells of each population uniformly in a 2000 µm
// cube around the origin, gids numbered from 0 across populations.
func candidates(pops []string, n int, seed uint64) []LFPCandidate {
	r := rand.New(rand.NewPCG(seed, 7))
	var c []LFPCandidate
	gid := uint64(0)
	for _, p := range pops {
		for range n {
			c = append(c, LFPCandidate{Population: p, Gid: gid,
				SomaUm: [3]float64{2000 * (r.Float64() - 0.5), 2000 * (r.Float64() - 0.5), 2000 * (r.Float64() - 0.5)}})
			gid++
		}
	}
	return c
}

// TestSelectLFPCells is SPEC 8 check 13's selection: somata closer than
// maxEDist are always included with weight 1; of the others a fraction
// fdst ± 3σ (binomial) with weight 1/fdst.
func TestSelectLFPCells(t *testing.T) {
	pops := []string{"PYR", "PVBC", "OLM"}
	cands := candidates(pops, 10000, 1)
	e := [3]float64{100, -50, 20}
	const maxE, fdst = 300., 0.1
	m, err := SelectLFPCells(pops, cands, e, maxE, fdst, 42)
	if err != nil {
		t.Fatal(err)
	}
	byGid := map[uint64]LFPMember{}
	for _, x := range m {
		byGid[x.Gid] = x
	}
	perPop := map[string][2]int{} // distal candidates, distal chosen
	proximal := 0
	for _, c := range cands {
		d := math.Sqrt((c.SomaUm[0]-e[0])*(c.SomaUm[0]-e[0]) + (c.SomaUm[1]-e[1])*(c.SomaUm[1]-e[1]) + (c.SomaUm[2]-e[2])*(c.SomaUm[2]-e[2]))
		x, in := byGid[c.Gid]
		if d < maxE {
			proximal++
			if !in || x.Distal || x.Weight != 1 || x.Population != c.Population {
				t.Errorf("gid %d at %.1f um: %+v (included %v), want proximal with weight 1", c.Gid, d, x, in)
			}
			continue
		}
		pp := perPop[c.Population]
		pp[0]++
		if in {
			pp[1]++
			if !x.Distal || x.Weight != 1/fdst {
				t.Errorf("gid %d at %.1f um: %+v, want distal with weight %g", c.Gid, d, x, 1/fdst)
			}
		}
		perPop[c.Population] = pp
	}
	if proximal < 100 {
		t.Fatalf("only %d proximal cells: the test does not test", proximal)
	}
	for p, pp := range perPop {
		n := float64(pp[0])
		sd := math.Sqrt(n * fdst * (1 - fdst))
		if math.Abs(float64(pp[1])-n*fdst) > 3*sd {
			t.Errorf("%s: %d of %d distal cells chosen, want %.0f ± %.0f", p, pp[1], pp[0], n*fdst, 3*sd)
		}
	}
	// Sorted by population, then gid.
	for i := 1; i < len(m); i++ {
		if m[i-1].Population > m[i].Population || m[i-1].Population == m[i].Population && m[i-1].Gid >= m[i].Gid {
			t.Fatalf("members %d, %d out of order: %+v, %+v", i-1, i, m[i-1], m[i])
		}
	}
}

// TestSelectLFPCellsDeterministic: a gid's choice depends on the seed,
// its population's index and the gid only, not on the other cells, their
// order, or which of them a rank holds.
func TestSelectLFPCellsDeterministic(t *testing.T) {
	pops := []string{"PYR", "PVBC", "OLM"}
	cands := candidates(pops, 2000, 2)
	e := [3]float64{0, 0, 0}
	all, err := SelectLFPCells(pops, cands, e, 100, 0.3, 7)
	if err != nil {
		t.Fatal(err)
	}
	// Shuffled, and split over two "ranks" by gid parity.
	r := rand.New(rand.NewPCG(9, 9))
	sh := append([]LFPCandidate(nil), cands...)
	r.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
	var even, odd []LFPCandidate
	for _, c := range sh {
		if c.Gid%2 == 0 {
			even = append(even, c)
		} else {
			odd = append(odd, c)
		}
	}
	a, err := SelectLFPCells([]string{"OLM", "PYR", "PVBC"}, even, e, 100, 0.3, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := SelectLFPCells(pops, odd, e, 100, 0.3, 7)
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint64]LFPMember{}
	for _, x := range append(a, b...) {
		got[x.Gid] = x
	}
	if len(got) != len(all) {
		t.Fatalf("split: %d members, whole: %d", len(got), len(all))
	}
	for _, x := range all {
		if got[x.Gid] != x {
			t.Errorf("gid %d: split %+v, whole %+v", x.Gid, got[x.Gid], x)
		}
	}
	other, _ := SelectLFPCells(pops, cands, e, 100, 0.3, 8)
	same := len(other) == len(all)
	for i := 0; same && i < len(all); i++ {
		same = other[i] == all[i]
	}
	if same {
		t.Error("seeds 7 and 8 chose the same cells")
	}
}

func TestSelectLFPCellsBadInput(t *testing.T) {
	good := []LFPCandidate{{Population: "PYR", Gid: 1, SomaUm: [3]float64{1, 2, 3}}}
	pops := []string{"PYR"}
	for _, tc := range []struct {
		name  string
		pops  []string
		cands []LFPCandidate
		e     [3]float64
		maxE  float64
		fdst  float64
	}{
		{"fdst > 1", pops, good, [3]float64{}, 100, 1.5},
		{"fdst NaN", pops, good, [3]float64{}, 100, math.NaN()},
		{"maxEDist < 0", pops, good, [3]float64{}, -1, 0.1},
		{"electrode NaN", pops, good, [3]float64{math.NaN(), 0, 0}, 100, 0.1},
		{"unknown population", []string{"OLM"}, good, [3]float64{}, 100, 0.1},
		{"gid twice", pops, append(good, good[0]), [3]float64{}, 100, 0.1},
		{"soma Inf", pops, []LFPCandidate{{Population: "PYR", Gid: 1, SomaUm: [3]float64{math.Inf(1), 0, 0}}}, [3]float64{}, 100, 0.1},
		{"population twice", []string{"PYR", "PYR"}, good, [3]float64{}, 100, 0.1},
	} {
		if _, err := SelectLFPCells(tc.pops, tc.cands, tc.e, tc.maxE, tc.fdst, 1); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

package sonata

import (
	"fmt"
	"testing"
)

// TestDistribute checks the assignment of cells to ranks: every cell on
// exactly one rank; neurodamus's round robin (per population, the k-th
// gid on rank k mod ranks: usecase3's NodeA {0, 2} {1}, NodeB {0} {1} on
// 2 ranks); by cost, the largest first to the least loaded rank; and the
// two cells of v5_gapjunctions coupled by a gap junction on one rank
// whatever the ranks. The estimated compartments are compared with the
// built cells'.
func TestDistribute(t *testing.T) {
	uc := load(t, "usecase3/simulation_sonata.json")
	d, err := Distribute(uc, 2, BalanceRoundRobin, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int][]string{}
	for i, c := range d.Cells {
		got[d.Rank[i]] = append(got[d.Rank[i]], fmt.Sprintf("%s:%d", c.Population, c.Node))
	}
	if fmt.Sprint(got[0]) != "[NodeA:0 NodeA:2 NodeB:0]" || fmt.Sprint(got[1]) != "[NodeA:1 NodeB:1]" {
		t.Errorf("round robin on 2 ranks: %v, want NodeA 0, 2 and NodeB 0 on rank 0, NodeA 1 and NodeB 1 on rank 1", got)
	}
	for ranks := 1; ranks <= 4; ranks++ {
		d, err := Distribute(uc, ranks, BalanceCost, nil)
		if err != nil {
			t.Fatal(err)
		}
		load := make([]float64, ranks)
		seen := 0
		for r := range ranks {
			for _, i := range d.Local(r) {
				load[r] += d.Cells[i].Cost()
				seen++
			}
		}
		if seen != len(d.Cells) || len(d.Cells) != 5 {
			t.Errorf("%d ranks: %d cells placed of %d, want the 5 cells once", ranks, seen, len(d.Cells))
		}
		// Greedy largest first: no rank exceeds the best possible by more
		// than the largest cell.
		total, largest, most := 0., 0., 0.
		for _, c := range d.Cells {
			total += c.Cost()
			largest = max(largest, c.Cost())
		}
		for _, l := range load {
			most = max(most, l)
		}
		if most > total/float64(ranks)+largest {
			t.Errorf("%d ranks: loads %v (total %g, largest cell %g)", ranks, load, total, largest)
		}
		t.Logf("%d ranks by cost: loads %v", ranks, load)
	}

	// Estimated compartments against the built cells'.
	n, err := BuildNetwork(uc, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range d.Cells {
		built := 0
		for _, s := range n.Cells[i].Morph.Morphology.Sections {
			built += max(s.Nseg, 1)
		}
		t.Logf("%s: estimated %d compartments, %d mechanism instances, %d synapses; built %d compartments", c.Population+fmt.Sprint(c.Node), c.Compartments, c.Mechanisms, c.Synapses, built)
		if r := float64(c.Compartments) / float64(built); r < 0.8 || r > 1.25 {
			t.Errorf("%s %d: estimated %d compartments, built %d", c.Population, c.Node, c.Compartments, built)
		}
	}

	gj := load(t, "v5_gapjunctions/simulation_config.json")
	for ranks := 1; ranks <= 3; ranks++ {
		for _, m := range []string{BalanceCost, BalanceRoundRobin} {
			d, err := Distribute(gj, ranks, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			coupled := map[uint64]int{}
			for i, c := range d.Cells {
				if c.GapJunctions > 0 {
					coupled[c.Gid] = d.Rank[i]
				}
			}
			if len(coupled) != 2 || len(d.Units) != len(d.Cells)-1 {
				t.Fatalf("v5_gapjunctions: %d cells with gap junctions, %d units of %d cells; want 2 coupled cells as one unit", len(coupled), len(d.Units), len(d.Cells))
			}
			var rs []int
			for _, r := range coupled {
				rs = append(rs, r)
			}
			if rs[0] != rs[1] {
				t.Errorf("%d ranks (%s): coupled cells on ranks %v, want one", ranks, m, coupled)
			}
		}
	}
}

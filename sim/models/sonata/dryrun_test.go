package sonata

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/mech"
)

// TestDryRunAgainstBuilt plans v5_sonata mini (5 cells) for 2 ranks and
// checks the table's numbers: each rank's row holds the sums of
// Distribute's estimates for the cells it assigns that rank (cells,
// compartments, mechanism instances, synapses, gap junctions, cost,
// memory as printed), the total row the sums of the rank rows, the
// imbalance the largest rank's cost over the mean; and the totals are
// those of the network built, exactly: its cells, its synapses (one per
// afferent chemical edge), its compartments (the sections' segments) and
// its density-mechanism instances (707 and 4479 on v5 mini: BluePyOpt's
// nseg rule and the templates' inserts are what the cells build).
func TestDryRunAgainstBuilt(t *testing.T) {
	s := load(t, "v5_sonata/simulation_config_mini.json")
	const ranks = 2
	var b strings.Builder
	if err := DryRun(s, ranks, BalanceCost, &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Log("\n" + out)
	d, err := Distribute(s, ranks, BalanceCost, nil)
	if err != nil {
		t.Fatal(err)
	}

	// The rows as printed: rank (or "total") and the 7 numbers.
	rows := map[string][]float64{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 8 {
			continue
		}
		var v []float64
		for _, x := range f[1:] {
			y, err := strconv.ParseFloat(x, 64)
			if err != nil {
				break
			}
			v = append(v, y)
		}
		if len(v) == 7 {
			rows[f[0]] = v
		}
	}
	want := make([][7]float64, ranks)
	var costs [ranks]float64
	for i, c := range d.Cells {
		w := &want[d.Rank[i]]
		w[0]++
		w[1] += float64(c.Compartments)
		w[2] += float64(c.Mechanisms)
		w[3] += float64(c.Synapses)
		w[4] += float64(c.GapJunctions)
		w[5] += c.Cost()
		w[6] += c.MemoryBytes() / (1 << 20)
		costs[d.Rank[i]] += c.Cost()
	}
	var total [7]float64
	for r := range ranks {
		got, ok := rows[fmt.Sprint(r)]
		if !ok {
			t.Fatalf("no row for rank %d:\n%s", r, out)
		}
		for k, name := range []string{"cells", "compartments", "mechanisms", "synapses", "gap junctions", "cost", "memory MB"} {
			w := want[r][k]
			if k == 6 {
				w, _ = strconv.ParseFloat(fmt.Sprintf("%.1f", w), 64)
			}
			if got[k] != w {
				t.Errorf("rank %d: %s %g, want %g", r, name, got[k], w)
			}
			total[k] += want[r][k]
		}
		if want[r][0] == 0 {
			t.Errorf("rank %d has no cell: 5 cells by cost on 2 ranks should give each some", r)
		}
	}
	got := rows["total"]
	if len(got) != 7 {
		t.Fatalf("no total row:\n%s", out)
	}
	for k := range 6 {
		if got[k] != total[k] {
			t.Errorf("total column %d: %g, want the ranks' sum %g", k+1, got[k], total[k])
		}
	}
	imb := max(costs[0], costs[1]) / (total[5] / ranks)
	if !strings.Contains(out, "5 cells on 2 ranks, assigned by cost\n") ||
		!strings.Contains(out, fmt.Sprintf("imbalance: the largest rank's cost is %.3f x the mean", imb)) {
		t.Errorf("header or imbalance (want %.3f) wrong:\n%s", imb, out)
	}

	// Against the network built on one process.
	n, err := BuildNetwork(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	comps, mechs := 0, 0
	for _, c := range n.Cells {
		for _, sec := range c.Morph.Morphology.Sections {
			comps += max(sec.Nseg, 1)
		}
	}
	for _, g := range n.Groups {
		for _, m := range g.Mechanisms() {
			if m.Kind() == mech.Density {
				mechs += m.Len()
			}
		}
	}
	if int(got[0]) != len(n.Cells) {
		t.Errorf("total cells %g, built %d", got[0], len(n.Cells))
	}
	if int(got[3]) != len(n.syns) {
		t.Errorf("total synapses %g, built %d", got[3], len(n.syns))
	}
	if int(got[1]) != comps {
		t.Errorf("total compartments %g, built %d", got[1], comps)
	}
	if int(got[2]) != mechs {
		t.Errorf("total mechanism instances %g, built %d", got[2], mechs)
	}
	t.Logf("built: %d cells, %d synapses, %d compartments, %d density-mechanism instances", len(n.Cells), len(n.syns), comps, mechs)
}

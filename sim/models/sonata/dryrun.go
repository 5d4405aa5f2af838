package sonata

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// DryRun writes to w what each of ranks ranks would build for the
// simulation with the balance method (Distribute), as neurodamus's dry
// run reports it: per rank the cells, estimated compartments, mechanism
// instances, synapses, cost and memory, then the totals and the
// imbalance (the largest rank's cost over the mean). It reads the
// configuration, node and edge indices, templates and morphologies, and
// builds no cell.
func DryRun(s *Simulation, ranks int, balance string, w io.Writer) error {
	d, err := Distribute(s, ranks, balance, nil)
	if err != nil {
		return err
	}
	type sum struct {
		cells, comps, mechs, syns, gaps int
		cost, mem                       float64
	}
	per := make([]sum, ranks)
	var tot sum
	for i, c := range d.Cells {
		for _, p := range []*sum{&per[d.Rank[i]], &tot} {
			p.cells++
			p.comps += c.Compartments
			p.mechs += c.Mechanisms
			p.syns += c.Synapses
			p.gaps += c.GapJunctions
			p.cost += c.Cost()
			p.mem += c.MemoryBytes()
		}
	}
	fmt.Fprintf(w, "dry run of %s: %d cells on %d %s, assigned by %s", s.Config.Path, len(d.Cells), ranks, plural(ranks, "rank"), d.Method)
	if len(d.Units) < len(d.Cells) {
		fmt.Fprintf(w, " (%d cells coupled by gap junctions kept together)", len(d.Cells)-len(d.Units)+countMulti(d.Units))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rank\tcells\tcompartments\tmechanisms\tsynapses\tgap junctions\tcost\tmemory MB\t")
	row := func(name string, p sum) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.0f\t%.1f\t\n", name, p.cells, p.comps, p.mechs, p.syns, p.gaps, p.cost, p.mem/(1<<20))
	}
	most := 0.
	for r, p := range per {
		row(fmt.Sprint(r), p)
		most = max(most, p.cost)
	}
	row("total", tot)
	if err := tw.Flush(); err != nil {
		return err
	}
	if tot.cost > 0 {
		fmt.Fprintf(w, "imbalance: the largest rank's cost is %.3f x the mean\n", most/(tot.cost/float64(ranks)))
	}
	fmt.Fprintln(w, "cost: compartments + mechanism instances + synapses + gap junctions per step, estimated from the morphologies (1 + 2 int(L/40) segments per section), the templates' inserts and the edge indices;")
	fmt.Fprintln(w, "memory: an estimate of the built cells' (without the process's own, about 30 MB per rank)")
	return nil
}

// distributionText describes the assignment of a balance method for
// golgi run's output.
func distributionText(balance string) string {
	if balance == BalanceRoundRobin {
		return "cells round robin per population as neurodamus deals them, gap-junction-coupled cells together"
	}
	return "cells assigned by estimated cost, largest first, gap-junction-coupled cells together"
}

// countMulti counts the units of more than one cell.
func countMulti(units [][]int) int {
	n := 0
	for _, u := range units {
		if len(u) > 1 {
			n++
		}
	}
	return n
}

// plural is word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

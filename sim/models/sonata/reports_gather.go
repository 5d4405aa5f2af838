package sonata

import (
	"fmt"
	"sort"
)

// reportGather is a report of a distributed network: each rank samples
// its own cells' elements into a buffer of frames, and every blockFrames
// frames (and at the end) the ranks gather their buffers to rank 0,
// which puts the columns in the order of one process's report (cells by
// node id) and appends the frames. The files are then the same, bit for
// bit, as one process's.
type reportGather struct {
	// pops are the report's populations over all ranks, sorted: every
	// rank iterates them alike.
	pops []string
	// per population
	local  map[string][]float64    // this rank's buffered frames, frame-major
	counts map[string][]int        // local columns of each rank
	cols   map[string][][2]int     // per global column: rank, local column
	global map[string][]reportCell // on rank 0: every cell's element ids, by node
	// buffered frames and the frames per gathering
	buffered, blockFrames int
	// taken is the number of frames sampled so far.
	taken int
}

// gatherMapping makes rep a gathered report (collective): the ranks
// exchange their cells' element ids for every population the report has
// on any rank.
func (n *Network) gatherMapping(rep *frameReport, pops []string) error {
	size := n.comm.Size()
	g := &reportGather{pops: pops, local: map[string][]float64{}, counts: map[string][]int{},
		cols: map[string][][2]int{}, global: map[string][]reportCell{}}
	total := 0
	for _, pop := range pops {
		var mine []float64
		for _, c := range rep.pops[pop] {
			mine = append(mine, float64(c.node), float64(len(c.elements)))
			for _, e := range c.elements {
				mine = append(mine, float64(e.id))
			}
		}
		lens := make([]int64, size)
		if err := n.comm.AllgatherInt64([]int64{int64(len(mine))}, lens); err != nil {
			return err
		}
		counts, displs := make([]int, size), make([]int, size)
		sum := 0
		for r, l := range lens {
			counts[r], displs[r] = int(l), sum
			sum += int(l)
		}
		all := make([]float64, sum)
		if err := n.comm.AllgathervFloat64(mine, all, counts, displs); err != nil {
			return err
		}
		type owned struct {
			cell reportCell
			rank int
			col  int
		}
		var cells []owned
		g.counts[pop] = make([]int, size)
		for r := range size {
			for k := displs[r]; k < displs[r]+counts[r]; {
				c := reportCell{node: uint64(all[k])}
				ne := int(all[k+1])
				for _, id := range all[k+2 : k+2+ne] {
					c.elements = append(c.elements, reportElement{id: uint32(id)})
				}
				cells = append(cells, owned{c, r, g.counts[pop][r]})
				g.counts[pop][r] += ne
				k += 2 + ne
			}
		}
		sort.Slice(cells, func(a, b int) bool { return cells[a].cell.node < cells[b].cell.node })
		for _, c := range cells {
			g.global[pop] = append(g.global[pop], c.cell)
			for e := range c.cell.elements {
				g.cols[pop] = append(g.cols[pop], [2]int{c.rank, c.col + e})
			}
		}
		total += len(g.cols[pop])
	}
	// About 4 MiB of float32 per gathering on rank 0.
	g.blockFrames = max(1, (1<<20)/max(1, total))
	rep.gather = g
	return nil
}

// sampleGathered records rank r's frame of rep and gathers the buffered
// frames when a block is full.
func (n *Network) sampleGathered(rep *frameReport) error {
	g := rep.gather
	for _, pop := range g.pops {
		for _, c := range rep.pops[pop] {
			for j := range c.elements {
				g.local[pop] = append(g.local[pop], float64(float32(c.elements[j].value())))
			}
		}
	}
	g.taken++
	if g.buffered++; g.buffered >= g.blockFrames {
		return n.flushGathered(rep)
	}
	return nil
}

// flushGathered gathers the buffered frames of rep to rank 0 (collective),
// which appends them in one process's column order.
func (n *Network) flushGathered(rep *frameReport) error {
	g := rep.gather
	if g.buffered == 0 {
		return nil
	}
	size, root := n.comm.Size(), n.comm.Rank() == 0
	frames := g.buffered
	for _, pop := range g.pops {
		counts, displs := make([]int, size), make([]int, size)
		sum := 0
		for r, c := range g.counts[pop] {
			counts[r], displs[r] = frames*c, sum
			sum += frames * c
		}
		var recv []float64
		if root {
			recv = make([]float64, sum)
		}
		if err := n.comm.GathervFloat64(g.local[pop], recv, counts, displs, 0); err != nil {
			return fmt.Errorf("sonata: report %q: %w", rep.cfg.Name, err)
		}
		g.local[pop] = g.local[pop][:0]
		if !root {
			continue
		}
		cols := g.cols[pop]
		for f := range frames {
			row := make([]float32, len(cols))
			for j, rc := range cols {
				row[j] = float32(recv[displs[rc[0]]+f*g.counts[pop][rc[0]]+rc[1]])
			}
			if rep.w != nil {
				if err := rep.w.Append(pop, row); err != nil {
					return err
				}
				continue
			}
			rep.data[pop] = append(rep.data[pop], row)
		}
	}
	g.buffered = 0
	return nil
}

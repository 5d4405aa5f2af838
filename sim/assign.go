package sim

import (
	"container/heap"
	"fmt"
	"math"
	"sort"
)

// Assignment of neurons to the ranks of a distributed simulation.
//
// By default gids are dealt round-robin (gid mod size): every rank gets
// the same share of every population, whatever the populations' order and
// cost, and a population smaller than the number of ranks is spread over
// them rather than all on the first. With Options.CellCost the cells are
// assigned by greedy longest-processing-time (AssignLPT) instead. Each rank
// holds its cells' state in compact arrays, so the assignment does not
// change the hot loops, and the spikes do not depend on it.

// AssignRoundRobin returns the rank of each of n gids on size ranks: gid
// mod size.
func AssignRoundRobin(n, size int) []int32 {
	owner := make([]int32, n)
	if size < 1 {
		size = 1
	}
	for g := range owner {
		owner[g] = int32(g % size)
	}
	return owner
}

// AssignLPT returns the rank of each gid on size ranks by greedy
// longest-processing-time scheduling of the cells' costs: cells in
// decreasing cost (equal costs in increasing gid) each go to the rank with
// the least total cost so far (equal totals: the one with fewer cells,
// then the lower rank, so that cells of no cost are still dealt evenly). The total of
// the most loaded rank is at most 4/3 - 1/(3 size) of the optimum. cost
// must be finite and non-negative; the result depends only on cost and
// size, so every rank computes the same assignment.
func AssignLPT(cost []float64, size int) ([]int32, error) {
	if size < 1 {
		return nil, fmt.Errorf("sim: AssignLPT: %d ranks, want at least 1", size)
	}
	for g, c := range cost {
		if !(c >= 0) || math.IsInf(c, 0) {
			return nil, fmt.Errorf("sim: AssignLPT: cost of gid %d is %g, want a finite value >= 0", g, c)
		}
	}
	order := make([]int32, len(cost))
	for g := range order {
		order[g] = int32(g)
	}
	sort.SliceStable(order, func(a, b int) bool { return cost[order[a]] > cost[order[b]] })
	h := make(loadHeap, size)
	for r := range h {
		h[r] = rankLoad{rank: int32(r)}
	}
	owner := make([]int32, len(cost))
	for _, g := range order {
		owner[g] = h[0].rank
		h[0].load += cost[g]
		h[0].cells++
		heap.Fix(&h, 0)
	}
	return owner, nil
}

// Loads returns the total cost of each rank's cells under owner.
func Loads(cost []float64, owner []int32, size int) []float64 {
	l := make([]float64, size)
	for g, r := range owner {
		l[r] += cost[g]
	}
	return l
}

type rankLoad struct {
	load  float64
	cells int
	rank  int32
}

// loadHeap is a min-heap of ranks by load, then cells, then rank.
type loadHeap []rankLoad

func (h loadHeap) Len() int { return len(h) }
func (h loadHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.load != b.load {
		return a.load < b.load
	}
	if a.cells != b.cells {
		return a.cells < b.cells
	}
	return a.rank < b.rank
}
func (h loadHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *loadHeap) Push(x any)   { *h = append(*h, x.(rankLoad)) }
func (h *loadHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// assignment returns the owner rank of every gid of net on ranks, from
// opts.CellCost when given.
func assignment(net *Network, opts *Options, ranks int) ([]int32, error) {
	n := 0
	for _, p := range net.Populations {
		n += p.N
	}
	if opts.CellCost == nil {
		return AssignRoundRobin(n, ranks), nil
	}
	if len(opts.CellCost) != n {
		return nil, fmt.Errorf("sim: Options.CellCost has %d costs for a network of %d neurons", len(opts.CellCost), n)
	}
	return AssignLPT(opts.CellCost, ranks)
}

// localIndex sets up pi's local indexing: own lists the neurons of the
// population that rank holds (increasing), loc maps each neuron to its
// local index or -1.
func (pi *popInst) localIndex(owner []int32, rank int) {
	pi.owner = owner[pi.p.offset : pi.p.offset+pi.n]
	pi.loc = make([]int32, pi.n)
	pi.own = make([]int32, 0, pi.n)
	for i, r := range pi.owner {
		pi.loc[i] = -1
		if int(r) == rank {
			pi.loc[i] = int32(len(pi.own))
			pi.own = append(pi.own, int32(i))
		}
	}
	pi.nl = len(pi.own)
}

// global returns the population index of local neuron l.
func (pi *popInst) global(l int) int {
	if pi.own == nil {
		return l
	}
	return int(pi.own[l])
}

// local returns the local index of neuron i, or -1 if another rank holds
// it.
func (pi *popInst) local(i int) int {
	if pi.loc == nil {
		return i
	}
	return int(pi.loc[i])
}

// rankOf returns the rank that holds neuron i.
func (pi *popInst) rankOf(i int) int {
	if pi.owner == nil {
		return 0
	}
	return int(pi.owner[i])
}

// position returns where neuron i sits in the state arrays, or -1 if
// another rank holds it.
func (pi *popInst) position(i int) int {
	l := pi.local(i)
	if l < 0 {
		return -1
	}
	return pi.lay.pos(l)
}

package morph

import (
	"bytes"
	"sort"

	"github.com/golgi-sim/golgi/sim/mech"
)

// The nodes of a CellGroup are numbered in two orders. The canonical
// order is NEURON's: cell after cell, each cell's nodes in the order of
// its Compartments (a section's segments, then the zero-area node at its
// end). It fixes the arithmetic: the solve adds the children's terms to
// their parents' sums in it, and its elimination order (solveOrders) is
// computed in it. The storage order is the order of the group's arrays:
// cell after cell, each cell's nodes of non-zero area grouped by the
// density mechanisms inserted there (nodes with the most common
// mechanisms first, in canonical order among equals), then the zero-area
// nodes of every cell. No density mechanism is inserted at a zero-area
// node, so a mechanism present in every segment of the group's cells is
// on one run of consecutive nodes and steps on sub-slices of the group's
// arrays (mechRun.direct), and one present in some sections is on a run
// per cell (mechRun.ranged, its lanes full), where NEURON's order, in
// which every section's end node separates its segments from the next
// section's, would break it into a run per section (or per segment where
// sections have one) to be gathered and scattered at every step. The
// order changes no result: every node's sums are formed mechanism by
// mechanism as before, and the solve runs in the canonical order.

// storageOrder returns pos, where pos[c] is the storage index of
// canonical node c: zero[c] tells the nodes of zero area, cellOf[c] the
// cell (cells' nodes are consecutive in canonical order) and key[c] the
// node's place among its cell's nodes (smaller first, canonical order
// among equal keys).
func storageOrder(zero []bool, cellOf []int, key []string) []int32 {
	n := len(zero)
	pos := make([]int32, n)
	if canonicalStorage {
		for c := range pos {
			pos[c] = int32(c)
		}
		return pos
	}
	next := int32(0)
	for lo := 0; lo < n; {
		hi := lo
		for hi < n && cellOf[hi] == cellOf[lo] {
			hi++
		}
		var nodes []int
		for c := lo; c < hi; c++ {
			if !zero[c] {
				nodes = append(nodes, c)
			}
		}
		sort.SliceStable(nodes, func(i, j int) bool { return key[nodes[i]] < key[nodes[j]] })
		for _, c := range nodes {
			pos[c] = next
			next++
		}
		lo = hi
	}
	for c, z := range zero {
		if z {
			pos[c] = next
			next++
		}
	}
	return pos
}

// canonicalStorage, for tests, stores the nodes of the CellGroups made
// after it in the canonical order.
var canonicalStorage bool

// densityKeys returns every canonical node's key for storageOrder: a
// byte per density mechanism, the most common first, '0' where it is
// inserted at the node and '1' where not.
func (b *groupBuilder) densityKeys(n int) []string {
	var dens []int
	for mi := range b.insts {
		if b.insts[mi].kind == mech.Density {
			dens = append(dens, mi)
		}
	}
	sort.SliceStable(dens, func(i, j int) bool {
		a, c := &b.insts[dens[i]], &b.insts[dens[j]]
		if len(a.nodes) != len(c.nodes) {
			return len(a.nodes) > len(c.nodes)
		}
		return a.name < c.name
	})
	key := make([][]byte, n)
	for c := range key {
		key[c] = bytes.Repeat([]byte{'1'}, len(dens))
	}
	for j, mi := range dens {
		for _, c := range b.insts[mi].nodes {
			key[c][j] = '0'
		}
	}
	out := make([]string, n)
	for c := range key {
		out[c] = string(key[c])
	}
	return out
}

// permuteNodes moves the group's node arrays and every node index made
// while the cells were added (canonical) to the storage order
// (storageOrder), and computes the solve's orders in the canonical order
// and maps them, so that the solve does the same operations in the same
// sequence whatever the storage.
func (b *groupBuilder) permuteNodes() {
	g := b.g
	n := len(g.v)
	zero := make([]bool, n)
	cellOf := make([]int, n)
	for ci := range g.cells {
		c := &g.cells[ci]
		for i, nd := range c.cp.Nodes {
			zero[c.first+i] = nd.AreaUm2 == 0
			cellOf[c.first+i] = ci
		}
	}
	pos := storageOrder(zero, cellOf, b.densityKeys(n))
	g.pos = pos
	b.diamUm = make([]float64, n)
	for ci := range g.cells {
		c := &g.cells[ci]
		for i, nd := range c.cp.Nodes {
			b.diamUm[pos[c.first+i]] = nd.DiamUm
		}
	}
	tri, bk := solveOrders(g.parent)
	for i := range tri {
		tri[i] = pos[tri[i]]
	}
	for i := range bk {
		bk[i] = pos[bk[i]]
	}
	g.triOrder, g.bkOrder = tri, bk
	perm := func(x []float64) []float64 {
		out := make([]float64, len(x))
		for c, s := range pos {
			out[s] = x[c]
		}
		return out
	}
	g.v, g.cm, g.area, g.a, g.b = perm(g.v), perm(g.cm), perm(g.area), perm(g.a), perm(g.b)
	par := make([]int32, n)
	for c, s := range pos {
		par[s] = -1
		if p := g.parent[c]; p >= 0 {
			par[s] = pos[p]
		}
	}
	g.parent = par
	for ci := range g.cells {
		g.cells[ci].spike = int(pos[g.cells[ci].spike])
	}
	for i := range g.clamps {
		g.clamps[i].node = int(pos[g.clamps[i].node])
	}
	for i := range g.vclamps {
		g.vclamps[i].node = int(pos[g.vclamps[i].node])
	}
	for mi := range b.insts {
		in := &b.insts[mi]
		for k, ni := range in.nodes {
			in.nodes[k] = pos[ni]
		}
		if in.kind == mech.Density {
			in.sortByNode()
		}
	}
}

// sortByNode orders a density mechanism's instances by their nodes (a
// density mechanism has one instance per node, so the order is total;
// point processes keep theirs, which PointRefs name).
func (in *mechInstances) sortByNode() {
	idx := make([]int, len(in.nodes))
	for k := range idx {
		idx[k] = k
	}
	sort.Slice(idx, func(i, j int) bool { return in.nodes[idx[i]] < in.nodes[idx[j]] })
	nodes := make([]int32, len(idx))
	params := make([]map[string]float64, len(idx))
	calls := make([][]MechanismCall, len(idx))
	where := make([]string, len(idx))
	for k, o := range idx {
		nodes[k], params[k], calls[k], where[k] = in.nodes[o], in.params[o], in.calls[o], in.where[o]
	}
	in.nodes, in.params, in.calls, in.where = nodes, params, calls, where
}

// node returns the storage index of canonical node c (a cell's first
// plus the index of one of its Compartments' nodes).
func (g *CellGroup) node(c int) int { return int(g.pos[c]) }

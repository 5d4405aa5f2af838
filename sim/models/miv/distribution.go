package miv

import (
	"fmt"
	"slices"

	"github.com/golgi-sim/golgi/sim/netcon"
)

// Comm is what a network distributed over ranks needs of a
// communicator: the spike exchange's (netcon.Comm) and the gathering of
// the recordings to rank 0. sim/mpi's World and Local have these
// methods.
type Comm interface {
	netcon.Comm
	// GathervFloat64 gathers counts[r] values from each rank r into
	// root's recv at displs[r].
	GathervFloat64(send, recv []float64, counts, displs []int, root int) error
}

// Distribute assigns every biophysical gid of the network of cfg and
// con to one of ranks ranks, as MiV assigns gids (round robin: gid g on
// rank g mod ranks), the cells coupled by gap junctions, directly or
// through others, kept on one rank: such a group goes where its smallest
// gid would. The result depends on the configuration, the gap junctions
// and ranks only. A gap junction naming a gid that is not a biophysical
// cell is an error.
func Distribute(cfg *Config, con *Construction, ranks int) (map[int]int, error) {
	if ranks < 1 {
		ranks = 1
	}
	parent := map[int]int{}
	for _, r := range cfg.PopulationRanges() {
		if r.Count == 0 || cfg.isArtificial(r.Name) {
			continue
		}
		for g := r.Start; g < r.Start+r.Count; g++ {
			parent[g] = g
		}
	}
	find := func(g int) int {
		for parent[g] != g {
			parent[g] = parent[parent[g]]
			g = parent[g]
		}
		return g
	}
	if con != nil {
		for _, set := range con.GapJunctions {
			for j, gj := range set.Junctions {
				_, oka := parent[gj.SourceGid]
				_, okb := parent[gj.DestinationGid]
				if !oka || !okb {
					return nil, fmt.Errorf("miv: gap junction %d of %s -> %s couples gids %d and %d: both must be biophysical cells of the network", j, set.Source, set.Destination, gj.SourceGid, gj.DestinationGid)
				}
				a, b := find(gj.SourceGid), find(gj.DestinationGid)
				if a != b {
					parent[max(a, b)] = min(a, b) // the root is the group's smallest gid
				}
			}
		}
	}
	out := make(map[int]int, len(parent))
	for g := range parent {
		out[g] = find(g) % ranks
	}
	return out, nil
}

// populationOf returns the population of gid (a biophysical or STIM
// cell of the configuration), or false.
func (n *Network) populationOf(gid int) (string, bool) {
	for _, r := range n.ranges {
		if gid >= r.Start && gid < r.Start+r.Count {
			return r.Name, true
		}
	}
	return "", false
}

// biophysicalGids returns every biophysical gid of the network, on every
// rank, in the order of one process's Cells (populations by id, gids
// ascending).
func (n *Network) biophysicalGids() []int {
	var out []int
	for _, r := range n.ranges {
		if r.Count == 0 || n.Config.isArtificial(r.Name) {
			continue
		}
		for g := r.Start; g < r.Start+r.Count; g++ {
			out = append(out, g)
		}
	}
	return out
}

// local reports whether gid's cell is built here.
func (n *Network) local(gid int) bool {
	if n.comm == nil {
		return true
	}
	return n.owner[gid] == n.comm.Rank()
}

// gatherRows gathers the rows of rows (every rank holding the rows of
// its own entries, rows of one length width) to rank 0, which fills
// every row: owner[i] is the rank of entry i (collective).
func (n *Network) gatherRows(rows [][]float64, owner []int, width int, what string) error {
	size, rank := n.comm.Size(), n.comm.Rank()
	counts, displs := make([]int, size), make([]int, size)
	var send []float64
	for i, r := range owner {
		counts[r] += width
		if r == rank {
			if len(rows[i]) != width {
				return fmt.Errorf("miv: %s: row %d of %d values, want %d", what, i, len(rows[i]), width)
			}
			send = append(send, rows[i]...)
		}
	}
	total := 0
	for r := range size {
		displs[r] = total
		total += counts[r]
	}
	var recv []float64
	if rank == 0 {
		recv = make([]float64, total)
	}
	if err := n.comm.GathervFloat64(send, recv, counts, displs, 0); err != nil {
		return fmt.Errorf("miv: gathering %s: %w", what, err)
	}
	if rank != 0 {
		return nil
	}
	at := slices.Clone(displs)
	for i, r := range owner {
		rows[i] = recv[at[r] : at[r]+width : at[r]+width]
		at[r] += width
	}
	return nil
}

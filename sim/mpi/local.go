package mpi

import (
	"fmt"
	"sync"
)

// Local is one rank of an in-process communicator made by NewLocal: each
// rank is used by its own goroutine, and the collectives exchange data
// through memory. It has World's methods, so distributed code (sim.Comm)
// can be tested without MPI.
type Local struct {
	rank int
	g    *localGroup
	seq  int // collectives this rank started without waiting
}

type localGroup struct {
	size    int
	mu      sync.Mutex
	cond    *sync.Cond
	arrived int
	gen     int
	slots   []any // per rank: what it contributes to the collective in progress
	// Collectives started without waiting (IallgatherInt32), by sequence
	// number: the same on every rank, as ranks start them in one order.
	async map[int]*localAsync
}

// localAsync is an in-process collective in flight.
type localAsync struct {
	parts  [][]int32 // per rank: a copy of what it sent, nil until started
	posted int
	read   int
}

// NewLocal returns the size ranks of a new in-process communicator.
func NewLocal(size int) []*Local {
	if size < 1 {
		size = 1
	}
	g := &localGroup{size: size, slots: make([]any, size), async: map[int]*localAsync{}}
	g.cond = sync.NewCond(&g.mu)
	ranks := make([]*Local, size)
	for r := range ranks {
		ranks[r] = &Local{rank: r, g: g}
	}
	return ranks
}

// wait blocks until every rank has called it (one generation).
func (g *localGroup) wait() {
	g.mu.Lock()
	gen := g.gen
	g.arrived++
	if g.arrived == g.size {
		g.arrived = 0
		g.gen++
		g.cond.Broadcast()
	} else {
		for gen == g.gen {
			g.cond.Wait()
		}
	}
	g.mu.Unlock()
}

// exchange publishes v as this rank's contribution, waits for every rank,
// calls read with all contributions, and waits again so no rank reuses its
// buffers before every rank has read them.
func (l *Local) exchange(v any, read func(all []any)) {
	l.g.slots[l.rank] = v
	l.g.wait()
	read(l.g.slots)
	l.g.wait()
}

// Rank returns this rank.
func (l *Local) Rank() int { return l.rank }

// Size returns the number of ranks.
func (l *Local) Size() int { return l.g.size }

// Barrier blocks until every rank has called it.
func (l *Local) Barrier() error {
	l.g.wait()
	return nil
}

// AllgatherInt64 gathers len(send) values from every rank into recv.
func (l *Local) AllgatherInt64(send, recv []int64) error {
	if len(recv) != len(send)*l.g.size {
		return fmt.Errorf("mpi.Local.AllgatherInt64: receive buffer of %d for %d elements from %d ranks", len(recv), len(send), l.g.size)
	}
	var err error
	l.exchange(send, func(all []any) {
		for r, v := range all {
			s := v.([]int64)
			if len(s) != len(send) {
				err = fmt.Errorf("mpi.Local.AllgatherInt64: rank %d sends %d elements, rank %d %d", r, len(s), l.rank, len(send))
				continue
			}
			copy(recv[r*len(send):], s)
		}
	})
	return err
}

// AllgathervInt32 gathers counts[r] values from each rank r into recv at
// displs[r].
func (l *Local) AllgathervInt32(send, recv []int32, counts, displs []int) error {
	return localAllgatherv(l, send, recv, counts, displs)
}

// AllgathervFloat64 gathers counts[r] values from each rank r into recv at
// displs[r].
func (l *Local) AllgathervFloat64(send, recv []float64, counts, displs []int) error {
	return localAllgatherv(l, send, recv, counts, displs)
}

func localAllgatherv[T Elem](l *Local, send, recv []T, counts, displs []int) error {
	return localGatherv(l, send, recv, counts, displs, -1)
}

// GathervFloat64 gathers counts[r] values from each rank r into root's
// recv at displs[r]; recv, counts and displs matter on root only.
func (l *Local) GathervFloat64(send, recv []float64, counts, displs []int, root int) error {
	if root < 0 || root >= l.g.size {
		// Every rank takes part even when its arguments are wrong, so
		// that no rank waits for ever.
		l.exchange(send, func([]any) {})
		return fmt.Errorf("mpi.Local.Gatherv: root %d of %d ranks", root, l.g.size)
	}
	return localGatherv(l, send, recv, counts, displs, root)
}

// localGatherv is Gatherv to root, or Allgatherv for root -1.
func localGatherv[T Elem](l *Local, send, recv []T, counts, displs []int, root int) error {
	name := "mpi.Local.Allgatherv"
	if root >= 0 {
		name = "mpi.Local.Gatherv"
	}
	receives := root < 0 || l.rank == root
	var bad error
	if receives {
		bad = checkAllgatherv(len(send), len(recv), l.rank, l.g.size, counts, displs)
	}
	// Every rank takes part even when its arguments are wrong, so that no
	// rank waits for ever.
	l.exchange(send, func(all []any) {
		if bad != nil || !receives {
			return
		}
		for r, v := range all {
			s := v.([]T)
			if len(s) != counts[r] {
				bad = fmt.Errorf("%s: rank %d sends %d elements, counts says %d", name, r, len(s), counts[r])
				return
			}
			copy(recv[displs[r]:], s)
		}
	})
	return bad
}

// AllreduceFloat64 combines send elementwise over all ranks with op into
// recv.
func (l *Local) AllreduceFloat64(send, recv []float64, op Op) error {
	if len(recv) != len(send) {
		return fmt.Errorf("mpi.Local.AllreduceFloat64: receive buffer of %d for %d elements", len(recv), len(send))
	}
	l.exchange(send, func(all []any) {
		copy(recv, all[0].([]float64))
		for _, v := range all[1:] {
			reduce(recv, v.([]float64), op)
		}
	})
	return nil
}

// IallgatherInt32 starts an Allgather of len(send) values from every rank
// into recv and returns at once with complete, which finishes it:
// complete(true) waits until every rank has started the same collective
// and fills recv, complete(false) fills recv and reports true only if
// every rank has.
func (l *Local) IallgatherInt32(send, recv []int32) (complete func(block bool) (bool, error), err error) {
	if len(recv) != len(send)*l.g.size {
		return nil, fmt.Errorf("mpi.Local.IallgatherInt32: receive buffer of %d for %d elements from %d ranks", len(recv), len(send), l.g.size)
	}
	g := l.g
	seq := l.seq
	l.seq++
	g.mu.Lock()
	op := g.async[seq]
	if op == nil {
		op = &localAsync{parts: make([][]int32, g.size)}
		g.async[seq] = op
	}
	op.parts[l.rank] = append([]int32{}, send...)
	op.posted++
	if op.posted == g.size {
		g.cond.Broadcast()
	}
	g.mu.Unlock()
	done := false
	var bad error
	return func(block bool) (bool, error) {
		if done {
			return true, bad
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		for op.posted < g.size {
			if !block {
				return false, nil
			}
			g.cond.Wait()
		}
		for r, p := range op.parts {
			if len(p) != len(send) {
				bad = fmt.Errorf("mpi.Local.IallgatherInt32: rank %d sends %d elements, rank %d %d", r, len(p), l.rank, len(send))
				continue
			}
			copy(recv[r*len(send):], p)
		}
		done = true
		if op.read++; op.read == g.size {
			delete(g.async, seq)
		}
		return true, bad
	}, nil
}

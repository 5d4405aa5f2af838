package sim

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Comm connects the processes (ranks) that run one network together, as
// MPI's world communicator does: mpi.World in an MPI build, or mpi.Local
// for in-process tests. Every rank builds the same Network with the same
// Options apart from Comm, and calls Build and Run (collective calls) the
// same number of times with the same arguments.
//
// Rank r owns the neurons of gid mod Size = r (or those AssignLPT gives it
// from Options.CellCost), holds only their state, in compact arrays, and
// the synapses that end on them, and steps only those. Connectivity, weights, delays, initial values and random inputs come
// from streams keyed by target neuron, so each rank derives its part of the
// network a single process would build, without communication. Once per
// epoch the ranks exchange the epoch's spikes, (step, gid) pairs, and every
// rank delivers all of them in (step, gid) order: the spikes are
// bit-identical to a single process's for any number of ranks and threads.
//
// Every rank records every spike; recorded state variables are gathered at
// the end of each Run, so each rank's Result is the whole network's. With
// Options.GatherToRoot only rank 0 keeps them: the other ranks store no
// spikes and only their own neurons' samples, which they send to rank 0.
type Comm interface {
	Rank() int
	Size() int
	// AllgatherInt64 gathers len(send) values from every rank into recv,
	// rank r's at r*len(send).
	AllgatherInt64(send, recv []int64) error
	// AllgathervInt32 gathers counts[r] values from each rank r into recv
	// at displs[r].
	AllgathervInt32(send, recv []int32, counts, displs []int) error
	// AllgathervFloat64 is AllgathervInt32 for float64 values.
	AllgathervFloat64(send, recv []float64, counts, displs []int) error
}

// exchange is the spike exchange between ranks of a distributed
// simulation.
type exchange struct {
	comm       Comm
	rank, size int
	offsets    []int32 // gid of neuron 0 of each population
	send       []int32 // this rank's spikes of the epoch: (step, gid) pairs
	recv       []int32 // every rank's, rank after rank
	hdr        []int64 // this rank's [spikes, stop]
	hdrAll     []int64
	counts     []int
	displs     []int
	heads      []int
	// merged holds the epoch's spikes of every rank in (step, gid) order;
	// written only at the epoch barrier, read by the workers after it.
	merged []spikeEvent
	stats  ExchangeStats

	// Options.GatherToRoot, and whether this is a rank other than 0 then.
	gatherToRoot, elsewhere bool

	// The overlapped exchange (exchange_overlap.go); async is nil when
	// the exchange blocks.
	async     AsyncComm
	parts     int // an epoch's parts, exchanged one by one
	slots     []pendingExchange
	nextSlot  int
	queue     []*pendingExchange // in flight, oldest first
	blockLen  int
	all       []int32 // every rank's values of a completed exchange
	allCounts []int
	allDispls []int
	late      []spikeEvent // later parts' spikes, delivered during the next epoch
	mergeHeap []mergeHead  // heapMerge's heap, kept between exchanges
}

// ExchangeStats describes the spike exchange between ranks so far.
type ExchangeStats struct {
	Epochs int64 // epochs exchanged
	// Exchanges counts the collective exchanges: one per epoch, or one
	// per part of an epoch when they overlap with stepping (Overlapped).
	Exchanges  int64
	Overlapped bool
	// Wall is the time spent in the exchanges: merging this rank's
	// spikes, the collectives and merging every rank's spikes.
	Wall time.Duration
	// Wait is the part of Wall spent waiting for the other ranks: in the
	// first collective of a blocking exchange, which cannot complete
	// before the slowest rank has finished the epoch, or for an
	// overlapped exchange to complete. Load imbalance and, on a shared
	// machine, other processes show here.
	Wait  time.Duration
	Bytes int64 // spike data received
}

// newExchange prepares the exchange of spikes over c for the populations
// pops, stepped by threads workers in epochs of epoch steps, overlapped with
// stepping when c allows (unless opts.BlockingExchange). elsewhere is set on
// a rank other than 0 with opts.GatherToRoot.
func newExchange(c Comm, pops []*popInst, threads int, epoch int64, opts *Options, elsewhere bool) *exchange {
	x := &exchange{comm: c, rank: c.Rank(), size: c.Size(), hdr: make([]int64, 2),
		hdrAll: make([]int64, 2*c.Size()), counts: make([]int, c.Size()),
		displs: make([]int, c.Size()), heads: make([]int, max(c.Size(), threads)),
		allCounts: make([]int, c.Size()), allDispls: make([]int, c.Size()), blockLen: startBlockLen}
	for _, pi := range pops {
		x.offsets = append(x.offsets, int32(pi.p.offset))
	}
	x.gatherToRoot, x.elsewhere = opts.GatherToRoot, elsewhere
	// Parts of an epoch need an epoch of two steps at least.
	if a, ok := c.(AsyncComm); ok && epoch >= 2 && !opts.BlockingExchange {
		x.async = a
		x.parts = int(min(int64(exchangeParts), epoch))
		x.slots = make([]pendingExchange, x.parts+1)
		x.stats.Overlapped = true
	}
	return x
}

// run exchanges the spikes of the epoch that the workers left in
// spikes[parity] and merges them into merged. stop is this rank's wish to
// stop after this epoch; run returns whether any rank wishes it, so that
// all stop at the same epoch.
func (x *exchange) run(ws []*worker, parity int, stop bool) (bool, error) {
	start := time.Now()
	x.collect(ws, parity)
	x.hdr[0], x.hdr[1] = int64(len(x.send)), 0
	if stop {
		x.hdr[1] = 1
	}
	t0 := time.Now()
	if err := x.comm.AllgatherInt64(x.hdr, x.hdrAll); err != nil {
		return true, fmt.Errorf("sim: spike exchange: %w", err)
	}
	x.stats.Wait += time.Since(t0)
	total := 0
	for r := range x.counts {
		x.counts[r], x.displs[r] = int(x.hdrAll[2*r]), total
		total += x.counts[r]
		if x.hdrAll[2*r+1] != 0 {
			stop = true
		}
	}
	if total > math.MaxInt32 {
		return true, fmt.Errorf("sim: spike exchange: %d values in one epoch, at most %d", total, math.MaxInt32)
	}
	if cap(x.recv) < total {
		x.recv = make([]int32, total, total+total/4)
	}
	x.recv = x.recv[:total]
	if err := x.comm.AllgathervInt32(x.send, x.recv, x.counts, x.displs); err != nil {
		return true, fmt.Errorf("sim: spike exchange: %w", err)
	}
	x.merged = x.mergeRanks(x.recv, x.counts, x.displs, x.merged[:0])
	x.stats.Epochs++
	x.stats.Exchanges++
	x.stats.Bytes += int64(total) * 4
	x.stats.Wall += time.Since(start)
	return stop, nil
}

// collect merges the workers' spike lists spikes[parity] into send, this
// rank's (step, gid) pairs in (step, gid) order.
func (x *exchange) collect(ws []*worker, parity int) {
	x.send = x.send[:0]
	heads := x.heads[:len(ws)]
	clear(heads)
	for {
		best := -1
		var be spikeEvent
		for t, w := range ws {
			if h := heads[t]; h < len(w.spikes[parity]) {
				e := w.spikes[parity][h]
				if best < 0 || before(e, be) {
					best, be = t, e
				}
			}
		}
		if best < 0 {
			break
		}
		heads[best]++
		x.send = append(x.send, be.step, x.offsets[be.pop]+be.idx)
	}
}

// event returns the spike of gid g in step s.
func (x *exchange) event(s, g int32) spikeEvent {
	p := len(x.offsets) - 1
	if p >= 8 {
		// The last population whose first gid is at most g.
		p = sort.Search(len(x.offsets), func(i int) bool { return x.offsets[i] > g }) - 1
	} else {
		for x.offsets[p] > g {
			p--
		}
	}
	return spikeEvent{step: s, pop: int32(p), idx: g - x.offsets[p]}
}

// before reports whether spike a comes before b in (step, gid) order.
func before(a, b spikeEvent) bool {
	return a.step < b.step || (a.step == b.step && (a.pop < b.pop || (a.pop == b.pop && a.idx < b.idx)))
}

// sumCounts replaces each rank's per-projection synapse counts by the
// network's.
func (x *exchange) sumCounts(projs []*projInst) error {
	if len(projs) == 0 {
		return nil
	}
	mine := make([]int64, len(projs))
	for k, pj := range projs {
		mine[k] = pj.count
	}
	all := make([]int64, len(projs)*x.size)
	if err := x.comm.AllgatherInt64(mine, all); err != nil {
		return fmt.Errorf("sim: synapse counts: %w", err)
	}
	for k, pj := range projs {
		pj.count = 0
		for r := 0; r < x.size; r++ {
			pj.count += all[r*len(projs)+k]
		}
	}
	return nil
}

// RootGatherComm is a Comm that can also gather to one rank (mpi.World,
// mpi.Local). With Options.GatherToRoot, the recorded traces then travel
// to rank 0 only; without it every rank receives them and the others drop
// them.
type RootGatherComm interface {
	Comm
	// GathervFloat64 gathers counts[r] values from each rank r into
	// root's recv at displs[r]; recv, counts and displs matter on root
	// only.
	GathervFloat64(send, recv []float64, counts, displs []int, root int) error
}

// gatherTraces completes every recorded trace with the rows the other
// ranks recorded: on every rank, or with Options.GatherToRoot on rank 0.
func (x *exchange) gatherTraces(rec *recording) error {
	g, toRoot := x.comm.(RootGatherComm)
	toRoot = toRoot && x.gatherToRoot
	for _, tr := range rec.traces {
		samples := 0
		var send []float64
		rows := make([]int, x.size) // rows recorded by each rank
		for k, i := range tr.trace.Neurons {
			r := tr.pi.rankOf(i)
			rows[r]++
			if r == x.rank {
				samples = len(tr.trace.Values[k])
				send = append(send, tr.trace.Values[k]...)
			}
		}
		// Every rank samples the same steps; a rank without rows learns
		// the count from the others.
		lens := make([]int64, x.size)
		if err := x.comm.AllgatherInt64([]int64{int64(samples)}, lens); err != nil {
			return fmt.Errorf("sim: gathering %s.%s: %w", tr.trace.Population, tr.trace.Variable, err)
		}
		for r, l := range lens {
			if rows[r] > 0 {
				samples = int(l)
			}
		}
		total := 0
		for r := range x.counts {
			x.counts[r], x.displs[r] = rows[r]*samples, total
			total += x.counts[r]
		}
		var all []float64
		if !toRoot || !x.elsewhere {
			all = make([]float64, total)
		}
		var err error
		if toRoot {
			err = g.GathervFloat64(send, all, x.counts, x.displs, 0)
		} else {
			err = x.comm.AllgathervFloat64(send, all, x.counts, x.displs)
		}
		if err != nil {
			return fmt.Errorf("sim: gathering %s.%s: %w", tr.trace.Population, tr.trace.Variable, err)
		}
		if x.elsewhere {
			continue // rank 0 keeps them
		}
		next := append([]int(nil), x.displs...)
		for k, i := range tr.trace.Neurons {
			r := tr.pi.rankOf(i)
			if r != x.rank {
				tr.trace.Values[k] = append(tr.trace.Values[k][:0], all[next[r]:next[r]+samples]...)
			}
			next[r] += samples
		}
	}
	return nil
}

// Ranks returns the number of processes the simulation is distributed
// over: 1 unless Options.Comm has more ranks.
func (s *Simulation) Ranks() int {
	if x := s.inst.exch; x != nil {
		return x.size
	}
	return 1
}

// ExchangeStats reports this rank's spike exchange so far; it is zero for
// a simulation on one rank.
func (s *Simulation) ExchangeStats() ExchangeStats {
	if x := s.inst.exch; x != nil {
		return x.stats
	}
	return ExchangeStats{}
}

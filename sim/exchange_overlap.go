package sim

import (
	"fmt"
	"math"
	"time"
)

// AsyncComm is a Comm that can start an Allgather and finish it later
// (mpi.World, mpi.Local). With it, a distributed simulation whose minimum
// delay spans at least two steps overlaps every spike exchange with part
// of an epoch of computation (see below).
type AsyncComm interface {
	Comm
	// IallgatherInt32 starts gathering len(send) values from every rank
	// into recv, rank r's at r*len(send), and returns at once; send may
	// be reused at once, recv is filled when the collective completes.
	// complete(true) blocks until it has; complete(false) only lets it
	// advance and reports whether it has. Every rank starts its
	// collectives in the same order.
	IallgatherInt32(send, recv []int32) (complete func(block bool) (bool, error), err error)
}

// The overlapped exchange. An epoch [a, b) of L steps is stepped in k
// parts, part i being [a+(i-1)L/k, a+iL/k) (integer division; k =
// exchangeParts). At the end of each part the rank starts exchanging the
// part's spikes and goes on stepping. The first part's spikes are waited
// for at b and delivered there, exactly as the blocking exchange delivers
// the whole epoch's: no spike is due before b, and one due at b goes
// straight into the receiving state variable in both schemes. Part i > 1's
// spikes are waited for one epoch after their part began, at the end of the
// next epoch's part i-1, and delivered into the input buffers: each is
// due then or later (its delay spans a whole epoch), and the blocking
// exchange, delivering it at b, buffered it too. Both deliver in (step,
// gid) order, part after part, so every target's inputs are summed in the
// same order: the results are bit-identical to the blocking exchange's
// and to one process's. Each exchange has (k-1)/k of an epoch to
// complete: a rank late by less than that holds no one up.
//
// Each part's exchange is one Allgather of a block of blockLen int32 per
// rank: [values, stop, value...], values being 2 per spike. Spikes that
// do not fit follow in a blocking Allgatherv when the exchange is
// completed, and every rank then enlarges blockLen alike (they all see
// the same counts).

// exchangeParts is the number of parts an epoch is exchanged in when the
// exchange overlaps with stepping. Measured on Brunel 1 s, 2 ranks (make
// bench-mpi; docs/MPI.md): 3 and 4 parts were no faster than 2, each part
// costing a collective.
var exchangeParts = 2

// pendingExchange is one part's exchange in flight.
type pendingExchange struct {
	complete func(block bool) (bool, error)
	done     bool    // complete has reported done
	send     []int32 // [values, stop, value...], padded to blockLen
	recv     []int32 // every rank's block
	blockLen int
}

// startBlockLen is the initial block per rank (int32 values): 1 KiB, well
// within the eager limit of MPI's shared-memory transport.
const startBlockLen = 256

// overlapped reports whether x exchanges spikes overlapped with stepping.
func (x *exchange) overlapped() bool { return x.async != nil }

// post starts exchanging the spikes the workers left in spikes[parity],
// with this rank's wish to stop.
func (x *exchange) post(ws []*worker, parity int, stop bool) error {
	start := time.Now()
	x.collect(ws, parity)
	p := &x.slots[x.nextSlot]
	x.nextSlot = (x.nextSlot + 1) % len(x.slots)
	if p.complete != nil {
		return fmt.Errorf("sim: spike exchange: more than %d in flight", len(x.slots))
	}
	if len(x.send) > math.MaxInt32-2 {
		return fmt.Errorf("sim: spike exchange: %d values in one part of an epoch, at most %d", len(x.send), math.MaxInt32-2)
	}
	flag := int32(0)
	if stop {
		flag = 1
	}
	p.blockLen = x.blockLen
	p.send = append(append(p.send[:0], int32(len(x.send)), flag), x.send...)
	for len(p.send) < p.blockLen {
		p.send = append(p.send, 0)
	}
	if n := x.size * p.blockLen; cap(p.recv) < n {
		p.recv = make([]int32, n)
	}
	p.recv = p.recv[:x.size*p.blockLen]
	complete, err := x.async.IallgatherInt32(p.send[:p.blockLen], p.recv)
	if err != nil {
		return fmt.Errorf("sim: spike exchange: %w", err)
	}
	p.complete, p.done = complete, false
	x.queue = append(x.queue, p)
	x.stats.Wall += time.Since(start)
	return nil
}

// inFlight returns the number of exchanges started and not completed.
func (x *exchange) inFlight() int { return len(x.queue) }

// progress lets the oldest exchange in flight advance (MPI_Test), so that
// a transfer needing both sides' attention moves while the rank steps.
func (x *exchange) progress() {
	if len(x.queue) == 0 {
		return
	}
	p := x.queue[0]
	if !p.done {
		p.done, _ = p.complete(false) // an error shows when it is completed
	}
}

// completeOldest waits for the oldest exchange in flight and appends every
// rank's spikes of it to dst in (step, gid) order. It returns whether any
// rank wished to stop.
func (x *exchange) completeOldest(dst *[]spikeEvent) (bool, error) {
	start := time.Now()
	p := x.queue[0]
	x.queue = append(x.queue[:0], x.queue[1:]...)
	complete := p.complete
	p.complete = nil
	t0 := time.Now()
	if _, err := complete(true); err != nil {
		return true, fmt.Errorf("sim: spike exchange: %w", err)
	}
	x.stats.Wait += time.Since(t0)
	fit := p.blockLen - 2
	stop := false
	extra, most := 0, 0
	for r := 0; r < x.size; r++ {
		n := int(p.recv[r*p.blockLen])
		if p.recv[r*p.blockLen+1] != 0 {
			stop = true
		}
		most = max(most, n)
		x.counts[r] = max(0, n-fit)
		x.displs[r] = extra
		extra += x.counts[r]
	}
	if extra > 0 {
		// Spikes that did not fit the blocks: every rank sees the counts,
		// so all take part.
		if cap(x.recv) < extra {
			x.recv = make([]int32, extra, extra+extra/4)
		}
		x.recv = x.recv[:extra]
		mine := p.send[min(len(p.send), p.blockLen):]
		mine = mine[:x.counts[x.rank]]
		if err := x.comm.AllgathervInt32(mine, x.recv, x.counts, x.displs); err != nil {
			return true, fmt.Errorf("sim: spike exchange: %w", err)
		}
		for x.blockLen < most+2 {
			x.blockLen *= 2
		}
	}
	// Every rank's values in one run, rank after rank, for mergeRanks.
	x.all = x.all[:0]
	for r := 0; r < x.size; r++ {
		n := int(p.recv[r*p.blockLen])
		in := min(n, fit)
		x.allCounts[r], x.allDispls[r] = n, len(x.all)
		x.all = append(x.all, p.recv[r*p.blockLen+2:r*p.blockLen+2+in]...)
		x.all = append(x.all, x.recv[x.displs[r]:x.displs[r]+n-in]...)
	}
	*dst = x.mergeRanks(x.all, x.allCounts, x.allDispls, *dst)
	x.stats.Exchanges++
	x.stats.Bytes += int64(len(x.all)) * 4
	x.stats.Wall += time.Since(start)
	return stop, nil
}

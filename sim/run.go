package sim

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golgi-sim/golgi/sim/rng"
)

// Run builds net and runs it for duration (s). See Simulation.Run.
func Run(ctx context.Context, net *Network, duration float64, opts *Options) (*Result, error) {
	s, err := Build(net, opts)
	if err != nil {
		return nil, err
	}
	return s.Run(ctx, duration)
}

// Run advances the simulation by duration (s), rounded to whole steps, and
// returns everything recorded since the start. Run may be called again to
// continue. When ctx is cancelled the run stops at the end of the current
// epoch and returns what was recorded so far with Complete false, together
// with ctx's error.
func (s *Simulation) Run(ctx context.Context, duration float64) (*Result, error) {
	inst := s.inst
	if !(duration >= 0) || math.IsInf(duration, 0) {
		return nil, fmt.Errorf("sim.Run: duration %g s, want >= 0", duration)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	steps := int64(math.Round(duration / inst.dt))
	if inst.step+steps > math.MaxInt32 {
		return nil, fmt.Errorf("sim.Run: %d steps in all, at most %d supported", inst.step+steps, math.MaxInt32)
	}
	inst.rec.reserve(inst.step, steps)
	if inst.step == 0 {
		for t := range inst.workers {
			inst.rec.sample(t, -1)
		}
	}
	end := inst.step + steps
	r := &runner{inst: inst, ctx: ctx, end: end, start: time.Now()}
	r.bar = newBarrier(inst.threads, r.atEpochEnd)
	var wg sync.WaitGroup
	for _, w := range inst.workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					r.fail(fmt.Errorf("sim: worker %d: internal error: %v", w.t, p))
					r.bar.abort()
				}
			}()
			w.run(r)
		}(w)
	}
	wg.Wait()
	inst.step = r.done
	if r.err == nil && inst.exch != nil {
		if err := inst.exch.gatherTraces(inst.rec); err != nil {
			r.fail(err)
		}
	}
	res := inst.result()
	res.Complete = inst.step == end
	if r.err != nil {
		return res, r.err
	}
	if inst.opts.Progress != nil {
		inst.opts.Progress(Progress{Step: inst.step, Steps: end, T: float64(inst.step) * inst.dt,
			Duration: float64(end) * inst.dt, Spikes: inst.rec.count, Done: true})
	}
	if !res.Complete {
		return res, fmt.Errorf("sim: run stopped at %g s of %g s: %w", res.Duration, float64(end)*inst.dt, ctx.Err())
	}
	return res, nil
}

// runner is the shared state of one Run call.
type runner struct {
	inst     *instance
	ctx      context.Context
	end      int64
	bar      *barrier
	epochEnd int64 // last step+1 of the epoch (or its part) in progress
	parity   int   // which spike lists the epoch in progress fills
	last     bool  // the barrier ends an epoch, not one of its first parts (overlapped exchange)
	done     int64 // steps completed
	stop     bool
	agreed   bool // every rank knows that one wishes to stop (overlapped exchange)
	final    bool // the last exchange of the run is complete (overlapped exchange)
	start    time.Time
	lastRep  time.Time
	mu       sync.Mutex
	err      error
}

func (r *runner) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

// atEpochEnd runs on the last worker to reach the barrier, alone.
func (r *runner) atEpochEnd() {
	r.done = r.epochEnd
	// Worker 0 records the spikes after this: grow their storage now.
	r.inst.rec.project(r.done, r.end)
	if r.ctx.Err() != nil {
		r.stop = true
	}
	if x := r.inst.exch; x != nil && x.overlapped() {
		r.exchangeOverlapped(x)
	} else if x != nil {
		stop, err := x.run(r.inst.workers, r.parity, r.stop)
		if err != nil {
			r.fail(err)
		}
		r.stop = stop
	}
	if p := r.inst.opts.Progress; p != nil {
		now := time.Now()
		if now.Sub(r.lastRep) > 200*time.Millisecond {
			r.lastRep = now
			p(Progress{Step: r.done, Steps: r.end, T: float64(r.done) * r.inst.dt,
				Duration: float64(r.end) * r.inst.dt, Spikes: r.inst.rec.count})
		}
	}
}

// exchangeOverlapped starts exchanging the part of the epoch that ends
// here and completes the exchanges due: at the end of part i < k of an
// epoch the previous epoch's part i+1 (into x.late), at the epoch's end its
// first part (into x.merged), and at the run's last epoch, or when a rank
// has asked to stop, the rest too. See exchange_overlap.go.
func (r *runner) exchangeOverlapped(x *exchange) {
	wish := r.stop // this rank's context is done
	r.stop = false
	x.late = x.late[:0]
	complete := func(dst *[]spikeEvent) {
		stop, err := x.completeOldest(dst)
		if err != nil {
			r.fail(err)
			r.agreed = true
		}
		r.agreed = r.agreed || stop
	}
	if err := x.post(r.inst.workers, r.parity, wish); err != nil {
		r.fail(err)
		r.stop, r.final = true, true
		return
	}
	if !r.last {
		if x.inFlight() == x.parts {
			complete(&x.late)
		}
		return
	}
	x.merged = x.merged[:0]
	complete(&x.merged)
	x.stats.Epochs++
	if r.agreed || r.epochEnd == r.end {
		for x.inFlight() > 0 {
			complete(&x.late)
		}
		r.final = true
	}
	r.stop = r.agreed
}

// spikeEvent is a spike in an epoch's exchange.
type spikeEvent struct {
	step int32
	pop  int32
	idx  int32
}

type worker struct {
	t      int
	inst   *instance
	spikes [2][]spikeEvent
	local  []int32
	heads  []int
	// With Options.MeasureCost: time spent updating each population and
	// delivering spikes.
	popTime     []time.Duration
	deliverTime time.Duration
}

func newWorker(inst *instance, t int) *worker {
	w := &worker{t: t, inst: inst, heads: make([]int, inst.threads)}
	if inst.opts.MeasureCost {
		w.popTime = make([]time.Duration, len(inst.pops))
	}
	return w
}

func (w *worker) run(r *runner) {
	if x := w.inst.exch; x != nil && x.overlapped() {
		w.runOverlapped(r, x)
		return
	}
	inst := w.inst
	parity := 0
	for s0 := inst.step; s0 < r.end; s0 += inst.epoch {
		s1 := s0 + inst.epoch
		if s1 > r.end {
			s1 = r.end
		}
		if w.t == 0 {
			// Written before the barrier, read by its action: ordered by
			// the barrier's atomics.
			r.epochEnd = s1
			r.parity = parity
		}
		w.spikes[parity] = w.steps(s0, s1, w.spikes[parity][:0], nil)
		if !r.bar.wait() {
			return
		}
		w.deliver(parity, s1)
		if r.stop {
			return
		}
		parity ^= 1
	}
}

// runOverlapped is run with the spike exchange between ranks overlapped
// with stepping: each epoch in parts, see exchange_overlap.go.
func (w *worker) runOverlapped(r *runner, x *exchange) {
	inst := w.inst
	var poll *exchange // worker 0 lets the exchanges in flight advance
	if w.t == 0 {
		poll = x
	}
	k := int64(x.parts)
	parity := 0
	for s0 := inst.step; s0 < r.end; s0 += inst.epoch {
		s1 := min(s0+inst.epoch, r.end)
		for i := int64(1); i <= k; i++ {
			a, b := s0+(i-1)*(s1-s0)/k, s0+i*(s1-s0)/k
			if w.t == 0 {
				r.epochEnd, r.parity, r.last = b, parity, i == k
			}
			w.spikes[parity] = w.steps(a, b, w.spikes[parity][:0], poll)
			if !r.bar.wait() {
				return
			}
			// The exchange copied this rank's spikes: the lists are free.
			if i < k {
				w.deliverList(x.late, -1) // the previous epoch's part i+1
				if r.stop {
					return // the exchange failed
				}
				continue
			}
			w.deliverList(x.merged, s1) // this epoch's first part
			if r.final {
				w.deliverList(x.late, -1)
			}
			if r.stop {
				return
			}
		}
		parity ^= 1
	}
}

// steps advances this worker's neurons over steps [s0, s1) and appends
// their spikes to ev. With poll, it lets the spike exchanges in flight
// advance once a step until the oldest completes.
func (w *worker) steps(s0, s1 int64, ev []spikeEvent, poll *exchange) []spikeEvent {
	inst := w.inst
	measure := w.popTime != nil
	var t0 time.Time
	for s := s0; s < s1; s++ {
		if poll != nil {
			poll.progress()
		}
		for pidx, pi := range inst.pops {
			lo, hi := pi.lo[w.t], pi.hi[w.t]
			if lo == hi {
				continue
			}
			var in [][]float64
			if pi.buf != nil {
				slot := s % int64(inst.ring)
				for _, pin := range pi.inputs {
					pin.apply(pi.buf[slot][pin.receptor], lo, hi, s)
					pi.dirty[w.t][slot] = true
				}
				if pi.dirty[w.t][slot] {
					in = pi.buf[slot]
					pi.dirty[w.t][slot] = false
				}
			}
			if measure {
				t0 = time.Now()
			}
			if pi.iext != nil {
				w.currents(pi, lo, hi, s)
			}
			w.local = pi.state.Step(lo, hi, s, in, pi.iext, w.local[:0])
			if measure {
				w.popTime[pidx] += time.Since(t0)
			}
			off := int32(pi.lay.off[w.t]) // positions to local indices
			if own := pi.own; own != nil {
				// Local indices to the population's: own increases,
				// so the spikes stay in order.
				for _, i := range w.local {
					ev = append(ev, spikeEvent{int32(s), int32(pidx), own[i-off]})
				}
			} else {
				for _, i := range w.local {
					ev = append(ev, spikeEvent{int32(s), int32(pidx), i - off})
				}
			}
		}
		inst.rec.sample(w.t, s)
	}
	return ev
}

// currents fills pi.iext[lo:hi] for step s.
func (w *worker) currents(pi *popInst, lo, hi int, s int64) {
	ie := pi.iext[lo:hi]
	for k := range ie {
		ie[k] = 0
	}
	t := (float64(s) + 0.5) * w.inst.dt
	for _, c := range pi.steps {
		if t < c.Start || (c.Stop != 0 && t >= c.Stop) {
			continue
		}
		if c.Neurons == nil {
			for k := range ie {
				ie[k] += c.Amplitude
			}
			continue
		}
		first, end, off := pi.lay.first[w.t], pi.lay.end[w.t], pi.lay.off[w.t]
		for _, i := range c.Neurons {
			if i = pi.local(i); i >= first && i < end {
				pi.iext[i+off] += c.Amplitude
			}
		}
	}
	for _, p := range pi.played {
		p.add(pi.iext, t, w.t)
	}
}

// apply adds the Poisson input of step s to in[lo:hi]: per neuron the
// inverse CDF of Binomial(N, rate*dt) at a uniform number keyed by (gid,
// step), looked up through a table on the number's top bits.
func (p *poissonInputInst) apply(in []float64, lo, hi int, s int64) {
	if len(p.cdf) == 1 {
		return
	}
	w := p.weight
	cdf, lut := p.cdf, p.lut
	keys := p.keys[lo:hi]
	in = in[lo:hi]
	in = in[:len(keys)]
	for i, key := range keys {
		x := rng.Uint64(key, uint64(s)) >> 11 // 53 random bits
		k := int(lut[x>>(53-lutBits)])
		if k < len(cdf)-1 && float64(x)*0x1p-53 >= cdf[k] {
			u := float64(x) * 0x1p-53
			for k < len(cdf)-1 && u >= cdf[k] {
				k++
			}
		}
		if k != 0 {
			in[i] += float64(k) * w
		}
	}
}

// lutBits is the size (log2) of the Poisson input lookup table.
const lutBits = 12

// binomialLUT returns, for each of the 2^lutBits equal parts of [0, 1), the
// smallest k whose cumulative probability exceeds the part's lower end:
// where the part lies within one k that is the answer, otherwise the place
// to start the linear search.
func binomialLUT(cdf []float64) []uint8 {
	lut := make([]uint8, 1<<lutBits)
	k := 0
	for b := range lut {
		lo := float64(b) / (1 << lutBits)
		for k < len(cdf)-1 && lo >= cdf[k] {
			k++
		}
		if k > 255 {
			k = 255
		}
		lut[b] = uint8(k)
	}
	return lut
}

// deliver merges every worker's spikes of the epoch in (step, gid) order,
// records them (worker 0) and adds their effects on this worker's targets.
// next is the first step of the next epoch: effects due then go straight
// into the receiving state variable, later ones into the input buffers.
// On several ranks it delivers every rank's spikes, merged at the barrier.
func (w *worker) deliver(parity int, next int64) {
	if x := w.inst.exch; x != nil {
		w.deliverList(x.merged, next)
		return
	}
	t0 := w.deliveryStart()
	ws := w.inst.workers
	clear(w.heads)
	for {
		best := -1
		var be spikeEvent
		for t, other := range ws {
			if h := w.heads[t]; h < len(other.spikes[parity]) {
				if e := other.spikes[parity][h]; best < 0 || before(e, be) {
					best, be = t, e
				}
			}
		}
		if best < 0 {
			break
		}
		w.heads[best]++
		w.deliverSpike(be, next)
	}
	w.deliveryEnd(t0)
}

// deliverList delivers spikes, in (step, gid) order, as deliver does;
// next < 0 sends every effect to the input buffers.
func (w *worker) deliverList(spikes []spikeEvent, next int64) {
	t0 := w.deliveryStart()
	for _, e := range spikes {
		w.deliverSpike(e, next)
	}
	w.deliveryEnd(t0)
}

// deliveryStart and deliveryEnd time a delivery with Options.MeasureCost.
func (w *worker) deliveryStart() time.Time {
	if w.popTime == nil {
		return time.Time{}
	}
	return time.Now()
}

func (w *worker) deliveryEnd(t0 time.Time) {
	if !t0.IsZero() {
		w.deliverTime += time.Since(t0)
	}
}

// deliverSpike records spike e (worker 0) and adds its effects on this
// worker's targets.
func (w *worker) deliverSpike(be spikeEvent, next int64) {
	inst := w.inst
	ring := int64(inst.ring)
	pi := inst.pops[be.pop]
	if w.t == 0 {
		inst.rec.addSpike(pi, be, inst)
	}
	for _, pj := range pi.out {
		part := &pj.part[w.t]
		a, b := part.row[be.idx], part.row[be.idx+1]
		if a == b {
			continue
		}
		tgts := part.tgt[a:b]
		post := pj.post
		if pj.cd && part.w == nil {
			due := int64(be.step) + 1 + pj.d
			scatterAdd(post.inputSlice(pj.receptor, due, next, ring, w.t), tgts, pj.w)
			continue
		}
		for k, j := range tgts {
			due := int64(be.step) + 1 + pj.d
			if part.d != nil {
				due = int64(be.step) + 1 + int64(part.d[int(a)+k])
			}
			wt := pj.w
			if part.w != nil {
				wt = float64(part.w[int(a)+k])
			}
			post.inputSlice(pj.receptor, due, next, ring, w.t)[j] += wt
		}
	}
}

// inputSlice returns where input on receptor r due at step due goes: the
// receiving state variable itself when it is due at the next step (next)
// and the model takes direct input, otherwise the input buffer's slot,
// which it marks pending for worker t.
func (pi *popInst) inputSlice(r int, due, next, ring int64, t int) []float64 {
	if due == next && pi.direct[r] != nil {
		return pi.direct[r]
	}
	slot := due % ring
	pi.dirty[t][slot] = true
	return pi.buf[slot][r]
}

func (rec *recording) addSpike(pi *popInst, e spikeEvent, inst *instance) {
	rec.count++
	st := rec.spikes[e.pop]
	if st == nil {
		return
	}
	st.Index = append(st.Index, e.idx)
	st.Step = append(st.Step, e.step)
	stamp := float64(e.step) * inst.dt
	if inst.conv == ConventionGolgi {
		stamp = float64(e.step+1) * inst.dt
	}
	st.Time = append(st.Time, stamp)
}

// result assembles the Result of the run so far.
func (inst *instance) result() *Result {
	res := &Result{Dt: inst.dt, Convention: inst.conv, Steps: inst.step,
		Duration: float64(inst.step) * inst.dt, Threads: inst.threads, Ranks: 1,
		Spikes: map[string]*SpikeTrain{}}
	if inst.exch != nil {
		res.Ranks = inst.exch.size
	}
	if inst.elsewhere {
		res.OnRoot = true
		return res // rank 0 holds what was recorded
	}
	for _, st := range inst.rec.spikes {
		if st != nil {
			res.Spikes[st.Population] = st
		}
	}
	for _, tr := range inst.rec.traces {
		res.Traces = append(res.Traces, tr.trace)
	}
	return res
}

// barrierSpin is how long a waiter spins before it sleeps: longer than a
// typical epoch's imbalance (microseconds), shorter than a time slice.
const barrierSpin = 200 * time.Microsecond

// barrier is a reusable barrier for n goroutines that runs action on the
// last one to arrive before releasing the others. Waiters spin briefly (an
// epoch is often a few microseconds), then yield, then sleep on a
// condition variable, so it also behaves with more workers than cores or a
// busy machine.
type barrier struct {
	n      int32
	count  atomic.Int32
	gen    atomic.Uint32
	broken atomic.Bool
	action func()
	mu     sync.Mutex
	cond   *sync.Cond
	sleep  atomic.Int32 // waiters asleep on cond
}

func newBarrier(n int, action func()) *barrier {
	b := &barrier{n: int32(n), action: action}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// wait blocks until all n goroutines have called it; it returns false if the
// barrier was aborted.
func (b *barrier) wait() bool {
	g := b.gen.Load()
	if b.count.Add(1) == b.n {
		b.count.Store(0)
		if b.action != nil {
			b.action()
		}
		b.release()
		return !b.broken.Load()
	}
	var start time.Time
	for i := 1; b.gen.Load() == g; i++ {
		if i&1023 != 0 {
			continue
		}
		if b.broken.Load() {
			return false
		}
		// Let another goroutine of this P run (more workers than cores).
		runtime.Gosched()
		if start.IsZero() {
			start = time.Now()
			continue
		}
		if time.Since(start) < barrierSpin {
			continue
		}
		b.mu.Lock()
		b.sleep.Add(1)
		for b.gen.Load() == g && !b.broken.Load() {
			b.cond.Wait()
		}
		b.sleep.Add(-1)
		b.mu.Unlock()
	}
	return !b.broken.Load()
}

func (b *barrier) release() {
	b.gen.Add(1)
	if b.sleep.Load() > 0 {
		b.mu.Lock()
		b.cond.Broadcast()
		b.mu.Unlock()
	}
}

// abort releases every waiter with false.
func (b *barrier) abort() {
	b.broken.Store(true)
	b.mu.Lock()
	b.gen.Add(1)
	b.cond.Broadcast()
	b.mu.Unlock()
}

// scatterAdd adds w to dst[j] for every j in tgts, in order. Unrolled by
// four: the loop is the hot spot of delivery (Brunel: 1250 targets per
// spike).
func scatterAdd(dst []float64, tgts []uint32, w float64) {
	k := 0
	for ; k+4 <= len(tgts); k += 4 {
		t := tgts[k : k+4 : k+4]
		dst[t[0]] += w
		dst[t[1]] += w
		dst[t[2]] += w
		dst[t[3]] += w
	}
	for ; k < len(tgts); k++ {
		dst[tgts[k]] += w
	}
}

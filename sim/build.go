package sim

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/golgi-sim/golgi/sim/rng"
)

// Options control how a network is instantiated and run.
type Options struct {
	// Threads is the number of worker goroutines. Zero chooses: all cores
	// (runtime.GOMAXPROCS), but no more workers than give each at least
	// minWorkPerWorker neuron-steps per epoch, since a worker costs a
	// synchronisation per epoch (COBA, with 4000 neurons and an epoch of
	// one step, runs fastest on one). The result does not depend on it.
	Threads int
	// Progress, if set, is called from time to time during Run (and once at
	// the end) with the state of the run.
	Progress func(Progress)
	// Comm, if it has more than one rank, distributes the network over
	// the ranks (see Comm); Threads then counts the workers of this rank.
	Comm Comm
	// CellCost, if set, gives the cost of every neuron (by gid) from which
	// the neurons are assigned to the ranks (AssignLPT), for example the
	// CellCosts of an earlier run; nil deals them round-robin. It changes
	// how the work is shared, never the result.
	CellCost []float64
	// MeasureCost makes Run time each population's update and the spike
	// delivery, for CellCosts.
	MeasureCost bool
	// GatherToRoot, on several ranks, keeps what is recorded on rank 0
	// only: its Result is the whole network's, and the other ranks'
	// Results hold no spikes or traces (Result.OnRoot). Without it every
	// rank's Result is the whole network's, which costs every rank the
	// memory of every recorded spike and sample. The golgi command sets
	// it: rank 0 writes the results.
	GatherToRoot bool
	// BlockingExchange makes a distributed run exchange each epoch's
	// spikes at its end and wait for them before stepping on, instead of
	// overlapping the exchanges with stepping (which a Comm with
	// IallgatherInt32 allows; see AsyncComm). The result is the same; it
	// is there to measure what the overlap gains.
	BlockingExchange bool
}

// Progress reports how far a run is.
type Progress struct {
	Step, Steps int64   // steps done and to do
	T, Duration float64 // biological time done and to do (s)
	Spikes      int64   // spikes so far
	Done        bool    // the last report of the run
}

// Simulation is a network instantiated for execution: state, synapses and
// buffers allocated and connectivity generated. Build makes one; Run
// advances it. A Simulation is not safe for concurrent use.
type Simulation struct {
	inst *instance
}

// instance is the executable form of a Network.
type instance struct {
	net     *Network
	dt      float64
	seed    uint64
	conv    Convention
	threads int
	pops    []*popInst
	projs   []*projInst
	epoch   int64 // steps per epoch
	step    int64 // steps done
	ring    int   // ring length of every input buffer
	workers []*worker
	rec     *recording
	opts    Options
	exch    *exchange // spike exchange between ranks, nil on one rank
	// elsewhere is true on a rank other than 0 with GatherToRoot: it
	// records only its own neurons' samples, to send them to rank 0.
	elsewhere bool
}

type popInst struct {
	p     *Population
	state PopulationState
	n     int // neurons of the population
	nl    int // neurons on this rank: state, buffers and inputs hold these
	// On several ranks, own lists the neurons this rank holds (local
	// index to population index), loc maps back (-1: another rank's) and
	// owner gives every neuron's rank; all nil on one rank, where local
	// and population indices are the same.
	own, loc, owner []int32
	lay             layout        // where the local neurons sit in the state arrays
	lo, hi          []int         // worker t steps the positions [lo[t], hi[t])
	buf             [][][]float64 // [slot][receptor][local neuron]
	direct          [][]float64   // [receptor] state slice or nil
	scale           []float64     // [receptor] SI value of one unit of input
	dirty           [][]bool      // [worker][slot]: input pending in the worker's range
	iext            []float64
	steps           []*CurrentStep
	played          []*playedInst
	inputs          []*poissonInputInst
	out             []*projInst
}

type projInst struct {
	pr       *Projection
	index    int // keys the projection's random streams
	pre      *popInst
	post     *popInst
	receptor int
	w        float64 // constant weight (when cw), in receptor units
	cw       bool
	d        int64 // constant delay in steps (when cd)
	cd       bool
	scale    float64    // SI value of one unit of the receptor's input
	part     []synapses // per worker
	maxDelay int64
	minDelay int64
	count    int64
}

// synapses holds the synapses of one projection that end on one worker's
// neurons, in compressed rows by source neuron.
type synapses struct {
	row []uint32  // row[i]..row[i+1]: synapses of source i
	tgt []uint32  // target index in the post population
	w   []float32 // weight per synapse in receptor units, or nil if constant
	d   []uint16  // delay per synapse (steps), or nil if constant
}

type poissonInputInst struct {
	in       *PoissonInput
	receptor int
	weight   float64 // in receptor units
	keys     []uint64
	cdf      []float64
	lut      []uint8
}

// Build validates net and instantiates it. It generates the connectivity in
// parallel on the workers.
func Build(net *Network, opts *Options) (*Simulation, error) {
	if net == nil {
		return nil, fmt.Errorf("sim.Build: nil network")
	}
	if err := net.Validate(); err != nil {
		return nil, err
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	inst, err := build(net, o)
	if err != nil {
		return nil, err
	}
	return &Simulation{inst: inst}, nil
}

// minWorkPerWorker is the least work (neuron-steps per epoch) for which the
// automatic thread count adds a worker.
const minWorkPerWorker = 20000

// autoThreads returns the default number of workers for net on each of
// ranks processes.
func autoThreads(net *Network, dt float64, ranks int) int {
	epoch := int64(math.MaxInt32)
	for _, pr := range net.Projections {
		lo := 0.0
		if pr.Delay != nil {
			lo, _ = pr.Delay.Range()
		}
		epoch = min(epoch, 1+int64(math.Round(lo/dt)))
	}
	if epoch == math.MaxInt32 {
		epoch = 1000
	}
	work := int64(0)
	for _, p := range net.Populations {
		c := int64(1)
		if m, ok := p.Model.(StepCoster); ok {
			c = int64(m.StepCost()) // e.g. compartments per cell
		}
		work += int64(p.N) * c
	}
	work *= epoch
	t := int(work / int64(ranks) / minWorkPerWorker)
	return max(1, min(t, runtime.GOMAXPROCS(0)))
}

// build instantiates the validated network net for this process, phase by
// phase: it shares the neurons among the ranks, instantiates every
// population (layout over the workers, state, parameters, initial values,
// receptors), derives the projections' constants and the latencies that set
// the epoch and the input buffers, binds the stimuli to their targets,
// generates the synapses on every worker, and sets up the recording, the
// workers and the spike exchange between ranks.
func build(net *Network, opts Options) (*instance, error) {
	dt := net.dt()
	rank, ranks := 0, 1
	if c := opts.Comm; c != nil && c.Size() > 1 {
		rank, ranks = c.Rank(), c.Size()
	}
	threads := opts.Threads
	if threads <= 0 {
		threads = autoThreads(net, dt, ranks)
	}
	owner, err := shareNeurons(net, &opts, ranks)
	if err != nil {
		return nil, err
	}
	bc := BuildContext{dt: dt, seed: net.Seed, conv: net.Convention}
	pops := make([]*popInst, len(net.Populations))
	for i, p := range net.Populations {
		if pops[i], err = newPopInst(p, owner, rank, threads, bc); err != nil {
			return nil, err
		}
	}
	projs, epoch, ring := newProjInsts(net.Projections, pops, threads, dt)
	for _, pi := range pops {
		pi.allocInputs(ring, threads)
	}
	if err := bindStimuli(net.Stimuli, pops, net.Seed, dt); err != nil {
		return nil, err
	}
	if err := connectAll(projs, threads, net.Seed, dt); err != nil {
		return nil, err
	}
	elsewhere := ranks > 1 && rank != 0 && opts.GatherToRoot
	inst := &instance{net: net, dt: dt, seed: net.Seed, conv: net.Convention, threads: threads,
		pops: pops, projs: projs, epoch: epoch, ring: ring, opts: opts, elsewhere: elsewhere}
	inst.rec = newRecording(net.Recorders, pops, dt, threads, elsewhere)
	inst.workers = make([]*worker, threads)
	for t := range inst.workers {
		inst.workers[t] = newWorker(inst, t)
	}
	if ranks > 1 {
		inst.exch = newExchange(opts.Comm, pops, threads, epoch, &opts, elsewhere)
		if err := inst.exch.sumCounts(projs); err != nil {
			return nil, err
		}
	}
	return inst, nil
}

// shareNeurons returns the rank that holds each neuron (by gid) of net on
// ranks processes, or nil on one, where it only checks opts.CellCost.
func shareNeurons(net *Network, opts *Options, ranks int) ([]int32, error) {
	if ranks > 1 {
		return assignment(net, opts, ranks)
	}
	if opts.CellCost != nil {
		if _, err := assignment(net, opts, 1); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// newPopInst instantiates population p on this rank (rank of the
// assignment owner, nil on one rank) for threads workers: it lays out the
// neurons this rank holds over the workers, creates the model's state with
// bc (time step, seed and convention; newPopInst sets the rest), installs
// the per-neuron parameters and initial values, and asks the state for its
// receptors' direct slices and scales.
func newPopInst(p *Population, owner []int32, rank, threads int, bc BuildContext) (*popInst, error) {
	pi := &popInst{p: p, n: p.N, nl: p.N, lo: make([]int, threads), hi: make([]int, threads)}
	if owner != nil {
		pi.localIndex(owner, rank) // this rank's neurons
	}
	_, pad := p.Model.(WorkerPadder)
	pi.lay = newLayout(pi.nl, 0, pi.nl, threads, pad)
	for t := 0; t < threads; t++ {
		pi.lo[t] = pi.lay.first[t] + pi.lay.off[t]
		pi.hi[t] = pi.lay.end[t] + pi.lay.off[t]
	}
	bc.pop, bc.own, bc.lay = p, pi.own, &pi.lay
	st, err := p.Model.NewState(pi.lay.size, &bc)
	if err != nil {
		return nil, fmt.Errorf("population %q: %w", p.Name, err)
	}
	pi.state = st
	if err := setParams(pi, bc.seed); err != nil {
		return nil, err
	}
	if err := initState(pi, bc.seed); err != nil {
		return nil, err
	}
	if a, ok := st.(InitHook); ok && p.Init != nil {
		a.AfterInit()
	}
	if nr := len(p.Model.Receptors()); nr > 0 {
		pi.direct = make([][]float64, nr)
		pi.scale = make([]float64, nr)
		for r := range pi.direct {
			pi.direct[r], pi.scale[r] = st.Receptor(r)
		}
	}
	return pi, nil
}

// setParams draws and installs a population's per-neuron Params.
func setParams(pi *popInst, seed uint64) error {
	p := pi.p
	if len(p.Params) == 0 {
		return nil
	}
	ps, ok := pi.state.(ParamSetter)
	if !ok {
		return fmt.Errorf("population %q: model %s takes no per-neuron parameters", p.Name, p.Model.ModelName())
	}
	vals := map[string][]float64{}
	for name, val := range p.Params {
		s := rng.New(seed, purposeParam, uint64(p.index), hashString(name))
		x := make([]float64, p.N)
		for i := range x {
			x[i] = val.At(i, &s)
		}
		if pi.own != nil {
			mine := make([]float64, pi.nl)
			for l, i := range pi.own {
				mine[l] = x[i]
			}
			x = mine
		}
		vals[name] = pi.lay.scatter(x, x[0])
	}
	if err := ps.SetParams(vals); err != nil {
		return fmt.Errorf("population %q: %w", p.Name, err)
	}
	return nil
}

// initState applies a population's Init values.
func initState(pi *popInst, seed uint64) error {
	p := pi.p
	for name, val := range p.Init {
		dst, scale, ok := pi.state.Variable(name)
		if !ok {
			return fmt.Errorf("population %q: cannot set variable %q", p.Name, name)
		}
		s := rng.New(seed, purposeInit, uint64(p.index), hashString(name))
		// Every neuron's value is drawn in turn (the stream is shared);
		// this rank keeps its own.
		for i := 0; i < p.N; i++ {
			x := val.At(i, &s)
			if l := pi.local(i); l >= 0 {
				dst[pi.lay.pos(l)] = x / scale
			}
		}
	}
	return nil
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// newProjInsts instantiates the projections prs between the populations
// pops, with no synapses yet (one empty part per worker): receptor,
// constant weight (in the receptor's units) and delay, and delay bounds in
// steps of dt. It appends each to its source's out list, and returns the
// epoch (the least latency, 1 + delay, in steps) and the ring length of
// the input buffers (one more than the greatest latency).
func newProjInsts(prs []*Projection, pops []*popInst, threads int, dt float64) (projs []*projInst, epoch int64, ring int) {
	// A projection's random streams are keyed by its index in prs: its
	// last, should one Projection be listed twice.
	last := make(map[*Projection]int, len(prs))
	for k, pr := range prs {
		last[pr] = k
	}
	minLat := int64(math.MaxInt64)
	maxLat := int64(1)
	for _, pr := range prs {
		pj := &projInst{pr: pr, index: last[pr], pre: pops[pr.Pre.index], post: pops[pr.Post.index],
			receptor: receptorIndex(pr.Post.Model, pr.Receptor)}
		pj.scale = pj.post.scale[pj.receptor]
		if pr.Weight == nil {
			pj.cw = true
		} else if c, ok := pr.Weight.Constant(); ok {
			pj.w, pj.cw = c, true
		}
		pj.w /= pj.scale
		if _, ok := pr.Rule.(PerTarget); ok {
			pj.cw = false // the rule gives every weight
		}
		if pr.Delay == nil {
			pj.cd = true
		} else if c, ok := pr.Delay.Constant(); ok {
			pj.d, pj.cd = int64(math.Round(c/dt)), true
		}
		lo, hi := 0.0, 0.0
		if pr.Delay != nil {
			lo, hi = pr.Delay.Range()
		}
		pj.minDelay = int64(math.Round(lo / dt))
		pj.maxDelay = int64(math.Round(hi / dt))
		minLat = min(minLat, 1+pj.minDelay)
		maxLat = max(maxLat, 1+pj.maxDelay)
		pj.part = make([]synapses, threads)
		projs = append(projs, pj)
		pj.pre.out = append(pj.pre.out, pj)
	}
	if minLat == math.MaxInt64 {
		minLat = 1000 // no projections: epochs only bound how soon a run can stop
	}
	return projs, minLat, int(maxLat) + 1
}

// allocInputs allocates the input buffers of a population with receptors:
// ring slots of one slice per receptor over the state positions, and the
// flags of pending input of each of threads workers.
func (pi *popInst) allocInputs(ring, threads int) {
	nr := len(pi.direct)
	if nr == 0 {
		return
	}
	pi.buf = make([][][]float64, ring)
	for s := range pi.buf {
		pi.buf[s] = make([][]float64, nr)
		for r := range pi.buf[s] {
			pi.buf[s][r] = make([]float64, pi.lay.size)
		}
	}
	pi.dirty = make([][]bool, threads)
	for t := range pi.dirty {
		pi.dirty[t] = make([]bool, ring)
	}
}

// bindStimuli attaches the stimuli stims to their target populations of
// pops: injected currents, and the Poisson inputs with their random streams
// keyed by seed and their binomial tables for steps of dt.
func bindStimuli(stims []Stimulus, pops []*popInst, seed uint64, dt float64) error {
	for k, s := range stims {
		switch s := s.(type) {
		case *CurrentStep:
			pi := pops[s.Target.index]
			if pi.iext == nil {
				pi.iext = make([]float64, pi.lay.size)
			}
			pi.steps = append(pi.steps, s)
		case *PlayedCurrent:
			pi := pops[s.Target.index]
			if pi.iext == nil {
				pi.iext = make([]float64, pi.lay.size)
			}
			pi.played = append(pi.played, newPlayedInst(s, pi.lo, pi.hi, pi.position))
		case *PoissonInput:
			pi := pops[s.Target.index]
			r := receptorIndex(s.Target.Model, s.Receptor)
			in := &poissonInputInst{in: s, receptor: r, weight: s.Weight / pi.scale[r],
				keys: make([]uint64, pi.lay.size), cdf: binomialTable(s.N, s.Rate*dt)}
			in.lut = binomialLUT(in.cdf)
			for l := 0; l < pi.nl; l++ {
				in.keys[pi.lay.pos(l)] = rng.Key(seed, purposePoissonInput, uint64(k), uint64(pi.p.offset+pi.global(l)))
			}
			pi.inputs = append(pi.inputs, in)
		default:
			return fmt.Errorf("stimulus %d: unsupported type %T", k, s)
		}
	}
	return nil
}

// connectAll generates the synapses of the projections projs, every one of
// threads workers those that end on its own neurons, concurrently, and
// counts them.
func connectAll(projs []*projInst, threads int, seed uint64, dt float64) error {
	errs := make([]error, threads)
	var wg sync.WaitGroup
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			for _, pj := range projs {
				if err := connect(pj, t, seed, dt); err != nil {
					errs[t] = err
					return
				}
			}
		}(t)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, pj := range projs {
		for t := range pj.part {
			pj.count += int64(len(pj.part[t].tgt))
		}
	}
	return nil
}

// connect generates the synapses of projection pj that end on worker t's
// neurons, with the random streams keyed by seed and delays in steps of dt.
// It lists the sources of each target twice (counter-based streams make
// that free of storage): once to count the synapses of each source, once
// to fill the rows.
func connect(pj *projInst, t int, seed uint64, dt float64) error {
	pr := pj.pr
	proj := pj.index
	if r, ok := pr.Rule.(PerTarget); ok {
		return connectPerTarget(pj, t, r, seed, dt)
	}
	lister := newLister(pr.Rule, seed, proj, pr.Pre.N, pr.Post.N, pr.Pre == pr.Post)
	lo, hi, off := pj.post.lay.first[t], pj.post.lay.end[t], pj.post.lay.off[t]
	nPre := pr.Pre.N
	part := &pj.part[t]
	part.row = make([]uint32, nPre+1)
	var src, idx []int32
	var total int64
	post := pj.post
	for jl := lo; jl < hi; jl++ {
		src, _ = lister.list(post.global(jl), src[:0], idx[:0])
		for _, i := range src {
			part.row[i+1]++
		}
		total += int64(len(src))
	}
	if total > math.MaxUint32 {
		return fmt.Errorf("projection %s: %d synapses on one worker, at most %d supported; use more threads", pr.Name, total, uint32(math.MaxUint32))
	}
	for i := 0; i < nPre; i++ {
		part.row[i+1] += part.row[i]
	}
	part.tgt = make([]uint32, total)
	if !pj.cw {
		part.w = make([]float32, total)
	}
	if !pj.cd {
		part.d = make([]uint16, total)
	}
	fill := make([]uint32, nPre)
	copy(fill, part.row[:nPre])
	for jl := lo; jl < hi; jl++ {
		j := post.global(jl)
		src, idx = lister.list(j, src[:0], idx[:0])
		ws := rng.New(seed, purposeWeight, uint64(proj), uint64(j))
		ds := rng.New(seed, purposeDelay, uint64(proj), uint64(j))
		for k, i := range src {
			at := fill[i]
			fill[i]++
			part.tgt[at] = uint32(jl + off)
			el := k
			if idx != nil {
				el = int(idx[k])
			}
			if part.w != nil {
				part.w[at] = float32(pr.Weight.At(el, &ws) / pj.scale)
			}
			if part.d != nil {
				d, err := delaySteps(pj, pr.Delay.At(el, &ds), dt)
				if err != nil {
					return err
				}
				part.d[at] = d
			}
		}
	}
	return nil
}

// delaySteps returns a synapse's delay d (s) of projection pj in steps of
// dt, or an error if its Value gave a delay outside its Range, by which the
// spike queues and epochs are sized.
func delaySteps(pj *projInst, d, dt float64) (uint16, error) {
	steps := int64(math.Round(max(d, 0) / dt))
	if steps < pj.minDelay || steps > pj.maxDelay {
		lo, hi := pj.pr.Delay.Range()
		return 0, fmt.Errorf("projection %s: Delay %s gave %g s, outside its Range [%g, %g]", pj.pr.Name, pj.pr.Delay.Describe(), d, lo, hi)
	}
	return uint16(steps), nil
}

// Synapses returns the number of synapses of the network (of all ranks).
func (s *Simulation) Synapses() int64 {
	var n int64
	for _, pj := range s.inst.projs {
		n += pj.count
	}
	return n
}

// SynapseBytes returns the memory held by synapse storage (bytes) in this
// process.
func (s *Simulation) SynapseBytes() int64 {
	var b int64
	for _, pj := range s.inst.projs {
		for _, p := range pj.part {
			b += int64(len(p.row))*4 + int64(len(p.tgt))*4 + int64(len(p.w))*4 + int64(len(p.d))*2
		}
	}
	return b
}

// Threads returns the number of workers.
func (s *Simulation) Threads() int { return s.inst.threads }

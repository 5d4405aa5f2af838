package sim

// recording holds what is recorded during a run.
type recording struct {
	spikes []*SpikeTrain // per population, nil if not recorded
	traces []*traceRec
	count  int64 // spikes of all populations so far
	// Spike storage grows to the count the run so far predicts (see
	// project): step0 is the first step of the current Run and held[p]
	// the spikes of population p recorded before it.
	step0 int64
	held  []int
	// ownRows: this rank keeps only the trace rows of its own neurons
	// (Options.GatherToRoot, a rank other than 0).
	ownRows bool
}

type traceRec struct {
	r      *StateRecorder
	pi     *popInst
	every  int64
	trace  *Trace
	values []float64 // the population's variable slice
	scale  float64
	mine   [][]int // per worker: rows (indices into trace.Neurons) it records
	at     []int   // state-array position of each row's neuron (-1: another rank's)
}

// newRecording prepares the recording of recs on the populations pops, run
// in steps of dt by threads workers. With elsewhere (a rank other than 0
// with Options.GatherToRoot) it records no spikes, and only the trace rows
// of the neurons this rank holds.
func newRecording(recs []Recorder, pops []*popInst, dt float64, threads int, elsewhere bool) *recording {
	rec := &recording{spikes: make([]*SpikeTrain, len(pops))}
	any := false
	for _, r := range recs {
		switch r := r.(type) {
		case *SpikeRecorder:
			any = true
			pi := pops[r.Population.index]
			rec.spikes[pi.p.index] = &SpikeTrain{Population: pi.p.Name, N: pi.n, GidOffset: pi.p.offset}
		case *StateRecorder:
			pi := pops[r.Population.index]
			every := int64(1)
			if r.Interval > 0 {
				every = int64(r.Interval/dt + 0.5)
			}
			neurons := r.Neurons
			if neurons == nil {
				neurons = make([]int, pi.n)
				for i := range neurons {
					neurons[i] = i
				}
			}
			vals, scale, _ := pi.state.Variable(r.Variable)
			unit := ""
			for _, v := range pi.p.Model.Variables() {
				if v.Name == r.Variable {
					unit = v.Unit
				}
			}
			tr := &traceRec{r: r, pi: pi, every: every, values: vals, scale: scale,
				trace: &Trace{Population: pi.p.Name, Variable: r.Variable, Unit: unit,
					Neurons: append([]int(nil), neurons...), Interval: float64(every) * dt,
					Values: make([][]float64, len(neurons))},
				mine: make([][]int, threads)}
			tr.at = make([]int, len(neurons))
			for k, i := range neurons {
				l := pi.local(i)
				tr.at[k] = -1
				if l >= 0 {
					tr.at[k] = pi.lay.pos(l)
				}
				for t := 0; t < threads; t++ {
					if l >= pi.lay.first[t] && l < pi.lay.end[t] {
						tr.mine[t] = append(tr.mine[t], k)
					}
				}
			}
			rec.traces = append(rec.traces, tr)
		}
	}
	if !any && len(recs) == 0 {
		for _, pi := range pops {
			rec.spikes[pi.p.index] = &SpikeTrain{Population: pi.p.Name, N: pi.n, GidOffset: pi.p.offset}
		}
	}
	if elsewhere {
		clear(rec.spikes) // rank 0 records them
		rec.ownRows = true
	}
	return rec
}

// reserve grows the trace storage for steps more steps after step0.
func (rec *recording) reserve(step0, steps int64) {
	rec.step0 = step0
	rec.held = rec.held[:0]
	for _, st := range rec.spikes {
		n := 0
		if st != nil {
			n = st.Len()
		}
		rec.held = append(rec.held, n)
	}
	for _, tr := range rec.traces {
		n := (step0+steps)/tr.every + 1
		for k := range tr.trace.Values {
			if rec.ownRows && tr.at[k] < 0 {
				continue
			}
			if int64(cap(tr.trace.Values[k])) < n {
				v := make([]float64, len(tr.trace.Values[k]), n)
				copy(v, tr.trace.Values[k])
				tr.trace.Values[k] = v
			}
		}
	}
}

// sample records worker t's neurons of every trace due after step s (the
// state at time (s+1)*dt); s = -1 samples the initial state.
func (rec *recording) sample(t int, s int64) {
	for _, tr := range rec.traces {
		if (s+1)%tr.every != 0 {
			continue
		}
		for _, k := range tr.mine[t] {
			tr.trace.Values[k] = append(tr.trace.Values[k], tr.values[tr.at[k]]*tr.scale)
		}
	}
}

// project grows the spike storage, when the spikes recorded since the
// start of the Run, extrapolated to its last step end from step done,
// would not fit: to 1/8 more than that estimate. It waits for 1/64 of the
// run. With steady activity this reallocates once or twice early in the
// run, while the arrays are small,
// instead of append's many regrowths of 1.25 times, whose copies are
// garbage the collector lets accumulate up to the size of the live heap
// (the network's synapses): peak memory stays near what the spikes need.
func (rec *recording) project(done, end int64) {
	ran := done - rec.step0
	if ran*64 < end-rec.step0 || done >= end {
		return // too early to extrapolate: append grows the storage
	}
	for p, st := range rec.spikes {
		if st == nil {
			continue
		}
		n := st.Len()
		new := n - rec.held[p]
		if new == 0 {
			continue
		}
		want := n + int(float64(new)/float64(ran)*float64(end-done))
		if want <= cap(st.Index) && want <= cap(st.Step) && want <= cap(st.Time) {
			continue
		}
		// Never less than append's growth, for long histories (a run
		// continued many times).
		want = max(want+want/8+64, cap(st.Index)+cap(st.Index)/4)
		st.Index = append(make([]int32, 0, want), st.Index...)
		st.Step = append(make([]int32, 0, want), st.Step...)
		st.Time = append(make([]float64, 0, want), st.Time...)
	}
}

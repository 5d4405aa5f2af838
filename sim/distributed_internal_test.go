package sim

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/rng"
)

// TestExchangeOrder runs three Poisson populations on 3 ranks x 2 threads
// and checks that every rank records (in delivery order) exactly the
// spikes the sources' streams give, in (step, gid) order.
func TestExchangeOrder(t *testing.T) {
	const size = 3
	comms := mpi.NewLocal(size)
	var wg sync.WaitGroup
	errs := make([]string, size)
	for r := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			net := &Network{Seed: 5}
			for _, n := range []int{31, 7, 50} {
				net.AddPopulation(string(rune('a'+len(net.Populations))), n, &PoissonSource{Rate: 300})
			}
			sink := net.AddPopulation("sink", 5, &LIF{TauM: 1, VThreshold: 1, Synapse: Delta})
			d := Const(0.4 * Millisecond) // epochs of 5 steps
			for _, p := range net.Populations[:3] {
				net.Connect(p, sink, "v", AllToAll{}, Const(1e-6), d)
			}
			s, err := Build(net, &Options{Threads: 2, Comm: comms[r]})
			if err != nil {
				errs[r] = err.Error()
				return
			}
			if s.inst.epoch != 5 {
				errs[r] = "epoch is not 5 steps"
				return
			}
			res, err := s.Run(context.Background(), 0.02)
			if err != nil {
				errs[r] = err.Error()
				return
			}
			// Recompute the spikes of every neuron from its stream.
			type sg struct{ step, gid int32 }
			var want []sg
			for _, p := range net.Populations[:3] {
				for i := 0; i < p.N; i++ {
					key := rng.Key(net.Seed, purposePoisson, uint64(p.offset+i), 0)
					for st := int64(0); st < res.Steps; st++ {
						if rng.Float64(key, uint64(st)) < 300*net.dt() {
							want = append(want, sg{int32(st), int32(p.offset + i)})
						}
					}
				}
			}
			sort.Slice(want, func(a, b int) bool {
				return want[a].step < want[b].step || (want[a].step == want[b].step && want[a].gid < want[b].gid)
			})
			// Spike trains are recorded in delivery order, which must be
			// (step, index) within each population.
			got := map[int32]bool{}
			for _, st := range res.Spikes {
				for k := range st.Index {
					if k > 0 && (st.Step[k] < st.Step[k-1] || (st.Step[k] == st.Step[k-1] && st.Index[k] <= st.Index[k-1])) {
						errs[r] = "spikes recorded out of (step, gid) order in " + st.Population
						return
					}
					got[st.Step[k]<<16|int32(st.GidOffset)+st.Index[k]] = true
				}
			}
			if len(got) != len(want) {
				errs[r] = "spike count differs from the streams'"
				return
			}
			for _, w := range want {
				if !got[w.step<<16|w.gid] {
					errs[r] = "a spike of the streams is missing"
					return
				}
			}
		}()
	}
	wg.Wait()
	for r, e := range errs {
		if e != "" {
			t.Errorf("rank %d: %s", r, e)
		}
	}
}

// TestRankHoldsItsShare checks that each rank allocates the state, input
// buffers and Poisson input keys of its own neurons only (gid mod ranks).
func TestRankHoldsItsShare(t *testing.T) {
	const size = 3
	sims := make([]*Simulation, size)
	onLocalRanks(t, size, func(r int, c *mpi.Local) error {
		net := &Network{Seed: 2}
		m := &LIF{TauM: 20 * Millisecond, VThreshold: 1, Synapse: Delta}
		a := net.AddPopulation("a", 100, m)
		b := net.AddPopulation("b", 11, m)
		net.Connect(a, b, "v", AllToAll{}, Const(1e-3), Const(Millisecond))
		net.Add(&PoissonInput{Target: a, Receptor: "v", N: 10, Rate: 5, Weight: 1e-3})
		var err error
		sims[r], err = Build(net, &Options{Threads: 2, Comm: c})
		return err
	})
	if t.Failed() {
		return
	}
	for r, s := range sims {
		for _, pi := range s.inst.pops {
			want := 0
			for g := pi.p.offset; g < pi.p.offset+pi.n; g++ {
				if g%size == r {
					want++
				}
			}
			v, _, _ := pi.state.Variable("v")
			if pi.nl != want || len(v) != want || len(pi.buf[0][0]) != want {
				t.Errorf("rank %d, %s: %d neurons, v %d, buffer %d; want %d of %d", r, pi.p.Name, pi.nl, len(v), len(pi.buf[0][0]), want, pi.n)
			}
			for _, in := range pi.inputs {
				if len(in.keys) != want {
					t.Errorf("rank %d, %s: %d Poisson keys, want %d", r, pi.p.Name, len(in.keys), want)
				}
			}
		}
	}
}

// TestOverlappedExchangeOverflow makes 600 neurons spike in the same half
// epoch, more than an exchange block holds: the spikes past the block
// must follow (the blocking Allgatherv), every rank must enlarge the block
// alike, and the result must be the single process's.
func TestOverlappedExchangeOverflow(t *testing.T) {
	net := func() *Network {
		net := &Network{Seed: 9}
		times := make([][]float64, 600)
		for i := range times {
			times[i] = []float64{1 * Millisecond, 2 * Millisecond, 2.05 * Millisecond, float64(3+i%5) * Millisecond}
		}
		burst := net.AddPopulation("burst", len(times), &SpikeTimes{Times: times})
		sink := net.AddPopulation("sink", 40, &LIF{TauM: 10 * Millisecond, VThreshold: 1, Synapse: Delta})
		net.Connect(burst, sink, "v", Bernoulli{P: 0.05}, Const(0.1), Const(0.5*Millisecond))
		net.Record(&SpikeRecorder{Population: burst}, &SpikeRecorder{Population: sink})
		return net
	}
	want, err := Run(context.Background(), net(), 0.01, &Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n := want.Spikes["sink"].Len(); n == 0 {
		t.Fatal("the sink does not spike: the test needs delivery")
	}
	onLocalRanks(t, 3, func(r int, c *mpi.Local) error {
		s, err := Build(net(), &Options{Threads: 2, Comm: c})
		if err != nil {
			return err
		}
		res, err := s.Run(context.Background(), 0.01)
		switch x := s.inst.exch; {
		case err != nil:
			return err
		case res.SpikesSHA256() != want.SpikesSHA256():
			return fmt.Errorf("%d spikes, single process %d", res.NumSpikes(), want.NumSpikes())
		case !x.overlapped() || x.blockLen <= startBlockLen:
			return fmt.Errorf("overlapped %v, block of %d values: no overflow", x.overlapped(), x.blockLen)
		case x.inFlight() != 0:
			return fmt.Errorf("%d exchanges in flight after the run", x.inFlight())
		}
		return nil
	})
}

// TestGatherToRootStorage checks that with Options.GatherToRoot the ranks
// other than 0 store no spikes and only their own neurons' trace rows.
func TestGatherToRootStorage(t *testing.T) {
	const size = 2
	sims := make([]*Simulation, size)
	onLocalRanks(t, size, func(r int, c *mpi.Local) error {
		net := &Network{Seed: 4}
		a := net.AddPopulation("a", 50, &PoissonSource{Rate: 200})
		b := net.AddPopulation("b", 20, &LIF{TauM: 20 * Millisecond, VThreshold: 1, Synapse: Delta})
		net.Connect(a, b, "v", AllToAll{}, Const(1e-2), Const(Millisecond))
		net.Record(&SpikeRecorder{Population: a}, &StateRecorder{Population: b, Variable: "v"})
		s, err := Build(net, &Options{Threads: 1, Comm: c, GatherToRoot: true})
		if err == nil {
			_, err = s.Run(context.Background(), 0.02)
		}
		sims[r] = s
		return err
	})
	if t.Failed() {
		return
	}
	for r, s := range sims {
		rec := s.inst.rec
		if st := rec.spikes[0]; (r == 0) != (st != nil && st.Len() > 0) {
			t.Errorf("rank %d: spike storage %v", r, st)
		}
		tr := rec.traces[0]
		for k, v := range tr.trace.Values {
			own := tr.at[k] >= 0
			if r != 0 && !own && cap(v) != 0 {
				t.Errorf("rank %d holds row %d (of rank 0) with %d samples", r, k, cap(v))
			}
			if (r == 0 || own) && len(v) != 201 {
				t.Errorf("rank %d, row %d: %d samples, want 201", r, k, len(v))
			}
		}
	}
}

// onLocalRanks calls f for every rank of an in-process communicator of
// size ranks, each on its own goroutine, and reports the ranks' errors.
func onLocalRanks(t *testing.T, size int, f func(r int, c *mpi.Local) error) {
	t.Helper()
	comms := mpi.NewLocal(size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for r, c := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[r] = f(r, c)
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Errorf("rank %d: %v", r, err)
		}
	}
}

package sim_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/nets"
)

// runRanksCost builds net() once per rank of an in-process communicator of
// size ranks, with the neurons assigned to ranks by cost (Options.CellCost;
// nil: round-robin), runs each for duration on its own goroutine and
// returns every rank's Result.
func runRanksCost(t *testing.T, net func() *sim.Network, size, threads int, duration float64, cost []float64) []*sim.Result {
	t.Helper()
	res := make([]*sim.Result, size)
	onRanks(t, size, "", func(r int, c sim.Comm) error {
		var err error
		res[r], err = sim.Run(context.Background(), net(), duration, &sim.Options{Threads: threads, Comm: c, CellCost: cost})
		return err
	})
	if t.Failed() {
		t.FailNow()
	}
	return res
}

// onRanks calls f for every rank of an in-process communicator of size
// ranks, each on its own goroutine, and reports the ranks' errors.
func onRanks(t *testing.T, size int, where string, f func(r int, c sim.Comm) error) {
	t.Helper()
	comms := mpi.NewLocal(size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for r := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[r] = f(r, comms[r])
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Errorf("%srank %d: %v", where, r, err)
		}
	}
}

// mixedNet exercises what a distributed build must reproduce: every
// connectivity rule, random weights and delays, per-neuron parameters,
// random initial values, current steps on chosen neurons, Poisson input,
// spike sources and recorded state variables.
func mixedNet() *sim.Network { return mixedNetWith(nil) }

// mixedNetWith is mixedNet with delay d, instead of none, on the
// projections that have none.
func mixedNetWith(d sim.Value) *sim.Network {
	net := &sim.Network{Seed: 11}
	m := &sim.LIF{TauM: 20 * sim.Millisecond, EL: -60 * sim.Millivolt, VThreshold: -50 * sim.Millivolt,
		VReset: -60 * sim.Millivolt, Refractory: 2 * sim.Millisecond, Synapse: sim.Delta}
	a := net.AddPopulation("A", 301, m)
	mb := &sim.LIF{TauM: 20 * sim.Millisecond, EL: -60 * sim.Millivolt, VThreshold: -50 * sim.Millivolt,
		VReset: -60 * sim.Millivolt, Refractory: 5 * sim.Millisecond, Cm: 200 * sim.Picofarad,
		Synapse: sim.ConductanceExp, TauE: 5 * sim.Millisecond, TauI: 10 * sim.Millisecond,
		EE: 0, EI: -80 * sim.Millivolt}
	b := net.AddPopulation("B", 97, mb)
	src := net.AddPopulation("src", 50, &sim.PoissonSource{Rate: 40})
	times := make([][]float64, 7)
	for i := range times {
		times[i] = []float64{float64(i+1) * sim.Millisecond, 20 * sim.Millisecond}
	}
	rep := net.AddPopulation("rep", 7, &sim.SpikeTimes{Times: times})
	a.Init = map[string]sim.Value{"v": sim.Uniform{Lo: -60 * sim.Millivolt, Hi: -50 * sim.Millivolt}}
	a.Params = map[string]sim.Value{"VThreshold": sim.Uniform{Lo: -52 * sim.Millivolt, Hi: -49 * sim.Millivolt}}
	mv, ns, ms := sim.Millivolt, sim.Nanosiemens, sim.Millisecond
	net.Connect(a, a, "v", sim.Bernoulli{P: 0.05}, sim.Uniform{Lo: 0.2 * mv, Hi: 0.6 * mv}, sim.Uniform{Lo: 1 * ms, Hi: 3 * ms})
	net.Connect(a, b, "exc", sim.FixedInDegree{K: 20}, sim.Const(0.5*ns), sim.Const(1*ms))
	net.Connect(b, a, "v", sim.FixedOutDegree{K: 30}, sim.Normal{Mean: -1 * mv, SD: 0.2 * mv, Min: -2 * mv, Max: 0}, sim.Const(1.2*ms))
	net.Connect(src, a, "v", sim.Bernoulli{P: 0.1}, sim.Const(0.8*mv), sim.Const(1*ms))
	net.Connect(rep, b, "exc", sim.Explicit{Pre: []int{0, 1, 2, 6, 6}, Post: []int{0, 5, 96, 40, 41}},
		sim.Array{3 * ns, 4 * ns, 5 * ns, 6 * ns, 7 * ns}, sim.Array{1e-3, 2e-3, 1e-3, 4e-3, 1.1e-3})
	// No delay: these act at the next step, added straight into the
	// conductance g_e in delivery order, from two populations, so the order
	// of delivery shows in the low bits of v.
	net.Connect(a, b, "exc", sim.Bernoulli{P: 0.1}, sim.Uniform{Lo: 0.1 * ns, Hi: 0.6 * ns}, d)
	net.Connect(src, b, "exc", sim.Bernoulli{P: 0.2}, sim.Uniform{Lo: 0.1 * ns, Hi: 0.6 * ns}, d)
	net.Connect(b, b, "inh", sim.Bernoulli{P: 0.2}, sim.Uniform{Lo: 1 * ns, Hi: 3 * ns}, d)
	c := net.AddPopulation("C", 7, m)
	net.Connect(rep, c, "v", sim.OneToOne{}, sim.Const(12*mv), d)
	net.Connect(c, b, "exc", sim.AllToAll{}, sim.Const(2*ns), sim.Const(2*ms))
	net.Add(&sim.CurrentStep{Target: b, Neurons: []int{1, 50, 96}, Amplitude: 0.5 * sim.Nanoamp, Start: 5 * sim.Millisecond},
		&sim.PoissonInput{Target: a, Receptor: "v", N: 100, Rate: 15, Weight: 0.4 * mv})
	net.Record(&sim.SpikeRecorder{Population: a}, &sim.SpikeRecorder{Population: b}, &sim.SpikeRecorder{Population: rep}, &sim.SpikeRecorder{Population: c},
		&sim.StateRecorder{Population: a, Variable: "v", Interval: 0.5 * sim.Millisecond},
		&sim.StateRecorder{Population: b, Variable: "v"})
	return net
}

// TestRanksBitIdentical runs networks on 1, 2 and 3 in-process ranks with
// 1 and 2 threads each, with the neurons dealt round-robin and assigned by
// made-up per-cell costs (AssignLPT), and requires, on every rank, the
// single process's spikes (SHA-256 of every (step, gid)), synapse count and
// recorded traces, bit for bit.
func TestRanksBitIdentical(t *testing.T) {
	cases := []struct {
		name string
		net  func() *sim.Network
		dur  float64
		min  int // spikes the test needs at least
	}{
		{"mixed", mixedNet, 0.1, 100},
		{"COBA", func() *sim.Network {
			n, err := nets.COBA(nets.COBAConfig{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}, 0.1, 100},
		{"Brunel", func() *sim.Network { return nets.Brunel(nets.BrunelConfig{NE: 2000, Seed: 3}) }, 0.1, 100},
		// Multicompartment cells (golgi bench ring).
		{"ring", func() *sim.Network {
			n, err := nets.Ring(40)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}, 0.2, 20}, // one spike goes round the ring
	}
	if testing.Short() {
		cases = cases[:1]
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := sim.Build(c.net(), &sim.Options{Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Run(context.Background(), c.dur)
			if err != nil {
				t.Fatal(err)
			}
			if want.NumSpikes() < c.min {
				t.Fatalf("only %d spikes: the test needs activity", want.NumSpikes())
			}
			// Costs that make LPT's assignment far from round-robin: a
			// cell's cost grows with its gid, every seventh is dear.
			n := 0
			for _, p := range c.net().Populations {
				n += p.N
			}
			cost := make([]float64, n)
			for g := range cost {
				cost[g] = 1 + float64(g%13)
				if g%7 == 0 {
					cost[g] += 40
				}
			}
			for _, size := range []int{1, 2, 3} {
				for _, threads := range []int{1, 2} {
					for k, cc := range [][]float64{nil, cost} {
						assign := []string{"round-robin", "by cost"}[k]
						for r, got := range runRanksCost(t, c.net, size, threads, c.dur, cc) {
							where := fmt.Sprintf("%d ranks x %d threads (%s), rank %d", size, threads, assign, r)
							if got.Ranks != size {
								t.Errorf("%s: Result.Ranks %d", where, got.Ranks)
							}
							if g, w := got.SpikesSHA256(), want.SpikesSHA256(); g != w {
								t.Errorf("%s: %d spikes, sha256 %.16s, single process %d spikes, %.16s", where, got.NumSpikes(), g, want.NumSpikes(), w)
							}
							compareTraces(t, where, got.Traces, want.Traces)
						}
					}
				}
			}
			t.Logf("%d spikes, sha256 %.16s on every combination", want.NumSpikes(), want.SpikesSHA256())
		})
	}
}

func compareTraces(t *testing.T, where string, got, want []*sim.Trace) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d traces, want %d", where, len(got), len(want))
		return
	}
	for k := range want {
		if len(got[k].Values) != len(want[k].Values) {
			t.Errorf("%s: trace %d has %d rows, want %d", where, k, len(got[k].Values), len(want[k].Values))
			continue
		}
		for i := range want[k].Values {
			g, w := got[k].Values[i], want[k].Values[i]
			if len(g) != len(w) {
				t.Errorf("%s: trace %d row %d has %d samples, want %d", where, k, i, len(g), len(w))
				continue
			}
			for j := range w {
				if math.Float64bits(g[j]) != math.Float64bits(w[j]) {
					t.Errorf("%s: trace %s.%s neuron %d sample %d: %g, want %g", where, want[k].Population, want[k].Variable, want[k].Neurons[i], j, g[j], w[j])
					return
				}
			}
		}
	}
}

// TestRanksSynapsesAndContinuation checks that every rank reports the
// network's synapse count while holding only its share, and that a run
// continued by a second Run call gives the single process's traces.
func TestRanksSynapsesAndContinuation(t *testing.T) {
	one, err := sim.Build(mixedNet(), &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := one.Run(context.Background(), 0.03)
	want, err := one.Run(context.Background(), 0.02)
	if err != nil {
		t.Fatal(err)
	}
	_ = r1
	const size = 3
	onRanks(t, size, "", func(r int, c sim.Comm) error {
		s, err := sim.Build(mixedNet(), &sim.Options{Threads: 2, Comm: c})
		if err != nil {
			return err
		}
		if s.Synapses() != one.Synapses() || s.Ranks() != size {
			return fmt.Errorf("%d synapses on %d ranks, single process %d", s.Synapses(), s.Ranks(), one.Synapses())
		}
		if b, all := s.SynapseBytes(), one.SynapseBytes(); b >= all {
			return fmt.Errorf("holds %d bytes of synapses, single process %d", b, all)
		}
		if _, err := s.Run(context.Background(), 0.03); err != nil {
			return err
		}
		got, err := s.Run(context.Background(), 0.02)
		if err != nil {
			return err
		}
		if got.SpikesSHA256() != want.SpikesSHA256() {
			return fmt.Errorf("continued run: spikes differ")
		}
		compareTraces(t, fmt.Sprintf("rank %d, continued", r), got.Traces, want.Traces)
		if x := s.ExchangeStats(); x.Epochs != 500 || x.Wall <= 0 || x.Wait > x.Wall || x.Bytes <= 0 {
			return fmt.Errorf("exchange stats: %+v; want 500 epochs of 0.1 ms", x)
		}
		return nil
	})
}

// TestRanksCancelTogether cancels the run on one rank only: every rank
// must stop at the same epoch (none waits for ever in the exchange).
func TestRanksCancelTogether(t *testing.T) {
	const size = 2
	comms := mpi.NewLocal(size)
	res := make([]*sim.Result, size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for r := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if r == 1 {
				c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				defer cancel()
				ctx = c
			}
			res[r], errs[r] = sim.Run(ctx, nets.Brunel(nets.BrunelConfig{NE: 2000, Seed: 3}), 1000, &sim.Options{Threads: 1, Comm: comms[r]})
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("ranks did not stop within 60 s of one rank's cancellation")
	}
	for r := range res {
		if errs[r] == nil || res[r] == nil || res[r].Complete {
			t.Fatalf("rank %d: error %v, want a cancelled run", r, errs[r])
		}
	}
	if res[0].Steps != res[1].Steps || res[0].SpikesSHA256() != res[1].SpikesSHA256() {
		t.Errorf("ranks stopped at steps %d and %d", res[0].Steps, res[1].Steps)
	}
}

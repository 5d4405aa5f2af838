package sim_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// TestOverlappedExchange runs mixedNet with every delay at least 1 ms
// (epochs of 11 steps, in 2, 3 or 5 parts; synapses on conductances that
// take spikes due at an epoch's start straight into g) on 2 and 3
// in-process ranks x 1 and 2 threads, with the exchange overlapped and
// blocking, in two Run calls of odd lengths (the last epoch of each is
// cut short), and requires the single process's spikes and traces bit
// for bit.
func TestOverlappedExchange(t *testing.T) {
	net := func() *sim.Network { return mixedNetWith(sim.Const(1 * sim.Millisecond)) }
	durs := []float64{0.0337, 0.0213}
	one, err := sim.Build(net(), &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	// A Result shares its storage with the Simulation, which a later Run
	// extends: keep what each run gave.
	var want []runRecord
	for _, d := range durs {
		res, err := one.Run(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, record(res))
	}
	if n := want[0].spikes; n < 200 {
		t.Fatalf("only %d spikes: the test needs activity", n)
	}
	type config struct {
		size, threads, parts int
		blocking             bool
	}
	var configs []config
	for _, size := range []int{2, 3} {
		for _, threads := range []int{1, 2} {
			configs = append(configs, config{size, threads, 2, false}, config{size, threads, 2, true})
		}
	}
	// More parts: 3 (of 3-4 steps) and 5 (of 2-3 steps).
	configs = append(configs, config{2, 1, 3, false}, config{3, 2, 3, false}, config{2, 2, 5, false})
	for _, c := range configs {
		where := fmt.Sprintf("%d ranks x %d threads, %d parts, blocking %v", c.size, c.threads, c.parts, c.blocking)
		restore := sim.SetExchangeParts(c.parts)
		comms := mpi.NewLocal(c.size)
		errs := make([]error, c.size)
		var wg sync.WaitGroup
		for r := range comms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				opts := &sim.Options{Threads: c.threads, Comm: comms[r], BlockingExchange: c.blocking}
				errs[r] = runCompare(t, net(), durs, want, opts, c.parts, fmt.Sprintf("%s, rank %d", where, r))
			}()
		}
		wg.Wait()
		restore()
		for r, err := range errs {
			if err != nil {
				t.Errorf("%s, rank %d: %v", where, r, err)
			}
		}
	}
}

// runRecord is what a Run gave, kept apart from the Simulation.
type runRecord struct {
	spikes int
	sha    string
	steps  int64
	traces []*sim.Trace
}

func record(res *sim.Result) runRecord {
	r := runRecord{spikes: res.NumSpikes(), sha: res.SpikesSHA256(), steps: res.Steps}
	for _, tr := range res.Traces {
		c := *tr
		c.Values = make([][]float64, len(tr.Values))
		for k, v := range tr.Values {
			c.Values[k] = append([]float64(nil), v...)
		}
		r.traces = append(r.traces, &c)
	}
	return r
}

// runCompare builds net with opts, runs it for each of durs in turn and
// compares each run with want's.
func runCompare(t *testing.T, net *sim.Network, durs []float64, want []runRecord, opts *sim.Options, parts int, where string) error {
	s, err := sim.Build(net, opts)
	if err != nil {
		return err
	}
	for k, d := range durs {
		got, err := s.Run(context.Background(), d)
		if err != nil {
			return err
		}
		if g, w := got.SpikesSHA256(), want[k].sha; g != w {
			return fmt.Errorf("run %d: %d spikes, sha256 %.16s; single process %d, %.16s", k, got.NumSpikes(), g, want[k].spikes, w)
		}
		compareTraces(t, fmt.Sprintf("%s, run %d", where, k), got.Traces, want[k].traces)
	}
	x := s.ExchangeStats()
	steps := want[len(want)-1].steps
	// 337 + 213 steps in epochs of 11: 31 + 20 epochs.
	if x.Epochs != 51 || steps != 550 {
		return fmt.Errorf("%d epochs in %d steps, want 51 in 550", x.Epochs, steps)
	}
	if x.Overlapped == opts.BlockingExchange {
		return fmt.Errorf("overlapped %v with BlockingExchange %v", x.Overlapped, opts.BlockingExchange)
	}
	if wantX := map[bool]int64{false: int64(parts) * x.Epochs, true: x.Epochs}[opts.BlockingExchange]; x.Exchanges != wantX {
		return fmt.Errorf("%d exchanges in %d epochs, want %d", x.Exchanges, x.Epochs, wantX)
	}
	return nil
}

// TestOverlappedExchangeShortEpochs is TestOverlappedExchange's check
// with the shortest epoch that overlaps: the delay that mixedNet lacks set
// to one step (epochs of 2 steps, parts of 1), and a Run of one step.
func TestOverlappedExchangeShortEpochs(t *testing.T) {
	net := func() *sim.Network { return mixedNetWith(sim.Const(0.1 * sim.Millisecond)) }
	durs := []float64{0.0301, 0.0001, 0.0199}
	one, err := sim.Build(net(), &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	var want []runRecord
	for _, d := range durs {
		res, err := one.Run(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, record(res))
	}
	if n := want[0].spikes; n < 200 {
		t.Fatalf("only %d spikes: the test needs activity", n)
	}
	for _, size := range []int{2, 3} {
		comms := mpi.NewLocal(size)
		errs := make([]error, size)
		var wg sync.WaitGroup
		for r := range comms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := sim.Build(net(), &sim.Options{Threads: 2, Comm: comms[r]})
				if err != nil {
					errs[r] = err
					return
				}
				for k, d := range durs {
					got, err := s.Run(context.Background(), d)
					if err != nil {
						errs[r] = err
						return
					}
					if got.SpikesSHA256() != want[k].sha {
						errs[r] = fmt.Errorf("run %d: %d spikes, single process %d", k, got.NumSpikes(), want[k].spikes)
						return
					}
					compareTraces(t, fmt.Sprintf("%d ranks, rank %d, run %d", size, r, k), got.Traces, want[k].traces)
				}
				// 301 + 1 + 199 steps in epochs of 2: 151 + 1 + 100.
				if x := s.ExchangeStats(); !x.Overlapped || x.Epochs != 252 || x.Exchanges != 504 {
					errs[r] = fmt.Errorf("overlapped %v, %d epochs, %d exchanges; want 252 and 504", x.Overlapped, x.Epochs, x.Exchanges)
				}
			}()
		}
		wg.Wait()
		for r, err := range errs {
			if err != nil {
				t.Errorf("%d ranks, rank %d: %v", size, r, err)
			}
		}
	}
}

// TestGatherToRoot runs mixedNet (blocking exchange) and its variant with
// delays (overlapped) on 3 in-process ranks x 2 threads with
// Options.GatherToRoot, in two Run calls: rank 0's Results must be the
// single process's, the other ranks' must hold nothing and say so.
func TestGatherToRoot(t *testing.T) {
	for _, c := range []struct {
		name string
		net  func() *sim.Network
	}{
		{"blocking", mixedNet},
		{"overlapped", func() *sim.Network { return mixedNetWith(sim.Const(1 * sim.Millisecond)) }},
	} {
		durs := []float64{0.0237, 0.0113}
		one, err := sim.Build(c.net(), &sim.Options{Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		var want []runRecord
		for _, d := range durs {
			res, err := one.Run(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, record(res))
		}
		const size = 3
		comms := mpi.NewLocal(size)
		errs := make([]error, size)
		var wg sync.WaitGroup
		for r := range comms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := sim.Build(c.net(), &sim.Options{Threads: 2, Comm: comms[r], GatherToRoot: true})
				if err != nil {
					errs[r] = err
					return
				}
				for k, d := range durs {
					got, err := s.Run(context.Background(), d)
					switch {
					case err != nil:
						errs[r] = err
					case r == 0 && (got.OnRoot || got.SpikesSHA256() != want[k].sha || len(got.Traces) != len(want[k].traces)):
						errs[r] = fmt.Errorf("run %d: %d spikes, %d traces, OnRoot %v; single process %d spikes, %d traces",
							k, got.NumSpikes(), len(got.Traces), got.OnRoot, want[k].spikes, len(want[k].traces))
					case r == 0:
						compareTraces(t, fmt.Sprintf("%s, rank 0, run %d", c.name, k), got.Traces, want[k].traces)
					case !got.OnRoot || got.NumSpikes() != 0 || len(got.Spikes) != 0 || len(got.Traces) != 0 || !got.Complete:
						errs[r] = fmt.Errorf("run %d: OnRoot %v, %d spikes, %d traces, complete %v; want nothing, OnRoot", k, got.OnRoot, got.NumSpikes(), len(got.Traces), got.Complete)
					}
					if errs[r] != nil {
						return
					}
				}
			}()
		}
		wg.Wait()
		for r, err := range errs {
			if err != nil {
				t.Errorf("%s, rank %d: %v", c.name, r, err)
			}
		}
	}
}

package sim_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/golgi-sim/golgi/sim"
)

// runRecord is what a Run gave, kept apart from the Simulation: a Result
// shares its storage with the Simulation, which a later Run extends.
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

// singleRuns runs net on one process, one thread, for each of durs in
// turn, and requires activity in the first run.
func singleRuns(t *testing.T, net *sim.Network, durs []float64) []runRecord {
	t.Helper()
	one, err := sim.Build(net, &sim.Options{Threads: 1})
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
	return want
}

// runCompare builds net with opts, runs it for each of durs in turn and
// compares each run with want's.
func runCompare(t *testing.T, net *sim.Network, durs []float64, want []runRecord, opts *sim.Options, where string) (*sim.Simulation, error) {
	s, err := sim.Build(net, opts)
	if err != nil {
		return nil, err
	}
	for k, d := range durs {
		got, err := s.Run(context.Background(), d)
		if err != nil {
			return nil, err
		}
		if g, w := got.SpikesSHA256(), want[k].sha; g != w {
			return nil, fmt.Errorf("run %d: %d spikes, sha256 %.16s; single process %d, %.16s", k, got.NumSpikes(), g, want[k].spikes, w)
		}
		compareTraces(t, fmt.Sprintf("%s, run %d", where, k), got.Traces, want[k].traces)
	}
	return s, nil
}

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
	want := singleRuns(t, net(), durs)
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
		onRanks(t, c.size, where+", ", func(r int, comm sim.Comm) error {
			opts := &sim.Options{Threads: c.threads, Comm: comm, BlockingExchange: c.blocking}
			s, err := runCompare(t, net(), durs, want, opts, fmt.Sprintf("%s, rank %d", where, r))
			if err != nil {
				return err
			}
			// 337 + 213 steps in epochs of 11: 31 + 20 epochs.
			x := s.ExchangeStats()
			if x.Epochs != 51 || want[1].steps != 550 {
				return fmt.Errorf("%d epochs in %d steps, want 51 in 550", x.Epochs, want[1].steps)
			}
			if x.Overlapped == c.blocking {
				return fmt.Errorf("overlapped %v with BlockingExchange %v", x.Overlapped, c.blocking)
			}
			if wantX := map[bool]int64{false: int64(c.parts) * x.Epochs, true: x.Epochs}[c.blocking]; x.Exchanges != wantX {
				return fmt.Errorf("%d exchanges in %d epochs, want %d", x.Exchanges, x.Epochs, wantX)
			}
			return nil
		})
		restore()
	}
}

// TestOverlappedExchangeShortEpochs is TestOverlappedExchange's check
// with the shortest epoch that overlaps: the delay that mixedNet lacks set
// to one step (epochs of 2 steps, parts of 1), and a Run of one step.
func TestOverlappedExchangeShortEpochs(t *testing.T) {
	net := func() *sim.Network { return mixedNetWith(sim.Const(0.1 * sim.Millisecond)) }
	durs := []float64{0.0301, 0.0001, 0.0199}
	want := singleRuns(t, net(), durs)
	for _, size := range []int{2, 3} {
		where := fmt.Sprintf("%d ranks", size)
		onRanks(t, size, where+", ", func(r int, comm sim.Comm) error {
			s, err := runCompare(t, net(), durs, want, &sim.Options{Threads: 2, Comm: comm}, fmt.Sprintf("%s, rank %d", where, r))
			if err != nil {
				return err
			}
			// 301 + 1 + 199 steps in epochs of 2: 151 + 1 + 100.
			if x := s.ExchangeStats(); !x.Overlapped || x.Epochs != 252 || x.Exchanges != 504 {
				return fmt.Errorf("overlapped %v, %d epochs, %d exchanges; want 252 and 504", x.Overlapped, x.Epochs, x.Exchanges)
			}
			return nil
		})
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
		want := singleRuns(t, c.net(), durs)
		onRanks(t, 3, c.name+", ", func(r int, comm sim.Comm) error {
			opts := &sim.Options{Threads: 2, Comm: comm, GatherToRoot: true}
			if r == 0 {
				_, err := runCompare(t, c.net(), durs, want, opts, c.name+", rank 0")
				return err
			}
			s, err := sim.Build(c.net(), opts)
			if err != nil {
				return err
			}
			for k, d := range durs {
				got, err := s.Run(context.Background(), d)
				if err != nil {
					return err
				}
				if !got.OnRoot || got.NumSpikes() != 0 || len(got.Spikes) != 0 || len(got.Traces) != 0 || !got.Complete {
					return fmt.Errorf("run %d: OnRoot %v, %d spikes, %d traces, complete %v; want nothing, OnRoot", k, got.OnRoot, got.NumSpikes(), len(got.Traces), got.Complete)
				}
			}
			return nil
		})
	}
}

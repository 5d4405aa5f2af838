package models

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/store"
)

// cancelSim is a small sim that must not be written.
type cancelSim struct{ num int }

func (s *cancelSim) Num() int          { return s.num }
func (s *cancelSim) Title() string     { return "cancel" }
func (s *cancelSim) DataIDs() []string { return []string{"spikes"} }

func (s *cancelSim) Network() (*sim.Network, *sim.Options, float64, error) {
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	p := net.AddPopulation("cells", 2, &sim.SpikeTimes{Times: [][]float64{{0.001}, {0.002}}})
	net.Record(&sim.SpikeRecorder{Population: p})
	return net, nil, 0.005, nil
}

func (s *cancelSim) Write(*store.Store, *sim.Result, RunInfo) ([]string, error) {
	panic("Write called on a rank other than 0")
}

// TestRunInterruptedOtherRank interrupts a sweep on a rank other than 0,
// which has no store: the error names the results directory without
// touching the store (a nil store was dereferenced there before) and
// nothing is written.
func TestRunInterruptedOtherRank(t *testing.T) {
	defer func(r func() int) { rank = r }(rank)
	rank = func() int { return 1 }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := t.TempDir()
	p := &Plan{SimID: "x", Sims: []Sim{&cancelSim{num: 0}, &cancelSim{num: 1}}}
	// Interrupted after the first sim ran, before the second.
	ran := func(*sim.Simulation) error { cancel(); return nil }
	files, err := Run(ctx, p, RunOptions{Out: out, Ran: ran})
	want := filepath.Join(out, "x")
	if err == nil || !strings.Contains(err.Error(), "interrupted: 1 of 2 sims written to "+want) || files != nil {
		t.Errorf("Run = %v, %v; want an interruption naming %s", files, err, want)
	}
}

// okSim runs and writes nothing.
type okSim struct{ cancelSim }

func (s *okSim) Write(*store.Store, *sim.Result, RunInfo) ([]string, error) { return nil, nil }

// slowSim runs long enough to be interrupted by a sibling's failure.
type slowSim struct{ okSim }

func (s *slowSim) Network() (*sim.Network, *sim.Options, float64, error) {
	net, opts, _, err := s.cancelSim.Network()
	return net, opts, 1000, err
}

// failSim fails to build its network.
type failSim struct{ cancelSim }

func (s *failSim) Network() (*sim.Network, *sim.Options, float64, error) {
	return nil, nil, 0, errors.New("broken network")
}

// TestRunReportsOwnFailure runs a sweep in parallel where the last sim
// fails while the first still runs (and is interrupted by it): the error
// is the failing sim's, not the first one's interruption.
func TestRunReportsOwnFailure(t *testing.T) {
	p := &Plan{SimID: "f", Parallel: true, Cells: 2,
		Sims: []Sim{&slowSim{okSim{cancelSim{num: 0}}}, &okSim{cancelSim{num: 1}}, &failSim{cancelSim{num: 2}}}}
	_, err := Run(context.Background(), p, RunOptions{Out: t.TempDir(), Threads: 1})
	if err == nil || !strings.Contains(err.Error(), "broken network") {
		t.Errorf("Run = %v, want the failing sim's error", err)
	}
}

package models_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/models/builtin"
	"github.com/golgi-sim/golgi/sim/store"
)

// timesSim is a sim of one population that spikes at given times: cell i
// at (i+1) ms + num x 0.1 ms (one step), so each sim's spikes are its own.
type timesSim struct {
	num   int
	cells int
	net   *sim.Network

	mu     *sync.Mutex
	writes *[]int // sim_nums written, in the order written
}

func (s *timesSim) Num() int          { return s.num }
func (s *timesSim) Title() string     { return "times" }
func (s *timesSim) DataIDs() []string { return []string{"spikes"} }

func (s *timesSim) Network() (*sim.Network, *sim.Options, float64, error) {
	times := make([][]float64, s.cells)
	for i := range times {
		times[i] = []float64{float64(i+1)*sim.Millisecond + float64(s.num)*0.1*sim.Millisecond}
	}
	net := &sim.Network{Dt: 0.1 * sim.Millisecond}
	p := net.AddPopulation("cells", s.cells, &sim.SpikeTimes{Times: times})
	net.Record(&sim.SpikeRecorder{Population: p})
	s.net = net
	return net, &sim.Options{Threads: 1}, 0.02, nil
}

func (s *timesSim) Write(st *store.Store, res *sim.Result, info models.RunInfo) ([]string, error) {
	s.mu.Lock()
	*s.writes = append(*s.writes, s.num)
	s.mu.Unlock()
	return builtin.Write(st, s.num, s.net, res, builtin.WriteOptions{})
}

// plan returns a plan of sims numbered nums, and the record of writes.
func plan(parallel bool, nums ...int) (*models.Plan, *[]int, *[]int) {
	var mu sync.Mutex
	writes := new([]int)
	finished := new([]int)
	p := &models.Plan{SimID: "t", Cells: 5, Parallel: parallel}
	for _, n := range nums {
		p.Sims = append(p.Sims, &timesSim{num: n, cells: 5, mu: &mu, writes: writes})
	}
	p.Finish = func(st *store.Store, ran []models.Sim) ([]string, error) {
		for _, s := range ran {
			*finished = append(*finished, s.Num())
		}
		return nil, nil
	}
	return p, writes, finished
}

// TestRunResumeForce runs a sweep, then checks that rerunning it is
// refused, that --resume skips what is complete and --force recomputes,
// and that Only selects sims.
func TestRunResumeForce(t *testing.T) {
	for _, parallel := range []bool{false, true} {
		out := t.TempDir()
		p, writes, finished := plan(parallel, 0, 2, 5)
		files, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Plot: true})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(*writes)
		if !slices.Equal(*writes, []int{0, 2, 5}) || !slices.Equal(*finished, []int{0, 2, 5}) {
			t.Fatalf("parallel %v: wrote %v, finished %v, want every sim", parallel, *writes, *finished)
		}
		for _, want := range []string{"spikes_t.h5", "rate_t.h5", "raster_t_0.png", "raster_t_5.png"} {
			path := filepath.Join(out, "t", want)
			if !slices.Contains(files, path) {
				t.Errorf("files %v lack %s", files, path)
			}
			if _, err := os.Stat(path); err != nil {
				t.Error(err)
			}
		}
		st, err := store.Open(out, "t", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 2, 5} {
			sp, _, err := st.ReadSpikes(n, "spikes")
			if err != nil {
				t.Fatal(err)
			}
			if len(sp.TimesMs) != 5 || math.Abs(sp.TimesMs[0]-(1+0.1*float64(n))) > 1e-9 {
				t.Errorf("sim_num %d: spikes %v, want 5 at 1, 2, ... ms + sim_num x 0.1 ms", n, sp.TimesMs)
			}
		}

		p, writes, _ = plan(parallel, 0, 2, 5)
		if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out}); err == nil || !strings.Contains(err.Error(), "--resume") {
			t.Errorf("rerun: %v, want an error suggesting --resume", err)
		}
		if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Resume: true}); err != nil || len(*writes) != 0 {
			t.Errorf("resume: %v, wrote %v, want nothing", err, *writes)
		}
		if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Force: true, Only: []int{2}}); err != nil || !slices.Equal(*writes, []int{2}) {
			t.Errorf("force sim 2: %v, wrote %v", err, *writes)
		}
		if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Force: true, Only: []int{3}}); err == nil || !strings.Contains(err.Error(), "not in the spec") {
			t.Errorf("Only 3: %v, want an error naming sim_num 3", err)
		}
		if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Force: true, Resume: true}); err == nil {
			t.Error("Resume and Force: no error")
		}
	}
}

// TestRunInterrupted checks that an interrupted run says how much was
// written, where, and how to go on.
func TestRunInterrupted(t *testing.T) {
	out := t.TempDir()
	p, writes, finished := plan(false, 0, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := models.Run(ctx, p, models.RunOptions{Out: out})
	if err == nil || !strings.Contains(err.Error(), "interrupted: 0 of 2 sims written to "+filepath.Join(out, "t")) || !strings.Contains(err.Error(), "--resume") {
		t.Errorf("Run = %v, want the interruption with the directory and --resume", err)
	}
	if len(*writes) != 0 || len(*finished) != 0 {
		t.Errorf("wrote %v, finished %v after an interrupt before the first sim", *writes, *finished)
	}
}

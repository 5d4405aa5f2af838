package models_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

// directSim runs itself (models.DirectSim): two populations with spikes
// at fixed times, or a failure.
type directSim struct {
	fail    error
	threads int
}

func (d *directSim) Num() int          { return 0 }
func (d *directSim) Title() string     { return "direct" }
func (d *directSim) DataIDs() []string { return []string{"spikes"} }
func (d *directSim) Network() (*sim.Network, *sim.Options, float64, error) {
	return nil, nil, 0, errors.New("Network called on a DirectSim")
}

func (d *directSim) RunDirect(_ context.Context, threads int, _ func(sim.Progress)) (*sim.Result, error) {
	d.threads = threads
	if d.fail != nil {
		return &sim.Result{Complete: false, Duration: 0.001}, d.fail
	}
	res := &sim.Result{Dt: 0.1 * sim.Millisecond, Steps: 100, Duration: 10 * sim.Millisecond, Complete: true, Ranks: 1,
		Spikes: map[string]*sim.SpikeTrain{
			"A": {Population: "A", N: 3, GidOffset: 0, Index: []int32{0, 2}, Step: []int32{9, 19}, Time: []float64{1 * sim.Millisecond, 2 * sim.Millisecond}},
			"B": {Population: "B", N: 2, GidOffset: 1000, Index: []int32{1}, Step: []int32{29}, Time: []float64{3 * sim.Millisecond}},
		}}
	return res, nil
}

func (d *directSim) Write(st *store.Store, res *sim.Result, _ models.RunInfo) ([]string, error) {
	ids, err := models.WriteSpikes(st, 0, []string{"A", "B"}, res, nil)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, id := range ids {
		files = append(files, st.Path(id))
	}
	return files, nil
}

// TestRunDirect checks that Run runs a DirectSim through RunDirect (not
// Network), writes its spikes, the SONATA spike file and the raster, and
// that a failure writes nothing.
func TestRunDirect(t *testing.T) {
	out := t.TempDir()
	d := &directSim{}
	p := &models.Plan{SimID: "d", Sims: []models.Sim{d}, Cells: 5}
	files, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Threads: 3, Plot: true, SONATASpikes: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.threads != 3 {
		t.Errorf("RunDirect got %d threads, want 3", d.threads)
	}
	var sonataFile string
	for _, f := range files {
		if strings.HasSuffix(f, ".sonata.h5") {
			sonataFile = f
		}
	}
	if len(files) != 3 || sonataFile == "" || !strings.Contains(strings.Join(files, " "), "raster_d_0.png") {
		t.Fatalf("files %v: want spikes, the SONATA file and the raster", files)
	}
	pops, err := store.ReadSONATASpikes(sonataFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pops) != 2 || pops[0].Name != "A" || len(pops[0].NodeIDs) != 2 || pops[1].NodeIDs[0] != 1 || pops[1].TimestampsMs[0] != 3 {
		t.Errorf("SONATA spikes %+v", pops)
	}

	// A failure: an error naming the sim, nothing written.
	out2 := t.TempDir()
	p2 := &models.Plan{SimID: "f", Sims: []models.Sim{&directSim{fail: errors.New("boom")}}, Cells: 5}
	if _, err := models.Run(context.Background(), p2, models.RunOptions{Out: out2}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("error %v, want one containing boom", err)
	}
	entries, _ := os.ReadDir(filepath.Join(out2, "f"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "spikes") || strings.HasPrefix(e.Name(), "raster") {
			t.Errorf("a failed sim wrote %s", e.Name())
		}
	}
}

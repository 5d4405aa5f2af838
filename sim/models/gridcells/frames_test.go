package gridcells_test

import (
	"math"
	"testing"

	"github.com/golgi-sim/golgi/analysis/frames"
	"github.com/golgi-sim/golgi/internal/refdata"
	_ "github.com/golgi-sim/golgi/sim/models/gridcells" // registers the layout
)

// TestGridCellsCondFiles reads, through analysis/frames and the layout
// this family registers, the original's own files (NaN-padded spike
// rows, .hdf5) and checks them against its CSV export: 15 964 stellate and
// 27 005 interneuron spikes, and the mean rates of the summary.
func TestGridCellsCondFiles(t *testing.T) {
	dir := refdata.Require(t, "gridcellscond/network_1d/REF-1D-VDEF")
	r, err := frames.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := r.NeuronSummary(&frames.Filter{TMaxMs: 3000})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	rates := map[string][]float64{}
	pops := sum.Col("population").Records()
	n := sum.Col("n_spikes").Float()
	rt := sum.Col("rate_hz").Float()
	gid := sum.Col("gid").Float()
	for k, p := range pops {
		counts[p] += n[k]
		rates[p] = append(rates[p], rt[k])
		if p == "stell" && gid[k] >= 384 || p == "intrnrn" && gid[k] < 384 {
			t.Fatalf("gid %v in population %s: GridCellsCond numbers stellates 0-383 first", gid[k], p)
		}
	}
	if counts["stell"] != 15964 || counts["intrnrn"] != 27005 {
		t.Errorf("spike counts %v, want stell 15964, intrnrn 27005", counts)
	}
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	if m := mean(rates["stell"]); math.Abs(m-13.857638888888888) > 1e-9 {
		t.Errorf("stellate mean rate %v Hz, summary 13.8576", m)
	}
	if m := mean(rates["intrnrn"]); math.Abs(m-46.88368055555555) > 1e-9 {
		t.Errorf("interneuron mean rate %v Hz, summary 46.8837", m)
	}
	sp, err := r.Spikes(&frames.Filter{TMaxMs: 100})
	if err != nil {
		t.Fatal(err)
	}
	ts := sp.Col("t_ms").Float()
	for k := 1; k < len(ts); k++ {
		if ts[k] < ts[k-1] {
			t.Fatalf("spikes not sorted by time at row %d: %v after %v", k, ts[k], ts[k-1])
		}
	}
	// The earliest spikes of the original's export: interneurons at 0.075
	// ms (stored as float32).
	if len(ts) == 0 || math.Abs(ts[0]-0.075) > 1e-6 || sp.Col("population").Records()[0] != "intrnrn" {
		t.Errorf("first spike %v, want an interneuron at 0.075 ms", ts[:min(3, len(ts))])
	}
}

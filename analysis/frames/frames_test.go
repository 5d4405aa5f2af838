package frames

import (
	"encoding/json"
	"math"
	"path/filepath"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// writeSweep stores two sim_nums of two populations (E: gids 0-3, I: 4-5)
// as golgi run does.
func writeSweep(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	st, err := store.Open(root, "sw", nil)
	if err != nil {
		t.Fatal(err)
	}
	for n, g := range []float64{4, 6} {
		// E neuron 0 fires at 10, 20, 40 ms; neuron 1 at 15 ms; I neuron 4
		// (local 0) at 5, 25 ms. sim_num 1 adds an E spike of neuron 2.
		sp := store.Spikes{GIDs: []uint64{4, 0, 1, 0, 4, 0}, TimesMs: []float64{5, 10, 15, 20, 25, 40}}
		if n == 1 {
			sp.GIDs = append(sp.GIDs, 2)
			sp.TimesMs = append(sp.TimesMs, 50)
		}
		params, _ := json.Marshal(map[string]any{"model": "test", "g": g, "swept": []string{"g"}})
		attrs := store.Attrs{"unit": "ms", "t_stop_ms": 100.0, "populations": "E,I",
			"population_offsets": []uint64{0, 4}, "population_sizes": []uint64{4, 2}}
		if err := st.WriteSpikes(n, "spikes", sp, attrs, store.Run{Params: params}.Attrs()); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "sw")
}

func TestSpikesFrame(t *testing.T) {
	r, err := Open(writeSweep(t))
	if err != nil {
		t.Fatal(err)
	}
	df, err := r.Spikes(nil)
	if err != nil {
		t.Fatal(err)
	}
	if nr, nc := df.Dims(); nr != 13 || nc != 4 {
		t.Fatalf("spikes frame %dx%d, want 13x4\n%v", nr, nc, df)
	}
	df, err = r.Spikes(&Filter{SimNums: []int{1}, Populations: []string{"E"}, TMinMs: 12, TMaxMs: 45})
	if err != nil {
		t.Fatal(err)
	}
	got := df.Col("t_ms").Float()
	want := []float64{15, 20, 40}
	if len(got) != len(want) {
		t.Fatalf("filtered t_ms %v, want %v", got, want)
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("filtered t_ms %v, want %v", got, want)
		}
	}
	if p := df.Col("population").Records(); p[0] != "E" {
		t.Errorf("population column %v", p)
	}
}

func TestSummaryRatesSweep(t *testing.T) {
	r, err := Open(writeSweep(t))
	if err != nil {
		t.Fatal(err)
	}
	df, err := r.NeuronSummary(&Filter{SimNums: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	if nr, _ := df.Dims(); nr != 6 {
		t.Fatalf("summary of sim_num 0: %d rows, want 6 neurons", nr)
	}
	n := df.Col("n_spikes").Float()
	rate := df.Col("rate_hz").Float()
	cv := df.Col("cv_isi").Float()
	// Neuron 0: 3 spikes in 100 ms, ISIs 10 and 20 ms: CV = 5/15.
	if n[0] != 3 || math.Abs(rate[0]-30) > 1e-9 || math.Abs(cv[0]-1.0/3) > 1e-9 || !math.IsNaN(cv[1]) {
		t.Errorf("neuron 0: n %v rate %v cv %v; neuron 1 cv %v", n[0], rate[0], cv[0], cv[1])
	}
	rates, err := r.PopulationRates(50, &Filter{SimNums: []int{0}, Populations: []string{"E"}})
	if err != nil {
		t.Fatal(err)
	}
	// E has 4 spikes in [0, 50) ms over 4 neurons: 20 Hz; 0 in [50, 100).
	hz := rates.Col("rate_hz").Float()
	if len(hz) != 2 || math.Abs(hz[0]-20) > 1e-9 || hz[1] != 0 {
		t.Errorf("E rates %v, want [20 0]", hz)
	}
	sw, err := r.SweepTable(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sw.Col("g").Float()
	re := sw.Col("rate_hz_E").Float()
	if len(g) != 2 || g[0] != 4 || g[1] != 6 || math.Abs(re[0]-10) > 1e-9 || math.Abs(re[1]-12.5) > 1e-9 {
		t.Errorf("sweep table:\n%v", sw)
	}
	if _, err := r.PopulationRates(0, nil); err == nil {
		t.Error("bin 0: no error")
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open("/nonexistent/dir"); err == nil {
		t.Error("Open of a missing directory: no error")
	}
	if _, err := Open(t.TempDir()); err == nil {
		t.Error("Open of an empty directory: no error")
	}
}

// BenchmarkSpikesFrame1M reads a stored file of 1 M spikes into a
// DataFrame (issue target: at most 1 s).
func BenchmarkSpikesFrame1M(b *testing.B) {
	root := b.TempDir()
	st, err := store.Open(root, "big", nil)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000000
	sp := store.Spikes{GIDs: make([]uint64, n), TimesMs: make([]float64, n)}
	for k := range sp.GIDs {
		sp.GIDs[k] = uint64(k % 12500)
		sp.TimesMs[k] = float64(k) / n * 1000
	}
	attrs := store.Attrs{"t_stop_ms": 1000.0, "populations": "E,I", "population_offsets": []uint64{0, 10000}, "population_sizes": []uint64{10000, 2500}}
	if err := st.WriteSpikes(0, "spikes", sp, attrs, nil); err != nil {
		b.Fatal(err)
	}
	r, err := Open(filepath.Join(root, "big"))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		df, err := r.Spikes(nil)
		if err != nil {
			b.Fatal(err)
		}
		if nr, _ := df.Dims(); nr != n {
			b.Fatalf("%d rows", nr)
		}
	}
}

// TestRegisterLayoutErrors checks the layouts RegisterLayout refuses.
func TestRegisterLayoutErrors(t *testing.T) {
	for _, l := range []Layout{
		{Ext: ".x5"},
		{Name: "no extension"},
		{Name: "golgi's", Ext: store.ExtH5},
	} {
		if err := RegisterLayout(l); err == nil {
			t.Errorf("RegisterLayout(%+v): no error", l)
		}
	}
	if err := RegisterLayout(Layout{Name: "first", Ext: ".lay1"}); err != nil {
		t.Fatal(err)
	}
	if err := RegisterLayout(Layout{Name: "second", Ext: ".lay1"}); err == nil {
		t.Error("two layouts of one extension: no error")
	}
}

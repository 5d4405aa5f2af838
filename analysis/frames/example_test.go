package frames_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/golgi-sim/golgi/analysis/frames"
	"github.com/golgi-sim/golgi/sim/store"
)

// A sweep of two sim_nums, stored as golgi run stores it, read back as a
// table of spikes and a sweep table (one row per sim_num).
func Example() {
	root, _ := os.MkdirTemp("", "frames")
	defer os.RemoveAll(root)
	st, _ := store.Open(root, "sweep", nil)
	for n, g := range []float64{4, 6} {
		sp := store.Spikes{GIDs: []uint64{0, 1, 0}, TimesMs: []float64{10, 12 + g, 30}}
		params, _ := json.Marshal(map[string]any{"g": g, "swept": []string{"g"}})
		attrs := store.Attrs{"t_stop_ms": 100.0, "populations": "E", "population_offsets": []uint64{0}, "population_sizes": []uint64{2}}
		st.WriteSpikes(n, "spikes", sp, attrs, store.Run{Params: params}.Attrs())
	}

	r, err := frames.Open(filepath.Join(root, "sweep"))
	if err != nil {
		fmt.Println(err)
		return
	}
	spikes, _ := r.Spikes(&frames.Filter{SimNums: []int{1}})
	fmt.Println(spikes.Col("t_ms").Float())
	sweep, _ := r.SweepTable(nil)
	fmt.Println(sweep.Col("g").Float(), sweep.Col("rate_hz_E").Float())
	// Output:
	// [10 18 30]
	// [4 6] [15 15]
}

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

// A SONATA soma report (one element per cell) read back as a long table.
func ExampleSONATAReport() {
	dir, err := os.MkdirTemp("", "golgi-report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "soma_report.h5")
	err = store.WriteSONATAReport(path, []store.SONATAReport{{Population: "NodeA",
		NodeIDs: []uint64{0, 1}, IndexPointers: []uint64{0, 1, 2}, ElementIDs: []uint32{0, 0},
		StartMs: 0, EndMs: 0.2, DtMs: 0.1, Units: "mV", Data: [][]float32{{-65, -70}, {-64.5, -69.8}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	df, err := frames.SONATAReport(path, &frames.ReportFilter{NodeIDs: []uint64{1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for k := range df.Nrow() {
		fmt.Printf("node %d at %.1f ms: %.1f mV\n", df.Col("node_id").Elem(k).Val(), df.Col("t_ms").Elem(k).Float(), df.Col("value").Elem(k).Float())
	}
	// Output:
	// node 1 at 0.0 ms: -70.0 mV
	// node 1 at 0.1 ms: -69.8 mV
}

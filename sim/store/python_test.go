package store

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// python3 returns Debian's python3 with h5py and numpy, or skips.
func python3(t *testing.T) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skipf("%s not found: install python3-h5py and python3-numpy (make deps) to run the h5py interop test", py)
	}
	if out, err := exec.Command(py, "-c", "import h5py, numpy").CombinedOutput(); err != nil {
		t.Skipf("h5py not importable by %s (%v: %s): install python3-h5py and python3-numpy (make deps) to run the h5py interop test", py, err, out)
	}
	return py
}

// checkWithH5py is run by /usr/bin/python3: it opens Golgi's files with
// h5py and checks names, dtypes, shapes, attributes and values against the
// JSON document named by argv[1].
const checkWithH5py = `
import json, sys
import h5py, numpy as np

exp = json.load(open(sys.argv[1]))
d, sim = exp["dir"], exp["sim_id"]

def eq(a, b, what):
    if a != b:
        raise AssertionError("%s: %r != %r" % (what, a, b))

with h5py.File("%s/v_%s.h5" % (d, sim), "r") as f:
    eq(sorted(f.keys()), ["0", "1"], "v groups")
    ds = f["0/v"]
    eq(ds.dtype, np.dtype("<f4"), "v dtype")
    eq(ds.shape, (3, 4), "v shape")
    eq(ds.compression, "gzip", "v compression")
    eq(ds.shuffle, True, "v shuffle")
    np.testing.assert_array_equal(ds[...], np.array(exp["v"], dtype=np.float32).reshape(3, 4))
    a = ds.attrs
    eq(a["unit"], "mV", "unit")
    eq(a["dt_ms"], 0.1, "dt_ms")
    eq(a["t_start_ms"], 0.0, "t_start_ms")
    eq(a["population"], "E", "population")
    eq(a["gids"].dtype, np.dtype("<u8"), "gids dtype")
    eq(list(a["gids"]), [0, 5, 9], "gids")
    g = f["0"].attrs
    eq(json.loads(g["params"]), exp["params"], "params")
    eq(g["seed"], 7, "seed")
    eq(g["seed"].dtype, np.dtype("<u8"), "seed dtype")
    eq(g["golgi_version"], "0.1.0-test", "golgi_version")
    eq(g["run_time"], exp["run_time"], "run_time")
    eq(g["complete"], 1, "complete")
    eq(f["1/v"].shape, (3, 4), "v group 1")

with h5py.File("%s/spikes_%s.h5" % (d, sim), "r") as f:
    ds = f["0/spikes"]
    eq(ds.dtype.names, ("gid", "t_ms"), "spike fields")
    eq(ds.dtype["gid"], np.dtype("<u8"), "gid dtype")
    eq(ds.dtype["t_ms"], np.dtype("<f8"), "t_ms dtype")
    eq(ds.shape, (len(exp["spike_gids"]),), "spikes shape")
    eq(list(ds["gid"]), exp["spike_gids"], "spike gids")
    eq(list(ds["t_ms"]), exp["spike_times"], "spike times")
    eq(bool(np.all(np.diff(ds["t_ms"]) >= 0)), True, "sorted by time")
    eq(ds.attrs["unit"], "ms", "spikes unit")

with h5py.File("%s/stell_spks_%s.h5" % (d, sim), "r") as f:
    ds = f["2/stell_spks"][...]
    eq(ds.dtype, np.dtype("<f4"), "padded dtype")
    eq(ds.shape, (3, 3), "padded shape")
    trains = [list(r[~np.isnan(r)]) for r in ds]
    eq(trains, exp["trains"], "trains")
    eq(int(np.isnan(ds).sum()), 5, "NaN padding")

with h5py.File("%s/big_%s.h5" % (d, sim), "r") as f:
    ds = f["0/big"]
    eq(ds.shape, (700, 1000), "big shape")
    eq(ds.chunks is not None and ds.chunks[0] < 700, True, "big is in several chunks")
    i = np.arange(700000)
    want = ((i % 1000) * np.float32(0.5) - (i // 1000)).astype(np.float32).reshape(700, 1000)
    np.testing.assert_array_equal(ds[...], want)
    np.testing.assert_array_equal(ds[699, 990:], want[699, 990:])

with h5py.File("%s/manyspikes_%s.h5" % (d, sim), "r") as f:
    ds = f["0/manyspikes"][...]
    eq(len(ds), 150001, "many spikes")
    eq(list(ds["gid"][-3:]), [i * 7919 % 12500 for i in range(149998, 150001)], "last gids")
    eq(list(ds["t_ms"][:3]), [0.0, 0.01, 0.02], "first times")

with h5py.File("%s/rate_%s.h5" % (d, sim), "r") as f:
    ds = f["0/rate"]
    eq(ds.dtype, np.dtype("<f8"), "rate dtype")
    eq(list(ds[...]), exp["rate"], "rate")
    eq(ds.attrs["unit"], "Hz", "rate unit")

with h5py.File(exp["sonata"], "r") as f:
    eq(int(f.attrs["magic"]), 0x0A7A, "magic")
    eq(list(f.attrs["version"]), [0, 1], "version")
    eq(sorted(f["spikes"].keys()), ["E", "I"], "populations")
    for pop, p in exp["pops"].items():
        g = f["spikes"][pop]
        sid = g.attrs.get_id("sorting")
        mapping = h5py.check_enum_dtype(sid.dtype)
        eq(mapping, {"none": 0, "by_id": 1, "by_time": 2}, "sorting enum")
        eq(int(g.attrs["sorting"]), 2, "sorting value")
        eq(g["timestamps"].dtype, np.dtype("<f8"), "timestamps dtype")
        eq(g["node_ids"].dtype, np.dtype("<u8"), "node_ids dtype")
        eq(g["timestamps"].attrs["units"], "ms", "units")
        eq(list(g["timestamps"][...]), p["t"], pop + " timestamps")
        eq(list(g["node_ids"][...]), p["ids"], pop + " node_ids")

# Files of other tools, for the Go readers.
o = exp["foreign"]
with h5py.File(o + "/bmtk.h5", "w") as f:
    f.attrs["magic"] = np.uint32(0x0A7A)
    f.attrs["version"] = np.array([0, 1], dtype=np.uint32)
    g = f.create_group("/spikes/V1")
    g.attrs["sorting"] = "by_time"
    t = g.create_dataset("timestamps", data=np.array([0.5, 1.5, 2.5]))
    t.attrs["units"] = "ms"
    g.create_dataset("node_ids", data=np.array([3, 1, 2], dtype=np.uint64))
with h5py.File(o + "/libsonata.h5", "w") as f:
    g = f.create_group("/spikes/All")
    g.attrs.create("sorting", 1, dtype=h5py.enum_dtype({"none": 0, "by_id": 1, "by_time": 2}, basetype="i1"))
    g.create_dataset("timestamps", data=np.array([4.0, 1.0]))
    g.create_dataset("node_ids", data=np.array([0, 7], dtype=np.int64))
with h5py.File(o + "/seconds.h5", "w") as f:
    g = f.create_group("/spikes/thal")
    t = g.create_dataset("timestamps", data=np.array([0.001, 0.002]))
    t.attrs["units"] = "s"
    g.create_dataset("node_ids", data=np.array([1, 2], dtype=np.uint32))
with h5py.File(o + "/old_bbp.h5", "w") as f:
    g = f.create_group("spikes")
    g.attrs.create("sorting", 1, dtype=h5py.enum_dtype({"none": 0, "by_gid": 1, "by_time": 2}, basetype="i4"))
    g.create_dataset("timestamps", data=np.array([0.3, 0.1]))
    g.create_dataset("gids", data=np.array([5, 6], dtype=np.int64))
with h5py.File(o + "/gcc_spks_gcc.hdf5", "w", track_order=True) as f:
    f.create_group("0").create_dataset("gcc_spks", data=np.array([[1.0, np.nan], [2.0, 3.0]], dtype=np.float32), compression="gzip")
    f.create_group("1").create_dataset("gcc_spks", data=np.zeros((0,), dtype=np.float32))
print("ok")
`

func TestH5pyInterop(t *testing.T) {
	py := python3(t)
	root := t.TempDir()
	s, err := Open(root, "interop", nil)
	if err != nil {
		t.Fatal(err)
	}
	params := json.RawMessage(`{"model":"coba","n_exc":3200,"tau_ms":[20,5]}`)
	run := Run{Params: params, Seed: 7, Version: "0.1.0-test", Time: time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)}
	v := []float32{-65, -64.5, -64, -63.25, 0, 1, 2, 3, 4.5, 5, 6, 7}
	vAttrs := Attrs{AttrUnit: "mV", AttrDtMs: 0.1, AttrTStartMs: 0.0, AttrPopulation: "E", AttrGIDs: []uint64{0, 5, 9}}
	for k := range 2 {
		if err := s.WriteMatrix32(k, "v", Matrix32{Rows: 3, Cols: 4, Data: v}, vAttrs, run.Attrs()); err != nil {
			t.Fatal(err)
		}
	}
	sp := Spikes{GIDs: []uint64{4, 2, 9, 1}, TimesMs: []float64{3.5, 0.25, 1.0, 1.0}}
	if err := s.WriteSpikes(0, "spikes", sp, nil, run.Attrs()); err != nil {
		t.Fatal(err)
	}
	trains := [][]float64{{1, 2, 3}, {0.5}, {}}
	if err := s.WriteSpikesPadded(2, "stell_spks", trains, nil, run.Attrs()); err != nil {
		t.Fatal(err)
	}
	rate := []float64{0, 12.5, 30.25}
	if err := s.WriteFloat64(0, "rate", rate, Attrs{AttrUnit: "Hz"}, run.Attrs()); err != nil {
		t.Fatal(err)
	}
	big := Matrix32{Rows: 700, Cols: 1000, Data: make([]float32, 700000)}
	for i := range big.Data {
		big.Data[i] = float32(i%1000)*0.5 - float32(i/1000)
	}
	if err := s.WriteMatrix32(0, "big", big, nil, nil); err != nil {
		t.Fatal(err)
	}
	many := Spikes{GIDs: make([]uint64, 150001), TimesMs: make([]float64, 150001)}
	for i := range many.GIDs {
		many.GIDs[i], many.TimesMs[i] = uint64(i*7919%12500), float64(i)*0.01
	}
	if err := s.WriteSpikes(0, "manyspikes", many, nil, nil); err != nil {
		t.Fatal(err)
	}
	son := filepath.Join(root, "sonata", "spikes.h5")
	pops := []SONATAPopulation{
		{Name: "E", NodeIDs: []uint64{3, 1, 2}, TimestampsMs: []float64{2, 1, 1}},
		{Name: "I", NodeIDs: []uint64{0}, TimestampsMs: []float64{0.5}},
	}
	if err := WriteSONATASpikes(son, pops, SortByTime); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(root, "foreign")
	if err := os.MkdirAll(filepath.Join(foreign, "gcc"), 0o755); err != nil {
		t.Fatal(err)
	}
	exp := map[string]any{
		"dir": s.Dir(), "sim_id": "interop", "v": v, "params": params,
		"run_time":   run.Time.Format(time.RFC3339Nano),
		"spike_gids": []uint64{2, 1, 9, 4}, "spike_times": []float64{0.25, 1, 1, 3.5},
		"trains": [][]float64{{1, 2, 3}, {0.5}, {}}, "rate": rate,
		"sonata": son,
		"pops": map[string]any{
			"E": map[string]any{"ids": []uint64{1, 2, 3}, "t": []float64{1, 1, 2}},
			"I": map[string]any{"ids": []uint64{0}, "t": []float64{0.5}},
		},
		"foreign": foreign,
	}
	js, _ := json.Marshal(exp)
	jf := filepath.Join(root, "expected.json")
	if err := os.WriteFile(jf, js, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "check.py")
	if err := os.WriteFile(script, []byte(checkWithH5py), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, script, jf).CombinedOutput()
	if err != nil || string(out) != "ok\n" {
		t.Fatalf("h5py check: %v\n%s", err, out)
	}

	// Files h5py wrote as other tools do, read by Golgi.
	for _, tc := range []struct {
		file string
		want []SONATAPopulation
	}{
		{"bmtk.h5", []SONATAPopulation{{Name: "V1", NodeIDs: []uint64{3, 1, 2}, TimestampsMs: []float64{0.5, 1.5, 2.5}, Sorting: SortByTime}}},
		{"libsonata.h5", []SONATAPopulation{{Name: "All", NodeIDs: []uint64{0, 7}, TimestampsMs: []float64{4, 1}, Sorting: SortByID}}},
		{"seconds.h5", []SONATAPopulation{{Name: "thal", NodeIDs: []uint64{1, 2}, TimestampsMs: []float64{1, 2}}}},
		{"old_bbp.h5", []SONATAPopulation{{Name: "", NodeIDs: []uint64{5, 6}, TimestampsMs: []float64{0.3, 0.1}, Sorting: SortByID}}},
	} {
		got, err := ReadSONATASpikes(filepath.Join(foreign, tc.file), nil)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		for i := range got {
			for j, x := range got[i].TimestampsMs {
				got[i].TimestampsMs[j] = math.Round(x*1e9) / 1e9
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.file, got, tc.want)
		}
	}
	got, err := ReadSONATASpikes(son, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Sorting != SortByTime || !reflect.DeepEqual(got[0].NodeIDs, []uint64{1, 2, 3}) {
		t.Errorf("Golgi's SONATA file read back: %+v", got)
	}

	g, err := Open(foreign, "gcc", &Options{Ext: ExtHDF5})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(foreign, "gcc_spks_gcc.hdf5"), g.Path("gcc_spks")); err != nil {
		t.Fatal(err)
	}
	tr, _, err := g.ReadSpikesPadded(0, "gcc_spks")
	if err != nil || !reflect.DeepEqual(tr, [][]float64{{1}, {2, 3}}) {
		t.Errorf("h5py padded spikes: %v, %v", tr, err)
	}
	tr, _, err = g.ReadSpikesPadded(1, "gcc_spks")
	if err != nil || len(tr) != 0 {
		t.Errorf("h5py padded spikes of shape (0,): %v, %v", tr, err)
	}
	// Adding a sim_num to h5py's file keeps its groups.
	if err := g.WriteSpikesPadded(2, "gcc_spks", [][]float64{{9}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if nums, err := g.SimNums("gcc_spks"); err != nil || !reflect.DeepEqual(nums, []int{0, 1, 2}) {
		t.Errorf("sim_nums after adding one to h5py's file: %v, %v", nums, err)
	}
}

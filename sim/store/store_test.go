package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func testRun(seed uint64) Run {
	return Run{
		Params:  json.RawMessage(`{"model":"coba","n_exc":3200,"seed":` + string(rune('0'+seed%10)) + `}`),
		Seed:    seed,
		Version: "0.1.0-test",
		Time:    time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
	}
}

func mustOpen(t testing.TB, opt *Options) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), "sweep1", opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpen(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		simID string
		opt   *Options
		path  string // of data_id "v", "" if Open fails
	}{
		{"a", nil, "a/v_a.h5"},
		{"a", &Options{Ext: ExtHDF5}, "a/v_a.hdf5"},
		{"REF-1D", &Options{Compression: 9}, "REF-1D/v_REF-1D.h5"},
		{"", nil, ""},
		{"a/b", nil, ""},
		{".hidden", nil, ""},
		{"a", &Options{Ext: ".nc"}, ""},
		{"a", &Options{Compression: 10}, ""},
	} {
		s, err := Open(root, tc.simID, tc.opt)
		if tc.path == "" {
			if err == nil {
				t.Errorf("Open(%q, %+v): no error", tc.simID, tc.opt)
			}
			continue
		}
		if err != nil {
			t.Errorf("Open(%q, %+v): %v", tc.simID, tc.opt, err)
			continue
		}
		if got, want := s.Path("v"), filepath.Join(root, tc.path); got != want {
			t.Errorf("Path = %s, want %s", got, want)
		}
		if st, err := os.Stat(s.Dir()); err != nil || !st.IsDir() {
			t.Errorf("directory %s not created: %v", s.Dir(), err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, opt := range []*Options{nil, {Compression: -1}, {Compression: 9, Ext: ExtHDF5}, {Isolate: true}} {
		s := mustOpen(t, opt)
		run := testRun(7)
		m := Matrix32{Rows: 3, Cols: 4, Data: []float32{-65, -64.5, -64, 1e-3, 0, 1, 2, 3, float32(math.Inf(1)), 5, 6, 7}}
		vAttrs := Attrs{AttrUnit: "mV", AttrDtMs: 0.1, AttrTStartMs: 0.0, AttrPopulation: "E", AttrGIDs: []uint64{0, 5, 9}}
		if err := s.WriteMatrix32(0, "v", m, vAttrs, run.Attrs()); err != nil {
			t.Fatal(err)
		}
		gm, ga, err := s.ReadMatrix32(0, "v")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gm, m) {
			t.Errorf("matrix = %+v, want %+v", gm, m)
		}
		if !reflect.DeepEqual(ga, vAttrs) {
			t.Errorf("attrs = %#v, want %#v", ga, vAttrs)
		}

		sp := Spikes{GIDs: []uint64{3, 1, 2, 1 << 40}, TimesMs: []float64{1.5, 0.1, 1.5, 0.05}}
		if err := s.WriteSpikes(0, "spikes", sp, Attrs{AttrPopulation: "E"}, run.Attrs()); err != nil {
			t.Fatal(err)
		}
		gs, sa, err := s.ReadSpikes(0, "spikes")
		if err != nil {
			t.Fatal(err)
		}
		want := Spikes{GIDs: []uint64{1 << 40, 1, 2, 3}, TimesMs: []float64{0.05, 0.1, 1.5, 1.5}}
		if !reflect.DeepEqual(gs, want) {
			t.Errorf("spikes = %+v, want %+v", gs, want)
		}
		if u, _ := sa.String(AttrUnit); u != "ms" {
			t.Errorf("spikes unit = %q, want ms", u)
		}

		trains := [][]float64{{1, 2, 3}, {}, {0.5}, {7, 4}}
		if err := s.WriteSpikesPadded(1, "spks", trains, Attrs{AttrGIDs: []uint64{10, 11, 12, 13}}, nil); err != nil {
			t.Fatal(err)
		}
		gt, _, err := s.ReadSpikesPadded(1, "spks")
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]float64{{1, 2, 3}, nil, {0.5}, {4, 7}}; !reflect.DeepEqual(gt, want) {
			t.Errorf("trains = %v, want %v", gt, want)
		}
		gs, _, err = s.ReadSpikes(1, "spks")
		if err != nil {
			t.Fatal(err)
		}
		want = Spikes{GIDs: []uint64{12, 10, 10, 10, 13, 13}, TimesMs: []float64{0.5, 1, 2, 3, 4, 7}}
		if !reflect.DeepEqual(gs, want) {
			t.Errorf("padded as spikes = %+v, want %+v", gs, want)
		}

		rate := []float64{0, 12.5, 30, math.NaN()}
		if err := s.WriteFloat64(2, "rate", rate, Attrs{AttrUnit: "Hz", AttrDtMs: 1.0}, run.Attrs()); err != nil {
			t.Fatal(err)
		}
		gr, _, err := s.ReadFloat64(2, "rate")
		if err != nil {
			t.Fatal(err)
		}
		if len(gr) != 4 || gr[1] != 12.5 || !math.IsNaN(gr[3]) {
			t.Errorf("rate = %v, want %v", gr, rate)
		}

		_, g, err := s.ReadAttrs(0, "v")
		if err != nil {
			t.Fatal(err)
		}
		back, err := RunFromAttrs(g)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, run) && !back.Time.Equal(run.Time) {
			t.Errorf("run = %+v, want %+v", back, run)
		}
		if c, _ := g.Int64(AttrComplete); c != 1 {
			t.Errorf("complete = %v, want 1", g[AttrComplete])
		}
	}
}

func TestEmpty(t *testing.T) {
	s := mustOpen(t, nil)
	if err := s.WriteSpikes(0, "spikes", Spikes{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	sp, _, err := s.ReadSpikes(0, "spikes")
	if err != nil || sp.Len() != 0 {
		t.Errorf("ReadSpikes = %+v, %v; want no spikes", sp, err)
	}
	if err := s.WriteSpikesPadded(0, "pad", [][]float64{{}, {}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	tr, _, err := s.ReadSpikesPadded(0, "pad")
	if err != nil || len(tr) != 2 || len(tr[0]) != 0 {
		t.Errorf("ReadSpikesPadded = %v, %v; want 2 empty trains", tr, err)
	}
	if err := s.WriteMatrix32(0, "v", Matrix32{Rows: 0, Cols: 10}, Attrs{AttrGIDs: []uint64{}, "names": []string{}}, nil); err != nil {
		t.Fatal(err)
	}
	m, a, err := s.ReadMatrix32(0, "v")
	if err != nil || m.Rows != 0 || m.Cols != 10 {
		t.Errorf("ReadMatrix32 = %+v, %v", m, err)
	}
	if g, ok := a.Uint64s(AttrGIDs); !ok || len(g) != 0 {
		t.Errorf("empty gids attribute read as %#v", a[AttrGIDs])
	}
	if err := s.WriteFloat64(0, "rate", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if r, _, err := s.ReadFloat64(0, "rate"); err != nil || len(r) != 0 {
		t.Errorf("ReadFloat64 = %v, %v", r, err)
	}
}

func TestAttrTypes(t *testing.T) {
	s := mustOpen(t, nil)
	in := Attrs{
		"s": "héllo", "f": 1.5, "i": int64(-3), "u": uint64(1 << 63),
		"ss": []string{"a", "", "ccc"}, "fs": []float64{1, 2}, "is": []int64{-1, 1}, "us": []uint64{7},
		"int": 5, "i32": int32(-2), "u32": uint32(3), "f32": float32(0.5), "b": true,
		"ints": []int{1, 2}, "f32s": []float32{0.25}, "i32s": []int32{-4}, "u32s": []uint32{4},
	}
	want := Attrs{
		"s": "héllo", "f": 1.5, "i": int64(-3), "u": uint64(1 << 63),
		"ss": []string{"a", "", "ccc"}, "fs": []float64{1, 2}, "is": []int64{-1, 1}, "us": []uint64{7},
		"int": int64(5), "i32": int64(-2), "u32": uint64(3), "f32": 0.5, "b": int64(1),
		"ints": []int64{1, 2}, "f32s": []float64{0.25}, "i32s": []int64{-4}, "u32s": []uint64{4},
	}
	if err := s.WriteFloat64(0, "x", []float64{1}, in, in); err != nil {
		t.Fatal(err)
	}
	ds, g, err := s.ReadAttrs(0, "x")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("dataset attrs = %#v\nwant %#v", ds, want)
	}
	want[AttrComplete] = int64(1)
	if !reflect.DeepEqual(g, want) {
		t.Errorf("group attrs = %#v\nwant %#v", g, want)
	}
	for _, bad := range []Attrs{{"x": struct{}{}}, {"": 1.0}, {"x": "a\x00b"}, {"x": map[string]int{}}} {
		if err := s.WriteFloat64(1, "x", nil, bad, nil); err == nil {
			t.Errorf("attrs %#v: no error", bad)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	s := mustOpen(t, nil)
	for name, f := range map[string]func() error{
		"negative sim_num": func() error { return s.WriteFloat64(-1, "r", nil, nil, nil) },
		"bad data_id":      func() error { return s.WriteFloat64(0, "a/b", nil, nil, nil) },
		"dot data_id":      func() error { return s.WriteFloat64(0, ".x", nil, nil, nil) },
		"matrix size": func() error {
			return s.WriteMatrix32(0, "v", Matrix32{Rows: 2, Cols: 2, Data: make([]float32, 3)}, nil, nil)
		},
		"spike lengths": func() error { return s.WriteSpikes(0, "s", Spikes{GIDs: []uint64{1}}, nil, nil) },
		"spike NaN": func() error {
			return s.WriteSpikes(0, "s", Spikes{GIDs: []uint64{1}, TimesMs: []float64{math.NaN()}}, nil, nil)
		},
		"train NaN":   func() error { return s.WriteSpikesPadded(0, "s", [][]float64{{math.NaN()}}, nil, nil) },
		"group attrs": func() error { return s.WriteGroupAttrs(0, "nothing", Attrs{"a": 1.0}) },
	} {
		err := f()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "store ") {
			t.Errorf("%s: error %q does not start with \"store <path>\"", name, err)
		}
	}
	if ids, _ := s.DataIDs(); len(ids) != 0 {
		t.Errorf("failed writes left files: %v", ids)
	}
	if ents, _ := os.ReadDir(s.Dir()); len(ents) != 0 {
		t.Errorf("failed writes left %d entries in %s", len(ents), s.Dir())
	}
}

func TestMatrix32FromRows(t *testing.T) {
	m, err := Matrix32FromRows([][]float32{{1, 2}, {3, 4}, {5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows != 3 || m.Cols != 2 || m.At(2, 1) != 6 || !slices.Equal(m.Row(1), []float32{3, 4}) {
		t.Errorf("m = %+v", m)
	}
	if _, err := Matrix32FromRows([][]float32{{1}, {2, 3}}); err == nil {
		t.Error("ragged rows: no error")
	}
}

func TestSimNumsReplaceComplete(t *testing.T) {
	s := mustOpen(t, nil)
	data := func(k int) []float64 { return []float64{float64(k), float64(k) + 0.5} }
	for _, k := range []int{3, 0, 10, 1} {
		if err := s.WriteFloat64(k, "rate", data(k), Attrs{AttrUnit: "Hz"}, testRun(uint64(k)).Attrs()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WriteFloat64(0, "v", []float64{1}, nil, nil); err != nil {
		t.Fatal(err)
	}
	nums, err := s.SimNums("rate")
	if err != nil || !slices.Equal(nums, []int{0, 1, 3, 10}) {
		t.Errorf("SimNums = %v, %v", nums, err)
	}
	before, _ := os.Stat(s.Path("rate"))
	// Replace sim_num 3 with other data (--force).
	big := make([]float64, 1000)
	if err := s.WriteFloat64(3, "rate", big, Attrs{AttrUnit: "kHz"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFloat64(3, "rate", []float64{42}, Attrs{AttrUnit: "Hz"}, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(s.Path("rate"))
	if after.Size() > before.Size()+4096 {
		t.Errorf("replacing grew the file from %d to %d bytes", before.Size(), after.Size())
	}
	for _, k := range []int{0, 1, 3, 10} {
		v, a, err := s.ReadFloat64(k, "rate")
		if err != nil {
			t.Fatal(err)
		}
		w := data(k)
		if k == 3 {
			w = []float64{42}
		}
		if !slices.Equal(v, w) || a[AttrUnit] != "Hz" {
			t.Errorf("sim_num %d: %v %v, want %v", k, v, a, w)
		}
	}
	_, g, err := s.ReadAttrs(3, "rate")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := g[AttrSeed]; ok {
		t.Errorf("replaced group kept its old attributes: %v", g)
	}
	for _, tc := range []struct {
		k    int
		ids  []string
		want bool
	}{
		{0, nil, true},
		{0, []string{"rate", "v"}, true},
		{1, []string{"rate"}, true},
		{1, []string{"rate", "v"}, false},
		{1, nil, false},
		{2, []string{"rate"}, false},
		{0, []string{"rate", "never"}, false},
	} {
		got, err := s.Complete(tc.k, tc.ids...)
		if err != nil || got != tc.want {
			t.Errorf("Complete(%d, %v) = %v, %v; want %v", tc.k, tc.ids, got, err, tc.want)
		}
	}
	if err := s.WriteGroupAttrs(1, "rate", Attrs{"note": "checked", AttrSeed: uint64(99)}); err != nil {
		t.Fatal(err)
	}
	_, g, _ = s.ReadAttrs(1, "rate")
	if g["note"] != "checked" || g[AttrSeed] != uint64(99) || g[AttrVersion] != "0.1.0-test" {
		t.Errorf("group attrs after WriteGroupAttrs: %v", g)
	}
	if err := s.WriteGroupAttrs(5, "rate", Attrs{"a": 1.0}); !errors.Is(err, ErrNotFound) {
		t.Errorf("WriteGroupAttrs on a missing group: %v, want ErrNotFound", err)
	}
	ids, err := s.DataIDs()
	if err != nil || !slices.Equal(ids, []string{"rate", "v"}) {
		t.Errorf("DataIDs = %v, %v", ids, err)
	}
}

func TestMissing(t *testing.T) {
	s := mustOpen(t, nil)
	if err := s.WriteFloat64(4, "rate", []float64{1}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteSpikes(0, "spikes", Spikes{GIDs: []uint64{1}, TimesMs: []float64{2}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want []string // substrings
	}{
		{"file", third(s.ReadFloat64(0, "nope")), []string{s.Path("nope"), "no such file"}},
		{"group", third(s.ReadFloat64(3, "rate")), []string{s.Path("rate"), `no group "3"`, `"4"`}},
		{"dataset", third(s.ReadMatrix32(0, "spikes")), []string{"shape [1]", "want 2 dimensions"}},
		{"padded", third(s.ReadSpikesPadded(0, "spikes")), []string{"spike list", "use ReadSpikes"}},
		{"not spikes", third(s.ReadSpikes(4, "rate")), []string{"want 2 dimensions"}},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(tc.err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, tc.err, w)
			}
		}
	}
	if err := third(s.ReadFloat64(0, "nope")); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing file: %v is not ErrNotFound", err)
	}
	if err := third(s.ReadFloat64(3, "rate")); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing group: %v is not ErrNotFound", err)
	}
	// A group without the dataset: a file of another data_id renamed.
	if err := os.Rename(s.Path("rate"), s.Path("other")); err != nil {
		t.Fatal(err)
	}
	err := third(s.ReadFloat64(4, "other"))
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `group "4" has no dataset "other" (it has "rate")`) {
		t.Errorf("missing dataset: %v", err)
	}
}

func third[A, B, C any](_ A, _ B, c C) C { return c }

func TestInspectList(t *testing.T) {
	root := t.TempDir()
	a, _ := Open(root, "a", nil)
	b, _ := Open(root, "b", &Options{Ext: ExtHDF5})
	for k := 0; k < 3; k++ {
		if err := a.WriteMatrix32(k, "v", Matrix32{Rows: 2, Cols: 5, Data: make([]float32, 10)}, Attrs{AttrUnit: "mV"}, testRun(uint64(k)).Attrs()); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.WriteSpikes(1, "spikes", Spikes{GIDs: []uint64{1}, TimesMs: []float64{2}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteSpikesPadded(0, "stell_spks", [][]float64{{1}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "a", "junk_a.h5"), []byte("not hdf5"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "a", "notes.txt"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(root, "empty"), 0o755)

	sims, err := List(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sims) != 2 || sims[0].SimID != "a" || sims[1].SimID != "b" {
		t.Fatalf("List = %+v", sims)
	}
	sa := sims[0]
	if got := sa.SimNums(); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("sim_nums = %v", got)
	}
	var ids []string
	for _, f := range sa.Files {
		ids = append(ids, f.DataID)
	}
	if !slices.Equal(ids, []string{"junk", "spikes", "v"}) {
		t.Errorf("data_ids = %v", ids)
	}
	if sa.Files[0].Err == nil || !strings.Contains(sa.Files[0].Err.Error(), "junk_a.h5") {
		t.Errorf("junk file error = %v", sa.Files[0].Err)
	}
	v := sa.Files[2]
	if len(v.Groups) != 4 || v.Groups[0].Name != "" || v.Groups[1].Name != "0" {
		t.Fatalf("groups = %+v", v.Groups)
	}
	g := v.Groups[2]
	if g.SimNum != 1 || !g.Complete || g.Attrs[AttrSeed] != uint64(1) || len(g.Datasets) != 1 {
		t.Errorf("group 1 = %+v", g)
	}
	d := g.Datasets[0]
	if d.Name != "v" || !slices.Equal(d.Shape, []int{2, 5}) || d.DType != "float32" || d.Unit() != "mV" {
		t.Errorf("dataset = %+v", d)
	}
	sp := sa.Files[1].Groups[1].Datasets[0]
	if sp.DType != "{gid:uint64, t_ms:float64}" || !slices.Equal(sp.Shape, []int{1}) || sp.Unit() != "ms" {
		t.Errorf("spikes dataset = %+v", sp)
	}
	if sims[1].Files[0].DataID != "stell_spks" {
		t.Errorf("b files = %+v", sims[1].Files)
	}
	// root itself may be a sim_id directory.
	one, err := List(filepath.Join(root, "b"), nil)
	if err != nil || len(one) != 1 || one[0].SimID != "b" {
		t.Errorf("List(root/b) = %+v, %v", one, err)
	}
}

// TestChunks round-trips data of several chunks, partial at the edges,
// written by the parallel direct chunk writer and by libhdf5's filters.
func TestChunks(t *testing.T) {
	m := Matrix32{Rows: 700, Cols: 1000, Data: make([]float32, 700000)}
	for i := range m.Data {
		m.Data[i] = float32(i%1000)*0.5 - float32(i/1000)
	}
	wide := Matrix32{Rows: 3, Cols: 300001, Data: make([]float32, 900003)}
	for i := range wide.Data {
		wide.Data[i] = float32(i % 7919)
	}
	f := make([]float64, 300001)
	for i := range f {
		f[i] = math.Sqrt(float64(i))
	}
	sp := Spikes{GIDs: make([]uint64, 150001), TimesMs: make([]float64, 150001)}
	for i := range sp.GIDs {
		sp.GIDs[i], sp.TimesMs[i] = uint64(i*7919%12500), float64(i)*0.01
	}
	defer func(v bool) { littleEndian = v }(littleEndian)
	for _, direct := range []bool{true, false} {
		littleEndian = direct && littleEndian
		for _, level := range []int{1, 9} {
			s := mustOpen(t, &Options{Compression: level, NoSync: true})
			if err := s.WriteMatrix32(0, "v", m, nil, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.WriteMatrix32(0, "wide", wide, nil, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.WriteFloat64(0, "f", f, nil, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.WriteSpikes(0, "spikes", sp, nil, nil); err != nil {
				t.Fatal(err)
			}
			gm, _, err := s.ReadMatrix32(0, "v")
			if err != nil || !reflect.DeepEqual(gm, m) {
				t.Errorf("direct=%v level %d: matrix differs (%v)", direct, level, err)
			}
			gw, _, err := s.ReadMatrix32(0, "wide")
			if err != nil || !reflect.DeepEqual(gw, wide) {
				t.Errorf("direct=%v level %d: wide matrix differs (%v)", direct, level, err)
			}
			gf, _, err := s.ReadFloat64(0, "f")
			if err != nil || !slices.Equal(gf, f) {
				t.Errorf("direct=%v level %d: float64 differs (%v)", direct, level, err)
			}
			gs, _, err := s.ReadSpikes(0, "spikes")
			if err != nil || !reflect.DeepEqual(gs, sp) {
				t.Errorf("direct=%v level %d: spikes differ (%v)", direct, level, err)
			}
			if st, err := os.Stat(s.Path("v")); err != nil || st.Size() > int64(len(m.Data)*4/2) {
				t.Errorf("direct=%v level %d: matrix file of %d bytes is not compressed", direct, level, st.Size())
			}
		}
	}
}

// TestConcurrentGoroutines writes and reads from several goroutines at
// once, into one file and into several.
func TestConcurrentGoroutines(t *testing.T) {
	s := mustOpen(t, &Options{NoSync: true})
	const workers, each = 4, 6
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			var err error
			for i := 0; i < each && err == nil; i++ {
				k := w*each + i
				data := []float64{float64(k), float64(w)}
				if err = s.WriteFloat64(k, "shared", data, nil, nil); err != nil {
					break
				}
				if err = s.WriteFloat64(i, "own"+strconv.Itoa(w), data, nil, nil); err != nil {
					break
				}
				var got []float64
				if got, _, err = s.ReadFloat64(k, "shared"); err == nil && !slices.Equal(got, data) {
					err = fmt.Errorf("sim_num %d: read %v, wrote %v", k, got, data)
				}
				if _, err2 := s.Inspect(); err == nil {
					err = err2
				}
			}
			errs <- err
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	nums, err := s.SimNums("shared")
	if err != nil || len(nums) != workers*each {
		t.Errorf("shared file holds sim_nums %v (%v), want %d", nums, err, workers*each)
	}
	for w := range workers {
		if nums, err := s.SimNums("own" + strconv.Itoa(w)); err != nil || len(nums) != each {
			t.Errorf("own%d holds %v (%v)", w, nums, err)
		}
	}
}

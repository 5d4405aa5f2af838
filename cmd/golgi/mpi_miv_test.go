//go:build mpi

package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/store"
)

// mivSmall writes a copy of Microcircuit_Small's configuration with 2
// STIM, 2 PYR, 1 PVBC and 1 OLM cells (TestGolgiRun's network), its
// Electrode 0 summing every cell (maxEDist 1e5 um) and Electrode 1
// sampling half of the cells beyond 100 um (fraction 0.5), and returns
// its path and the directories of its SWC files and templates.
func mivSmall(t *testing.T) (cfg, morph, templates string) {
	t.Helper()
	src := refdata.Require(t, "miv/cases/1-construction")
	dir := t.TempDir()
	ents, err := os.ReadDir(filepath.Join(src, "config"))
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string][][2]string{
		"Geometry_Small.yaml": {
			{"  STIM:\n    SO:  0\n    SP:  10", "  STIM:\n    SO:  0\n    SP:  2"},
			{"    SP:  80", "    SP:  2"},
			{"    SO:  35\n    SP:  10\n    SR:  8", "    SO:  1\n    SP:  0\n    SR:  0"},
			{"    SO:  44", "    SO:  1"},
		},
		"Recording.yaml": {
			{"    position: [-1205.5, 2700.3, -211.7]\n    maxEDist: 100.", "    position: [-1205.5, 2700.3, -211.7]\n    maxEDist: 100000."},
			{"    position: [-1205.5, 2700.3, -411.7]\n    maxEDist: 100.\n    fraction: .1", "    position: [-1205.5, 2700.3, -411.7]\n    maxEDist: 100.\n    fraction: .5"},
		},
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(src, "config", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		for _, r := range edits[e.Name()] {
			if strings.Count(s, r[0]) != 1 {
				t.Fatalf("%s: %q is not there once", e.Name(), r[0])
			}
			s = strings.Replace(s, r[0], r[1], 1)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "Microcircuit_Small.yaml"), filepath.Join(src, "datasets"), filepath.Join(src, "templates")
}

// mivOutput is what a MiV run writes: the spikes and v data_ids, and
// the results file's Spike Events and LFP.
type mivOutput struct {
	gids   []uint64
	times  []float64
	v      store.Matrix32
	vGids  []uint64
	vRecs  []string
	events map[string]store.NeuroH5Namespace
	// intra are the Intracellular <rec id> namespaces, by population and
	// name.
	intra map[string]store.NeuroH5Namespace
	lfpT  map[string][]float64
	lfpV  map[string][]float64
}

// readMivOutput reads what a MiV run wrote to out.
func readMivOutput(t *testing.T, out string) mivOutput {
	t.Helper()
	st, err := store.Open(out, "Microcircuit_Small", nil)
	if err != nil {
		t.Fatal(err)
	}
	var o mivOutput
	sp, _, err := st.ReadSpikes(0, "spikes")
	if err != nil {
		t.Fatal(err)
	}
	o.gids, o.times = sp.GIDs, sp.TimesMs
	var attrs store.Attrs
	if o.v, attrs, err = st.ReadMatrix32(0, "v"); err != nil {
		t.Fatal(err)
	}
	o.vGids, _ = attrs.Uint64s("gids")
	o.vRecs, _ = attrs["rec_ids"].([]string)
	res := filepath.Join(out, "Microcircuit_Small", "Microcircuit_Small_results.h5")
	o.events = map[string]store.NeuroH5Namespace{}
	for _, pop := range []string{"STIM", "PYR", "PVBC", "OLM"} {
		ns, err := store.ReadNeuroH5Namespace(res, pop, "Spike Events")
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		o.events[pop] = ns
	}
	o.intra = map[string]store.NeuroH5Namespace{}
	for _, pop := range []string{"PYR", "PVBC", "OLM"} {
		names, err := store.NeuroH5Namespaces(res, pop)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if !strings.HasPrefix(name, "Intracellular ") {
				continue
			}
			if o.intra[pop+"/"+name], err = store.ReadNeuroH5Namespace(res, pop, name); err != nil {
				t.Fatal(err)
			}
		}
	}
	o.lfpT, o.lfpV = map[string][]float64{}, map[string][]float64{}
	for _, e := range []string{"Electrode 0", "Electrode 1"} {
		if o.lfpT[e], _, err = store.ReadFileFloat64(res, "Local Field Potential "+e+"/t"); err != nil {
			t.Fatal(err)
		}
		if o.lfpV[e], _, err = store.ReadFileFloat64(res, "Local Field Potential "+e+"/v"); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// diffMiv says how two MiV runs' outputs differ (every value bit for
// bit), or "".
func diffMiv(a, b mivOutput) string {
	bits := func(x, y []float64) int {
		if len(x) != len(y) {
			return 0
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				return i
			}
		}
		return -1
	}
	if !reflect.DeepEqual(a.gids, b.gids) || bits(a.times, b.times) >= 0 {
		return fmt.Sprintf("spikes: gids %v at %v, want %v at %v", a.gids, a.times, b.gids, b.times)
	}
	if !reflect.DeepEqual(a.vGids, b.vGids) || !reflect.DeepEqual(a.vRecs, b.vRecs) || a.v.Rows != b.v.Rows || a.v.Cols != b.v.Cols {
		return fmt.Sprintf("v: %dx%d of gids %v, want %dx%d of %v", a.v.Rows, a.v.Cols, a.vGids, b.v.Rows, b.v.Cols, b.vGids)
	}
	for i := range a.v.Data {
		if math.Float32bits(a.v.Data[i]) != math.Float32bits(b.v.Data[i]) {
			return fmt.Sprintf("v[%d] = %v, want %v", i, a.v.Data[i], b.v.Data[i])
		}
	}
	if !reflect.DeepEqual(a.events, b.events) {
		return fmt.Sprintf("Spike Events %+v, want %+v", a.events, b.events)
	}
	if len(a.intra) != len(b.intra) {
		return fmt.Sprintf("%d Intracellular namespaces, want %d", len(a.intra), len(b.intra))
	}
	for k, ns := range b.intra {
		if !reflect.DeepEqual(a.intra[k], ns) {
			return fmt.Sprintf("%s differs", k)
		}
	}
	for e := range b.lfpV {
		if bits(a.lfpT[e], b.lfpT[e]) >= 0 {
			return fmt.Sprintf("%s: t differs", e)
		}
		if i := bits(a.lfpV[e], b.lfpV[e]); i >= 0 {
			if i < len(a.lfpV[e]) {
				return fmt.Sprintf("%s: v[%d] = %v, want %v", e, i, a.lfpV[e][i], b.lfpV[e][i])
			}
			return fmt.Sprintf("%s: %d samples, want %d", e, len(a.lfpV[e]), len(b.lfpV[e]))
		}
	}
	return ""
}

// TestMPIMiV runs a MiV network (Microcircuit_Small with 2 STIM, 2 PYR,
// 1 PVBC and 1 OLM cells, 20 ms, Network clamp default: v of every
// soma, ais, apical and basal section of every cell, 340 traces; two
// electrodes: mivSmall) with `golgi run` on 1, 2 and 3 MPI ranks x 1
// and 2 threads and requires rank 0's store and results file to hold
// exactly what one process writes: the spikes data_id (gids, times), the
// v data_id (gids, rec ids, every sample), the 174 Intracellular <rec
// id> namespaces, every population's Spike Events namespace and the LFP
// of both electrodes (/Local Field Potential <label>/{t, v}), bit for
// bit. The cells are on rank gid mod np (MiV's round robin): on 3 ranks
// each has cells.
func TestMPIMiV(t *testing.T) {
	cfg, md, td := mivSmall(t)
	dir := t.TempDir()
	args := func(out string, threads int) []string {
		return []string{"run", cfg, "--out", out, "--plot=false", "--threads", fmt.Sprint(threads), "--tstop", "20",
			"--miv-morphology", md, "--miv-templates", td, "--miv-recording", "Network clamp default"}
	}
	var so, se bytes.Buffer
	if code := run(args(filepath.Join(dir, "one"), 1), &so, &se); code != 0 {
		t.Fatalf("one process: exit %d: %s", code, se.String())
	}
	want := readMivOutput(t, filepath.Join(dir, "one"))
	cells := 0
	for _, g := range want.gids {
		if g >= 2 {
			cells++
		}
	}
	nonzero := func(v []float64) bool {
		for _, x := range v {
			if x != 0 {
				return true
			}
		}
		return false
	}
	if cells == 0 || want.v.Rows != 340 || len(want.vRecs) != 340 || len(want.intra) != 174 || want.v.Cols != 801 || len(want.lfpV["Electrode 0"]) != 201 ||
		!nonzero(want.lfpV["Electrode 0"]) || !nonzero(want.lfpV["Electrode 1"]) {
		t.Fatalf("one process: spikes %v (%d of cells), v %dx%d, LFP %d samples (nonzero: %v, %v): want spikes of cells, 340x801 v, 201 nonzero LFP samples",
			want.gids, cells, want.v.Rows, want.v.Cols, len(want.lfpV["Electrode 0"]), nonzero(want.lfpV["Electrode 0"]), nonzero(want.lfpV["Electrode 1"]))
	}
	for _, np := range []int{1, 2, 3} {
		for _, threads := range []int{1, 2} {
			out := filepath.Join(dir, fmt.Sprintf("np%d-t%d", np, threads))
			text, err := mpirun(t, np, 180*time.Second, nil, args(out, threads)...)
			if err != nil {
				t.Fatalf("np %d threads %d: %v\n%s", np, threads, err, text)
			}
			if np > 1 && !strings.Contains(text, "gid g on rank g mod ranks") {
				t.Errorf("np %d: the output does not say how cells are shared:\n%s", np, text)
			}
			if n, w := strings.Count(text, "wrote "), strings.Count(so.String(), "wrote "); n != w {
				t.Errorf("np %d: %d 'wrote' lines, want %d (rank 0 only, as one process):\n%s", np, n, w, text)
			}
			if d := diffMiv(readMivOutput(t, out), want); d != "" {
				t.Errorf("np %d threads %d: %s", np, threads, d)
			}
		}
	}
	t.Logf("%d spikes (%d of cells), v of 340 sections x 801 samples (data_id and %d Intracellular namespaces) and 2 electrodes x 201 samples identical on 1-3 ranks x 1-2 threads",
		len(want.gids), cells, len(want.intra))

	// The construction read from its files (--miv-cells: every rank
	// reads them all) on 2 ranks, against one process.
	files := filepath.Join(dir, "files")
	if err := os.MkdirAll(files, 0o755); err != nil {
		t.Fatal(err)
	}
	cells5, conns5 := filepath.Join(files, "cells.h5"), filepath.Join(files, "connections.h5")
	so.Reset()
	if code := run([]string{"miv", "network", cfg, "-cells", cells5, "-connections", conns5, "-swc", md, "-templates", td}, &so, &se); code != 0 {
		t.Fatalf("golgi miv network: exit %d: %s", code, se.String())
	}
	read := func(out string, threads int) []string {
		return append(args(out, threads), "--miv-cells", cells5, "--miv-connections", conns5)
	}
	if code := run(read(filepath.Join(dir, "files-one"), 1), &so, &se); code != 0 {
		t.Fatalf("one process, --miv-cells: exit %d: %s", code, se.String())
	}
	text, err := mpirun(t, 2, 180*time.Second, nil, read(filepath.Join(dir, "files-np2"), 2)...)
	if err != nil {
		t.Fatalf("np 2, --miv-cells: %v\n%s", err, text)
	}
	if d := diffMiv(readMivOutput(t, filepath.Join(dir, "files-np2")), readMivOutput(t, filepath.Join(dir, "files-one"))); d != "" {
		t.Errorf("np 2 threads 2, --miv-cells: %s", d)
	}

	// An error (an unknown recording profile) ends every rank, with the
	// message.
	text, err = mpirun(t, 2, 120*time.Second, nil, append(args(filepath.Join(dir, "bad"), 1)[:len(args("", 1))-1], "nosuch")...)
	if err == nil || !strings.Contains(text, "Recording.Intracellular.nosuch: no such profile") {
		t.Errorf("np 2, --miv-recording nosuch: error %v, output:\n%s\nwant a failure naming the profile", err, text)
	}
}

// TestMPIMiVNetwork writes mivSmall's construction files with `golgi miv
// network` on one process and on 2 and 3 MPI ranks (each rank computes
// the synapses and connections of its share of the gids, rank 0 gathers
// and writes): cells.h5 and connections.h5 are the same, byte for byte.
func TestMPIMiVNetwork(t *testing.T) {
	cfg, md, td := mivSmall(t)
	dir := t.TempDir()
	args := func(out string) []string {
		return []string{"miv", "network", cfg, "-cells", filepath.Join(out, "cells.h5"), "-connections", filepath.Join(out, "connections.h5"),
			"-swc", md, "-templates", td, "-threads", "1"}
	}
	one := filepath.Join(dir, "one")
	if err := os.MkdirAll(one, 0o755); err != nil {
		t.Fatal(err)
	}
	var so, se bytes.Buffer
	if code := run(args(one), &so, &se); code != 0 {
		t.Fatalf("one process: exit %d: %s", code, se.String())
	}
	for _, np := range []int{2, 3} {
		out := filepath.Join(dir, fmt.Sprintf("np%d", np))
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		text, err := mpirun(t, np, 120*time.Second, nil, args(out)...)
		if err != nil {
			t.Fatalf("np %d: %v\n%s", np, err, text)
		}
		if w := strings.ReplaceAll(so.String(), one, out); !strings.Contains(text, w) || strings.Count(text, "connections.h5: 10 projections") != 1 {
			t.Errorf("np %d: output\n%s\nwant one process's (rank 0 only)\n%s", np, text, w)
		}
		for _, f := range []string{"cells.h5", "connections.h5"} {
			a, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(one, f))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("np %d: %s (%d bytes) differs from one process's (%d bytes)", np, f, len(a), len(b))
			}
		}
	}
	t.Logf("cells.h5 and connections.h5 byte-identical on one process and 2, 3 ranks:\n%s", so.String())
}

package miv

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestGolgiRun runs golgi run's path (the family's Planner, models.Run)
// on a copy of Microcircuit_Small's configuration with 2 STIM, 2 PYR, 1
// PVBC and 1 OLM cells for 10 ms and checks what it writes against the
// Go API run of the same network (Construct, DefaultStimTrains,
// BuildNetwork, Run): the spikes data_id (gids, times, STIM included),
// the soma v of the profile --miv-recording names ("Network clamp
// default": every cell, every step; data_id v, gids and dt attributes) and /Local Field Potential <label>/{t, v} of
// Microcircuit_Small_results.h5 (float32 of the API's samples); progress
// reports up to Done.
func TestGolgiRun(t *testing.T) {
	src := refdata.Require(t, "miv/cases/1-construction")
	dir := t.TempDir()
	ents, err := os.ReadDir(filepath.Join(src, "config"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(src, "config", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	geo, err := os.ReadFile(filepath.Join(dir, "Geometry_Small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	g := string(geo)
	for _, r := range [][2]string{
		{"  STIM:\n    SO:  0\n    SP:  10", "  STIM:\n    SO:  0\n    SP:  2"},
		{"    SP:  80", "    SP:  2"},
		{"    SO:  35\n    SP:  10\n    SR:  8", "    SO:  1\n    SP:  0\n    SR:  0"},
		{"    SO:  44", "    SO:  1"},
	} {
		if strings.Count(g, r[0]) != 1 {
			t.Fatalf("Geometry_Small.yaml: %q is not there once", r[0])
		}
		g = strings.Replace(g, r[0], r[1], 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "Geometry_Small.yaml"), []byte(g), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "Microcircuit_Small.yaml")
	morphDir, tmplDir := filepath.Join(src, "datasets"), filepath.Join(src, "templates")
	const tstop = 10.0

	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"--miv-morphology", morphDir, "--miv-templates", tmplDir, "--miv-recording", "Network clamp default"}); err != nil {
		t.Fatal(err)
	}
	plan, err := planners["miv"](models.Request{Path: path, Flags: fs, TstopMs: 10})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Cells != 6 {
		t.Errorf("plan of %d cells, want 6", plan.Cells)
	}
	out := t.TempDir()
	var reports []sim.Progress
	var log bytes.Buffer
	files, err := models.Run(context.Background(), plan, models.RunOptions{Out: out, Threads: 2, Log: &log,
		Progress: func(string) func(sim.Progress) { return func(p sim.Progress) { reports = append(reports, p) } }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("files %v", files)
	if len(reports) == 0 || !reports[len(reports)-1].Done || reports[len(reports)-1].T != tstop*sim.Millisecond {
		t.Errorf("progress reports %+v, want some ending Done at 10 ms", reports)
	}

	// The same run through the API.
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	con, err := cfg.Construct(ConstructOptions{MorphologyDir: morphDir, TemplatesDir: tmplDir, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	trains, err := cfg.DefaultStimTrains(tstop, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := BuildNetwork(cfg, con, NetworkOptions{TemplatesDir: tmplDir, Threads: 1, TstopMs: tstop, StimTrains: trains, Recording: "Network clamp default"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := n.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	st, err := store.Open(out, plan.SimID, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := st.ReadSpikes(0, "spikes")
	if err != nil {
		t.Fatal(err)
	}
	stim := 0
	if len(sp.GIDs) != len(want) {
		t.Fatalf("%d spikes stored, the API run has %d", len(sp.GIDs), len(want))
	}
	for i, s := range want {
		if sp.GIDs[i] != uint64(s.Gid) || sp.TimesMs[i] != s.TMs {
			t.Errorf("spike %d: gid %d at %g ms, want %d at %g", i, sp.GIDs[i], sp.TimesMs[i], s.Gid, s.TMs)
		}
		if s.Population == "STIM" {
			stim++
		}
	}
	if stim == 0 {
		t.Error("no STIM spikes stored")
	}
	r := n.Intracellular
	if len(r.Gids) != 4 {
		t.Errorf("%d cells recorded, want the 4 biophysical", len(r.Gids))
	}
	checkStoredTraces(t, st, r)
	checkFilesRun(t, cfg, con, path, tmplDir, want)

	res := filepath.Join(out, plan.SimID, "Microcircuit_Small_results.h5")
	checkResultsTraces(t, res, n)
	// Spike Events (SPEC 4.4): every population's spikes by cell.
	for _, r := range cfg.PopulationRanges() {
		byGid := map[int][]float32{}
		for _, s := range want {
			if s.Population == r.Name {
				byGid[s.Gid] = append(byGid[s.Gid], float32(s.TMs))
			}
		}
		ns, err := store.ReadNeuroH5Namespace(res, r.Name, "Spike Events")
		if len(byGid) == 0 {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: no spikes, Spike Events: %v", r.Name, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ta, _ := ns.Attribute("t")
		art, _ := ns.Attribute("artificial")
		if ta == nil || art == nil || len(ta.Index) != len(byGid) {
			t.Fatalf("%s Spike Events: %+v", r.Name, ns)
		}
		for i, ci := range ta.Index {
			g := r.Start + int(ci)
			got := ta.Values.([]float32)[ta.Pointer[i]:ta.Pointer[i+1]]
			if !slices.Equal(got, byGid[g]) {
				t.Errorf("%s gid %d: Spike Events t %v, want %v", r.Name, g, got, byGid[g])
			}
			if a := art.Values.([]uint8)[i]; (a == 1) != (r.Name == "STIM") {
				t.Errorf("%s gid %d: artificial %d", r.Name, g, a)
			}
		}
	}
	for _, e := range n.LFP {
		for _, c := range []struct {
			name string
			want []float64
		}{{"t", e.Sampler.TMs}, {"v", e.Sampler.VMV}} {
			got, _, err := store.ReadFileFloat64(res, "Local Field Potential "+e.Label+"/"+c.name)
			if err != nil {
				t.Fatal(err)
			}
			w := make([]float64, len(c.want))
			for i, x := range c.want {
				w[i] = float64(float32(x))
			}
			if !slices.Equal(got, w) {
				t.Errorf("%s %s: %d values differ from the API's %d", e.Label, c.name, len(got), len(w))
			}
		}
	}
}

// checkFilesRun writes the construction con of the configuration at path
// to cells.h5 and connections.h5 and runs golgi run on them
// (--miv-cells, --miv-connections, 10 ms): the spikes stored must be
// want, those of the run of con in memory. One of the two files alone is
// refused.
func checkFilesRun(t *testing.T, cfg *Config, con *Construction, path, tmplDir string, want []Spike) {
	t.Helper()
	dir := t.TempDir()
	cells, conns := filepath.Join(dir, "cells.h5"), filepath.Join(dir, "connections.h5")
	if err := con.Write(cfg, cells, conns, &store.Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	plan := func(args ...string) (*models.Plan, error) {
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		planners, err := models.AddRunFlags(fs)
		if err != nil {
			t.Fatal(err)
		}
		if err := fs.Parse(append([]string{"--miv-morphology", filepath.Join(dir, "nowhere"), "--miv-templates", tmplDir, "--miv-recording", "none"}, args...)); err != nil {
			t.Fatal(err)
		}
		return planners["miv"](models.Request{Path: path, Flags: fs, TstopMs: 10})
	}
	if _, err := plan("--miv-cells", cells); err == nil || !strings.Contains(err.Error(), "--miv-connections") {
		t.Errorf("--miv-cells alone: error %v, want one naming --miv-connections", err)
	}
	nowhere := filepath.Join(dir, "nowhere")
	if _, err := plan("--miv-cells", cells, "--miv-connections", conns, "--miv-templates", nowhere); err == nil || !strings.Contains(err.Error(), "--miv-templates "+nowhere+": not a directory") {
		t.Errorf("--miv-templates %s: error %v, want one naming it", nowhere, err)
	}
	p, err := plan("--miv-cells", cells, "--miv-connections", conns)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := models.Run(context.Background(), p, models.RunOptions{Out: out, Threads: 2, Log: io.Discard}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(out, p.SimID, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := st.ReadSpikes(0, "spikes")
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.GIDs) != len(want) {
		t.Fatalf("from the files: %d spikes, in memory %d", len(sp.GIDs), len(want))
	}
	for i, s := range want {
		if sp.GIDs[i] != uint64(s.Gid) || sp.TimesMs[i] != s.TMs {
			t.Errorf("from the files: spike %d: gid %d at %g ms, in memory %d at %g", i, sp.GIDs[i], sp.TimesMs[i], s.Gid, s.TMs)
		}
	}
}

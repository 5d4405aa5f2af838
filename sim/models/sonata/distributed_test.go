package sonata_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/netcon"
	"github.com/golgi-sim/golgi/sim/store"
)

// editedConfig writes a copy of the configuration file of circuit dir
// (under sonata/circuits) that edit changes, next to the original's
// files (links in a temporary directory), and returns its path.
func editedConfig(t testing.TB, dir, file string, edit func(cfg map[string]any)) string {
	t.Helper()
	dir = refdata.Require(t, filepath.Join("sonata/circuits", dir))
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	edit(cfg)
	out, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == file {
			continue
		}
		target := filepath.Join(dir, e.Name())
		// A symbolic link checked out as text (v5_gapjunctions'
		// node_sets.json): link its target.
		if b, err := os.ReadFile(target); err == nil && len(b) < 256 {
			if p := strings.TrimSpace(string(b)); strings.HasSuffix(p, ".json") && !strings.HasPrefix(p, "{") {
				target = filepath.Join(dir, p)
			}
		}
		if err := os.Symlink(target, filepath.Join(tmp, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(tmp, file)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runResult is what a run gives: its spikes and its reports read back.
type runResult struct {
	spikes  []sonata.Spike
	reports map[string][]store.SONATAReport
}

// runConfig runs a configuration on ranks in-process ranks (0: one
// process without a communicator) of threads threads each and returns
// rank 0's spikes and reports.
func runConfig(t *testing.T, path string, ranks, threads int, balance string) runResult {
	t.Helper()
	type out struct {
		res runResult
		err error
	}
	run := func(comm sonata.Comm, dir string) (res runResult, err error) {
		s, err := sonata.Load(path, &sonata.Options{Compat: true})
		if err != nil {
			return res, err
		}
		defer s.Close()
		o := sonata.BuildOptions{Threads: threads, Balance: balance}
		if comm != nil {
			o.Comm = comm
		}
		n, err := sonata.BuildNetworkWith(s, o)
		if err != nil {
			return res, err
		}
		if res.spikes, err = n.Run(context.Background()); err != nil {
			return res, err
		}
		if comm != nil && comm.Rank() != 0 {
			return res, nil
		}
		files, err := n.WriteReports(dir)
		if err != nil {
			return res, err
		}
		res.reports = map[string][]store.SONATAReport{}
		for _, f := range files {
			r, err := store.ReadSONATAReport(f)
			if err != nil {
				return res, err
			}
			res.reports[filepath.Base(f)] = r
		}
		return res, nil
	}
	dir := t.TempDir()
	if ranks == 0 {
		res, err := run(nil, dir)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	comms := mpi.NewLocal(ranks)
	outs := make([]out, ranks)
	var wg sync.WaitGroup
	for r := range ranks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[r].res, outs[r].err = run(comms[r], dir)
		}()
	}
	wg.Wait()
	for r, o := range outs {
		if o.err != nil {
			t.Fatalf("rank %d of %d: %v", r, ranks, o.err)
		}
		if !sameSpikes(o.res.spikes, outs[0].res.spikes) {
			t.Errorf("rank %d of %d: %d spikes, rank 0 %d: not the same", r, ranks, len(o.res.spikes), len(outs[0].res.spikes))
		}
	}
	return outs[0].res
}

// sameSpikes reports whether two spike lists are equal, times bit for
// bit.
func sameSpikes(a, b []sonata.Spike) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if math.Float64bits(a[k].TMS) != math.Float64bits(b[k].TMS) || a[k].Gid != b[k].Gid ||
			a[k].Population != b[k].Population || a[k].Node != b[k].Node {
			return false
		}
	}
	return true
}

// sameReports returns what differs between two reports' populations,
// values bit for bit, or "".
func sameReports(a, b []store.SONATAReport) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d populations, want %d", len(a), len(b))
	}
	for p := range a {
		x, y := a[p], b[p]
		switch {
		case x.Population != y.Population:
			return fmt.Sprintf("population %q, want %q", x.Population, y.Population)
		case fmt.Sprint(x.NodeIDs) != fmt.Sprint(y.NodeIDs):
			return fmt.Sprintf("%s: node ids %v, want %v", x.Population, x.NodeIDs, y.NodeIDs)
		case fmt.Sprint(x.IndexPointers) != fmt.Sprint(y.IndexPointers) || fmt.Sprint(x.ElementIDs) != fmt.Sprint(y.ElementIDs):
			return fmt.Sprintf("%s: element mapping differs", x.Population)
		case x.StartMs != y.StartMs || x.EndMs != y.EndMs || x.DtMs != y.DtMs || x.Units != y.Units:
			return fmt.Sprintf("%s: times or units differ", x.Population)
		case len(x.Data) != len(y.Data):
			return fmt.Sprintf("%s: %d frames, want %d", x.Population, len(x.Data), len(y.Data))
		}
		for f := range x.Data {
			if len(x.Data[f]) != len(y.Data[f]) {
				return fmt.Sprintf("%s: frame %d of %d elements, want %d", x.Population, f, len(x.Data[f]), len(y.Data[f]))
			}
			for e := range x.Data[f] {
				if math.Float32bits(x.Data[f][e]) != math.Float32bits(y.Data[f][e]) {
					return fmt.Sprintf("%s: data[%d, %d] = %g, want %g", x.Population, f, e, x.Data[f][e], y.Data[f][e])
				}
			}
		}
	}
	return ""
}

// TestDistributedSameAsOneProcess runs v5_sonata mini (soma and
// summation reports), usecase3 (soma and all-compartment reports, two
// populations) and v5_gapjunctions (coupled cells kept on one rank) on
// 1, 2 and 3 in-process ranks (mpi.NewLocal) x 1 and 2 threads, and
// compares every rank's spikes and rank 0's reports with one process's
// without a communicator, bit for bit (ranks are compared with one
// process here; TestV5GapJunctions compares v5_gapjunctions with
// neurodamus).
func TestDistributedSameAsOneProcess(t *testing.T) {
	mini := editedConfig(t, "v5_sonata", "simulation_config_mini.json", func(cfg map[string]any) {
		cfg["run"].(map[string]any)["tstop"] = 42.0
		reports := cfg["reports"].(map[string]any)
		reports["summation_report"] = map[string]any{"type": "summation", "cells": "Mosaic", "sections": "all",
			"variable_name": "i_membrane,IClamp", "unit": "nA", "dt": 0.1, "start_time": 0.0, "end_time": 42.0}
	})
	gj := editedConfig(t, "v5_gapjunctions", "simulation_config.json", func(cfg map[string]any) {
		cfg["run"].(map[string]any)["tstop"] = 30.0
		cfg["reports"] = map[string]any{"soma": map[string]any{"type": "compartment", "sections": "soma",
			"variable_name": "v", "unit": "mV", "dt": 0.1, "start_time": 0.0, "end_time": 30.0}}
	})
	cases := []struct {
		name, path string
		minSpikes  int
	}{
		{"v5_sonata_mini", mini, 3},
		{"usecase3", circuitPathExt(t, "usecase3/simulation_sonata.json"), 21},
		{"v5_gapjunctions", gj, 1},
	}
	type layout struct {
		ranks, threads int
		balance        string
	}
	// Each layout builds the circuit once (about 1.5 s here): make test
	// runs two, -short one, GOLGI_LONG=1 every ranks x threads x balance
	// (36 runs, all equal bit for bit on 2026-12-07).
	layouts := []layout{{2, 1, sonata.BalanceRoundRobin}, {3, 2, sonata.BalanceCost}}
	switch {
	case os.Getenv("GOLGI_LONG") != "":
		layouts = nil
		for _, b := range []string{sonata.BalanceCost, sonata.BalanceRoundRobin} {
			for ranks := 1; ranks <= 3; ranks++ {
				for threads := 1; threads <= 2; threads++ {
					layouts = append(layouts, layout{ranks, threads, b})
				}
			}
		}
	case testing.Short():
		layouts = []layout{{3, 2, sonata.BalanceCost}}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			ref := runConfig(t, c.path, 0, 1, "")
			if len(ref.spikes) < c.minSpikes || len(ref.reports) == 0 {
				t.Fatalf("one process: %d spikes, %d reports; want at least %d spikes and a report", len(ref.spikes), len(ref.reports), c.minSpikes)
			}
			t.Logf("one process: %d spikes, reports %d (%.1f s)", len(ref.spikes), len(ref.reports), time.Since(start).Seconds())
			for _, l := range layouts {
				got := runConfig(t, c.path, l.ranks, l.threads, l.balance)
				if !sameSpikes(got.spikes, ref.spikes) {
					t.Errorf("%d ranks x %d threads (%s): %d spikes %v, one process %d %v", l.ranks, l.threads, l.balance, len(got.spikes), got.spikes, len(ref.spikes), ref.spikes)
				}
				if len(got.reports) != len(ref.reports) {
					t.Errorf("%d ranks x %d threads: %d reports, one process %d", l.ranks, l.threads, len(got.reports), len(ref.reports))
				}
				for name, want := range ref.reports {
					if d := sameReports(got.reports[name], want); d != "" {
						t.Errorf("%d ranks x %d threads (%s): report %s: %s", l.ranks, l.threads, l.balance, name, d)
					}
				}
			}
			t.Logf("%s: %d layouts (%.1f s)", c.name, len(layouts), time.Since(start).Seconds())
		})
	}
}

// circuitPathExt is the reference path of a circuit file.
func circuitPathExt(t testing.TB, name string) string {
	t.Helper()
	return refdata.Require(t, filepath.Join("sonata", "circuits", name))
}

// TestDistributedInterrupt cancels rank 1 of a 2-rank usecase3 run at
// 10 ms (as SIGTERM would): both ranks stop at the same interval with an
// error (rank 0's ErrStoppedElsewhere) and rank 0, which streams the
// reports, leaves no file: neither a report under its name nor a
// temporary one.
func TestDistributedInterrupt(t *testing.T) {
	path := circuitPathExt(t, "usecase3/simulation_sonata.json")
	comms := mpi.NewLocal(2)
	dir := t.TempDir()
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sonata.Load(path, &sonata.Options{Compat: true})
			if err != nil {
				errs[r] = err
				return
			}
			defer s.Close()
			n, err := sonata.BuildNetworkWith(s, sonata.BuildOptions{Threads: 1, Comm: comms[r]})
			if err != nil {
				errs[r] = err
				return
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if r == 0 {
				n.StreamReports(dir)
			} else {
				n.Net.Progress = func(tMs float64, _ int) {
					if tMs >= 10 {
						cancel()
					}
				}
			}
			_, errs[r] = n.Run(ctx)
		}()
	}
	wg.Wait()
	if !errors.Is(errs[0], netcon.ErrStoppedElsewhere) || !errors.Is(errs[1], context.Canceled) {
		t.Fatalf("errors %v, %v; want rank 0 stopped by rank 1, rank 1 cancelled", errs[0], errs[1])
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("an interrupted run left %s (neither reports nor their temporary files should remain)", e.Name())
	}
}

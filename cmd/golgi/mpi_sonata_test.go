//go:build mpi

package main

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestMPISonata runs v5_sonata's mini configuration (5 cells, noise and
// hyperpolarizing inputs, a soma report, 100 ms) and v5_gapjunctions (2
// cells coupled by gap junctions, replay, 50 ms) with `golgi run` on 1,
// 2 and 3 MPI ranks x 1 and 2 threads and requires rank 0's SONATA spike
// file (out.h5) and soma report to hold exactly what one process writes:
// every node id and spike time, and every report value, mapping and
// attribute, bit for bit (the files' bytes differ: HDF5 stores the
// objects' creation times). The cells are assigned by estimated cost,
// and on 2 ranks also round robin. v5_gapjunctions' two coupled cells
// share one rank (the others have none and still take part in every
// exchange); one process gives neurodamus's 2 spikes (docs/SONATA.md),
// and the ranks are compared with it.
func TestMPISonata(t *testing.T) {
	for _, tc := range []struct {
		name, config, simID string
		spikes              int
		report              bool
	}{
		{"v5_sonata_mini", "sonata/circuits/v5_sonata/simulation_config_mini.json", "simulation_config_mini", 3, true},
		{"v5_gapjunctions", "sonata/circuits/v5_gapjunctions/simulation_config.json", "simulation_config", 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := refdata.Require(t, tc.config)
			dir := t.TempDir()
			var so, se bytes.Buffer
			if code := run([]string{"run", cfg, "--out", filepath.Join(dir, "one"), "--plot=false", "--threads", "1"}, &so, &se); code != 0 {
				t.Fatalf("one process: exit %d: %s", code, se.String())
			}
			read := func(out string) ([]store.SONATAPopulation, []store.SONATAReport) {
				t.Helper()
				d := filepath.Join(out, tc.simID)
				sp, err := store.ReadSONATASpikes(filepath.Join(d, "out.h5"), nil)
				if err != nil {
					t.Fatal(err)
				}
				if !tc.report {
					return sp, nil
				}
				rep, err := store.ReadSONATAReport(filepath.Join(d, "soma_report.h5"))
				if err != nil {
					t.Fatal(err)
				}
				return sp, rep
			}
			wantSp, wantRep := read(filepath.Join(dir, "one"))
			if len(wantSp) != 1 || len(wantSp[0].NodeIDs) != tc.spikes || tc.report && (len(wantRep) != 1 || len(wantRep[0].Data) != 400) {
				t.Fatalf("one process: spikes %+v, %d report populations: want %d spikes (and 400 frames)", wantSp, len(wantRep), tc.spikes)
			}
			for _, np := range []int{1, 2, 3} {
				for _, threads := range []int{1, 2} {
					for _, balance := range []string{"cost", "round-robin"} {
						if balance == "round-robin" && (np != 2 || threads != 1) {
							continue
						}
						out := filepath.Join(dir, fmt.Sprintf("np%d-t%d-%s", np, threads, balance))
						text, err := mpirun(t, np, 180*time.Second, nil, "run", cfg, "--out", out, "--plot=false",
							"--threads", fmt.Sprint(threads), "--sonata-balance", balance)
						if err != nil {
							t.Fatalf("np %d threads %d: %v\n%s", np, threads, err, text)
						}
						if how := map[string]string{"cost": "by estimated cost", "round-robin": "round robin per population"}[balance]; np > 1 && !strings.Contains(text, how) {
							t.Errorf("np %d: the output does not say how cells are shared (%s):\n%s", np, how, text)
						}
						if n, want := strings.Count(text, "wrote "), strings.Count(so.String(), "wrote "); n != want {
							t.Errorf("np %d: %d 'wrote' lines, want %d (rank 0 only, as one process):\n%s", np, n, want, text)
						}
						sp, rep := read(out)
						if d := diffSpikes(sp, wantSp); d != "" {
							t.Errorf("np %d threads %d (%s): spike file: %s", np, threads, balance, d)
						}
						if d := diffReport(rep, wantRep); d != "" {
							t.Errorf("np %d threads %d (%s): soma report: %s", np, threads, balance, d)
						}
					}
				}
			}
			what := "the spike file"
			if tc.report {
				what += " and the soma report"
			}
			t.Logf("spikes %v at %v ms: %s identical on 1-3 ranks x 1-2 threads", wantSp[0].NodeIDs, wantSp[0].TimestampsMs, what)
		})
	}
}

// diffSpikes says how two spike files' populations differ, or "".
func diffSpikes(a, b []store.SONATAPopulation) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d populations, want %d", len(a), len(b))
	}
	for p := range a {
		x, y := a[p], b[p]
		if x.Name != y.Name || x.Sorting != y.Sorting || !reflect.DeepEqual(x.NodeIDs, y.NodeIDs) || len(x.TimestampsMs) != len(y.TimestampsMs) {
			return fmt.Sprintf("population %s (%s): nodes %v, want %s (%s) %v", x.Name, x.Sorting, x.NodeIDs, y.Name, y.Sorting, y.NodeIDs)
		}
		for k := range x.TimestampsMs {
			if math.Float64bits(x.TimestampsMs[k]) != math.Float64bits(y.TimestampsMs[k]) {
				return fmt.Sprintf("%s: spike %d at %v ms, want %v", x.Name, k, x.TimestampsMs[k], y.TimestampsMs[k])
			}
		}
	}
	return ""
}

// diffReport says how two frame reports differ (values bit for bit), or
// "".
func diffReport(a, b []store.SONATAReport) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d populations, want %d", len(a), len(b))
	}
	for p := range a {
		x, y := a[p], b[p]
		xd, yd := x.Data, y.Data
		x.Data, y.Data = nil, nil
		if !reflect.DeepEqual(x, y) {
			return fmt.Sprintf("mapping or attributes %+v, want %+v", x, y)
		}
		if len(xd) != len(yd) {
			return fmt.Sprintf("%d frames, want %d", len(xd), len(yd))
		}
		for f := range xd {
			if len(xd[f]) != len(yd[f]) {
				return fmt.Sprintf("frame %d: %d values, want %d", f, len(xd[f]), len(yd[f]))
			}
			for e := range xd[f] {
				if math.Float32bits(xd[f][e]) != math.Float32bits(yd[f][e]) {
					return fmt.Sprintf("data[%d, %d] = %v, want %v", f, e, xd[f][e], yd[f][e])
				}
			}
		}
	}
	return ""
}

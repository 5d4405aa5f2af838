package sonata_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/models/sonata"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestGolgiRun runs SONATA configurations the way golgi run does (the
// family claims the file, its Planner plans it with the default flags,
// models.Run runs and writes it) and reads back the SONATA spike file
// each names: usecase3's simulation_sonata.json (spikes.h5, NodeA's 21
// spikes of neurodamus's test_simulation_sonata_config) and v5_sonata's
// simulation_config_mini.json (out.h5; no conditions, so neurodamus's
// v_init -65 mV: node ids 4, 2, 0 at 33.425, 37.35, 39.725 ms).
func TestGolgiRun(t *testing.T) {
	for _, tc := range []struct {
		config, spikes, pop string
		nodes               []uint64
		times               []float64
	}{
		{"sonata/circuits/usecase3/simulation_sonata.json", "spikes.h5", "NodeA",
			[]uint64{0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 2, 2, 2, 0, 2, 1, 0, 2, 0, 1},
			[]float64{0.2, 0.3, 0.3, 2.5, 3.4, 4.2, 5.5, 7.0, 7.4, 8.6, 13.8, 19.6, 25.7, 32.0, 36.4, 38.5, 40.8, 42.6, 45.2, 48.3, 49.9}},
		{"sonata/circuits/v5_sonata/simulation_config_mini.json", "out.h5", "default",
			[]uint64{4, 2, 0}, []float64{33.425, 37.35, 39.725}},
	} {
		t.Run(filepath.Base(filepath.Dir(tc.config)), func(t *testing.T) {
			path := refdata.Require(t, tc.config)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fam, err := models.Claiming(path, data)
			if err != nil || fam.Name != "sonata" {
				t.Fatalf("claimed by %v, %v; want sonata", fam, err)
			}
			fs := flag.NewFlagSet("run", flag.ContinueOnError)
			planners, err := models.AddRunFlags(fs)
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			plan, err := planners["sonata"](models.Request{Path: path, Data: data, Out: out, Flags: fs})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := models.Run(context.Background(), plan, models.RunOptions{Out: out, Threads: 2}); err != nil {
				t.Fatal(err)
			}
			if tc.pop == "NodeA" {
				checkCompartmentReport(t, filepath.Join(out, plan.SimID, "my_compartment_report.h5"))
			}
			pops, err := store.ReadSONATASpikes(filepath.Join(out, plan.SimID, tc.spikes), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pops {
				if p.Name != tc.pop {
					continue
				}
				if len(p.NodeIDs) != len(tc.nodes) || p.Sorting != store.SortByTime {
					t.Fatalf("%s: %d spikes sorted %q (%v at %v), want %d by_time", tc.pop, len(p.NodeIDs), p.Sorting, p.NodeIDs, p.TimestampsMs, len(tc.nodes))
				}
				for k := range tc.nodes {
					if p.NodeIDs[k] != tc.nodes[k] || math.Abs(p.TimestampsMs[k]-tc.times[k]) > 1e-6 {
						t.Errorf("spike %d: node %d at %g ms, want %d at %g", k, p.NodeIDs[k], p.TimestampsMs[k], tc.nodes[k], tc.times[k])
					}
				}
				return
			}
			t.Fatalf("no %s spikes in the file", tc.pop)
		})
	}
}

// TestClaims checks which files the family claims.
func TestClaims(t *testing.T) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	if _, err := models.AddRunFlags(fs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		data string
		want bool
	}{
		{`{"run": {"tstop": 10, "dt": 0.025, "random_seed": 1}}`, true},
		{`{"model": "coba", "run": {}}`, false},
		{`{"network": "circuit_config.json"}`, false},
		{`{"run": 5}`, false},
		{`not json`, false},
	} {
		fam, err := models.Claiming("x.json", []byte(tc.data))
		got := err == nil && fam.Name == "sonata"
		if got != tc.want {
			t.Errorf("%s: claimed by sonata %v, want %v", tc.data, got, tc.want)
		}
	}
}

// TestV5SomaReport runs v5_sonata's mini simulation with its soma report
// (compartment, v at soma(0.5), 0-40 ms every 0.1 ms) and compares the
// values neurodamus's test_v5_sonata_reports checks (SPEC 7.3): data[10,
// 3] = -64.92565, data[128, 1] = -60.309418, data[333, 4] = -39.864296
// (float32, printed to 8 digits), 400 frames of 5 cells, node ids 0-4.
func TestV5SomaReport(t *testing.T) {
	path := refdata.Require(t, "sonata/circuits/v5_sonata/simulation_config_mini.json")
	s, err := sonata.Load(path, &sonata.Options{Compat: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := sonata.BuildNetwork(s, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := n.WriteReports(dir)
	if err != nil || len(files) != 1 {
		t.Fatalf("reports %v, %v", files, err)
	}
	rep, err := store.ReadSONATAReport(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rep) != 1 || len(rep[0].Data) != 400 || len(rep[0].NodeIDs) != 5 || rep[0].NodeIDs[4] != 4 {
		t.Fatalf("report: %d populations, %d frames, nodes %v", len(rep), len(rep[0].Data), rep[0].NodeIDs)
	}
	for _, c := range []struct {
		row, col int
		want     float64
	}{{10, 3, -64.92565}, {128, 1, -60.309418}, {333, 4, -39.864296}} {
		got := float64(rep[0].Data[c.row][c.col])
		t.Logf("data[%d, %d] = %.8g, neurodamus %.8g", c.row, c.col, got, c.want)
		if math.Abs(got-c.want) > 1e-5 {
			t.Errorf("data[%d, %d] = %.8g, neurodamus %.8g", c.row, c.col, got, c.want)
		}
	}
}

// checkCompartmentReport checks usecase3's compartment_report (sections
// all, 0-10 ms every 0.1 ms, cells l4pc: node 0 of NodeA and of NodeB):
// 100 frames, one element per segment in the template's all-list order
// (soma first, element id 0; the replacement axon and myelin last, ids 1,
// 2, 3), row 0 at v_init.
func checkCompartmentReport(t *testing.T, path string) {
	t.Helper()
	rep, err := store.ReadSONATAReport(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"NodeA": 247, "NodeB": 195}
	if len(rep) != 2 {
		t.Fatalf("%d populations in the compartment report", len(rep))
	}
	for _, p := range rep {
		n := len(p.ElementIDs)
		if len(p.Data) != 100 || n != want[p.Population] || len(p.NodeIDs) != 1 || p.NodeIDs[0] != 0 ||
			p.IndexPointers[1] != uint64(n) || p.ElementIDs[0] != 0 || p.StartMs != 0 || p.EndMs != 10 {
			t.Errorf("%s: %d frames, %d elements (want %d), nodes %v, pointers %v, first id %d, time %g-%g",
				p.Population, len(p.Data), n, want[p.Population], p.NodeIDs, p.IndexPointers, p.ElementIDs[0], p.StartMs, p.EndMs)
			continue
		}
		for j, v := range p.Data[0] {
			if v != -75 {
				t.Errorf("%s: frame 0 element %d = %g, want v_init -75", p.Population, j, v)
				break
			}
		}
	}
	if last := rep[0].ElementIDs[len(rep[0].ElementIDs)-1]; last != 3 {
		t.Errorf("NodeA's last element id %d, want 3 (myelin, appended to all last)", last)
	}
}

// TestInfoCommand runs golgi sonata info on usecase3 and on a
// configuration with an input Golgi does not build.
func TestInfoCommand(t *testing.T) {
	fam := models.Lookup("sonata")
	var info models.Command
	for _, c := range fam.Commands {
		if c.Name == "info" {
			info = c
		}
	}
	path := refdata.Require(t, "sonata/circuits/usecase3/simulation_sonata.json")
	var out, errOut strings.Builder
	if err := info.Run([]string{path}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"NodeA", "biophysical", "3 simulated", "gid offset 1000", "neocortexv6", "hypamp_mosaic", "compartment_report"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("info does not say %q:\n%s", want, out.String())
		}
	}
	if err := info.Run(nil, &out, &errOut); err != models.ErrUsage {
		t.Errorf("no arguments: %v, want ErrUsage", err)
	}
}

// TestStimulusCommand runs golgi sonata stimulus on v5_sonata mini's
// relative noise for node 2 (100.457% of its threshold current, variance
// 0.001, sampled every 0.5 ms) and checks the table and the errors.
func TestStimulusCommand(t *testing.T) {
	var cmd models.Command
	for _, c := range models.Lookup("sonata").Commands {
		if c.Name == "stimulus" {
			cmd = c
		}
	}
	path := refdata.Require(t, "sonata/circuits/v5_sonata/simulation_config_mini.json")
	var out, errOut strings.Builder
	if err := cmd.Run([]string{path, "--input", "ThresholdExc", "--node", "default:2"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 100 || lines[1] != "t_ms,i_nA" {
		t.Fatalf("%d lines, header %q", len(lines), lines[1])
	}
	// Every sample of the noise is near the mean, 100.457% of the cell's
	// threshold current (a few standard deviations of sqrt(thr*0.001/100)).
	var vals []float64
	for _, l := range lines[3:] {
		var tt, v float64
		if _, err := fmt.Sscanf(l, "%g,%g", &tt, &v); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		vals = append(vals, v)
	}
	mean := 0.
	for _, v := range vals[:len(vals)-1] {
		mean += v
	}
	mean /= float64(len(vals) - 1)
	if !(mean > 0.05 && mean < 0.1) || vals[len(vals)-1] != 0 {
		t.Errorf("mean %g nA, last %g: want about 0.069 nA and a return to 0", mean, vals[len(vals)-1])
	}
	for _, bad := range [][]string{
		{path, "--input", "nope", "--node", "default:2"},
		{path, "--input", "ThresholdExc", "--node", "default:99"},
		{path, "--input", "ThresholdExc", "--node", "default"},
	} {
		if err := cmd.Run(bad, &out, &errOut); err == nil {
			t.Errorf("%v accepted", bad[1:])
		}
	}
	if err := cmd.Run(nil, &out, &errOut); err != models.ErrUsage {
		t.Errorf("no arguments: %v", err)
	}
}

// TestDryRun plans usecase3 for 3 ranks through the family's Plan (golgi
// run --dry-run): one line per rank, the cells of the ranks adding up to
// the 5 cells, each rank's cost and memory, and the totals; nothing is
// written.
func TestDryRun(t *testing.T) {
	path := refdata.Require(t, "sonata/circuits/usecase3/simulation_sonata.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	plan, err := planners["sonata"](models.Request{Path: path, Data: data, Out: out, Flags: fs})
	if err != nil {
		t.Fatal(err)
	}
	if plan.DryRun == nil {
		t.Fatal("the sonata plan has no dry run")
	}
	var b strings.Builder
	if err := plan.DryRun(3, &b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	cells, rows := 0, 0
	for _, line := range strings.Split(b.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 8 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		if f[0] == "total" {
			if n != 5 || cells != 5 || rows != 3 {
				t.Errorf("total %d cells, ranks %d cells in %d rows; want 5 cells on 3 ranks", n, cells, rows)
			}
			continue
		}
		rows++
		cells += n
		if cost, err := strconv.ParseFloat(f[6], 64); err != nil || !(cost > 0) {
			t.Errorf("rank %s: cost %q", f[0], f[6])
		}
		if mem, err := strconv.ParseFloat(f[7], 64); err != nil || !(mem > 0) {
			t.Errorf("rank %s: memory %q", f[0], f[7])
		}
	}
	if !strings.Contains(b.String(), "5 cells on 3 ranks, assigned by cost") || !strings.Contains(b.String(), "imbalance") {
		t.Errorf("dry run output:\n%s", b.String())
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("the dry run wrote %d files", len(ents))
	}
}

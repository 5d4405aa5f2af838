package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
	"github.com/golgi-sim/golgi/sim/store"
)

func TestBenchJSON(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"bench", "coba", "--threads", "2", "--duration", "0.1", "--seed", "3"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var r map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out.String())
	}
	for _, k := range []string{"model", "neurons", "synapses", "threads", "bio_time_s", "dt_ms", "build_s", "run_s",
		"spikes", "rate_hz", "cv_isi", "peak_rss_mb", "heap_mb", "bytes_per_synapse", "spikes_sha256"} {
		if _, ok := r[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if h, rss := r["heap_mb"].(float64), r["peak_rss_mb"].(float64); !(h > 0) || (rss > 0 && h > rss) {
		t.Errorf("heap_mb %v, peak_rss_mb %v: want a positive heap below the RSS", h, rss)
	}
	if r["model"] != "coba" || r["neurons"].(float64) != 4000 || r["threads"].(float64) != 2 || r["spikes"].(float64) < 1000 {
		t.Errorf("unexpected result %v", r)
	}
	if !strings.Contains(errb.String(), "built") {
		t.Errorf("no progress on stderr: %q", errb.String())
	}
	// Same seed, one thread: same spikes.
	var out1 bytes.Buffer
	if code := run([]string{"bench", "coba", "--threads", "1", "--duration", "0.1", "--seed", "3"}, &out1, &errb); code != 0 {
		t.Fatal("1 thread failed")
	}
	var r1 map[string]any
	l1 := strings.Split(strings.TrimSpace(out1.String()), "\n")
	if err := json.Unmarshal([]byte(l1[len(l1)-1]), &r1); err != nil || r1["spikes_sha256"] != r["spikes_sha256"] {
		t.Errorf("1 and 2 threads differ: %v vs %v", r1["spikes_sha256"], r["spikes_sha256"])
	}
}

func TestBenchRing(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "ring", "--cells", "16", "--duration", "0.02"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var r map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatal(err)
	}
	if r["compartments"].(float64) != 192 || r["us_per_compartment_step"].(float64) <= 0 || r["spikes"].(float64) < 2 {
		t.Errorf("ring bench: %v", r)
	}
}

// TestBenchGridcells runs 20 ms of GridCellsCond's 1D default network on 1
// and 2 threads: 576 cells, 96 000 synapses (the original's counts), the
// same spikes on both, and a CPU time reported.
func TestBenchGridcells(t *testing.T) {
	var sha []any
	for _, th := range []string{"1", "2"} {
		var out, errb bytes.Buffer
		if code := run([]string{"bench", "gridcells", "--threads", th, "--duration", "0.02"}, &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var r map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
			t.Fatal(err)
		}
		if r["neurons"].(float64) != 576 || r["synapses"].(float64) != 96000 || r["bio_time_s"].(float64) != 0.02 ||
			r["spikes"].(float64) < 1 || r["cpu_s"].(float64) <= 0 {
			t.Errorf("gridcells bench, %s threads: %v", th, r)
		}
		sha = append(sha, r["spikes_sha256"])
	}
	if sha[0] != sha[1] {
		t.Errorf("1 and 2 threads differ: %v vs %v", sha[0], sha[1])
	}
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bench", "nosuch"}, 1, `unknown model "nosuch"`},
		{[]string{"bench", "coba", "--duration", "-1"}, 1, "--duration -1"},
		{[]string{"bench"}, 2, "usage"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run", "--resume", "--force"}, 1, "exclude each other"},
		{[]string{"run", "/nonexistent/spec.json"}, 1, "/nonexistent/spec.json"},
		{[]string{"ls", "/nonexistent"}, 1, "/nonexistent"},
		{[]string{"bench", "coba", "--threads"}, 2, "flag needs an argument"},
		{[]string{"bench", "gridcells", "--spec", `{"N_per_shet": 64}`}, 1, "N_per_shet"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errb.String(), c.code, c.msg)
		}
	}
}

func TestRunWritesFiles(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "small.json")
	if err := os.WriteFile(spec, []byte(`{"model": "brunel", "ne": 400, "g": [4, 6], "duration_s": 0.05}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", spec, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"spikes_small.h5", "rate_small.h5", "raster_small_0.png", "raster_small_1.png"} {
		p := filepath.Join(out, "small", f)
		if st, err := os.Stat(p); err != nil || st.Size() < 100 {
			t.Errorf("%s: %v", f, err)
		}
		if !strings.Contains(stdout.String(), p) {
			t.Errorf("output does not name %s: %q", p, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), "sim_num 1 (2/2)") {
		t.Errorf("no per-sim progress on stderr: %q", stderr.String())
	}
	// Running again refuses to overwrite; --resume skips; --force redoes.
	stderr.Reset()
	if code := run([]string{"run", spec, "--out", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "--resume") {
		t.Errorf("second run: exit %d, %q; want a refusal naming --resume", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"run", spec, "--out", out, "--resume"}, &stdout, &stderr); code != 0 || strings.Count(stderr.String(), "skipped") != 2 {
		t.Errorf("--resume: exit %d, %q; want both sim_nums skipped", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"run", spec, "--out", out, "--force", "--plot=false", "--padded-spikes", "--sonata"}, &stdout, &stderr); code != 0 || strings.Contains(stderr.String(), "skipped") {
		t.Errorf("--force: exit %d, %q", code, stderr.String())
	}
	for _, f := range []string{"E_spks_small.h5", "I_spks_small.h5", "spikes_small_0.sonata.h5", "spikes_small_1.sonata.h5"} {
		if _, err := os.Stat(filepath.Join(out, "small", f)); err != nil {
			t.Errorf("--padded-spikes, --sonata: %v", err)
		}
	}
	pops, err := store.ReadSONATASpikes(filepath.Join(out, "small", "spikes_small_1.sonata.h5"), nil)
	if err != nil || len(pops) != 2 || pops[0].Name != "E" || len(pops[0].NodeIDs) == 0 {
		t.Errorf("SONATA file: %v, %d populations", err, len(pops))
	}
	// ls lists the sweep and the parameter that differs.
	stdout.Reset()
	if code := run([]string{"ls", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("ls: exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"small", "sim_nums: 0-1", "spikes", "{gid:uint64, t_ms:float64}", "2/2 complete", "0: g=4", "1: g=6"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("ls output lacks %q:\n%s", want, stdout.String())
		}
	}
	matches, _ := filepath.Glob(filepath.Join(out, "small", ".*tmp*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestRunBadSpec(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "bad.json")
	os.WriteFile(spec, []byte(`{"model": "brunel", "gg": 4}`), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", spec, "--out", dir}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), `"gg"`) || !strings.Contains(stderr.String(), `"g"`) {
		t.Errorf("unknown key: exit %d, %q; want the key and the closest known key", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); err == nil {
		t.Error("a directory was created for a spec that does not parse")
	}
	good := filepath.Join(dir, "b.json")
	os.WriteFile(good, []byte(`{"model": "brunel", "ne": 400, "duration_s": 0.1}`), 0o644)
	for _, c := range []struct {
		tstop, want string
	}{{"-5", "--tstop -5 ms"}, {"20", "--set duration_s"}} {
		stderr.Reset()
		if code := run([]string{"run", good, "--out", dir, "--tstop", c.tstop}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("--tstop %s: exit %d, %q; want an error with %q", c.tstop, code, stderr.String(), c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); err == nil {
		t.Error("a directory was created for a run refused before it started")
	}
}

func TestSpecCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"spec", "show", "coba"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "we_nS") {
		t.Errorf("spec show coba: exit %d, %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"spec", "list"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "brunel") {
		t.Errorf("spec list: exit %d, %q", code, out.String())
	}
	errb.Reset()
	if code := run([]string{"spec", "show", "cobra"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "cobra") {
		t.Errorf("spec show cobra: exit %d, %q", code, errb.String())
	}
}

func TestPlotCommand(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "p.json")
	os.WriteFile(spec, []byte(`{"model": "brunel", "ne": 400, "g": [4, 6], "duration_s": 0.1}`), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", spec, "--out", dir, "--plot=false"}, &stdout, &stderr); code != 0 {
		t.Fatalf("run: %s", stderr.String())
	}
	res := filepath.Join(dir, "p")
	for _, kind := range plotKinds {
		out := filepath.Join(dir, kind+".png")
		stderr.Reset()
		if code := run([]string{"plot", res, "--sim-num", "1", "--kind", kind, "-o", out}, &stdout, &stderr); code != 0 {
			t.Errorf("plot --kind %s: exit %d: %s", kind, code, stderr.String())
			continue
		}
		if st, err := os.Stat(out); err != nil || st.Size() < 5000 {
			t.Errorf("plot --kind %s: %v", kind, err)
		}
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"plot", res, "--kind", "pie"}, `unknown --kind "pie"`},
		{[]string{"plot", res, "--sim-num", "7"}, "no sim_num 7"},
		{[]string{"plot", filepath.Join(dir, "nope")}, "not a results directory"},
		{[]string{"plot", res, "--kind", "sweep", "--param", "zz"}, `--param "zz"`},
	} {
		stderr.Reset()
		if code := run(c.args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), c.msg) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, stderr.String(), c.msg)
		}
	}
}

// TestRunDryRun plans v5_sonata mini through golgi run --dry-run: the
// output of the CLI (--ranks, --sonata-balance passed on) is what
// sonata.DryRun prints for the configuration, whose numbers
// TestDryRunAgainstBuilt checks against the built cells; neurodamus's
// round robin deals the 5 cells of the one population 3 and 2 on 2 ranks,
// and by cost every rank of 1-3 gets cells; nothing is written; a family
// without a dry run is refused.
func TestRunDryRun(t *testing.T) {
	cfg := refdata.Require(t, "sonata/circuits/v5_sonata/simulation_config_mini.json")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	s, err := sonata.Load(cfg, &sonata.Options{Compat: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		ranks   int
		balance string
		cells   []int // per rank, then the total
	}{
		{1, sonata.BalanceCost, []int{5, 5}},
		{2, sonata.BalanceRoundRobin, []int{3, 2, 5}},
		{2, sonata.BalanceCost, nil},
		{3, sonata.BalanceCost, nil},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run([]string{"run", cfg, "--dry-run", "--ranks", fmt.Sprint(tc.ranks), "--sonata-balance", tc.balance, "--out", out}, &stdout, &stderr); code != 0 {
			t.Fatalf("%d ranks %s: exit %d: %s", tc.ranks, tc.balance, code, stderr.String())
		}
		var want strings.Builder
		if err := sonata.DryRun(s, tc.ranks, tc.balance, &want); err != nil {
			t.Fatal(err)
		}
		if got := stdout.String(); got != want.String() {
			t.Errorf("%d ranks %s: golgi run --dry-run printed\n%s\nwant sonata.DryRun's\n%s", tc.ranks, tc.balance, got, want.String())
		}
		var cells []int
		for _, line := range strings.Split(stdout.String(), "\n") {
			if f := strings.Fields(line); len(f) == 8 {
				if n, err := strconv.Atoi(f[1]); err == nil {
					cells = append(cells, n)
				}
			}
		}
		if len(cells) != tc.ranks+1 || cells[tc.ranks] != 5 || slices.Contains(cells, 0) || tc.cells != nil && !slices.Equal(cells, tc.cells) {
			t.Errorf("%d ranks %s: cells per rank and total %v, want %v (5 in all, none empty):\n%s", tc.ranks, tc.balance, cells, tc.cells, stdout.String())
		}
		head := fmt.Sprintf("5 cells on %d rank", tc.ranks)
		if tc.ranks > 1 {
			head += "s"
		}
		if !strings.Contains(stdout.String(), head+", assigned by "+tc.balance+"\n") {
			t.Errorf("%d ranks %s: no line %q:\n%s", tc.ranks, tc.balance, head, stdout.String())
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("the dry run wrote %d entries in %s", len(ents), out)
	}
	stdout.Reset()
	stderr.Reset()
	spec := filepath.Join(out, "coba.json")
	if err := os.WriteFile(spec, []byte(`{"model": "coba", "duration_s": 0.01}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"run", spec, "--dry-run", "--out", out}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "no dry run") {
		t.Errorf("builtin family: exit %d, %q; want a refusal", code, stderr.String())
	}
}

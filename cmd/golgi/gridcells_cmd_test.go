package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/gridcells"
)

// TestGridcellsImport imports an original-style multi-run spec (numpy
// values, a linspace sweep, string sim_nums) and checks that the Golgi
// spec gives the same simulations, with the common keys hoisted.
func TestGridcellsImport(t *testing.T) {
	if _, err := gridcells.PythonWithNumpy(); err != nil {
		t.Skipf("no python3 with numpy (make deps installs python3-numpy): %v", err)
	}
	dir := t.TempDir()
	spec := filepath.Join(dir, "m_spec.py")
	src := `import numpy as np

def generate_mult_input_params():
    out = {}
    for k, gh in enumerate(np.linspace(0, 1.5e-3, 4)):
        out[k] = {"sim_id": "imp", "sim_num": str(k), "g_h_bar": gh, "sim_dur": np.float64(200),
                  "stell_const_dc": np.array([1e-3, -2e-3]), "N_stell": np.int64(384)}
    return out
`
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gridcells", "import", spec}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, `"stell_const_dc": [0.001,-0.002]`) || strings.Count(out, `"sim_dur"`) != 1 {
		t.Errorf("common keys not hoisted:\n%s", out)
	}
	sims, err := gridcells.ParseSpec(stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(sims) != 4 || sims[3].SimNum != 3 || sims[3].Model.GHBar != 1.5e-3 || sims[2].Model.GHBar != 1e-3 || sims[0].Sim.SimDur != 200 {
		t.Errorf("imported sims: %+v", sims)
	}

	for _, tc := range []struct{ src, want string }{
		{"x = 1\n", "defines neither generate_input_params nor generate_mult_input_params"},
		{"def generate_input_params():\n    return {'g_hbar': 1}\n", `invalid input param "g_hbar"`},
		{"import nosuchmodule\n", "No module named 'nosuchmodule'"},
	} {
		if err := os.WriteFile(spec, []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		stderr.Reset()
		if code := run([]string{"gridcells", "import", spec}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, %q; want %q", tc.src, code, stderr.String(), tc.want)
		}
	}
}

func TestGridcellsTraj(t *testing.T) {
	path := filepath.Join(t.TempDir(), "traj_9.hdf5")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gridcells", "traj", "--seed", "9", "--dur-ms", "9000", "-o", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	tr, err := gridcells.LoadTrajectory(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.VelRadS) != 360001 || tr.AllotheticDurMs != 8000 || len(tr.PosRad) != 360000 {
		t.Errorf("trajectory: %d samples, allothetic %g ms", len(tr.VelRadS), tr.AllotheticDurMs)
	}
	if code := run([]string{"gridcells", "traj", "--dur-ms", "-1", "-o", path}, &stdout, &stderr); code != 1 {
		t.Errorf("negative duration: exit %d", code)
	}
}

// TestGridcellsMeasures reads the original's own files (REF-1D-VDEF, run
// on NEURON 8.2.2) and prints the measures the reference summary gives:
// calc_speed_of_network, grid_scale_neurons of ring 1, the mean rates.
func TestGridcellsMeasures(t *testing.T) {
	p := refdata.Require(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "REF-1D-VDEF_summary.json"))
	var sum struct {
		Rates map[string]float64 `json:"mean_rate_Hz_0_to_end"`
		Speed float64            `json:"repo_calc_speed_of_network_rad_per_s"`
		Scale float64            `json:"repo_grid_scale_neurons_stell_R"`
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gridcells", "measures", filepath.Dir(p)}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var got gridcells.RunMeasures
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"speed_rad_s", got.SpeedRadS, sum.Speed},
		{"bump_spacing_cells", got.BumpSpacingCells, sum.Scale},
		{"rate_hz.stell", got.RateHz["stell"], sum.Rates["stell_all"]},
		{"rate_hz.intrnrn", got.RateHz["intrnrn"], sum.Rates["intrnrn"]},
	} {
		if math.Abs(c.got-c.want) > 1e-9*math.Abs(c.want) {
			t.Errorf("%s = %.12g, the reference summary %.12g", c.name, c.got, c.want)
		}
	}
	// The Fig 4 notebook's grid_props of ring 1 against the authors' Python
	// on the same files (analysis/gridcells/testdata/reference.json).
	refData, err := os.ReadFile(filepath.Join("..", "..", "analysis", "gridcells", "testdata", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]any
	if err := json.Unmarshal(refData, &ref); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  *float64
		key  string
	}{
		{"bump_size_cells", got.BumpSizeCells, "grid_field_sizes_neurons_100"},
		{"grid_scale_ms", got.GridScaleMs, "grid_scale_time_ring1"},
		{"field_size_ms", got.FieldSizeMs, "grid_field_size_time_ring1"},
	} {
		want, ok := ref[c.key].(float64)
		if !ok {
			t.Fatalf("reference.json has no %s", c.key)
		}
		if c.got == nil || math.Abs(*c.got-want) > 1e-9*math.Abs(want) {
			t.Errorf("%s = %v, the authors' Python %.12g", c.name, c.got, want)
		}
	}
	if got.NBumps != 3 || got.SimNum != 0 || got.SimID != "REF-1D-VDEF" {
		t.Errorf("measures %+v", got)
	}
	if code := run([]string{"gridcells", "measures", filepath.Dir(p), "--sim-num", "4"}, &stdout, &stderr); code != 1 {
		t.Errorf("missing sim_num: exit %d", code)
	}
}

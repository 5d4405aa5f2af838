package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/gridcells"
)

// TestGridcellsImport imports an original-style multi-run spec (numpy
// values, a linspace sweep, string sim_nums) and checks that the Golgi
// spec gives the same simulations, with the common keys hoisted.
func TestGridcellsImport(t *testing.T) {
	if _, err := pythonWithNumpy(); err != nil {
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

package sonata

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// circuitPath returns the path of a file of the reference circuits.
func circuitPath(t testing.TB, name string) string {
	t.Helper()
	return refdata.Require(t, filepath.Join("sonata", "circuits", name))
}

// load loads a reference simulation in compatibility mode.
func load(t testing.TB, name string) *Simulation {
	t.Helper()
	s, err := Load(circuitPath(t, name), &Options{Compat: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// copyUsecase3 copies usecase3's configurations, node sets and HDF5 files
// (not its morphologies) into a temporary directory, and returns it.
func copyUsecase3(t testing.TB) string {
	t.Helper()
	src := filepath.Dir(circuitPath(t, "usecase3/simulation_sonata.json"))
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".json") || strings.HasSuffix(e.Name(), ".h5")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// edit rewrites a file of dir: replaces old (which must occur) by new.
func edit(t testing.TB, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lookupRef is circuitPath for fuzz seeds: absent data add no seed.
func lookupRef(t testing.TB, name string) (string, bool) {
	return refdata.Lookup(t, filepath.Join("sonata", "circuits", name))
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// SscxFixture writes sscx-v7-plasticity's simulation_config_base.json
// with one input added, in a temporary directory, and returns its path
// (exported for the external tests, as SscxRelativeOU and
// SscxRelativeShotNoise).
func SscxFixture(t *testing.T, input map[string]any) string {
	t.Helper()
	dir := refdata.Require(t, "sonata/circuits/sscx-v7-plasticity")
	b, err := os.ReadFile(filepath.Join(dir, "simulation_config_base.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	cfg["manifest"] = map[string]any{"$CURRENT_DIR": tmp}
	cfg["network"] = filepath.Join(dir, "sub_L5_5cells", "circuit_config.json")
	cfg["inputs"] = map[string]any{"stim": input}
	if b, err = json.MarshalIndent(cfg, "", "  "); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmp, "simulation_config.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// SscxRelativeOU and SscxRelativeShotNoise are test_sonata_properties.py's
// inputs (scripts/sonata-ref/replay_ref.py's SSCX_INPUTS are the same).
var (
	SscxRelativeOU = map[string]any{"module": "relative_ornstein_uhlenbeck", "input_type": "conductance", "node_set": "L5_5cells",
		"delay": 50, "duration": 200, "reversal": 0, "tau": 2.8, "mean_percent": 20, "sd_percent": 20}
	SscxRelativeShotNoise = map[string]any{"module": "relative_shot_noise", "input_type": "conductance", "node_set": "L5_5cells",
		"delay": 50, "duration": 200, "reversal": 0, "rise_time": 2.8, "decay_time": 28, "relative_skew": 0.5,
		"mean_percent": 20, "sd_percent": 20}
)

// V5MiniConfig writes a copy of v5_sonata's mini configuration that edit
// changes next to the original's files (in a temporary directory that
// links them, the configuration's paths being relative to it) and
// returns its path (exported for the external tests).
func V5MiniConfig(t testing.TB, edit func(cfg map[string]any)) string {
	t.Helper()
	dir := refdata.Require(t, "sonata/circuits/v5_sonata")
	data, err := os.ReadFile(filepath.Join(dir, "simulation_config_mini.json"))
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
		if err := os.Symlink(filepath.Join(dir, e.Name()), filepath.Join(tmp, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(tmp, "modified.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// AddModifications sets conditions.modifications of a configuration as
// neurodamus's test_modification adds them (SimConfig.modifications,
// after reading the file): a file whose conditions are empty keeps
// v_init -65 mV (Q1), which conditions holding only the modifications
// would not (-80 mV, the default of a non-empty conditions).
func AddModifications(cfg map[string]any, mods any) {
	cond, _ := cfg["conditions"].(map[string]any)
	if len(cond) == 0 {
		cond = map[string]any{"v_init": -65.0}
	}
	cond["modifications"] = mods
	cfg["conditions"] = cond
}

// V5MiniNoSKE2 is test_modification's ConfigureAllSections.
var V5MiniNoSKE2 = []map[string]any{{"name": "no_SK_E2", "node_set": "Mosaic", "type": "ConfigureAllSections",
	"section_configure": "%s.gSK_E2bar_SK_E2 = 0"}}

package miv

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// FuzzConfig feeds the YAML reader, the include resolution, the decoder
// and the validation arbitrary model files. The file sits in the
// directory of 1-construction's configuration (when the reference data
// are there), so that its !include tags reach the real parts; it is in
// the include chain itself, so that including it is a cycle. Nothing may
// panic; what reads must give valid JSON, a summary and gid ranges.
func FuzzConfig(f *testing.F) {
	dir := f.TempDir()
	if root, err := refdata.Path("miv/cases"); err == nil {
		dir = filepath.Join(root, "1-construction", "config")
		for _, pat := range []string{"*/config/*.yaml", "3-interface-api/simulation/config/*.yml"} {
			files, _ := filepath.Glob(filepath.Join(root, pat))
			for _, p := range files {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
		}
	}
	for _, s := range []string{
		"Definitions: !include top.yaml\n",
		"Definitions: !include Definitions.yaml\nGeometry: !include Geometry_Small.yaml\n",
		"a: &a [1, 2]\nb: [*a, *a]\nc: {<<: {x: 1}, y: 2}\n",
		"? [apical, basal]\n: 1\n",
		"Random Seeds: {Soma Locations: 6.0e+7}\nGlobal Parameters: {celsius: .inf}\n",
		"x: !!python/tuple [1, 2]\ny: !!binary aGVsbG8=\n",
		"Geometry: {Cell Distribution: {PYR: {SP: 0x10}}}\n",
	} {
		f.Add([]byte(s))
	}
	top := filepath.Join(dir, "top.yaml")
	abs, err := filepath.Abs(top)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := yamlReader{chain: []string{abs}, names: []string{top}}
		n, err := r.parse(data, top, "")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "miv config ") {
				t.Fatalf("error %q does not name the configuration", err)
			}
			return
		}
		var out bytes.Buffer
		if err := n.writeJSON(&out, " ", ""); err == nil && !json.Valid(out.Bytes()) {
			t.Fatalf("invalid JSON %q", out.Bytes())
		}
		cfg := &Config{Path: top}
		if err := decodeValue(n, refOf(cfg), ""); err == nil {
			_ = cfg.Validate()
			_ = cfg.PopulationRanges()
			_ = cfg.ValidProjections()
			if err := cfg.Summary(io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		var syn Synapses
		_ = decodeValue(n, refOf(&syn), "")
		var ct CellTypes
		_ = decodeValue(n, refOf(&ct), "")
		var st Stimulus
		_ = decodeValue(n, refOf(&st), "")
	})
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCostFile writes a cell-cost file with `golgi bench --write-cost`,
// reuses it with --balance (same spikes), and checks that malformed files
// are refused with the reason.
func TestCostFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "coba.cost.json")
	sha := func(args ...string) string {
		t.Helper()
		var so, se bytes.Buffer
		if code := run(append([]string{"bench", "coba", "--duration", "0.05", "--threads", "1"}, args...), &so, &se); code != 0 {
			t.Fatalf("%v: %s", args, se.String())
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(lastLine(so.String())), &r); err != nil {
			t.Fatal(err)
		}
		return r["spikes_sha256"].(string)
	}
	want := sha("--write-cost", file)
	cost, err := readCostFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(cost) != 4000 {
		t.Fatalf("%d costs for COBA's 4000 neurons", len(cost))
	}
	if got := sha("--balance", file); got != want {
		t.Errorf("--balance changed the spikes: %.16s, want %.16s", got, want)
	}
	for _, tc := range []struct{ name, data, msg string }{
		{"not JSON", "{", "unexpected end"},
		{"other format", `{"format": "x", "neurons": 1, "cost": [1]}`, "not a cell-cost file"},
		{"short", `{"format": "golgi-cell-cost/1", "neurons": 3, "cost": [1]}`, "1 costs for 3 neurons"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
		if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readCostFile(p); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.msg)
		}
	}
	var so, se bytes.Buffer
	wrong := filepath.Join(dir, "short.json")
	if code := run([]string{"bench", "coba", "--duration", "0.01", "--balance", wrong}, &so, &se); code == 0 {
		t.Errorf("--balance with a wrong file: exit 0")
	}
	if _, err := readCostFile(filepath.Join(dir, "none.json")); err == nil {
		t.Error("missing file: no error")
	}
}

// lastLine returns the last line of s that starts with "{" (a JSON line
// of golgi bench; mpirun interleaves the ranks' stdout and stderr), or the
// last line if none does.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for k := len(lines) - 1; k >= 0; k-- {
		if strings.HasPrefix(lines[k], "{") {
			return lines[k]
		}
	}
	return lines[len(lines)-1]
}

package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/models/gridcells"
)

// TestGridcellsMembrane runs fig3_de for 4 s recording one stellate and
// measures it: the HCN conductance is higher at field entry than at exit
// and V ramps up in fields (Fig 3); and the error without V.
func TestGridcellsMembrane(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a 4 s network run")
	}
	out := t.TempDir()
	h := `{"state": true, "cells_to_record": [80]}`
	var stdout, stderr bytes.Buffer
	args := []string{"run", "../../examples/gridcells/fig3_de.json", "--out", out, "--sim-id", "f3", "--plot=false",
		"--set", "sim_dur=4000", "--set", `record_handle_stell={"stell_v": ` + h + `, "stell_ih_mf": ` + h + `, "stell_ih_ms": ` + h + `, "stell_syn_inhib_g": {"state": false}}`}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("golgi run: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"gridcells", "membrane", filepath.Join(out, "f3")}, &stdout, &stderr); code != 0 {
		t.Fatalf("membrane: exit %d: %s", code, stderr.String())
	}
	var got gridcells.MembraneMeasures
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("%v: %q", err, stdout.String())
	}
	if got.Cell != 80 || got.Fields < 3 || got.GhFirst == nil || got.GhLast == nil || got.GFirstUS != nil {
		t.Fatalf("got %+v; want cell 80 with 3 or more fields, g_h and no g_inh", got)
	}
	if !(*got.GhFirst > 2**got.GhLast) || !(got.RampInMV > 3) {
		t.Errorf("g_h %.3g -> %.3g S/cm2, ramp %.2f mV: want g_h falling through the fields and a depolarising ramp", *got.GhFirst, *got.GhLast, got.RampInMV)
	}
	stderr.Reset()
	if code := run([]string{"gridcells", "membrane", filepath.Join(out, "f3"), "--cells", "81"}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "not recorded") {
		t.Errorf("--cells 81: exit %d, %q; want an error saying its V was not recorded", code, stderr.String())
	}
}

package sonata_test

import (
	"context"
	"math"
	"os"
	"reflect"
	"testing"

	"github.com/golgi-sim/golgi/sim/store"
)

// TestV5SummationReport is the rest of neurodamus's test_v5_sonata_reports
// (SPEC 7.3): v5 mini with a summation report of "i_membrane,IClamp" over
// all sections and a synapse report of ProbAMPANMDA_EMS.g, 0-40 ms every
// 0.1 ms. The summation report's checked values are data[20, 153] =
// 1.19864846e-4, data[60, 42] = 1.1587787e-4 and data[283, 121] =
// 3.3678625e-5 (nA, float32 printed to 8 digits), node ids 0-4. The
// synapse report has one element per ProbAMPANMDA_EMS synapse, its
// synapseID as element id, and row k the synapses' conductance at k*0.1
// ms: 0 at the start, positive once some synapse released.
func TestV5SummationReport(t *testing.T) {
	n, _ := v5MiniRun(t, func(cfg map[string]any) {
		cfg["run"].(map[string]any)["tstop"] = 40.0
		reports := cfg["reports"].(map[string]any)
		reports["summation_report"] = map[string]any{"type": "summation", "cells": "Mosaic", "sections": "all",
			"variable_name": "i_membrane,IClamp", "unit": "nA", "dt": 0.1, "start_time": 0.0, "end_time": 40.0}
		reports["synapse_report"] = map[string]any{"type": "synapse", "cells": "Mosaic",
			"variable_name": "ProbAMPANMDA_EMS.g", "unit": "uS", "dt": 0.1, "start_time": 0.0, "end_time": 40.0}
		for name, vars := range map[string]string{"total": "i_membrane,IClamp", "total_sources": "MembraneCurrentSource"} {
			reports[name] = map[string]any{"type": "summation", "cells": "Mosaic", "sections": "soma",
				"variable_name": vars, "unit": "nA", "dt": 0.1, "start_time": 0.0, "end_time": 40.0}
		}
	})
	files, err := n.WriteReports(t.TempDir())
	if err != nil || len(files) != 5 {
		t.Fatalf("reports %v, %v", files, err)
	}
	read := func(path string) store.SONATAReport {
		rep, err := store.ReadSONATAReport(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep) != 1 || len(rep[0].Data) != 400 || len(rep[0].NodeIDs) != 5 || rep[0].NodeIDs[4] != 4 {
			t.Fatalf("%s: %d populations, %d frames, nodes %v", path, len(rep), len(rep[0].Data), rep[0].NodeIDs)
		}
		return rep[0]
	}
	// Reports come in the configuration's order (json.Marshal sorts the keys).
	sum := read(files[1])
	t.Logf("summation report: %d elements, first cell %d", len(sum.ElementIDs), sum.IndexPointers[1])
	for _, c := range []struct {
		row, col int
		want     float64
	}{{20, 153, 1.19864846e-4}, {60, 42, 1.1587787e-4}, {283, 121, 3.3678625e-5}} {
		got := float64(sum.Data[c.row][c.col])
		t.Logf("summation data[%d, %d] = %.9g, neurodamus %.9g", c.row, c.col, got, c.want)
		if math.Abs(got-c.want) > 1e-6*math.Abs(c.want) {
			t.Errorf("summation data[%d, %d] = %.9g, neurodamus %.9g", c.row, c.col, got, c.want)
		}
	}
	// Kirchhoff: a cell's membrane current, summed over its compartments
	// (sections soma, compartments center: one element), is the current
	// its electrodes inject. v5 mini's inputs are membrane sources
	// (represents_physical_electrode false: MembraneCurrentSource), part
	// of the membrane current, and it has no electrode: the whole-cell
	// "i_membrane,IClamp" is zero to rounding, while the sources' own
	// current is not.
	total, sources := read(files[3]), read(files[4])
	worst, largest := 0.0, 0.0
	for k := range total.Data {
		for c := range total.Data[k] {
			worst = math.Max(worst, math.Abs(float64(total.Data[k][c])))
			largest = math.Max(largest, math.Abs(float64(sources.Data[k][c])))
		}
	}
	t.Logf("whole-cell MembraneCurrentSource up to %.3g nA; i_membrane + IClamp up to %.3g nA", largest, worst)
	if len(total.ElementIDs) != 5 || !(worst < 1e-6*largest) || !(largest > 0.01) {
		t.Errorf("whole-cell sums: %d elements, |i_membrane + IClamp| up to %g nA, |sources| up to %g nA", len(total.ElementIDs), worst, largest)
	}
	// No ProbAMPANMDA_EMS synapse of v5 mini has a simulated source (all
	// come from the virtual external_default population, which plays
	// nothing here): one element per synapse, all zero.
	syn := read(files[2])
	if len(syn.ElementIDs) != 791 {
		t.Errorf("synapse report: %d elements, want the 791 ProbAMPANMDA_EMS synapses", len(syn.ElementIDs))
	}
	for k, f := range syn.Data {
		for j, g := range f {
			if g != 0 {
				t.Fatalf("synapse report: g = %g at row %d element %d, want 0 (no presynaptic activity)", g, k, j)
			}
		}
	}
}

// TestSynapseReportWithMinis reports ProbGABAAB_EMS.g of v5 mini with
// spontaneous minis at 200 Hz on its internal (default -> default)
// connections over 40 ms: one element per GABA synapse (24 internal and
// 1389 from the virtual population), zero at the start, never negative,
// and conducting only on internal synapses: in each cell's elements
// those come first (the default edge population, ids ascending from 0),
// and the virtual ones after the ids restart.
func TestSynapseReportWithMinis(t *testing.T) {
	n, _ := v5MiniRun(t, func(cfg map[string]any) {
		cfg["run"].(map[string]any)["tstop"] = 40.0
		cfg["connection_overrides"] = []any{map[string]any{"name": "minis", "source": "Mosaic", "target": "Mosaic", "spont_minis": 200.0}}
		cfg["reports"] = map[string]any{"gaba": map[string]any{"type": "synapse", "cells": "Mosaic",
			"variable_name": "ProbGABAAB_EMS.g", "unit": "uS", "dt": 0.5, "start_time": 0.0, "end_time": 40.0}}
	})
	files, err := n.WriteReports(t.TempDir())
	if err != nil || len(files) != 1 {
		t.Fatalf("reports %v, %v", files, err)
	}
	reps, err := store.ReadSONATAReport(files[0])
	if err != nil || len(reps) != 1 {
		t.Fatalf("report: %v, %v", reps, err)
	}
	rep := reps[0]
	if len(rep.ElementIDs) != 24+1389 || len(rep.Data) != 80 {
		t.Fatalf("report: %d elements (want 1413 GABA synapses), %d frames", len(rep.ElementIDs), len(rep.Data))
	}
	released := 0
	for c := range rep.NodeIDs {
		lo, hi := int(rep.IndexPointers[c]), int(rep.IndexPointers[c+1])
		internal := hi // the first element of the virtual population's block
		for j := lo + 1; j < hi; j++ {
			if rep.ElementIDs[j] <= rep.ElementIDs[j-1] {
				internal = j
				break
			}
		}
		for j := lo; j < hi; j++ {
			for k, f := range rep.Data {
				switch g := f[j]; {
				case k == 0 && g != 0, g < 0:
					t.Fatalf("node %d synapse %d: g = %g uS at %g ms", rep.NodeIDs[c], rep.ElementIDs[j], g, float64(k)*0.5)
				case g > 0 && j >= internal:
					t.Fatalf("node %d: virtual synapse %d (element %d) conducts at %g ms without input", rep.NodeIDs[c], rep.ElementIDs[j], j, float64(k)*0.5)
				case g > 0 && k == len(rep.Data)-1:
					released++
				}
			}
		}
	}
	t.Logf("%d GABA synapses conducting at 39.5 ms", released)
	if released == 0 {
		t.Error("no synapse conducts with minis at 200 Hz")
	}
}

// TestStreamedReports runs v5 mini's soma report streamed to a directory
// (StreamReports, a small write buffer's worth at a time) and checks the
// file equals the one written from memory; a cancelled run leaves no
// report under its name.
func TestStreamedReports(t *testing.T) {
	edit := func(cfg map[string]any) { cfg["run"].(map[string]any)["tstop"] = 40.0 }
	mem, _ := v5MiniRun(t, edit)
	memFiles, err := mem.WriteReports(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	want, err := store.ReadSONATAReport(memFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	n := v5MiniNetwork(t, edit)
	dir := t.TempDir()
	n.StreamReports(dir)
	if _, err := n.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	files, err := n.WriteReports(dir)
	if err != nil || len(files) != 1 {
		t.Fatalf("streamed reports %v, %v", files, err)
	}
	got, err := store.ReadSONATAReport(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the streamed report differs from the one written from memory")
	}
	copied, err := n.WriteReports(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if again, err := store.ReadSONATAReport(copied[0]); err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("the copied report differs: %v", err)
	}

	n = v5MiniNetwork(t, edit)
	dir = t.TempDir()
	n.StreamReports(dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := n.Run(ctx); err == nil {
		t.Fatal("a cancelled run: no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a cancelled run left %v", entries)
	}
}

package gridcells

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestDerivedRecords records every handle of the original that has a
// location, writes the files and checks the derived ones against the
// formulas of SPEC.md sections 3-5 evaluated independently on the
// recorded state (v, the HCN gates, the synaptic g, and the Na and K
// gates recorded directly from the engine): ih, ina, ik, gna, the
// inhibitory synaptic current, the ext_dc clamp and the theta currents,
// within float32 rounding.
func TestDerivedRecords(t *testing.T) {
	spec := `{"sim_id": "derived", "sim_dur": 60, "recorder_dt": 0.1,
	"record_handle_stell": {` + handlesOn("stell_", []string{"v", "ih", "ina", "ik", "gna", "ih_mf", "ih_ms", "syn_inhib_i", "syn_inhib_g", "ext_dc_i", "ext_dc_amp", "theta_i"}, "[3, 200]") + `},
	"record_handle_intrnrn": {` + handlesOn("intrnrn_", []string{"v", "syn_exc_g", "syn_inhib_g", "ext_dc_i", "ext_dc_amp", "theta_i"}, "[400]") + `}}`
	m, s, err := ParseParams([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	gates := []string{"stellate_na.m", "stellate_na.h", "stellate_na.p", "stellate_kdr.n"}
	for _, g := range gates {
		n.Net.Record(&sim.StateRecorder{Population: n.Stell, Variable: g, Neurons: []int{3, 200}, Interval: s.RecorderDt * sim.Millisecond})
	}
	res, err := n.Run(context.Background(), &sim.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := n.Write(dir, res, RunInfo{}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, "derived", &store.Options{Ext: store.ExtHDF5})
	if err != nil {
		t.Fatal(err)
	}
	read := func(id string) store.Matrix32 {
		mat, attrs, err := st.ReadMatrix32(0, id)
		if err != nil {
			t.Fatal(err)
		}
		if mat.Cols != 601 {
			t.Fatalf("%s: %d samples, want 601", id, mat.Cols)
		}
		if u, _ := attrs.String(store.AttrUnit); u == "" {
			t.Errorf("%s: no unit", id)
		}
		return mat
	}
	gate := map[string][][]float64{}
	for j, g := range gates {
		gate[g] = res.Traces[len(res.Traces)-len(gates)+j].Values
	}
	v, hf, hs := read("stell_v"), read("stell_ih_mf"), read("stell_ih_ms")
	gi := read("stell_syn_inhib_g")
	// The stored state is float32: a product with (v - e) carries v's
	// rounding (6e-8 of |v|), so the tolerance scales with |v| + |e|.
	near := func(id string, got float32, want float64, i, k int, scale ...float64) {
		t.Helper()
		tol := 2e-7*math.Abs(want) + 1e-15
		if len(scale) > 0 {
			tol += 2e-7 * scale[0]
		}
		if math.Abs(float64(got)-want) > tol {
			t.Fatalf("%s row %d sample %d: %g, want %g", id, i, k, got, want)
		}
	}
	ih, ina, ik, gna := read("stell_ih"), read("stell_ina"), read("stell_ik"), read("stell_gna")
	isyn, dcI, dcAmp, th := read("stell_syn_inhib_i"), read("stell_ext_dc_i"), read("stell_ext_dc_amp"), read("stell_theta_i")
	spiking := false
	for i, gid := range []int{3, 200} {
		dc := []float64{1.5e-3, -2.75e-3}[gid/192]
		for k := 0; k < v.Cols; k++ {
			vm := float64(v.At(i, k))
			gh := m.GHBar * (0.65*float64(hf.At(i, k)) + 0.35*float64(hs.At(i, k)))
			near("stell_ih", ih.At(i, k), gh*(vm+20), i, k, gh*(math.Abs(vm)+20))
			mm, hh, pp, nn := gate["stellate_na.m"][i][k], gate["stellate_na.h"][i][k], gate["stellate_na.p"][i][k], gate["stellate_kdr.n"][i][k]
			gn := 0.052*mm*mm*mm*hh + m.GNaPBar*pp
			near("stell_ina", ina.At(i, k), gn*(vm-55), i, k, gn*(math.Abs(vm)+55))
			gk := 0.011 * nn * nn * nn * nn
			near("stell_ik", ik.At(i, k), gk*(vm+90), i, k, gk*(math.Abs(vm)+90))
			near("stell_gna", gna.At(i, k), 0.052*mm*mm*mm*hh, i, k)
			g := float64(gi.At(i, k))
			near("stell_syn_inhib_i", isyn.At(i, k), g*(vm+75), i, k, g*(math.Abs(vm)+75))
			near("stell_ext_dc_amp", dcAmp.At(i, k), dc, i, k)
			near("stell_ext_dc_i", dcI.At(i, k), dc, i, k)
			near("stell_theta_i", th.At(i, k), 0, i, k) // stell_theta_Amp 0: off
			if vm > 0 {
				spiking = true
			}
		}
	}
	if !spiking {
		t.Error("no stellate spike in 60 ms: the currents were not checked where they are large")
	}
	ith, idc := read("intrnrn_theta_i"), read("intrnrn_ext_dc_amp")
	for k := 0; k < ith.Cols; k++ {
		tm := float64(k) * 0.1
		if k > 0 {
			tm -= DtMs / 2
		}
		near("intrnrn_theta_i", ith.At(0, k), 1e-4*math.Sin(2*3.14*0.01*tm), 0, k)
		near("intrnrn_ext_dc_amp", idc.At(0, k), 1.5e-3, 0, k)
	}
}

func handlesOn(prefix string, names []string, cells string) string {
	s := ""
	for i, nm := range names {
		if i > 0 {
			s += ", "
		}
		s += `"` + prefix + nm + `": {"state": true, "cells_to_record": ` + cells + `}`
	}
	return s
}

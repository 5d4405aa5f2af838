package gridcells

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// TestDefaultsAreTheOriginals checks that the embedded defaults parse
// strictly and that the parameter structs have exactly the original's keys
// (plus t_simulation, which a run adds).
func TestDefaultsAreTheOriginals(t *testing.T) {
	m, s, err := defaults()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, data := range [][]byte{defaultModelJSON, defaultSimJSON} {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			t.Fatal(err)
		}
		for k := range obj {
			want = append(want, k)
		}
	}
	want = append(want, "t_simulation")
	got := Keys()
	sort.Strings(want)
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keys %v,\nwant %v", got, want)
	}
	if m.NIntrnrn != 192 || m.NStell != 384 || m.SiMean.Cells != 22 || m.ConnID != "1d" || m.VelType != "const" ||
		!reflect.DeepEqual([]float64(m.StellConstDC), []float64{1.5e-3, -2.75e-3}) || m.Lambda0 != 6.2831 || m.NetconDelay != 1 {
		t.Errorf("model defaults %+v", m)
	}
	if s.SimDur != 4500 || s.RecorderDt != 1 || s.SimID != "0" || len(s.RecordHandleStell) != 18 || len(s.RecordHandleIntrnrn) != 10 ||
		!s.RecordHandleStell["stell_spks"].State || !s.RecordHandleStell["stell_spks"].CellsToRecord.All ||
		s.RecordHandleStell["stell_v"].State || *s.RecordHandleStell["stell_v"].Loc != "soma(0.5):_ref_v" {
		t.Errorf("sim defaults %+v", s)
	}
	// Defaults are fresh copies.
	_, s2 := Defaults()
	s2.RecordHandleStell["stell_v"].State = true
	if _, s3 := Defaults(); s3.RecordHandleStell["stell_v"].State {
		t.Error("Defaults shares record handles between calls")
	}
}

// TestParseReferenceParams parses the original's full parameter file of
// the reference run and checks that writing and parsing it again gives the
// same parameters.
func TestParseReferenceParams(t *testing.T) {
	p := refdata.Require(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "REF-1D-VDEF.json"))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m, s, err := ParseParams(data)
	if err != nil {
		t.Fatal(err)
	}
	if s.SimID != "REF-1D-VDEF" || s.SimDur != 3000 || s.RecorderDt != 0.1 || *s.NCpus != 1 || !s.SaveConnMatrix ||
		*s.TSimulation != 52.23 || *s.SimDateTime != "2026-11-23, 19:20:45" {
		t.Errorf("sim params %+v", s)
	}
	if h := s.RecordHandleStell["stell_v"]; !h.State || !reflect.DeepEqual(h.CellsToRecord.GIDs, []int{0, 48, 96, 144, 192, 240, 288, 336}) {
		t.Errorf("stell_v handle %+v", h)
	}
	if h := s.RecordHandleIntrnrn["intrnrn_v"]; !h.State || !reflect.DeepEqual(h.CellsToRecord.GIDs, []int{384, 432, 480, 528}) {
		t.Errorf("intrnrn_v handle %+v", h)
	}
	dm, _ := Defaults()
	if !reflect.DeepEqual(m, dm) {
		t.Errorf("model params differ from the defaults:\n%+v\n%+v", m, dm)
	}
	out, err := MarshalParams(m, s)
	if err != nil {
		t.Fatal(err)
	}
	m2, s2, err := ParseParams(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(m, m2) || !reflect.DeepEqual(s, s2) {
		t.Errorf("round trip changed the parameters:\n%s", out)
	}
}

// TestParseOverrides checks the original's merge rules: wholesale
// replacement, record handles by entry, integers written as floats.
func TestParseOverrides(t *testing.T) {
	m, s, err := ParseParams([]byte(`{"sim_id": "X", "sim_dur": 200.0, "N_intrnrn": 96.0, "stell_const_dc": [0, -3e-3],
		"stell_noise": [200, 0, 1e-3], "extra_params": {"stell_dc": 1e-3}, "traj_id": 1,
		"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [5, 3]}, "stell_ih": {"state": true}},
		"record_handle_intrnrn": {"intrnrn_spks": {"state": false}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.SimID != "X" || s.SimDur != 200 || m.NIntrnrn != 96 || !reflect.DeepEqual([]float64(m.StellConstDC), []float64{0, -3e-3}) ||
		!reflect.DeepEqual(m.StellNoise, []float64{200, 0, 1e-3}) || string(m.ExtraParams) != `{"stell_dc":1e-3}` || string(m.TrajID) != "1" {
		t.Errorf("overrides not applied: %+v %+v", m, s)
	}
	if h := s.RecordHandleStell["stell_v"]; !h.State || !reflect.DeepEqual(h.CellsToRecord.GIDs, []int{5, 3}) || *h.Loc != "soma(0.5):_ref_v" {
		t.Errorf("stell_v %+v", h)
	}
	if h := s.RecordHandleStell["stell_ih"]; !h.State || !h.CellsToRecord.All {
		t.Errorf("stell_ih keeps its cells_to_record: %+v", h)
	}
	if s.RecordHandleIntrnrn["intrnrn_spks"].State || !s.RecordHandleStell["stell_spks"].State {
		t.Error("handles not named keep their defaults")
	}
	// sim_id may be a number, as in the defaults.
	if _, s, err := ParseParams([]byte(`{"sim_id": 12}`)); err != nil || s.SimID != "12" {
		t.Errorf("numeric sim_id: %q, %v", s.SimID, err)
	}
}

// TestParseErrors checks that bad keys and values are reported with the
// key, what is expected and, for unknown keys, the closest known key.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []string
	}{
		{`{"is_mena": 32}`, []string{`invalid input param "is_mena"`, `closest known key is "is_mean"`}},
		{`{"simdur": 100}`, []string{`"simdur"`, `"sim_dur"`}},
		{`{"N_Intrnrn": 10}`, []string{`"N_Intrnrn"`, `"N_intrnrn"`}},
		{`{"model": "gridcellscond"}`, []string{`invalid input param "model"`}},
		{`{"sim_dur": "long"}`, []string{`key "sim_dur"`, `want a number`}},
		{`{"N_stell": 3.5}`, []string{`key "N_stell"`, `want an integer`}},
		{`{"stell_const_dc": "1e-3"}`, []string{`key "stell_const_dc"`, `want a list of numbers (nA) or one number`}},
		{`{"build_conn_matrix": 1}`, []string{`key "build_conn_matrix"`, `want true or false`}},
		{`{"si_mean": [[1, 2, 3]]}`, []string{`key "si_mean"`, `[dx, dy]`}},
		{`{"record_handle_stell": {"stell_vv": {"state": true}}}`, []string{`invalid recorder param "stell_vv"`, `closest data_id is "stell_v"`}},
		{`{"record_handle_stell": {"stell_v": {"cells_to_record": "all"}}}`, []string{`record_handle_stell.stell_v: no "state"`}},
		{`{"record_handle_stell": {"stell_v": {"state": true, "cells": "all"}}}`, []string{`unknown key "cells"`, `"cells_to_record"`}},
		{`{"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": "some"}}}`, []string{`cells_to_record`, `want "all" or a list of gids`}},
		{`{"record_handle_stell": {"stell_v": {"state": true, "loc": "soma(0.5):_ref_ik"}}}`, []string{`stell_v.loc`, `cannot be changed`}},
		{`[1, 2]`, []string{`gridcells parameters`}},
	} {
		_, _, err := ParseParams([]byte(tc.spec))
		if err == nil {
			t.Errorf("%s: no error", tc.spec)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q, want it to contain %q", tc.spec, err, w)
			}
		}
	}
}

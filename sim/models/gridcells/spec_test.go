package gridcells

import (
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	type want struct {
		simNum int
		dc     []float64
		gh     float64
		dur    float64
	}
	for _, tc := range []struct {
		name, spec string
		want       []want
	}{
		{"single", `{"model": "gridcellscond", "sim_id": "a", "g_h_bar": 0, "sim_num": 3}`,
			[]want{{3, []float64{1.5e-3, -2.75e-3}, 0, 4500}}},
		{"original multi", `{"model": "gridcellscond", "sim_dur": 100, "sims": {
			"1": {"sim_id": "m", "sim_num": 1, "stell_const_dc": [1e-3, -2e-3]},
			"0": {"sim_id": "m", "g_h_bar": 1e-3}}}`,
			[]want{{0, []float64{1.5e-3, -2.75e-3}, 1e-3, 100}, {1, []float64{1e-3, -2e-3}, 0.0015, 100}}},
		{"product", `{"sim_id": "p", "g_h_bar": [0, 1e-3], "sim_dur": [100, 200, 300]}`,
			[]want{{0, nil, 0, 100}, {1, nil, 0, 200}, {2, nil, 0, 300}, {3, nil, 1e-3, 100}, {4, nil, 1e-3, 200}, {5, nil, 1e-3, 300}}},
		{"zip of a list-valued key", `{"sim_id": "z", "sweep": "zip", "stell_const_dc": [[1e-3, -1e-3], [2e-3, -2e-3]], "sim_dur": [10, 20]}`,
			[]want{{0, []float64{1e-3, -1e-3}, 0.0015, 10}, {1, []float64{2e-3, -2e-3}, 0.0015, 20}}},
		{"list value is not a sweep", `{"sim_id": "v", "stell_const_dc": [1e-3, -1e-3]}`,
			[]want{{0, []float64{1e-3, -1e-3}, 0.0015, 4500}}},
	} {
		sims, err := ParseSpec([]byte(tc.spec))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(sims) != len(tc.want) {
			t.Errorf("%s: %d sims, want %d", tc.name, len(sims), len(tc.want))
			continue
		}
		for i, w := range tc.want {
			s := sims[i]
			if s.SimNum != w.simNum || s.Sim.SimNum != w.simNum || s.Model.GHBar != w.gh || s.Sim.SimDur != w.dur {
				t.Errorf("%s: sim %d = sim_num %d/%d g_h_bar %g sim_dur %g, want %+v", tc.name, i, s.SimNum, s.Sim.SimNum, s.Model.GHBar, s.Sim.SimDur, w)
			}
			if w.dc != nil && (s.Model.StellConstDC[0] != w.dc[0] || s.Model.StellConstDC[1] != w.dc[1]) {
				t.Errorf("%s: sim %d stell_const_dc %v, want %v", tc.name, i, s.Model.StellConstDC, w.dc)
			}
		}
	}
	// The sims do not share their record handles (maps).
	sims, err := ParseSpec([]byte(`{"sims": {"0": {"record_handle_stell": {"stell_v": {"state": true}}}, "1": {}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !sims[0].Sim.RecordHandleStell["stell_v"].State || sims[1].Sim.RecordHandleStell["stell_v"].State {
		t.Error("a record handle set in sim 0 leaked into sim 1")
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{`{"model": "coba"}`, `"model" is "coba", want "gridcellscond"`},
		{`{"g_h_barr": 1}`, `invalid input param "g_h_barr" (unknown key; the closest known key is "g_h_bar")`},
		{`{"sims": {"0": {"gh_bar": 1}}}`, `sim_num 0: gridcells parameters: invalid input param "gh_bar"`},
		{`{"sims": {"0": {"sim_num": 2}}}`, `sims key "0" holds sim_num 2`},
		{`{"sims": {"x": {}}}`, `"x" is not a sim_num`},
		{`{"sims": [1]}`, `"sims" must be a non-empty object`},
		{`{"sims": {}}`, `"sims" must be a non-empty object`},
		{`{"sweep": "zip", "g_h_bar": [1, 2], "hs_tau": [1]}`, `needs lists of equal length`},
		{`{"sweep": "grid", "g_h_bar": [1, 2]}`, `"sweep" is "grid", want "product" or "zip"`},
		{`{"sweep": "zip"}`, `no key has a list of values`},
		{`{"g_h_bar": [1, 2], "sims": {"0": {}}}`, `cannot be combined`},
		{`{"g_h_bar": []}`, `sweeps an empty list`},
		{`{"g_h_bar": 1, "g_h_bar": 2}`, `line 1 col 16: key "g_h_bar": duplicate key`},
		{`{"g_h_bar": "x"}`, `key "g_h_bar"`},
		{`[1]`, `want a JSON object`},
		{`{"sim_dur": 1} {}`, `after top-level value`},
	} {
		_, err := ParseSpec([]byte(tc.spec))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.spec, err, tc.want)
		}
	}
}

// FuzzParseSpec checks that no spec makes ParseSpec panic.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{`{}`, `{"sims": {"0": {"g_h_bar": 0}}}`, `{"g_h_bar": [0, 1], "sweep": "zip", "hs_tau": [1, 2]}`,
		`{"stell_const_dc": [[1, 2]], "record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [1]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sims, err := ParseSpec(data)
		if err == nil && len(sims) == 0 {
			t.Fatal("no error and no sims")
		}
	})
}

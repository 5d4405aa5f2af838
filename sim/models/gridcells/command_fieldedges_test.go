package gridcells

import (
	"encoding/json"
	"reflect"
	"testing"

	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
	"github.com/golgi-sim/golgi/sim/store"
)

// TestFieldEdgesOf lists the interior fields of two recorded cells (one
// per ring) of synthetic runs: fields of 5 spikes 50 ms apart every
// 1000 ms, and g(t) = t, so that g at a spike is its time in whole ms.
func TestFieldEdgesOf(t *testing.T) {
	const N, durMs, dtMs = 4, 10000, 0.5
	var train []float64
	for f := 1000.0; f < durMs; f += 1000 {
		for k := 0.0; k < 5; k++ {
			train = append(train, f+100.3+50*k)
		}
	}
	stell := make([][]float64, 2*N)
	for c := range stell {
		stell[c] = train
	}
	gids := []uint64{1, N + 2}
	cols := int(durMs/dtMs) + 1
	g := store.Matrix32{Rows: len(gids), Cols: cols, Data: make([]float32, len(gids)*cols)}
	for r := range gids {
		for k := 0; k < cols; k++ {
			g.Data[r*cols+k] = float32(float64(k) * dtMs)
		}
	}
	st, err := store.Open(t.TempDir(), "FE", &store.Options{Ext: store.ExtHDF5, Isolate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteMatrix32(0, "stell_syn_inhib_g", g, store.Attrs{store.AttrGIDs: gids}, nil); err != nil {
		t.Fatal(err)
	}
	edges := func(first ...float64) []gcmeasures.FieldEdge {
		var e []gcmeasures.FieldEdge
		for _, f := range first {
			e = append(e, gcmeasures.FieldEdge{FirstMs: f + 100.3, LastMs: f + 300.3, NSpikes: 5, GFirst: f + 100, GLast: f + 300})
		}
		return e
	}
	sepRing := func(ring, c int) []gcmeasures.FieldEdge {
		fs := gcmeasures.SeparateFields(stell[ring*N:(ring+1)*N], 1)[c]
		var e []gcmeasures.FieldEdge
		for _, f := range fs[1 : len(fs)-1] {
			l := f[len(f)-1]
			e = append(e, gcmeasures.FieldEdge{FirstMs: f[0], LastMs: l, NSpikes: len(f), GFirst: float64(int(f[0])), GLast: float64(int(l))})
		}
		return e
	}
	for _, tc := range []struct {
		name    string
		velType string
		want    [][]gcmeasures.FieldEdge
	}{
		// Ring 1 in (500, 5000): fields at 1000-4000 ms, the last
		// without its last spike (the authors' separate_fields); ring 2
		// in (5500, 10000).
		{"PRED-IHD", "PRED-IHD", [][]gcmeasures.FieldEdge{edges(2000, 3000), edges(7000, 8000)}},
		{"const", "const", [][]gcmeasures.FieldEdge{sepRing(0, 1), sepRing(1, 2)}},
	} {
		m := ModelParams{NPerSheet: N, VelType: tc.velType, AllotheticDur: 500, ExtraParams: json.RawMessage(`{"dir_change_t": 5000}`)}
		s := SimParams{SimDur: durMs, RecorderDt: dtMs}
		got, err := fieldEdgesOf(st, 0, stell, &m, &s)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(got.Cells) != len(gids) {
			t.Fatalf("%s: %d cells, want %d", tc.name, len(got.Cells), len(gids))
		}
		for i, c := range got.Cells {
			if c.GID != int(gids[i]) || !reflect.DeepEqual(c.Fields, tc.want[i]) {
				t.Errorf("%s: cell %d: %+v, want gid %d %+v", tc.name, i, c, gids[i], tc.want[i])
			}
		}
		if got.Summary == nil || got.Summary.N != len(tc.want[0])+len(tc.want[1]) || got.Summary.FracFirstAboveLast != 0 {
			t.Errorf("%s: summary %+v", tc.name, got.Summary)
		}
	}
}

// TestGEdgesRing1 checks that --g-edges averages over ring 1 only, as the
// Fig 5D notebook (stell_spks[:N_per_sheet]): ring 2's conductance is 1,
// ring 1's 0.
func TestGEdgesRing1(t *testing.T) {
	const N, cols = 3, 2000
	stell := make([][]float64, 2*N)
	for c := range stell {
		for f := 100.0; f < cols; f += 400 {
			stell[c] = append(stell[c], f, f+20+float64(c), f+45)
		}
	}
	g := store.Matrix32{Rows: 2 * N, Cols: cols, Data: make([]float32, 2*N*cols)}
	for k := N * cols; k < len(g.Data); k++ {
		g.Data[k] = 1
	}
	st, err := store.Open(t.TempDir(), "GE", &store.Options{Ext: store.ExtHDF5, Isolate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteMatrix32(0, "stell_syn_inhib_g", g, nil, nil); err != nil {
		t.Fatal(err)
	}
	first, last, err := gEdgesOf(st, 0, stell, N, 1)
	if err != nil || first != 0 || last != 0 {
		t.Errorf("gEdgesOf = %v, %v, %v; want 0, 0 (ring 1 only)", first, last, err)
	}
	if _, _, err := gEdgesOf(st, 0, stell[:N], N, 1); err == nil {
		t.Error("gEdgesOf with fewer stellates than recorded rows: no error")
	}
}

package gridcells

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/golgi-sim/golgi/analysis"
	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
	"github.com/golgi-sim/golgi/sim/store"
)

// cellFieldEdges is one recorded stellate's interior fields with g_inh
// (uS) at their first and last spike (`golgi gridcells measures --fields`).
type cellFieldEdges struct {
	GID     int                          `json:"gid"`
	Fields  []gcmeasures.FieldEdge       `json:"fields"`
	Summary *gcmeasures.FieldEdgeSummary `json:"summary,omitempty"`
}

// fieldEdges is the --fields listing: every cell whose stell_syn_inhib_g
// is recorded, and the summary over all their fields.
type fieldEdges struct {
	Cells   []cellFieldEdges             `json:"cells"`
	Summary *gcmeasures.FieldEdgeSummary `json:"summary,omitempty"`
}

// interiorFields returns the fields of stellate gid as the authors split
// them, without the first and the last (which the run's or the epoch's
// start and end may cut). In PRED-IHD runs (ring 1 drives the pattern
// until extra_params.dir_change_t T_c, ring 2 after) these are
// gcmeasures.RemoveUnevenFields in (allothetic_dur, T_c) for ring 1 and in
// (T_c + allothetic_dur, sim_dur) for ring 2, as the Fig 5A notebook
// splits them; in other runs gcmeasures.SeparateFields of the cell's ring,
// as calc_inhib_g_at_first_and_last_spike does (Fig 5D).
func interiorFields(stell [][]float64, gid int, m *ModelParams, s *SimParams) ([][]float64, error) {
	N := m.NPerSheet
	ring := gid / N
	var fs [][]float64
	if m.VelType == "PRED-IHD" {
		var x struct {
			DirChangeT *float64 `json:"dir_change_t"`
		}
		if err := json.Unmarshal(m.ExtraParams, &x); err != nil || x.DirChangeT == nil {
			return nil, fmt.Errorf("PRED-IHD run without extra_params.dir_change_t (%v)", err)
		}
		lo, hi := m.AllotheticDur, *x.DirChangeT
		if ring > 0 {
			lo, hi = *x.DirChangeT+m.AllotheticDur, s.SimDur
		}
		var err error
		if fs, err = gcmeasures.RemoveUnevenFields(stell[gid], lo, hi); errors.Is(err, analysis.ErrTooFewSpikes) {
			return nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("cell %d: %w", gid, err)
		}
	} else {
		fs = gcmeasures.SeparateFields(stell[ring*N:(ring+1)*N], 1)[gid-ring*N]
	}
	if len(fs) < 3 {
		return nil, nil
	}
	return fs[1 : len(fs)-1], nil
}

// fieldEdgesOf lists g_inh (stell_syn_inhib_g, any recorded cells) at the
// first and last spike of each cell's interior fields (interiorFields,
// gcmeasures.FieldEdgesOf).
func fieldEdgesOf(st *store.Store, simNum int, stell [][]float64, m *ModelParams, s *SimParams) (*fieldEdges, error) {
	g, attrs, err := st.ReadMatrix32(simNum, "stell_syn_inhib_g")
	if err != nil {
		return nil, err
	}
	gids, ok := attrs.Uint64s(store.AttrGIDs)
	if !ok {
		// The original's files: rows in the order of cells_to_record.
		if h := s.RecordHandleStell["stell_syn_inhib_g"]; h != nil {
			for _, g := range recordedStellGIDs(h, g.Rows, m.NStell) {
				gids = append(gids, uint64(g))
			}
		}
	}
	if len(gids) != g.Rows {
		return nil, fmt.Errorf("stell_syn_inhib_g: %d rows, %d gids known (attribute gids or cells_to_record)", g.Rows, len(gids))
	}
	out := &fieldEdges{Cells: []cellFieldEdges{}}
	var all []gcmeasures.FieldEdge
	for r, gid := range gids {
		if int(gid) >= len(stell) {
			return nil, fmt.Errorf("stell_syn_inhib_g: gid %d of %d stellates", gid, len(stell))
		}
		fs, err := interiorFields(stell, int(gid), m, s)
		if err != nil {
			return nil, err
		}
		row := make([]float64, g.Cols)
		for c, v := range g.Data[r*g.Cols : (r+1)*g.Cols] {
			row[c] = float64(v)
		}
		e, err := gcmeasures.FieldEdgesOf(fs, row, s.RecorderDt)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", gid, err)
		}
		c := cellFieldEdges{GID: int(gid), Fields: e}
		if sum, err := gcmeasures.SummarizeFieldEdges(e); err == nil {
			c.Summary = &sum
		}
		out.Cells = append(out.Cells, c)
		all = append(all, e...)
	}
	if sum, err := gcmeasures.SummarizeFieldEdges(all); err == nil {
		out.Summary = &sum
	}
	return out, nil
}

// gEdgesOf is gcmeasures.ConductanceAtFieldEdges of ring 1's recorded
// inhibitory conductance (every stellate recorded, sampled every dtMs), as
// the Fig 5D notebook calls calc_inhib_g_at_first_and_last_spike on
// stell_spks[:N_per_sheet].
func gEdgesOf(st *store.Store, simNum int, stell [][]float64, nPerSheet int, dtMs float64) (first, last float64, err error) {
	g, _, err := st.ReadMatrix32(simNum, "stell_syn_inhib_g")
	if err != nil {
		return 0, 0, err
	}
	if g.Rows != len(stell) {
		return 0, 0, fmt.Errorf("stell_syn_inhib_g has %d rows for %d stellates (record every cell)", g.Rows, len(stell))
	}
	rows := make([][]float64, g.Rows)
	for r := range rows {
		row := make([]float64, g.Cols)
		for c, v := range g.Data[r*g.Cols : (r+1)*g.Cols] {
			row[c] = float64(v)
		}
		rows[r] = row
	}
	return gcmeasures.ConductanceAtFieldEdges(stell[:nPerSheet], rows[:nPerSheet], dtMs)
}

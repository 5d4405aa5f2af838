package gridcells

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MembraneMeasures is one cell's line of `golgi gridcells membrane`
// (FieldMembrane; measures of traces not recorded are omitted).
type MembraneMeasures struct {
	Cell             int      `json:"cell"`
	Fields           int      `json:"fields"`
	RampInMV         float64  `json:"ramp_in_mv"`
	EnvVInMV         float64  `json:"theta_env_v_in_mv"`
	EnvVOutMV        float64  `json:"theta_env_v_out_mv"`
	EnvGInUS         *float64 `json:"theta_env_g_inh_in_us,omitempty"`
	EnvGOutUS        *float64 `json:"theta_env_g_inh_out_us,omitempty"`
	GhFirst          *float64 `json:"g_h_first_spike,omitempty"`
	GhLast           *float64 `json:"g_h_last_spike,omitempty"`
	GhFirstInterior  *float64 `json:"g_h_first_spike_interior,omitempty"`
	GhLastInterior   *float64 `json:"g_h_last_spike_interior,omitempty"`
	GFirstUS         *float64 `json:"g_inh_first_spike_us,omitempty"`
	GLastUS          *float64 `json:"g_inh_last_spike_us,omitempty"`
	GFirstInteriorUS *float64 `json:"g_inh_first_spike_interior_us,omitempty"`
	GLastInteriorUS  *float64 `json:"g_inh_last_spike_interior_us,omitempty"`
}

// cmdMembrane prints the Fig 3 measures (FieldMembrane)
// of recorded ring-1 stellates of a run, Golgi's or the original's.
func cmdMembrane(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridcells membrane", flag.ContinueOnError)
	fs.SetOutput(stderr)
	simNum := fs.Int("sim-num", -1, "the sim_num to measure (default: the first in the files)")
	cellsFlag := fs.String("cells", "", "comma-separated ring-1 stellates to measure (default: every recorded one)")
	dir, simID, st, err := openRunDir(fs, args, "usage: golgi gridcells membrane DIR/<sim_id> [--sim-num N] [--cells C,...]")
	if err != nil {
		return err
	}
	num, m, s, stell, err := runStellates(st, dir, simID, *simNum)
	if err != nil {
		return err
	}
	*simNum = num
	if len(stell) < m.NPerSheet {
		return fmt.Errorf("%s: %d stellate trains, fewer than a ring (%d)", dir, len(stell), m.NPerSheet)
	}
	ring := stell[:m.NPerSheet]
	// rows reads a recorded stellate data_id: its rows by cell (nil when
	// the data_id was not recorded).
	rows := func(dataID string, need bool) (map[int][]float64, error) {
		h := s.RecordHandleStell[dataID]
		if h == nil || !h.State {
			if need {
				return nil, fmt.Errorf("%s: %s was not recorded (record_handle_stell %q state true, with the cells to measure)", dir, dataID, dataID)
			}
			return nil, nil
		}
		mat, _, err := st.ReadMatrix32(*simNum, dataID)
		if err != nil {
			return nil, err
		}
		gids := recordedStellGIDs(h, mat.Rows, m.NStell)
		if len(gids) != mat.Rows {
			return nil, fmt.Errorf("%s: %s has %d rows, cells_to_record names %d stellates", dir, dataID, mat.Rows, len(gids))
		}
		out := map[int][]float64{}
		for r, g := range gids {
			row := make([]float64, mat.Cols)
			for c, v := range mat.Data[r*mat.Cols : (r+1)*mat.Cols] {
				row[c] = float64(v)
			}
			out[g] = row
		}
		return out, nil
	}
	v, err := rows("stell_v", true)
	if err != nil {
		return err
	}
	hf, err := rows("stell_ih_mf", false)
	if err != nil {
		return err
	}
	hs, err := rows("stell_ih_ms", false)
	if err != nil {
		return err
	}
	g, err := rows("stell_syn_inhib_g", false)
	if err != nil {
		return err
	}
	var cells []int
	if *cellsFlag != "" {
		for _, f := range strings.Split(*cellsFlag, ",") {
			c, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("--cells %q: %w", *cellsFlag, err)
			}
			if v[c] == nil {
				return fmt.Errorf("--cells: stellate %d: its V was not recorded", c)
			}
			cells = append(cells, c)
		}
	} else {
		for c := range v {
			if c < m.NPerSheet {
				cells = append(cells, c)
			}
		}
		slices.Sort(cells)
	}
	if len(cells) == 0 {
		return fmt.Errorf("%s: no ring-1 stellate's V was recorded", dir)
	}
	for _, c := range cells {
		fm, err := MeasureFieldMembrane(ring, c, MembraneTraces{
			DtMs: s.RecorderDt, GHBar: m.GHBar, V: v[c], Hf: hf[c], Hs: hs[c], G: g[c]})
		if err != nil {
			fmt.Fprintf(stderr, "%s: cell %d: %v\n", simID, c, err)
			continue
		}
		opt := func(x float64) *float64 {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil
			}
			return &x
		}
		b, err := json.Marshal(MembraneMeasures{
			Cell: c, Fields: fm.Fields, RampInMV: fm.RampInMV, EnvVInMV: fm.EnvVInMV, EnvVOutMV: fm.EnvVOutMV,
			EnvGInUS: opt(fm.EnvGInUS), EnvGOutUS: opt(fm.EnvGOutUS),
			GhFirst: opt(fm.GhFirst), GhLast: opt(fm.GhLast), GhFirstInterior: opt(fm.GhFirstInterior), GhLastInterior: opt(fm.GhLastInterior),
			GFirstUS: opt(fm.GFirstUS), GLastUS: opt(fm.GLastUS), GFirstInteriorUS: opt(fm.GFirstInteriorUS), GLastInteriorUS: opt(fm.GLastInteriorUS),
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, string(b))
	}
	return nil
}

// recordedStellGIDs returns the stellate gids of the rows of a data_id
// recorded with handle h, as the original lays them out: every stellate
// for "all" (rows of them), else the handle's stellate gids in order.
func recordedStellGIDs(h *RecordHandle, rows, nStell int) []int {
	var gids []int
	if h.CellsToRecord.All {
		for c := range min(rows, nStell) {
			gids = append(gids, c)
		}
		return gids
	}
	for _, g := range h.CellsToRecord.GIDs {
		if g >= 0 && g < nStell {
			gids = append(gids, g)
		}
	}
	slices.Sort(gids)
	return slices.Compact(gids)
}

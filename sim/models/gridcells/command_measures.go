package gridcells

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
	"github.com/golgi-sim/golgi/sim/store"
)

// RunMeasures is the JSON object `golgi gridcells measures` prints.
type RunMeasures struct {
	SimID            string             `json:"sim_id"`
	SimNum           int                `json:"sim_num"`
	SimDurMs         float64            `json:"sim_dur_ms"`
	SpeedRadS        float64            `json:"speed_rad_s"`
	SpeedCellsS      float64            `json:"speed_cells_s"`
	BumpSpacingCells float64            `json:"bump_spacing_cells"`
	NBumps           int                `json:"n_bumps"`
	RateHz           map[string]float64 `json:"rate_hz"`
	// 1D runs: the rest of the Fig 4 notebook's grid_props of ring 1
	// (gcmeasures.BumpGeometryOf; its bump scale is BumpSpacingCells);
	// omitted where the original gives NaN.
	BumpSizeCells *float64 `json:"bump_size_cells,omitempty"`
	GridScaleMs   *float64 `json:"grid_scale_ms,omitempty"`
	FieldSizeMs   *float64 `json:"field_size_ms,omitempty"`
	// 2D runs only (N_stell = 4 N_per_sheet): the authors' grid_props_2D
	// of sheet Sheet at TMs, rates with sigma 100 ms.
	GridScore      *float64 `json:"grid_score,omitempty"`
	GridScale      *float64 `json:"grid_scale,omitempty"`
	FieldSize      *float64 `json:"field_size,omitempty"`
	OrientationDeg *float64 `json:"orientation_deg,omitempty"`
	Sheet          *int     `json:"sheet,omitempty"`
	TMs            *int     `json:"t_ms,omitempty"`
	// 2D runs only: the motion of sheet Sheet's pattern
	// (gcmeasures.SheetPatternVelocity, rates sigma 100 ms, maps
	// VelocityStepMs apart from VelocityT0Ms to VelocityT1Ms): velocity
	// in lattice units/s, x east and y north, direction in degrees
	// counter-clockwise from east.
	VelocityX      *float64 `json:"velocity_x,omitempty"`
	VelocityY      *float64 `json:"velocity_y,omitempty"`
	SpeedLatticeS  *float64 `json:"speed_lattice_s,omitempty"`
	DirectionDeg   *float64 `json:"direction_deg,omitempty"`
	VelocityT0Ms   *int     `json:"velocity_t0_ms,omitempty"`
	VelocityT1Ms   *int     `json:"velocity_t1_ms,omitempty"`
	VelocityStepMs *int     `json:"velocity_step_ms,omitempty"`
	// PRED-IHD runs only: the predictive bias of Fig 5
	// (PredictiveBias) and, with --g-edges, the mean inhibitory
	// conductance (uS) at the first and last spike of the fields
	// (gcmeasures.ConductanceAtFieldEdges of stell_syn_inhib_g).
	BiasRad      *float64 `json:"bias_rad,omitempty"`
	FieldSizeRad *float64 `json:"pred_field_size_rad,omitempty"`
	BiasPctField *float64 `json:"bias_pct_field,omitempty"`
	BiasPct2Pi   *float64 `json:"bias_pct_2pi,omitempty"`
	GInhFirstUS  *float64 `json:"g_inh_first_spike_us,omitempty"`
	GInhLastUS   *float64 `json:"g_inh_last_spike_us,omitempty"`
	// With --fields: g_inh at the edges of each recorded cell's interior
	// fields (fieldEdgesOf).
	FieldEdges *fieldEdges `json:"field_edges,omitempty"`
}

// grid2D is the authors' grid_props_2D (gcmeasures.GridProps2D) of one sheet
// of a 2D run at tMs: sheets 0-3 are the stellate sheets (stell rows
// sheet*N ... (sheet+1)*N - 1), 4 the interneurons; the rate map is
// SheetRateMap with sigma 100 ms (the Fig 1C notebook) on a side of
// sqrt(N_per_sheet) (the original's N_per_axis is not what the 2D
// connectivity uses, SPEC.md section 14 item 14).
func grid2D(stell, intrnrn [][]float64, nPerSheet, durMs, tMs, sheet int) (gcmeasures.GridProps, error) {
	cells, n, err := sheetCells(stell, intrnrn, nPerSheet, sheet)
	if err != nil {
		return gcmeasures.GridProps{}, err
	}
	m, err := gcmeasures.SheetRateMap(cells, durMs, n, 100, tMs)
	if err != nil {
		return gcmeasures.GridProps{}, err
	}
	return gcmeasures.GridProps2D(m)
}

// sheetCells returns the spike trains of one sheet of a 2D run (0-3
// stellates, 4 interneurons) and the sheet's side.
func sheetCells(stell, intrnrn [][]float64, nPerSheet, sheet int) ([][]float64, int, error) {
	n := int(math.Round(math.Sqrt(float64(nPerSheet))))
	if n*n != nPerSheet {
		return nil, 0, fmt.Errorf("N_per_sheet %d is not a square sheet", nPerSheet)
	}
	switch {
	case sheet >= 0 && sheet < 4 && len(stell) >= (sheet+1)*nPerSheet:
		return stell[sheet*nPerSheet : (sheet+1)*nPerSheet], n, nil
	case sheet == 4 && len(intrnrn) == nPerSheet:
		return intrnrn, n, nil
	}
	return nil, 0, fmt.Errorf("sheet %d: want 0-3 (stellates) or 4 (interneurons, when recorded)", sheet)
}

// velocity2D is gcmeasures.SheetPatternVelocity of one sheet of a 2D run
// (rates sigma 100 ms, maps stepMs apart from t0Ms to t1Ms), searching
// each step within 0.4 spacing (the grid scale when measured, else n/8).
func velocity2D(stell, intrnrn [][]float64, nPerSheet, durMs, sheet, t0Ms, t1Ms, stepMs int, spacing float64) (gcmeasures.PatternVelocity, error) {
	cells, n, err := sheetCells(stell, intrnrn, nPerSheet, sheet)
	if err != nil {
		return gcmeasures.PatternVelocity{}, err
	}
	r := float64(n) / 8
	if spacing > 0 && !math.IsNaN(spacing) {
		r = 0.4 * spacing
	}
	r = math.Max(r, 1.5)
	return gcmeasures.SheetPatternVelocity(cells, durMs, n, 100, t0Ms, t1Ms, stepMs, r)
}

func cmdMeasures(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridcells measures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	simNum := fs.Int("sim-num", -1, "the sim_num to measure (default: the first in the files)")
	tMs := fs.Int("t-ms", -1, "2D runs: time (ms) of the grid measures (default: sim_dur - 1000, the original's t=-1000)")
	bumpWin := fs.Int("bump-win-ms", gcmeasures.Fig4WindowMs, "1D runs: window (ms) of the bump spacing and size (the Fig 1F notebook: 200)")
	bumpSigma := fs.Float64("bump-sigma-cells", gcmeasures.Fig4SigmaCells, "1D runs: smoothing (cells) of the bump spacing and size (the Fig 1F notebook: 9 for period 96, 6 for 48)")
	sheet := fs.Int("sheet", 0, "2D runs: sheet of the grid and velocity measures (0-3 stellates E, W, N, S; 4 interneurons)")
	vStep := fs.Int("velocity-step-ms", 20, "2D runs: time between the rate maps of the velocity measure (ms)")
	vT0 := fs.Int("velocity-t0-ms", -1, "2D runs: start of the velocity measure (default: end of the initial noise + 300 ms)")
	vT1 := fs.Int("velocity-t1-ms", -1, "2D runs: end of the velocity measure (default: sim_dur - 300 ms)")
	gEdges := fs.Bool("g-edges", false, "also the mean inhibitory conductance at the first and last spike of the fields of ring 1 (the authors' Fig 5D; reads stell_syn_inhib_g of every stellate: large)")
	fields := fs.Bool("fields", false, "also g_inh at the first and last spike of each interior field of the cells whose stell_syn_inhib_g is recorded (Fig 5B)")
	dir, simID, st, err := openRunDir(fs, args, "usage: golgi gridcells measures DIR/<sim_id> [--sim-num N]")
	if err != nil {
		return err
	}
	num, m, s, stell, err := runStellates(st, dir, simID, *simNum)
	if err != nil {
		return err
	}
	*simNum = num
	if len(stell) != m.NStell {
		return fmt.Errorf("%s: stell_spks of sim_num %d has %d rows, the parameters give N_stell = %d (were all stellates recorded?)", dir, *simNum, len(stell), m.NStell)
	}
	N := m.NPerSheet
	out := RunMeasures{SimID: simID, SimNum: *simNum, SimDurMs: s.SimDur, RateHz: map[string]float64{}}
	out.SpeedRadS = SpeedOfNetwork(stell, s.SimDur, N, m.NPhases, 100)
	out.SpeedCellsS = out.SpeedRadS * float64(m.NPhases) / (2 * math.Pi)
	out.BumpSpacingCells = GridScaleNeurons(stell[:N], s.SimDur, float64(*bumpWin), *bumpSigma)
	if out.BumpSpacingCells > 0 {
		out.NBumps = int(math.Round(float64(N) / out.BumpSpacingCells))
	}
	out.RateHz["stell"] = MeanRate(stell, s.SimDur)
	if len(stell) == 2*N {
		out.RateHz["stell_ring1"] = MeanRate(stell[:N], s.SimDur)
		out.RateHz["stell_ring2"] = MeanRate(stell[N:], s.SimDur)
		if g, err := gcmeasures.BumpGeometryOf(stell[:N], int(s.SimDur), *bumpWin, *bumpSigma, gcmeasures.SimpsonCartwright); err != nil {
			fmt.Fprintf(stderr, "%s: bump geometry of ring 1: %v\n", simID, err)
		} else {
			out.BumpSizeCells, out.GridScaleMs, out.FieldSizeMs = &g.SizeCells, &g.ScaleMs, &g.FieldMs
		}
	}
	in, _, err := st.ReadSpikesPadded(*simNum, "intrnrn_spks")
	if err == nil {
		out.RateHz["intrnrn"] = MeanRate(in, s.SimDur)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if len(stell) == 4*N {
		t := *tMs
		if t < 0 {
			t = int(s.SimDur) - 1000
		}
		gp, err := grid2D(stell, in, N, int(s.SimDur), t, *sheet)
		if err != nil {
			fmt.Fprintf(stderr, "%s: grid measures of sheet %d at %d ms: %v\n", simID, *sheet, t, err)
		} else {
			out.GridScore, out.GridScale, out.FieldSize, out.OrientationDeg = &gp.Score, &gp.Scale, &gp.FieldSize, &gp.OrientationDeg
		}
		out.Sheet, out.TMs = sheet, &t
		t0, t1 := *vT0, *vT1
		if t0 < 0 {
			t0 = 300
			if len(m.StellInitNoise) > 0 && m.StellInitNoise[0] > 0 {
				t0 += int(math.Ceil(m.StellInitNoise[0]))
			}
		}
		if t1 < 0 {
			t1 = int(s.SimDur) - 300
		}
		spacing := math.NaN()
		if out.GridScale != nil {
			spacing = *out.GridScale
		}
		pv, err := velocity2D(stell, in, N, int(s.SimDur), *sheet, t0, t1, *vStep, spacing)
		if err != nil {
			fmt.Fprintf(stderr, "%s: velocity of sheet %d from %d to %d ms: %v\n", simID, *sheet, t0, t1, err)
		} else {
			out.VelocityX, out.VelocityY, out.SpeedLatticeS, out.DirectionDeg = &pv.VelocityX, &pv.VelocityY, &pv.SpeedPerS, &pv.DirectionDeg
			out.VelocityT0Ms, out.VelocityT1Ms, out.VelocityStepMs = &t0, &t1, vStep
		}
	}
	if m.VelType == "PRED-IHD" && len(in) == m.NIntrnrn {
		p, err := PredictiveBias(stell, in, &m, &s)
		if err != nil {
			fmt.Fprintf(stderr, "%s: predictive bias: %v\n", simID, err)
		} else {
			out.BiasRad, out.FieldSizeRad, out.BiasPctField, out.BiasPct2Pi = &p.BiasRad, &p.FieldSizeRad, &p.BiasPctField, &p.BiasPct2Pi
		}
	}
	if *gEdges {
		first, last, err := gEdgesOf(st, *simNum, stell, N, s.RecorderDt)
		if err != nil {
			return fmt.Errorf("%s: --g-edges: %w", dir, err)
		}
		out.GInhFirstUS, out.GInhLastUS = &first, &last
	}
	if *fields {
		if out.FieldEdges, err = fieldEdgesOf(st, *simNum, stell, &m, &s); err != nil {
			return fmt.Errorf("%s: --fields: %w", dir, err)
		}
	}
	for k, v := range out.RateHz {
		if math.IsNaN(v) {
			delete(out.RateHz, k)
		}
	}
	fmt.Fprintf(stderr, "%s sim_num %d: %d stellates (%d per ring), %.0f ms\n", simID, *simNum, len(stell), N, s.SimDur)
	b, err := json.Marshal(clean(out))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

// clean replaces NaN measures (no spikes, one bump) with -1 so that the
// JSON stays valid; callers see the reason on stderr.
func clean(g RunMeasures) RunMeasures {
	for _, p := range []*float64{&g.SpeedRadS, &g.SpeedCellsS, &g.BumpSpacingCells} {
		if math.IsNaN(*p) || math.IsInf(*p, 0) {
			*p = -1
		}
	}
	for _, p := range []**float64{&g.GridScore, &g.GridScale, &g.FieldSize, &g.OrientationDeg, &g.VelocityX, &g.VelocityY, &g.SpeedLatticeS, &g.DirectionDeg, &g.BiasRad, &g.FieldSizeRad, &g.BiasPctField, &g.BiasPct2Pi, &g.BumpSizeCells, &g.GridScaleMs, &g.FieldSizeMs} {
		if *p != nil && (math.IsNaN(**p) || math.IsInf(**p, 0)) {
			*p = nil
		}
	}
	return g
}

// runParams reads the parameters of sim_num from DIR/<sim_id>.json: a
// single run's object or a multi-run's {sim_num: object}.
func runParams(dir, simID string, simNum int) (ModelParams, SimParams, error) {
	path := filepath.Join(dir, simID+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		return ModelParams{}, SimParams{}, fmt.Errorf("%w (the run's parameter file, written by Golgi and by the original)", err)
	}
	var multi map[string]json.RawMessage
	if err := json.Unmarshal(data, &multi); err != nil {
		return ModelParams{}, SimParams{}, fmt.Errorf("%s: %w", path, err)
	}
	if _, single := multi["sim_dur"]; !single {
		raw, ok := multi[strconv.Itoa(simNum)]
		if !ok {
			return ModelParams{}, SimParams{}, fmt.Errorf("%s has no parameters for sim_num %d", path, simNum)
		}
		data = raw
	}
	m, s, err := ParseParams(data)
	if err != nil {
		return m, s, fmt.Errorf("%s: %w", path, err)
	}
	return m, s, nil
}

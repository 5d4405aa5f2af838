package gridcells

import (
	"fmt"
	"math"

	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
)

// PredBias is the predictive-code measure of the paper's Fig 5 for one
// PRED-IHD run (see PredictiveBias).
type PredBias struct {
	BiasRad      float64 // mean lead of the stellate code (gcmeasures.StellateLead)
	FieldSizeRad float64 // mean field size on the decoded track (gcmeasures.FieldSizePred)
	// BiasPctField is 100 BiasRad/FieldSizeRad, the paper's "% of field
	// size"; BiasPct2Pi is 100 BiasRad/(2 pi).
	BiasPctField, BiasPct2Pi float64
	Skipped                  int // cells with too few spikes for the field sizes
}

// PredictiveBias computes the authors' predictive bias of a run with
// vel_type "PRED-IHD" (ring 1 drives the pattern in the + direction until
// extra_params.dir_change_t, ring 2 in the - direction after it; the first
// allothetic_dur ms of each epoch are left out): the stellate position
// decoded by the population vector of every stellate (RingCode.DecodePos,
// sigma 100 ms, period lambda0) against the interneuron-decoded "true"
// position (RingCode.DecodePosFromInterneurons), bias = mean signed lead of the
// stellate code in the direction of motion, and its size relative to the
// mean field size (gcmeasures.FieldSizePred). stell and intrnrn are the spike
// trains (ms) of every stellate (ring 1, then ring 2) and interneuron.
func PredictiveBias(stell, intrnrn [][]float64, m *ModelParams, s *SimParams) (PredBias, error) {
	x, err := extraParams(m, "PredictiveBias", "dir_change_t")
	if err != nil {
		return PredBias{}, err
	}
	T := int(s.SimDur)
	w := gcmeasures.PredWindows{AllotheticMs: int(m.AllotheticDur), DirChangeMs: int(x["dir_change_t"]), EndMs: T}
	rc := gcmeasures.RingCode{NPerSheet: m.NPerSheet, NPhases: m.NPhases, Lambda: m.Lambda0}
	sp, err := rc.DecodePos(stell, T, 100)
	if err != nil {
		return PredBias{}, fmt.Errorf("gridcells.PredictiveBias: stellates: %w", err)
	}
	ip, err := rc.DecodePosFromInterneurons(intrnrn, T)
	if err != nil {
		return PredBias{}, fmt.Errorf("gridcells.PredictiveBias: interneurons: %w", err)
	}
	var p PredBias
	if p.BiasRad, err = gcmeasures.StellateLead(sp, ip, m.Lambda0, w); err != nil {
		return p, fmt.Errorf("gridcells.PredictiveBias: %w", err)
	}
	if p.FieldSizeRad, p.Skipped, err = gcmeasures.FieldSizePred(stell, ip, m.NPerSheet, m.Lambda0, w); err != nil {
		return p, fmt.Errorf("gridcells.PredictiveBias: %w", err)
	}
	p.BiasPctField = 100 * p.BiasRad / p.FieldSizeRad
	p.BiasPct2Pi = 100 * p.BiasRad / (2 * math.Pi)
	return p, nil
}

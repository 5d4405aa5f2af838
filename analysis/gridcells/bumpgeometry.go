package gridcells

import (
	"errors"
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis"
)

// BumpGeometry is the geometry of a ring's activity pattern that the
// authors' Fig 4 notebook (Shaikh & Assisi 2025, Fig4.ipynb, its
// grid_props function) reports for ring 1 of the 1D network: the bump
// scale and bump size in cells, and the field period and field duration
// in time. A measure with no field to measure is NaN, as the original's.
type BumpGeometry struct {
	// ScaleCells is grid_scale_neurons (Fig 4: 100 ms windows, sigma 3
	// cells): the spacing of neighbouring bumps (cells).
	ScaleCells float64
	// SizeCells is grid_field_sizes_neurons with the same windows: the
	// integral of the normalised bump profile over one period (cells).
	SizeCells float64
	// ScaleMs is calc_grid_scales_time: the median interval between the
	// centres of a cell's successive fields (ms).
	ScaleMs float64
	// FieldMs is calc_grid_field_sizes_time: the median duration of a
	// cell's fields, first to last spike (ms).
	FieldMs float64
}

// Fig4WindowMs and Fig4SigmaCells are the windows (ms) and the spatial
// smoothing (cells) of the Fig 4 notebook's bump scale and size.
const (
	Fig4WindowMs   = 100
	Fig4SigmaCells = 3
)

// BumpGeometryOf returns the Fig 4 notebook's grid_props of the spike
// trains (ms) of one ring over durMs: GridScaleNeurons and
// GridFieldSizesNeurons with winMs windows and sigmaCells smoothing (the
// Fig 4 notebook: Fig4WindowMs and Fig4SigmaCells; the Fig 1F notebook:
// 200 ms and 9 or 6 cells) and Simpson's rule of the scipy version
// selected by rule, and
// GridScalesTime and GridFieldSizesTime. A static pattern (cells firing
// tonically, without fields in time) gives NaN time-domain measures, as
// the original's nanmedian of nothing; no bump at all returns an error
// wrapping ErrNoActivity.
func BumpGeometryOf(trains [][]float64, durMs, winMs int, sigmaCells float64, rule SimpsonRule) (BumpGeometry, error) {
	var g BumpGeometry
	var err error
	if g.ScaleCells, err = GridScaleNeurons(trains, durMs, winMs, sigmaCells); err != nil {
		return g, fmt.Errorf("analysis.BumpGeometryOf: %w", err)
	}
	if g.SizeCells, err = GridFieldSizesNeurons(trains, durMs, winMs, sigmaCells, rule); err != nil {
		return g, fmt.Errorf("analysis.BumpGeometryOf: %w", err)
	}
	if g.ScaleMs, err = GridScalesTime(trains); errors.Is(err, analysis.ErrTooFewSpikes) {
		g.ScaleMs = math.NaN()
	} else if err != nil {
		return g, fmt.Errorf("analysis.BumpGeometryOf: %w", err)
	}
	if g.FieldMs, err = GridFieldSizesTime(trains); errors.Is(err, analysis.ErrTooFewSpikes) {
		g.FieldMs = math.NaN()
	} else if err != nil {
		return g, fmt.Errorf("analysis.BumpGeometryOf: %w", err)
	}
	return g, nil
}

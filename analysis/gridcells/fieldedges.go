package gridcells

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/golgi-sim/golgi/analysis"
)

// FieldEdge is one field of one cell and a recorded conductance at the
// field's first and last spike.
type FieldEdge struct {
	FirstMs, LastMs float64 // times of the first and last spike
	NSpikes         int
	GFirst, GLast   float64 // the conductance at those spikes
}

// FieldEdgesOf returns, for each non-empty field of one cell (as
// SeparateFields or RemoveUnevenFields give them), the conductance g of
// that cell, sampled every dtMs from 0, at the field's first and last
// spike. A spike at t is sampled as the Fig 5B notebook does:
// g[int(int(t)/dtMs)], the spike time truncated to whole ms (for dtMs = 1
// the index of ConductanceAtFieldEdges). A spike beyond g is an error.
func FieldEdgesOf(fields [][]float64, g []float64, dtMs float64) ([]FieldEdge, error) {
	if !(dtMs > 0) {
		return nil, fmt.Errorf("analysis.FieldEdgesOf: dt %g ms", dtMs)
	}
	var out []FieldEdge
	for _, f := range fields {
		if len(f) == 0 {
			continue
		}
		i, j := int(math.Trunc(f[0])/dtMs), int(math.Trunc(f[len(f)-1])/dtMs)
		if i < 0 || j >= len(g) {
			return nil, fmt.Errorf("analysis.FieldEdgesOf: field %g-%g ms beyond %d samples of %g ms", f[0], f[len(f)-1], len(g), dtMs)
		}
		out = append(out, FieldEdge{FirstMs: f[0], LastMs: f[len(f)-1], NSpikes: len(f), GFirst: g[i], GLast: g[j]})
	}
	return out, nil
}

// FieldEdgeSummary summarises FieldEdges: their number, the medians and
// means of the conductance at the first and at the last spike, and the
// fraction of fields whose first-spike value exceeds the last-spike value.
type FieldEdgeSummary struct {
	N                       int
	MedianFirst, MedianLast float64
	MeanFirst, MeanLast     float64
	FracFirstAboveLast      float64
}

// SummarizeFieldEdges returns the FieldEdgeSummary of edges; no edge
// returns ErrTooFewSpikes.
func SummarizeFieldEdges(edges []FieldEdge) (FieldEdgeSummary, error) {
	if len(edges) == 0 {
		return FieldEdgeSummary{}, fmt.Errorf("analysis.SummarizeFieldEdges: no field: %w", analysis.ErrTooFewSpikes)
	}
	first, last := make([]float64, len(edges)), make([]float64, len(edges))
	above := 0
	for k, e := range edges {
		first[k], last[k] = e.GFirst, e.GLast
		if e.GFirst > e.GLast {
			above++
		}
	}
	return FieldEdgeSummary{
		N:           len(edges),
		MedianFirst: analysis.Median(first), MedianLast: analysis.Median(last),
		MeanFirst: stat.Mean(first, nil), MeanLast: stat.Mean(last, nil),
		FracFirstAboveLast: float64(above) / float64(len(edges)),
	}, nil
}

// ConductanceAtFieldEdges is the authors'
// calc_inhib_g_at_first_and_last_spike (Fig 3D, 5B/D): over the fields of
// SeparateFields(stell, 1), the mean of g[c] at the first and at the last
// spike of each field of cell c, sampled at index int(t/dtMs) (the
// original assumes dtMs = 1 and indexes int(t)). Cells without fields,
// where the original fails, are skipped. A spike beyond g[c] returns an
// error, no field ErrTooFewSpikes.
func ConductanceAtFieldEdges(stell [][]float64, g [][]float64, dtMs float64) (first, last float64, err error) {
	if len(g) < len(stell) || !(dtMs > 0) {
		return 0, 0, fmt.Errorf("analysis.ConductanceAtFieldEdges: %d traces for %d cells, dt %g ms", len(g), len(stell), dtMs)
	}
	n := 0
	for c, fs := range SeparateFields(stell, 1) {
		for _, f := range fs {
			i, j := int(f[0]/dtMs), int(f[len(f)-1]/dtMs)
			if i < 0 || j >= len(g[c]) {
				return 0, 0, fmt.Errorf("analysis.ConductanceAtFieldEdges: cell %d: spike at %g ms beyond %d samples", c, f[len(f)-1], len(g[c]))
			}
			first += g[c][i]
			last += g[c][j]
			n++
		}
	}
	if n == 0 {
		return 0, 0, fmt.Errorf("analysis.ConductanceAtFieldEdges: no field: %w", analysis.ErrTooFewSpikes)
	}
	return first / float64(n), last / float64(n), nil
}

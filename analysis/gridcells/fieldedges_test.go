package gridcells

import (
	"errors"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/analysis"
)

func TestFieldEdgesOf(t *testing.T) {
	// g[k] = k: the sample index is read back directly.
	g := make([]float64, 200001)
	for k := range g {
		g[k] = float64(k)
	}
	for _, tc := range []struct {
		name   string
		fields [][]float64
		dtMs   float64
		want   []FieldEdge
		err    bool
	}{
		// The Fig 5B notebook's spikes: 16844.x ms -> index 168440 at 0.1 ms.
		{"truncated to whole ms", [][]float64{{16844.97, 17000, 17626.5}}, 0.1,
			[]FieldEdge{{FirstMs: 16844.97, LastMs: 17626.5, NSpikes: 3, GFirst: 168440, GLast: 176260}}, false},
		{"1 ms, empty field skipped", [][]float64{{3.9, 7.2}, {}, {12.5}}, 1,
			[]FieldEdge{{3.9, 7.2, 2, 3, 7}, {12.5, 12.5, 1, 12, 12}}, false},
		{"beyond the trace", [][]float64{{10, 20000.5}, {20001}}, 0.1, nil, true},
		{"bad dt", [][]float64{{10}}, 0, nil, true},
	} {
		got, err := FieldEdgesOf(tc.fields, g, tc.dtMs)
		if (err != nil) != tc.err {
			t.Errorf("%s: error %v, want error %v", tc.name, err, tc.err)
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d fields, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for k := range got {
			if got[k] != tc.want[k] {
				t.Errorf("%s: field %d = %+v, want %+v", tc.name, k, got[k], tc.want[k])
			}
		}
	}
}

func TestSummarizeFieldEdges(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edges []FieldEdge
		want  FieldEdgeSummary
	}{
		{"odd", []FieldEdge{{GFirst: 3, GLast: 1}, {GFirst: 1, GLast: 2}, {GFirst: 8, GLast: 0}},
			FieldEdgeSummary{N: 3, MedianFirst: 3, MedianLast: 1, MeanFirst: 4, MeanLast: 1, FracFirstAboveLast: 2.0 / 3}},
		{"even, ties are not above", []FieldEdge{{GFirst: 1, GLast: 1}, {GFirst: 2, GLast: 4}},
			FieldEdgeSummary{N: 2, MedianFirst: 1.5, MedianLast: 2.5, MeanFirst: 1.5, MeanLast: 2.5, FracFirstAboveLast: 0}},
	} {
		got, err := SummarizeFieldEdges(tc.edges)
		if err != nil || math.Abs(got.FracFirstAboveLast-tc.want.FracFirstAboveLast) > 1e-15 {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
			continue
		}
		got.FracFirstAboveLast = tc.want.FracFirstAboveLast
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if _, err := SummarizeFieldEdges(nil); !errors.Is(err, analysis.ErrTooFewSpikes) {
		t.Errorf("SummarizeFieldEdges(nil): %v, want ErrTooFewSpikes", err)
	}
}

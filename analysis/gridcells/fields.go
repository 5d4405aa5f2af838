package gridcells

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/golgi-sim/golgi/analysis"
)

// sortedISIs returns the sorted intervals between consecutive spikes of tr
// (in the order given, as numpy.diff).
func sortedISIs(tr []float64) []float64 {
	d := make([]float64, len(tr)-1)
	for i := range d {
		d[i] = tr[i+1] - tr[i]
	}
	sort.Float64s(d)
	return d
}

// argmaxDiff returns the index of the first largest x[i+1] - x[i].
func argmaxDiff(x []float64) int {
	best, k := math.Inf(-1), 0
	for i := 0; i+1 < len(x); i++ {
		if d := x[i+1] - x[i]; d > best {
			best, k = d, i
		}
	}
	return k
}

// CleanSpikes is the authors' clean_spikes, which removes isolated spikes
// between fields. For each cell with more than 5 spikes, with s the sorted
// ISIs and D its second difference, threshold_c = mean(s[argmax(D)+2:])
// (the mean of the "large" ISIs); theta = order |mean_c threshold_c|.
// Then, for each interior spike j+1 of such a cell with ISIs dm before and
// dp after, if dm + dp > theta and |dp - dm| < theta, spike j (the one
// before it: the original's off-by-one, kept to match its results) is
// removed; the tests use the original spike times, not the cleaned ones.
// As in the original, a spike at exactly 0 ms is removed too (it marks
// removals with 0). The input is not modified.
func CleanSpikes(trains [][]float64, order float64) [][]float64 {
	var th []float64
	for _, tr := range trains {
		if len(tr) <= 5 {
			continue
		}
		s := sortedISIs(tr)
		d1 := make([]float64, len(s)-1)
		for i := range d1 {
			d1[i] = s[i+1] - s[i]
		}
		th = append(th, stat.Mean(s[argmaxDiff(d1)+2:], nil))
	}
	theta := math.NaN()
	if len(th) > 0 {
		theta = order * math.Abs(stat.Mean(th, nil))
	}
	out := make([][]float64, len(trains))
	for c, tr := range trains {
		drop := make([]bool, len(tr))
		if len(tr) > 5 {
			for j := 0; j+2 < len(tr); j++ {
				dm := tr[j+1] - tr[j]
				dp := tr[j+2] - tr[j+1]
				if dm+dp > theta && math.Abs(dp-dm) < theta {
					drop[j] = true
				}
			}
		}
		out[c] = []float64{}
		for j, t := range tr {
			if !drop[j] && t != 0 {
				out[c] = append(out[c], t)
			}
		}
	}
	return out
}

// SeparateFields is the authors' separate_fields (analysis_utils): the
// spikes of each cell, after CleanSpikes(trains, 1), split into fields in
// time. For a cell with more than 5 (clean) spikes, with s its sorted ISIs
// and k = argmax(diff(s)) + 1, the gap threshold is (s[k] - s[k] mod 10)
// order (ms, s[k] rounded down to a multiple of 10 ms); successive spikes
// closer than it belong to the same field. Cells with 5 spikes or fewer
// get nil (the original's None).
func SeparateFields(trains [][]float64, order float64) [][][]float64 {
	clean := CleanSpikes(trains, 1)
	out := make([][][]float64, len(trains))
	for c, tr := range clean {
		if len(tr) <= 5 {
			continue
		}
		s := sortedISIs(tr)
		k := argmaxDiff(s) + 1
		thr := (s[k] - pyMod(s[k], 10)) * order
		fields := [][]float64{{tr[0]}}
		prev := tr[0]
		for _, t := range tr[1:] {
			if math.Abs(t-prev) < math.Abs(thr) {
				fields[len(fields)-1] = append(fields[len(fields)-1], t)
			} else {
				fields = append(fields, []float64{t})
			}
			prev = t
		}
		out[c] = fields
	}
	return out
}

// FieldCentres returns, for each cell's fields (as SeparateFields gives
// them), the centres (mean spike time, ms) of its fields with more than 3
// spikes, in order.
func FieldCentres(fields [][][]float64) [][]float64 {
	out := make([][]float64, len(fields))
	for c, fs := range fields {
		for _, f := range fs {
			if len(f) > 3 {
				out[c] = append(out[c], stat.Mean(f, nil))
			}
		}
	}
	return out
}

// GridFieldSizesTime is the authors' calc_grid_field_sizes_time: over the
// fields of SeparateFields(trains, 1) with more than 3 spikes, the
// duration (last - first spike), each cell's first and last such field
// dropped; the median over all cells (ms). No field left returns
// ErrTooFewSpikes (the original's NaN).
func GridFieldSizesTime(trains [][]float64) (float64, error) {
	var all []float64
	for _, fs := range SeparateFields(trains, 1) {
		var d []float64
		for _, f := range fs {
			if len(f) > 3 {
				d = append(d, f[len(f)-1]-f[0])
			}
		}
		if len(d) > 2 {
			all = append(all, d[1:len(d)-1]...)
		}
	}
	if len(all) == 0 {
		return 0, fmt.Errorf("analysis.GridFieldSizesTime: no interior field: %w", analysis.ErrTooFewSpikes)
	}
	return analysis.Median(all), nil
}

// GridScalesTime is the authors' calc_grid_scales_time, the field period
// in ms: the differences between successive FieldCentres of each cell,
// the first and last difference dropped; the median over all cells. No
// difference left returns ErrTooFewSpikes (the original's NaN).
func GridScalesTime(trains [][]float64) (float64, error) {
	var all []float64
	for _, cs := range FieldCentres(SeparateFields(trains, 1)) {
		if len(cs) > 3 {
			for i := 2; i < len(cs)-1; i++ {
				all = append(all, cs[i]-cs[i-1])
			}
		}
	}
	if len(all) == 0 {
		return 0, fmt.Errorf("analysis.GridScalesTime: no interior field period: %w", analysis.ErrTooFewSpikes)
	}
	return analysis.Median(all), nil
}

// ShiftFieldsToCenter is the authors' shift_fields_to_center: for each
// cell, its fields of SeparateFields(trains, 1) except the first and the
// last, each minus its median spike time (nil for cells without fields).
func ShiftFieldsToCenter(trains [][]float64) [][][]float64 {
	sep := SeparateFields(trains, 1)
	out := make([][][]float64, len(sep))
	for c, fs := range sep {
		if fs == nil {
			continue
		}
		out[c] = [][]float64{}
		for i := 1; i < len(fs)-1; i++ {
			m := analysis.Median(fs[i])
			f := make([]float64, len(fs[i]))
			for k, t := range fs[i] {
				f[k] = t - m
			}
			out[c] = append(out[c], f)
		}
	}
	return out
}

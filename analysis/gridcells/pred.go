package gridcells

import (
	"fmt"
	"math"
	"sort"

	"github.com/golgi-sim/golgi/analysis"
)

// SeparateFieldsAtLargestGap is the authors' separate_fields of
// analysis_pred_utils: with theta = max(diff(sort(diff(spks)))) (the
// largest jump between sorted ISIs), a gap spks[i+1] - spks[i] > theta
// ends a field. As in the original, the last spike is never assigned (its
// loop runs over spks[:-1]), so the last field lacks it. Fewer than 3
// spikes return ErrTooFewSpikes (the original raises).
func SeparateFieldsAtLargestGap(spks []float64) ([][]float64, error) {
	if len(spks) < 3 {
		return nil, fmt.Errorf("analysis.SeparateFieldsAtLargestGap: %d spikes: %w", len(spks), analysis.ErrTooFewSpikes)
	}
	s := sortedISIs(spks)
	theta := math.Inf(-1)
	for i := 1; i < len(s); i++ {
		theta = math.Max(theta, s[i]-s[i-1])
	}
	fields := [][]float64{{}}
	for i, t := range spks[:len(spks)-1] {
		fields[len(fields)-1] = append(fields[len(fields)-1], t)
		if spks[i+1]-t > theta {
			fields = append(fields, []float64{})
		}
	}
	return fields, nil
}

// RemoveUnevenFields is the authors' remove_uneven_fields: the spikes in
// (loMs, hiMs), split by SeparateFieldsAtLargestGap, keeping the fields with more
// spikes than the largest jump between the sorted field sizes. Fewer than
// 3 spikes in the window or a single field return ErrTooFewSpikes (the
// original raises).
func RemoveUnevenFields(spks []float64, loMs, hiMs float64) ([][]float64, error) {
	var in []float64
	for _, t := range spks {
		if t > loMs && t < hiMs {
			in = append(in, t)
		}
	}
	fs, err := SeparateFieldsAtLargestGap(in)
	if err != nil {
		return nil, fmt.Errorf("analysis.RemoveUnevenFields: %w", err)
	}
	if len(fs) < 2 {
		return nil, fmt.Errorf("analysis.RemoveUnevenFields: one field: %w", analysis.ErrTooFewSpikes)
	}
	n := make([]int, len(fs))
	for i, f := range fs {
		n[i] = len(f)
	}
	sort.Ints(n)
	thr := math.MinInt
	for i := 1; i < len(n); i++ {
		thr = max(thr, n[i]-n[i-1])
	}
	var out [][]float64
	for _, f := range fs {
		if len(f) > thr {
			out = append(out, f)
		}
	}
	return out, nil
}

// FieldPositions is the authors' calculate_field_positions: each spike
// time t (ms) of each field mapped to pos[floor(t)], the position decoded
// at that millisecond (the "true" interneuron-decoded position in the
// original). A spike outside pos returns an error.
func FieldPositions(fields [][]float64, pos []float64) ([][]float64, error) {
	out := make([][]float64, len(fields))
	for i, f := range fields {
		out[i] = make([]float64, len(f))
		for k, t := range f {
			b := int(math.Floor(t))
			if b < 0 || b >= len(pos) {
				return nil, fmt.Errorf("analysis.FieldPositions: spike at %g ms outside %d positions", t, len(pos))
			}
			out[i][k] = pos[b]
		}
	}
	return out, nil
}

// CircularDifference is the authors' circular_difference: d = (a2 - a1)
// mod period (Python's mod, in [0, period)), minus period if d > period/2;
// so in (-period/2, period/2].
func CircularDifference(a1, a2, period float64) float64 {
	d := pyMod(a2-a1, period)
	if d > period/2 {
		d -= period
	}
	return d
}

// PredWindows are the two epochs of the authors' predictive-code runs:
// ring 1 drives the pattern in the + direction until DirChangeMs, ring 2
// in the - direction from then until EndMs; the first AllotheticMs of each
// epoch (the allothetic input) are left out.
type PredWindows struct {
	AllotheticMs int // allothetic_dur
	DirChangeMs  int // extra_params.dir_change_t
	EndMs        int // sim_dur
}

// FieldSizePred is the authors' calc_field_size of analysis_pred_utils,
// the mean field size on the decoded track: for every cell k < nPerSheet,
// the fields of ring-1 cell k by RemoveUnevenFields in (AllotheticMs,
// DirChangeMs) and of ring-2 cell k + nPerSheet in (DirChangeMs +
// AllotheticMs, EndMs), their spikes mapped to truePos by FieldPositions,
// and for each field |CircularDifference(pos of last spike, pos of first
// spike, lambda)|; the mean over all fields, in units of lambda/(2 pi)
// rad. Cells whose windows hold too few spikes for the original's
// functions (which raise there) are skipped, and their number returned.
func FieldSizePred(stell [][]float64, truePos []float64, nPerSheet int, lambda float64, w PredWindows) (size float64, skipped int, err error) {
	if len(stell) < 2*nPerSheet {
		return 0, 0, fmt.Errorf("analysis.FieldSizePred: %d stellates for 2 rings of %d", len(stell), nPerSheet)
	}
	a, tc, te := float64(w.AllotheticMs), float64(w.DirChangeMs), float64(w.EndMs)
	s, n := 0.0, 0
	for k := 0; k < nPerSheet; k++ {
		fr, err1 := RemoveUnevenFields(stell[k], a, tc)
		fl, err2 := RemoveUnevenFields(stell[k+nPerSheet], tc+a, te)
		if err1 != nil || err2 != nil {
			skipped++
			continue
		}
		for _, fs := range [][][]float64{fr, fl} {
			pos, err := FieldPositions(fs, truePos)
			if err != nil {
				return 0, skipped, fmt.Errorf("analysis.FieldSizePred: %w", err)
			}
			for _, p := range pos {
				s += math.Abs(CircularDifference(p[len(p)-1], p[0], lambda))
				n++
			}
		}
	}
	if n == 0 {
		return 0, skipped, fmt.Errorf("analysis.FieldSizePred: no field: %w", analysis.ErrTooFewSpikes)
	}
	return s / float64(n), skipped, nil
}

// signedArc is the shortest signed arc from b to a on a circle of period
// l as the authors' calc_bias_stell_intrnrn computes it: cw = (a - b) mod
// l, ccw = (b - a) mod l; cw if cw < ccw, else -ccw.
func signedArc(a, b, l float64) float64 {
	cw, ccw := pyMod(a-b, l), pyMod(b-a, l)
	if cw < ccw {
		return cw
	}
	return -ccw
}

// StellateLead is the authors' calc_bias_stell_intrnrn, the
// predictive bias: with Delta(t) = signedArc(stell(t), intrnrn(t)) (the
// stellate-decoded position ahead of the interneuron-decoded one in the +
// direction is positive), the mean of Delta over t in [AllotheticMs,
// DirChangeMs) and of -Delta over [DirChangeMs + AllotheticMs, EndMs): in
// units of the positions (rad for lambda 2 pi). Positive means the
// stellate code leads in the direction of motion; the paper reports it as
// a percentage of FieldSizePred. Windows outside the series return an
// error.
func StellateLead(stellPos, intrnrnPos []float64, lambda float64, w PredWindows) (float64, error) {
	n := min(len(stellPos), len(intrnrnPos))
	if w.AllotheticMs < 0 || w.DirChangeMs < w.AllotheticMs || w.EndMs > n || w.EndMs < w.DirChangeMs+w.AllotheticMs {
		return 0, fmt.Errorf("analysis.StellateLead: windows %+v for %d positions", w, n)
	}
	s, k := 0.0, 0
	for t := w.AllotheticMs; t < w.DirChangeMs; t++ {
		s += signedArc(stellPos[t], intrnrnPos[t], lambda)
		k++
	}
	for t := w.DirChangeMs + w.AllotheticMs; t < w.EndMs; t++ {
		s -= signedArc(stellPos[t], intrnrnPos[t], lambda)
		k++
	}
	if k == 0 {
		return 0, fmt.Errorf("analysis.StellateLead: empty windows %+v: %w", w, analysis.ErrEmptyWindow)
	}
	return s / float64(k), nil
}

// ConvolveFieldPos is the authors' convole_field_pos, the firing field of
// each field on the track (Fig 5 rate-against-position curves): the
// positions of a field marked on the grid x_j = j lambda/nPhases, j = 0..
// M-1 (numpy.arange(0, lambda, lambda/nPhases), M = ceil(lambda/(lambda/
// nPhases))), each at the nearest grid point (the first on ties) set to 1;
// that indicator circularly convolved with the periodic Gaussian g_j =
// exp(-((j - M/2)/winBins)^2/2) (scipy's gaussian(M, winBins, sym=False)),
// rolled back by ceil(M/2) bins, and divided by sum g:
//
//	F[i] = sum_k b[k] g[(i + ceil(M/2) - k) mod M] / sum_j g_j.
//
// The original convolves by FFT; here directly, equal to rounding. The
// authors' default winBins is 6.
func ConvolveFieldPos(fieldPos [][]float64, lambda float64, nPhases int, winBins float64) [][]float64 {
	res := lambda / float64(nPhases)
	M := int(math.Ceil(lambda / res))
	grid := make([]float64, M)
	for j := range grid {
		grid[j] = float64(j) * res
	}
	g := scipyGaussian(M+1, winBins)[:M]
	gs := 0.0
	for _, v := range g {
		gs += v
	}
	sh := (M + 1) / 2
	out := make([][]float64, len(fieldPos))
	for i, f := range fieldPos {
		b := make([]float64, M)
		for _, p := range f {
			best, arg := math.Inf(1), 0
			for j, x := range grid {
				if d := math.Abs(x - p); d < best {
					best, arg = d, j
				}
			}
			b[arg] = 1
		}
		F := make([]float64, M)
		for r := range F {
			v := 0.0
			for k, bk := range b {
				if bk != 0 {
					v += g[((r+sh-k)%M+M)%M]
				}
			}
			F[r] = v / gs
		}
		out[i] = F
	}
	return out
}

package gridcells

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/stat"

	"github.com/golgi-sim/golgi/analysis"
)

// ErrShiftTooLarge is returned by PatternShift2D when the cross-correlation
// has no maximum inside its search radius (the maximum lies on the
// radius): the pattern moved too far between the two maps, or there is no
// pattern to follow.
var ErrShiftTooLarge = errors.New("analysis: pattern shift not inside the search radius")

// The motion of a 2D GridCellsCond sheet (Fig 1C: the pattern moves east
// when only the east stellate sheet is released, north with the north
// sheet). This is not a port: the authors judged the direction from their
// figures. Conventions, as in the original's 2d_config.py and
// spks_to_rate_reshaped (SPEC.md sections 6.3, 7.3, 11):
//
//   - cell c of an n x n sheet (gid c of sheet s is s·n² + c; stellate
//     sheets E, W, N, S are s = 0, 1, 2, 3; the interneurons are one more
//     sheet) sits at x = c mod n, y = c div n;
//   - sheet s excites the interneurons displaced by si_mean[s] from it:
//     E [+6.25, 0] (+x), W [-6.25, 0], N [0, +6.25] (+y), S [0, -6.25]; so
//     "east" is +x and "north" is +y, and releasing sheet E alone moves
//     the pattern towards +x, as releasing ring 1 in 1D (offset +22
//     cells) moves it towards +cells;
//   - the rate maps (SheetRateMap) hold cell c at row n-1-(c div n),
//     column c mod n: columns run east (+x), rows run south (-y), so
//     that the map drawn with row 0 on top has north up.
//
// Velocities here are in the sheet's frame: VelocityX east and VelocityY
// north, in lattice units (cells) per second; DirectionDeg is measured
// counter-clockwise from east (0 east, 90 north, ±180 west, -90 south).

// PatternShift2D returns the displacement (dx, dy), in lattice units,
// that carries the pattern of rate map a onto rate map b on the torus,
// with dx east and dy north (maps in SheetRateMap's layout, above). With
// a, b the maps minus their means, the periodic cross-correlation
//
//	C(s) = Σ_p a(p) b(p + s),   p, s in Z²_n,
//
// is largest at s = d when b(p) = a(p - d). C is taken smoothed by a
// Gaussian of 1 lattice unit and continued between lags by its
// trigonometric interpolation, from the maps' DFTs A and B:
//
//	C(s) = n⁻² Σ_{k≠0} Re[conj(A(k)) B(k) exp(-|ω_k|²/2) exp(i ω_k·s)],   ω_k = 2πk/n,
//
// k over the symmetric range of frequencies (for even n the Nyquist terms
// are dropped). Its maximum over the integer lags with |s| <= maxShift
// (Euclidean, lattice units) is refined by Newton's method, kept within
// one cell of the integer peak. The interpolation is exact for a
// translated band-limited periodic map, so the estimate does not lock onto
// whole cells as a parabola through three lags does; the smoothing damps
// the white spatial noise of spike-based maps, which the derivatives
// weight by |ω|², and leaves the peak of a translated map in place (the
// correlation is point-symmetric about it).
//
// maxShift must be below half the pattern's spacing (the next peaks of
// the cross-correlation lie a spacing away) and at least 1.5. When the
// largest lag lies on the search radius, or C is not concave there, the
// error wraps ErrShiftTooLarge. Maps must be square, of equal size, n >= 5.
func PatternShift2D(a, b [][]float64, maxShift float64) (dx, dy float64, err error) {
	n, err := checkSquareMaps("PatternShift2D", a, b)
	if err != nil {
		return 0, 0, err
	}
	if !(maxShift >= 1.5) || 2*maxShift >= float64(n) {
		return 0, 0, fmt.Errorf("analysis.PatternShift2D: search radius %g, want 1.5 <= radius < n/2 = %g", maxShift, float64(n)/2)
	}
	ft := newTorusDFT(n)
	sa, sb := ft.spectrum(a), ft.spectrum(b)
	du, dv, err := ft.shift(sa, sb, 0, 0, maxShift)
	return du, -dv, err
}

// PatternVelocity is the motion of a 2D pattern measured by
// PatternVelocity2D.
type PatternVelocity struct {
	// VelocityX, VelocityY: the velocity, lattice units per second, east
	// and north: least-squares slopes of the displacement on time along
	// the chains of maps LagMs apart.
	VelocityX, VelocityY float64
	// StdErrX, StdErrY: the slopes' standard errors from the regression's
	// residuals, taken as independent (successive displacements share
	// their errors, so these are lower bounds).
	StdErrX, StdErrY float64
	// SpeedPerS is |(VelocityX, VelocityY)|, lattice units per second.
	SpeedPerS float64
	// DirectionDeg is atan2(VelocityY, VelocityX) in degrees, in
	// (-180, 180]: 0 east, 90 north.
	DirectionDeg float64
	// LagMs is the time between the maps of a chain (the first time
	// difference >= the lag asked for).
	LagMs float64
	// TimesMs are the maps' times; X, Y the track: the cumulative
	// displacement (lattice units, east and north) between successive
	// maps from the first, X[0] = Y[0] = 0.
	TimesMs, X, Y []float64
	// TrackVelocityX, TrackVelocityY: the slopes of the track on time.
	// When the maps' rate windows overlap they share spike noise, which
	// does not move and pulls each step towards zero: these are then
	// smaller than the velocity.
	TrackVelocityX, TrackVelocityY float64
	// MaxStep is the longest displacement between successive maps
	// (lattice units): it should stay well below half the spacing.
	MaxStep float64
}

// PatternVelocity2D measures the velocity of a pattern moving on a torus
// from its rate maps at increasing times t_i (SheetRateMap layout, n x n;
// x east, the map's columns, and y north, its rows reversed, as set out
// at the top of this file). At two time scales:
//
//   - the track: the displacement d_i = PatternShift2D(maps[i-1],
//     maps[i], maxShift) between successive maps, accumulated,
//     X_i = Σ_{j<=i} d_j with X_0 = 0, unwraps the motion on the torus
//     (each step is taken as the shortest one, so the steps must stay
//     below half the pattern's spacing);
//   - the chains: maps L steps apart, L the fewest steps spanning lagMs
//     (chosen so that the maps' rate windows do not overlap, and their
//     spike noise is independent), give displacements D_i from map i to
//     map i+L, each the correlation peak within maxShift of the track's
//     X_{i+L} - X_i (so D_i may exceed the spacing without aliasing).
//     Chain c (c = 0 .. L-1) runs through maps c, c+L, c+2L, ... with
//     positions Y_{c+mL} = Σ_{j<m} D_{c+jL}.
//
// The velocity is the least-squares slope of the chains' positions on
// time (seconds), per axis, each chain with its own intercept:
//
//	v = Σ_c Σ_m (t - t̄_c)(Y - Ȳ_c) / Σ_c Σ_m (t - t̄_c)²,
//
// the speed |v| and the direction atan2(v_y, v_x). lagMs <= the first
// step (L = 1) takes the track itself. At least three maps are needed,
// and a chain of two maps at least; times must increase. A step whose
// shift lies on the search radius fails with ErrShiftTooLarge: take the
// maps closer in time.
func PatternVelocity2D(maps [][][]float64, timesMs []float64, maxShift, lagMs float64) (PatternVelocity, error) {
	if len(maps) != len(timesMs) {
		return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: %d maps, %d times", len(maps), len(timesMs))
	}
	if len(maps) < 3 {
		return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: %d maps, want 3 or more: %w", len(maps), analysis.ErrEmptyWindow)
	}
	n, err := checkSquareMaps("PatternVelocity2D", maps...)
	if err != nil {
		return PatternVelocity{}, err
	}
	if !(maxShift >= 1.5) || 2*maxShift >= float64(n) {
		return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: search radius %g, want 1.5 <= radius < n/2 = %g", maxShift, float64(n)/2)
	}
	for i := 1; i < len(timesMs); i++ {
		if !(timesMs[i] > timesMs[i-1]) {
			return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: times %g, %g ms do not increase", timesMs[i-1], timesMs[i])
		}
	}
	L := 1
	for L < len(timesMs)-1 && timesMs[L]-timesMs[0] < lagMs {
		L++
	}
	if timesMs[L]-timesMs[0] < lagMs {
		return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: maps over %g ms, want more than the lag %g ms: %w",
			timesMs[len(timesMs)-1]-timesMs[0], lagMs, analysis.ErrEmptyWindow)
	}
	ft := newTorusDFT(n)
	spec := make([][][]complex128, len(maps))
	for i, m := range maps {
		spec[i] = ft.spectrum(m)
	}
	pv := PatternVelocity{TimesMs: append([]float64(nil), timesMs...), X: make([]float64, len(maps)), Y: make([]float64, len(maps)),
		LagMs: timesMs[L] - timesMs[0]}
	for i := 1; i < len(maps); i++ {
		du, dv, err := ft.shift(spec[i-1], spec[i], 0, 0, maxShift)
		if err != nil {
			return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: %g -> %g ms: %w", timesMs[i-1], timesMs[i], err)
		}
		dx, dy := du, -dv
		pv.X[i], pv.Y[i] = pv.X[i-1]+dx, pv.Y[i-1]+dy
		pv.MaxStep = math.Max(pv.MaxStep, math.Hypot(dx, dy))
	}
	ts := make([]float64, len(timesMs))
	for i, t := range timesMs {
		ts[i] = t / 1000
	}
	pv.TrackVelocityX, _ = slopeSE([][]float64{ts}, [][]float64{pv.X})
	pv.TrackVelocityY, _ = slopeSE([][]float64{ts}, [][]float64{pv.Y})
	var ct, cx, cy [][]float64
	for c := 0; c < L && c+L < len(maps); c++ {
		t, x, y := []float64{ts[c]}, []float64{0}, []float64{0}
		for i := c; i+L < len(maps); i += L {
			j := i + L
			// The track's prediction, in whole lags (columns, rows).
			cu, cv := int(math.Round(pv.X[j]-pv.X[i])), int(math.Round(-(pv.Y[j] - pv.Y[i])))
			du, dv, err := ft.shift(spec[i], spec[j], cu, cv, maxShift)
			if err != nil {
				return PatternVelocity{}, fmt.Errorf("analysis.PatternVelocity2D: %g -> %g ms: %w", timesMs[i], timesMs[j], err)
			}
			t = append(t, ts[j])
			x = append(x, x[len(x)-1]+du)
			y = append(y, y[len(y)-1]-dv)
		}
		ct, cx, cy = append(ct, t), append(cx, x), append(cy, y)
	}
	pv.VelocityX, pv.StdErrX = slopeSE(ct, cx)
	pv.VelocityY, pv.StdErrY = slopeSE(ct, cy)
	pv.SpeedPerS = math.Hypot(pv.VelocityX, pv.VelocityY)
	pv.DirectionDeg = math.Atan2(pv.VelocityY, pv.VelocityX) * 180 / math.Pi
	return pv, nil
}

// SheetPatternVelocity is PatternVelocity2D on the authors' rate maps of
// one sheet: SheetRateMap(trains, durMs, nPerAxis, sigmaMs, t) at t =
// t0Ms, t0Ms + stepMs, ... up to t1Ms (inclusive, below durMs), with the
// chains' lag 5 sigmaMs (the Gaussian windows of two maps that far apart
// overlap by exp(-25/4) = 0.2 %). The Fig 1C notebook's rates have
// sigmaMs = 100; steps of 10-50 ms keep the displacement per step a small
// fraction of the 19.65-cell spacing at the speeds of the paper's network.
func SheetPatternVelocity(trains [][]float64, durMs, nPerAxis int, sigmaMs float64, t0Ms, t1Ms, stepMs int, maxShift float64) (PatternVelocity, error) {
	if err := checkRateArgs("SheetPatternVelocity", durMs, sigmaMs); err != nil {
		return PatternVelocity{}, err
	}
	if stepMs < 1 || t0Ms < 0 || t1Ms >= durMs || t1Ms < t0Ms+2*stepMs {
		return PatternVelocity{}, fmt.Errorf("analysis.SheetPatternVelocity: times %d..%d ms by %d ms in a run of %d ms, want 0 <= t0, t0 + 2 step <= t1 < duration: %w",
			t0Ms, t1Ms, stepMs, durMs, analysis.ErrEmptyWindow)
	}
	var times []int
	for t := t0Ms; t <= t1Ms; t += stepMs {
		times = append(times, t)
	}
	maps, err := sheetRateMaps(trains, durMs, nPerAxis, sigmaMs, times)
	if err != nil {
		return PatternVelocity{}, err
	}
	tf := make([]float64, len(times))
	for i, t := range times {
		tf[i] = float64(t)
	}
	return PatternVelocity2D(maps, tf, maxShift, 5*sigmaMs)
}

// sheetRateMaps is SheetRateMap at several times, each spike's bins found
// once.
func sheetRateMaps(trains [][]float64, durMs, n int, sigmaMs float64, times []int) ([][][]float64, error) {
	if n < 1 || len(trains) != n*n {
		return nil, fmt.Errorf("analysis.SheetPatternVelocity: %d cells for a %d x %d sheet", len(trains), n, n)
	}
	k := newSameKernel(durMs, sigmaMs)
	seen := make([]bool, durMs)
	maps := make([][][]float64, len(times))
	for i := range maps {
		maps[i] = make([][]float64, n)
		for r := range maps[i] {
			maps[i][r] = make([]float64, n)
		}
	}
	for c, tr := range trains {
		bins := msBins(tr, durMs, seen)
		for i, t := range times {
			v := 0.0
			for _, b := range bins {
				if j := t + k.half - b; j >= k.lo && j < k.hi {
					v += k.w[j]
				}
			}
			maps[i][n-1-c/n][c%n] = v
		}
	}
	return maps, nil
}

// checkSquareMaps returns the side n of equal square maps, n >= 5.
func checkSquareMaps(fn string, maps ...[][]float64) (int, error) {
	n := len(maps[0])
	if n < 5 {
		return 0, fmt.Errorf("analysis.%s: %d rows, want a square map of side 5 or more", fn, n)
	}
	for i, m := range maps {
		if len(m) != n {
			return 0, fmt.Errorf("analysis.%s: map %d has %d rows, map 0 %d", fn, i, len(m), n)
		}
		for r, row := range m {
			if len(row) != n {
				return 0, fmt.Errorf("analysis.%s: map %d row %d has %d values, want %d (square maps)", fn, i, r, len(row), n)
			}
			for _, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return 0, fmt.Errorf("analysis.%s: map %d row %d holds %g", fn, i, r, v)
				}
			}
		}
	}
	return n, nil
}

// torusDFT holds the twiddles and signed frequencies of an n x n DFT.
type torusDFT struct {
	n     int
	w     []complex128 // exp(-2πi j/n)
	omega []float64    // 2π f(k)/n, f(k) the signed frequency of index k
	keep  []bool       // false at the Nyquist index of even n
}

func newTorusDFT(n int) torusDFT {
	t := torusDFT{n: n, w: make([]complex128, n), omega: make([]float64, n), keep: make([]bool, n)}
	for j := range n {
		t.w[j] = cmplx.Rect(1, -2*math.Pi*float64(j)/float64(n))
		f := j
		if 2*j > n {
			f = j - n
		}
		t.omega[j] = 2 * math.Pi * float64(f) / float64(n)
		t.keep[j] = 2*j != n
	}
	return t
}

// spectrum returns the 2D DFT F[kv][ku] = Σ m[v][u] exp(-2πi (kv v + ku
// u)/n) of a map (its mean only changes F[0][0], which the
// correlation ignores).
func (t torusDFT) spectrum(m [][]float64) [][]complex128 {
	n := t.n
	rows := make([][]complex128, n) // DFT along u of each row
	for v := range n {
		rows[v] = make([]complex128, n)
		for ku := range n {
			var s complex128
			for u := range n {
				s += complex(m[v][u], 0) * t.w[(ku*u)%n]
			}
			rows[v][ku] = s
		}
	}
	f := make([][]complex128, n)
	for kv := range n {
		f[kv] = make([]complex128, n)
		for ku := range n {
			var s complex128
			for v := range n {
				s += rows[v][ku] * t.w[(kv*v)%n]
			}
			f[kv][ku] = s
		}
	}
	return f
}

// smoothCells is the standard deviation (lattice units) of the Gaussian
// by which shift smooths the cross-correlation: it damps the spatial
// noise of spike-based maps (white, so strongest at the high frequencies
// that the derivatives weight by ω²) and does not move the peak of a
// translated map's correlation, which is point-symmetric about it.
const smoothCells = 1.0

// shift finds the lag (du, dv) (columns, rows) maximising the periodic
// cross-correlation of two maps from their spectra sa, sb within radius
// r of the whole lag (cu, cv), refined on the trigonometric
// interpolation; the lag returned is the one near (cu, cv), not reduced
// modulo n.
func (t torusDFT) shift(sa, sb [][]complex128, cu, cv int, r float64) (float64, float64, error) {
	n := t.n
	// P(k) = conj(A(k)) B(k) g(k), g the Gaussian of smoothCells;
	// C(s) ∝ Σ Re[P e^{i ω·s}].
	p := make([][]complex128, n)
	for kv := range n {
		p[kv] = make([]complex128, n)
		for ku := range n {
			if t.keep[ku] && t.keep[kv] && (ku != 0 || kv != 0) {
				w2 := t.omega[ku]*t.omega[ku] + t.omega[kv]*t.omega[kv]
				p[kv][ku] = cmplx.Conj(sa[kv][ku]) * sb[kv][ku] * complex(math.Exp(-w2*smoothCells*smoothCells/2), 0)
			}
		}
	}
	R := int(math.Floor(r))
	inside := func(u, v int) bool { return float64((u-cu)*(u-cu)+(v-cv)*(v-cv)) <= r*r }
	best, bu, bv := math.Inf(-1), 0, 0
	q := make([]complex128, n)
	for du := cu - R; du <= cu+R; du++ {
		for kv := range n {
			var s complex128
			for ku := range n {
				s += p[kv][ku] * t.w[((-ku*du)%n+n)%n]
			}
			q[kv] = s
		}
		for dv := cv - R; dv <= cv+R; dv++ {
			if !inside(du, dv) {
				continue
			}
			c := 0.0
			for kv := range n {
				c += real(q[kv] * t.w[((-kv*dv)%n+n)%n])
			}
			if c > best {
				best, bu, bv = c, du, dv
			}
		}
	}
	if !(best > 0) {
		return 0, 0, fmt.Errorf("no correlated pattern (largest correlation %g): %w", best, ErrShiftTooLarge)
	}
	for _, o := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
		if !inside(bu+o[0], bv+o[1]) {
			return 0, 0, fmt.Errorf("largest correlation at lag (%d, %d), on the search radius %g about (%d, %d): %w", bu, -bv, r, cu, -cv, ErrShiftTooLarge)
		}
	}
	eu, ev := make([]complex128, n), make([]complex128, n)
	// derivatives returns the gradient and Hessian of C at (su, sv).
	derivatives := func(su, sv float64) (gu, gv, huu, huv, hvv float64) {
		for k := range n {
			eu[k] = cmplx.Rect(1, t.omega[k]*su)
			ev[k] = cmplx.Rect(1, t.omega[k]*sv)
		}
		for kv := range n {
			wv := t.omega[kv]
			for ku := range n {
				z := p[kv][ku] * eu[ku] * ev[kv]
				wu := t.omega[ku]
				re, im := real(z), imag(z)
				gu -= im * wu
				gv -= im * wv
				huu -= re * wu * wu
				huv -= re * wu * wv
				hvv -= re * wv * wv
			}
		}
		return
	}
	su, sv := float64(bu), float64(bv)
	for range 30 {
		gu, gv, huu, huv, hvv := derivatives(su, sv)
		det := huu*hvv - huv*huv
		if !(huu < 0 && det > 0) {
			return 0, 0, fmt.Errorf("cross-correlation not concave at lag (%.3f, %.3f): %w", su, -sv, ErrShiftTooLarge)
		}
		// δ = -H⁻¹ g
		du := -(hvv*gu - huv*gv) / det
		dv := -(-huv*gu + huu*gv) / det
		nu := math.Max(float64(bu)-1, math.Min(float64(bu)+1, su+du))
		nv := math.Max(float64(bv)-1, math.Min(float64(bv)+1, sv+dv))
		moved := math.Hypot(nu-su, nv-sv)
		su, sv = nu, nv
		if moved < 1e-10 {
			break
		}
	}
	return su, sv, nil
}

// slopeSE returns the least-squares slope of y on x pooled over groups
// (each group with its own intercept) and its standard error.
func slopeSE(x, y [][]float64) (slope, se float64) {
	sxx, sxy, m := 0.0, 0.0, 0
	for g := range x {
		mx, my := stat.Mean(x[g], nil), stat.Mean(y[g], nil)
		for i := range x[g] {
			sxx += (x[g][i] - mx) * (x[g][i] - mx)
			sxy += (x[g][i] - mx) * (y[g][i] - my)
		}
		m += len(x[g])
	}
	slope = sxy / sxx
	rss := 0.0
	for g := range x {
		mx, my := stat.Mean(x[g], nil), stat.Mean(y[g], nil)
		for i := range x[g] {
			r := y[g][i] - my - slope*(x[g][i]-mx)
			rss += r * r
		}
	}
	if dof := m - len(x) - 1; dof > 0 {
		se = math.Sqrt(rss / float64(dof) / sxx)
	}
	return slope, se
}

package gridcells

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

//go:embed defaults/spline_params.json
var splineJSON []byte

// BSpline is a spline of degree K in B-spline form, as
// scipy.interpolate.BSpline(T, C, K) with extrapolate=True: outside the
// knot span [T[K], T[len(T)-K-1]] the end polynomial pieces continue.
type BSpline struct {
	T []float64 // knots, non-decreasing
	C []float64 // coefficients; only the first len(T)-K-1 are used
	K int       // degree
}

// VelocityToDC returns the original's velocity-to-DC map S(v)
// (input_data/vi_transform/spline_params.json): the ring DC in nA that
// moves the bump at v rad/s, the inverse of the measured speed-against-DC
// curve of the paper's Fig 2A.
func VelocityToDC() (*BSpline, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(splineJSON, &raw); err != nil {
		return nil, fmt.Errorf("gridcells: embedded spline_params.json: %w", err)
	}
	var s BSpline
	for key, dst := range map[string]any{"0": &s.T, "1": &s.C, "2": &s.K} {
		r, ok := raw[key]
		if !ok {
			return nil, fmt.Errorf("gridcells: embedded spline_params.json: no key %q", key)
		}
		if err := json.Unmarshal(r, dst); err != nil {
			return nil, fmt.Errorf("gridcells: embedded spline_params.json key %q: %w", key, err)
		}
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("gridcells: embedded spline_params.json: %w", err)
	}
	return &s, nil
}

func (s *BSpline) check() error {
	n := len(s.T) - s.K - 1
	switch {
	case s.K < 0:
		return fmt.Errorf("degree %d, want >= 0", s.K)
	case n < s.K+1:
		return fmt.Errorf("%d knots for degree %d, want at least %d", len(s.T), s.K, 2*s.K+2)
	case len(s.C) < n:
		return fmt.Errorf("%d coefficients, want at least %d", len(s.C), n)
	}
	for i := 1; i < len(s.T); i++ {
		if !(s.T[i] >= s.T[i-1]) {
			return fmt.Errorf("knot %d (%g) is below knot %d (%g)", i, s.T[i], i-1, s.T[i-1])
		}
	}
	if !(s.T[n] > s.T[s.K]) {
		return fmt.Errorf("empty knot span")
	}
	return nil
}

// At evaluates the spline at x by de Boor's algorithm, on the knot
// interval holding x (the first or last interval of the span outside it).
func (s *BSpline) At(x float64) float64 {
	k, n := s.K, len(s.T)-s.K-1
	// Interval l with T[l] <= x < T[l+1], k <= l < n, as scipy chooses it.
	l := sort.Search(len(s.T), func(i int) bool { return s.T[i] > x }) - 1
	l = max(k, min(l, n-1))
	for l > k && s.T[l] == s.T[l+1] {
		l--
	}
	var d [8]float64
	var dd []float64
	if k+1 <= len(d) {
		dd = d[:k+1]
	} else {
		dd = make([]float64, k+1)
	}
	for j := 0; j <= k; j++ {
		dd[j] = s.C[j+l-k]
	}
	for r := 1; r <= k; r++ {
		for j := k; j >= r; j-- {
			i := j + l - k
			den := s.T[i+k+1-r] - s.T[i]
			a := 0.0
			if den != 0 {
				a = (x - s.T[i]) / den
			}
			dd[j] = (1-a)*dd[j-1] + a*dd[j]
		}
	}
	if math.IsNaN(x) {
		return math.NaN()
	}
	return dd[k]
}

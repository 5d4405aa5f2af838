package gridcells

import (
	"fmt"
	"math"
)

// kernelEntry is one nonzero entry of a translation-invariant kernel on
// the torus: the synapse from the source at c_post - (Dx, Dy) (wrapped)
// with weight W.
type kernelEntry struct {
	Dx, Dy int32
	W      float64
}

// torusLister lists a block whose weights depend only on the toroidal
// displacement pre -> post: target j sits at position j mod n² of an
// n x n sheet; source sheet s (indices s*n² ..) contributes kernel[s].
// It holds n² entries per source sheet at most, whatever the number of
// synapses.
type torusLister struct {
	n       int
	targets int
	kernel  [][]kernelEntry
	count   int
}

func (t *torusLister) sources(j int, src []int32, w []float64) ([]int32, []float64) {
	n := t.n
	nn := n * n
	pos := j % nn
	px, py := pos%n, pos/n
	for s, ker := range t.kernel {
		base := s * nn
		for _, e := range ker {
			x := px - int(e.Dx)
			if x < 0 {
				x += n
			} else if x >= n {
				x -= n
			}
			y := py - int(e.Dy)
			if y < 0 {
				y += n
			} else if y >= n {
				y -= n
			}
			src = append(src, int32(base+y*n+x))
			w = append(w, e.W)
		}
	}
	return src, w
}
func (t *torusLister) numTargets() int { return t.targets }
func (t *torusLister) len() int        { return t.count }

// torusSide checks the keys of conn_id "2d" and returns the side n of a
// sheet.
func torusSide(m *ModelParams) (int, error) {
	nps := m.NPerSheet
	n := int(math.Sqrt(float64(nps)))
	for n*n > nps {
		n--
	}
	for (n+1)*(n+1) <= nps {
		n++
	}
	switch {
	case nps < 1:
		return 0, fmt.Errorf("gridcells: N_per_sheet = %d, want n*n cells per sheet (n odd) for conn_id \"2d\"", nps)
	case n*n != nps:
		return 0, fmt.Errorf("gridcells: N_per_sheet = %d is not a square, want n*n cells per sheet with n odd (e.g. 5041 = 71*71) for conn_id \"2d\"", nps)
	case n%2 == 0:
		return 0, fmt.Errorf("gridcells: N_per_sheet = %d = %d*%d has an even side, want an odd side n (N_per_sheet = n*n) for conn_id \"2d\"", nps, n, n)
	case m.NStell != 4*nps:
		return 0, fmt.Errorf("gridcells: N_stell = %d, want 4*N_per_sheet = %d (sheets E, W, N, S) for conn_id \"2d\"", m.NStell, 4*nps)
	case m.NIntrnrn != nps:
		return 0, fmt.Errorf("gridcells: N_intrnrn = %d, want N_per_sheet = %d (one interneuron sheet) for conn_id \"2d\"", m.NIntrnrn, nps)
	case len(m.SiMean.Offsets) != 4:
		if m.SiMean.Offsets == nil {
			return 0, fmt.Errorf("gridcells: si_mean = %g, want a list of 4 [dx, dy] offsets (sheets E, W, N, S; e.g. [[6.25,0],[-6.25,0],[0,6.25],[0,-6.25]]) for conn_id \"2d\"", m.SiMean.Cells)
		}
		return 0, fmt.Errorf("gridcells: si_mean has %d [dx, dy] offsets, want 4 (sheets E, W, N, S) for conn_id \"2d\"", len(m.SiMean.Offsets))
	}
	for s, o := range m.SiMean.Offsets {
		if math.IsNaN(o[0]) || math.IsInf(o[0], 0) || math.IsNaN(o[1]) || math.IsInf(o[1], 0) {
			return 0, fmt.Errorf("gridcells: si_mean[%d] = %v, want finite offsets", s, o)
		}
	}
	if err := checkKernels(m); err != nil {
		return 0, err
	}
	return n, nil
}

// checkKernels checks the widths, peaks and means every kernel config
// reads.
func checkKernels(m *ModelParams) error {
	for _, k := range []struct {
		key string
		v   float64
	}{{"si_stdev", m.SiStdev}, {"is_stdev", m.IsStdev}, {"ii_stdev", m.IiStdev}} {
		if !(k.v > 0) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a positive kernel width", k.key, k.v)
		}
	}
	for _, k := range []struct {
		key string
		v   float64
	}{{"si_peak", m.SiPeak}, {"is_peak", m.IsPeak}, {"ii_peak", m.IiPeak}, {"is_mean", m.IsMean}, {"ii_mean", m.IiMean}} {
		if math.IsNaN(k.v) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a finite number", k.key, k.v)
		}
	}
	return nil
}

// gaussian2D is conn_utils.gaussian_2D with one width:
// p exp(-((x - mx)²/(2 sigma²) + (y - my)²/(2 sigma²))).
func gaussian2D(x, y, mx, my, sigma, p float64) float64 {
	s2 := 2 * (sigma * sigma)
	return p * math.Exp(-((x-mx)*(x-mx)/s2 + (y-my)*(y-my)/s2))
}

// Torus2D returns the connectivity of conn_id "2d" (the original's
// 2d_config.py, SPEC section 6.3): sheets of n x n cells, n² =
// N_per_sheet with n odd; stellate sheets E, W, N, S (gids s*n² ..) and
// one interneuron sheet; cell k at (k mod n, k div n). With Δ the
// toroidal displacement pre -> post (each component wrapped into
// [-(n-1)/2, (n-1)/2]) and d = |Δ|: interneuron -> stellate of every sheet
// G(d; is_peak, is_mean, is_stdev); interneuron -> interneuron G(d;
// ii_peak, ii_mean, ii_stdev), none onto itself; stellate of sheet s ->
// interneuron si_peak exp(-(|Δ - si_mean[s]|²)/(2 si_stdev²)). Means and
// widths are in lattice units; entries below Threshold are dropped.
//
// The weights depend on Δ only, so the blocks are held as one kernel per
// sheet (n² entries at most) and listed target by target: the 71 x 71
// network's 21 M synapses take a few hundred kilobytes here, against the
// original's dense 25 205² matrix of 5 GB.
func Torus2D(m *ModelParams) (*Connectivity, error) {
	n, err := torusSide(m)
	if err != nil {
		return nil, err
	}
	nn := n * n
	h := (n - 1) / 2
	si := make([][]kernelEntry, 4)
	var is, ii []kernelEntry
	for dy := -h; dy <= h; dy++ {
		for dx := -h; dx <= h; dx++ {
			x, y := float64(dx), float64(dy)
			d := math.Sqrt(x*x + y*y)
			if w := gaussian(d, m.IsPeak, m.IsMean, m.IsStdev); w >= Threshold {
				is = append(is, kernelEntry{int32(dx), int32(dy), w})
			}
			if w := gaussian(d, m.IiPeak, m.IiMean, m.IiStdev); w >= Threshold && (dx != 0 || dy != 0) {
				ii = append(ii, kernelEntry{int32(dx), int32(dy), w})
			}
			for s, mu := range m.SiMean.Offsets {
				if w := gaussian2D(x, y, mu[0], mu[1], m.SiStdev, m.SiPeak); w >= Threshold {
					si[s] = append(si[s], kernelEntry{int32(dx), int32(dy), w})
				}
			}
		}
	}
	siCount := 0
	for _, k := range si {
		siCount += len(k) * nn
	}
	gen := [3]targetLister{
		&torusLister{n: n, targets: nn, kernel: si, count: siCount},
		&torusLister{n: n, targets: 4 * nn, kernel: [][]kernelEntry{is}, count: len(is) * 4 * nn},
		&torusLister{n: n, targets: nn, kernel: [][]kernelEntry{ii}, count: len(ii) * nn},
	}
	return &Connectivity{NStell: m.NStell, NIntrnrn: m.NIntrnrn, gen: &gen}, nil
}

package gridcells

import (
	"fmt"
	"math"
)

// asymGaussian is asym_config.py's asymmetric Gaussian: p exp(-(x -
// mu)²/(2 sigma²)) with sigma = sigmaL for x < mu and sigmaR otherwise.
func asymGaussian(x, p, mu, sigmaL, sigmaR float64) float64 {
	s := sigmaR
	if x < mu {
		s = sigmaL
	}
	d := x - mu
	return p * math.Exp(-(d*d)/(2*(s*s)))
}

// checkAsym checks the keys of conn_id "asym": those of "1d" and the
// asymmetry factors.
func checkAsym(m *ModelParams) error {
	if err := check1D(m); err != nil {
		return err
	}
	if len(m.IsAsymFactor) != 2 {
		return fmt.Errorf("gridcells: is_asym_factor has %d values, want 2: [left, right] multipliers of is_stdev", len(m.IsAsymFactor))
	}
	for k, f := range m.IsAsymFactor {
		if !(f > 0) || math.IsInf(f, 0) {
			return fmt.Errorf("gridcells: is_asym_factor[%d] = %g, want a positive multiplier of is_stdev (a positive kernel width)", k, f)
		}
	}
	for _, k := range []struct {
		key string
		v   float64
	}{{"is_peak_asym_fact", m.IsPeakAsymFact}, {"is_mean_asym_factor", m.IsMeanAsymFactor}} {
		if math.IsNaN(k.v) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a finite number", k.key, k.v)
		}
	}
	return nil
}

// Asym1D returns the connectivity of conn_id "asym" (the original's
// asym_config.py, SPEC section 6.4): Ring1D's S->I and I->I blocks, and
// I->S from the asymmetric Gaussian AG(x; P, c, sigmaL, sigmaR) of the
// signed distance d = d_s(theta_interneuron -> theta_stellate), with P =
// is_peak * is_peak_asym_fact, (sigmaL, sigmaR) = is_stdev *
// is_asym_factor and the shift delta = is_mean_asym_factor * 2 pi/N:
// ring 1 AG(d; c) with c = +is_mean + delta for d >= 0 and -is_mean +
// delta for d < 0; ring 2 the mirror image, AG(2 is_mean - d; c) for d >=
// 0 and AG(-2 is_mean - d; c) for d < 0. The default factors give Ring1D's
// matrix.
func Asym1D(m *ModelParams) (*Connectivity, error) {
	if err := checkAsym(m); err != nil {
		return nil, err
	}
	c, err := Ring1D(m)
	if err != nil {
		return nil, err
	}
	n := m.NIntrnrn
	step := 2 * math.Pi / float64(n)
	unit := (2 * math.Pi) / float64(n)
	isMean := m.IsMean * unit
	delta := m.IsMeanAsymFactor * unit
	p := m.IsPeak * m.IsPeakAsymFact
	sl, sr := m.IsStdev*m.IsAsymFactor[0], m.IsStdev*m.IsAsymFactor[1]
	theta := func(i int) float64 { return step * float64(i) }
	c.IS = Block{}
	for k := 0; k < 2*n; k++ {
		j := k % n
		for i := 0; i < n; i++ {
			d := signedArc(theta(i), theta(j))
			var w float64
			switch {
			case k < n && d >= 0:
				w = asymGaussian(d, p, isMean+delta, sl, sr)
			case k < n:
				w = asymGaussian(d, p, -isMean+delta, sl, sr)
			case d >= 0:
				w = asymGaussian(2*isMean-d, p, isMean+delta, sl, sr)
			default:
				w = asymGaussian(-2*isMean-d, p, -isMean+delta, sl, sr)
			}
			if w >= Threshold {
				c.IS.add(i, k, w)
			}
		}
	}
	return c, nil
}

// checkSmall checks the keys of conn_ids "motif" and "stdn".
func checkSmall(m *ModelParams) error {
	least := 1
	if m.ConnID == "motif" {
		least = 2
	}
	if m.NStell < least || m.NIntrnrn < least {
		return fmt.Errorf("gridcells: N_stell = %d and N_intrnrn = %d, want at least %d of each for conn_id %q", m.NStell, m.NIntrnrn, least, m.ConnID)
	}
	for _, k := range []struct {
		key string
		v   float64
	}{{"si_peak", m.SiPeak}, {"is_peak", m.IsPeak}, {"ii_peak", m.IiPeak}} {
		if math.IsNaN(k.v) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a finite number", k.key, k.v)
		}
	}
	return nil
}

// addNonzero adds a synapse when w is not zero: the small configs keep
// every nonzero entry (they apply no threshold).
func (b *Block) addNonzero(pre, post int, w float64) {
	if w != 0 {
		b.add(pre, post, w)
	}
}

// Motif returns the connectivity of conn_id "motif" (motif_config.py):
// stellate 0 -> interneuron 1 and stellate 1 -> interneuron 0 with
// si_peak, interneuron k -> stellate k with is_peak, interneurons 0 and 1
// onto each other with ii_peak. Other cells are unconnected.
func Motif(m *ModelParams) (*Connectivity, error) {
	if err := checkSmall(&ModelParams{ConnID: "motif", NStell: m.NStell, NIntrnrn: m.NIntrnrn, SiPeak: m.SiPeak, IsPeak: m.IsPeak, IiPeak: m.IiPeak}); err != nil {
		return nil, err
	}
	c := &Connectivity{NStell: m.NStell, NIntrnrn: m.NIntrnrn}
	c.SI.addNonzero(1, 0, m.SiPeak)
	c.SI.addNonzero(0, 1, m.SiPeak)
	c.IS.addNonzero(0, 0, m.IsPeak)
	c.IS.addNonzero(1, 1, m.IsPeak)
	c.II.addNonzero(1, 0, m.IiPeak)
	c.II.addNonzero(0, 1, m.IiPeak)
	return c, nil
}

// Stdn returns the connectivity of conn_id "stdn" (stdn_config.py, the
// single-cell runs of Fig 1A): stellate 0 -> interneuron 0 with si_peak
// and interneuron 0 -> stellate 0 with is_peak (no synapse where the peak
// is 0); no I->I.
func Stdn(m *ModelParams) (*Connectivity, error) {
	if err := checkSmall(&ModelParams{ConnID: "stdn", NStell: m.NStell, NIntrnrn: m.NIntrnrn, SiPeak: m.SiPeak, IsPeak: m.IsPeak}); err != nil {
		return nil, err
	}
	c := &Connectivity{NStell: m.NStell, NIntrnrn: m.NIntrnrn}
	c.SI.addNonzero(0, 0, m.SiPeak)
	c.IS.addNonzero(0, 0, m.IsPeak)
	return c, nil
}

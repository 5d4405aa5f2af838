package gridcells

import (
	"fmt"
	"math"
)

// Threshold is the original's cut: connectivity entries below it (in
// absolute value) are removed.
const Threshold = 1e-7

// Block is one block of the connectivity matrix as a list of synapses:
// synapse k goes from Pre[k] to Post[k] (indices within the source and
// target populations) with the dimensionless weight W[k], which the pair's
// g_max multiplies. Synapses are sorted by target, then source.
type Block struct {
	Pre, Post []int
	W         []float64
}

// Len returns the number of synapses.
func (b *Block) Len() int { return len(b.W) }

func (b *Block) add(pre, post int, w float64) {
	b.Pre = append(b.Pre, pre)
	b.Post = append(b.Post, post)
	b.W = append(b.W, w)
}

// Connectivity is the adjacency matrix M[pre, post] of a GridCellsCond
// network held sparse, by block: stellates are gids 0 .. NStell-1,
// interneurons NStell .. NStell+NIntrnrn-1 (SPEC section 6.1). The
// stellate-to-stellate block is zero in every config.
type Connectivity struct {
	NStell, NIntrnrn int
	SI               Block // stellate -> interneuron (exc_syn, si_syn_gmax)
	IS               Block // interneuron -> stellate (inhb_syn, is_syn_gmax)
	II               Block // interneuron -> interneuron (inhb_syn, ii_syn_gmax)

	// gen, for configs too large for lists (conn_id "2d", loaded
	// matrices), lists the synapses of the S->I, I->S and I->I blocks by
	// target instead of the Blocks, which are then empty.
	gen *[3]targetLister
}

// NumSynapses returns the number of nonzero entries.
func (c *Connectivity) NumSynapses() int {
	if c.gen != nil {
		return c.gen[0].len() + c.gen[1].len() + c.gen[2].len()
	}
	return c.SI.Len() + c.IS.Len() + c.II.Len()
}

// Each calls fn for every nonzero entry M[pre, post] = w, by gid: the S->I
// block, then I->S, then I->I.
func (c *Connectivity) Each(fn func(pre, post int, w float64)) {
	if c.gen != nil {
		c.eachGen(fn)
		return
	}
	for k := range c.SI.W {
		fn(c.SI.Pre[k], c.NStell+c.SI.Post[k], c.SI.W[k])
	}
	for k := range c.IS.W {
		fn(c.NStell+c.IS.Pre[k], c.IS.Post[k], c.IS.W[k])
	}
	for k := range c.II.W {
		fn(c.NStell+c.II.Pre[k], c.NStell+c.II.Post[k], c.II.W[k])
	}
}

// gaussian is conn_utils.gaussian: P exp(-(x - mu)^2 / (2 sigma^2)).
func gaussian(x, p, mu, sigma float64) float64 {
	d := x - mu
	return p * math.Exp(-(d*d)/(2*(sigma*sigma)))
}

// pyMod is Python's float %: the result has the sign of b.
func pyMod(a, b float64) float64 {
	r := math.Mod(a, b)
	if r != 0 && (r < 0) != (b < 0) {
		r += b
	} else if r == 0 {
		r = math.Copysign(0, b)
	}
	return r
}

// signedArc is conn_utils.signed_arc_length: theta2 - theta1 wrapped into
// [-pi, pi).
func signedArc(theta1, theta2 float64) float64 {
	return pyMod(theta2-theta1+math.Pi, 2*math.Pi) - math.Pi
}

// unsignedArc is conn_utils.unsigned_arc_length, in [0, pi].
func unsignedArc(theta1, theta2 float64) float64 {
	d := pyMod(math.Abs(theta2-theta1), 2*math.Pi)
	return math.Min(d, 2*math.Pi-d)
}

// Ring1D returns the connectivity of conn_id "1d" (the original's
// 1d_config.py, SPEC section 6.2), evaluated pair by pair in the
// original's floating-point order and stored sparse: ring 1 stellate k
// excites interneuron j with G(d_s(theta_k -> theta_j); si_peak, +si_mean,
// si_stdev), ring 2 stellate N+k with the mirror image (-si_mean);
// interneuron j inhibits stellates k and N+k with G(d_u; is_peak,
// is_mean, is_stdev) and interneuron k with G(d_u; ii_peak, ii_mean,
// ii_stdev); theta_k = 2 pi k/N, N = N_intrnrn; means in cells are
// converted to radians (x 2 pi/N), widths are radians. Entries below
// Threshold are dropped.
func Ring1D(m *ModelParams) (*Connectivity, error) {
	n := m.NIntrnrn
	if err := check1D(m); err != nil {
		return nil, err
	}
	step := 2 * math.Pi / float64(n)
	unit := (2 * math.Pi) / float64(n)
	siMean := m.SiMean.Cells * unit
	isMean := m.IsMean * unit
	iiMean := m.IiMean * unit
	theta := func(i int) float64 { return step * float64(i) }
	c := &Connectivity{NStell: m.NStell, NIntrnrn: n}
	// S->I, by target interneuron j: ring 1 (stellates 0..N-1), then ring 2.
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			w := gaussian(signedArc(theta(i), theta(j)), m.SiPeak, siMean, m.SiStdev)
			if w >= Threshold { // the original cuts ring 1 with w < threshold, then |w| < threshold
				c.SI.add(i, j, w)
			}
		}
		for i := 0; i < n; i++ {
			w := gaussian(signedArc(theta(i), theta(j)), m.SiPeak, -siMean, m.SiStdev)
			if math.Abs(w) >= Threshold {
				c.SI.add(n+i, j, w)
			}
		}
	}
	// I->S, by target stellate: ring 2 copies ring 1's columns.
	for k := 0; k < 2*n; k++ {
		j := k % n
		for i := 0; i < n; i++ {
			w := gaussian(unsignedArc(theta(i), theta(j)), m.IsPeak, isMean, m.IsStdev)
			if math.Abs(w) >= Threshold {
				c.IS.add(i, k, w)
			}
		}
	}
	// I->I.
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			w := gaussian(unsignedArc(theta(i), theta(j)), m.IiPeak, iiMean, m.IiStdev)
			if math.Abs(w) >= Threshold {
				c.II.add(i, j, w)
			}
		}
	}
	return c, nil
}

// check1D checks the keys the 1D config and instrumentation depend on.
func check1D(m *ModelParams) error {
	n := m.NIntrnrn
	switch {
	case n < 1:
		return fmt.Errorf("gridcells: N_intrnrn = %d, want at least 1 (the 1D ring size)", n)
	case m.NPerSheet != n:
		return fmt.Errorf("gridcells: N_per_sheet = %d but N_intrnrn = %d: the 1d config uses N_intrnrn as the ring size and the 1d instrumentation N_per_sheet, want them equal", m.NPerSheet, n)
	case m.NStell != 2*n:
		return fmt.Errorf("gridcells: N_stell = %d, want 2*N_intrnrn = %d (two stellate rings) for conn_id \"1d\"", m.NStell, 2*n)
	case m.SiMean.Offsets != nil:
		return fmt.Errorf("gridcells: si_mean is a list of 2D offsets, want a number of cells for conn_id \"1d\"")
	}
	for _, k := range []struct {
		key string
		v   float64
	}{{"si_stdev", m.SiStdev}, {"is_stdev", m.IsStdev}, {"ii_stdev", m.IiStdev}} {
		if !(k.v > 0) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a positive kernel width (rad)", k.key, k.v)
		}
	}
	for _, k := range []struct {
		key string
		v   float64
	}{{"si_peak", m.SiPeak}, {"is_peak", m.IsPeak}, {"ii_peak", m.IiPeak},
		{"si_mean", m.SiMean.Cells}, {"is_mean", m.IsMean}, {"ii_mean", m.IiMean}} {
		if math.IsNaN(k.v) || math.IsInf(k.v, 0) {
			return fmt.Errorf("gridcells: %s = %g, want a finite number", k.key, k.v)
		}
	}
	return nil
}

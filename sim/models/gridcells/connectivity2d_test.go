package gridcells

import (
	"math"
	"strings"
	"testing"
)

// params2D returns the 2D specs' kernel values (fig1_2D, s_2d_template)
// for sheets of n x n cells.
func params2D(n int) ModelParams {
	m, _ := Defaults()
	m.ConnID, m.InstrID = "2d", "2d"
	m.NPerSheet, m.NIntrnrn, m.NStell, m.NPerAxis = n*n, n*n, 4*n*n, n
	m.IsPeak, m.IsMean, m.IsStdev = 2, 10, 1.05
	m.IiPeak, m.IiMean, m.IiStdev = 1, 10, 1.05
	m.SiPeak, m.SiStdev = 1, 1.05
	m.SiMean = SiMean{Offsets: [][2]float64{{6.25, 0}, {-6.25, 0}, {0, 6.25}, {0, -6.25}}}
	m.StellConstDC = Amps{0, -4e-3, -4e-3, -4e-3}
	return m
}

// denseOf returns c as the dense matrix M[pre, post] (row-major) and
// counts entries listed twice.
func denseOf(c *Connectivity) ([]float64, int, int) {
	n := c.NStell + c.NIntrnrn
	M := make([]float64, n*n)
	dup := 0
	c.Each(func(pre, post int, w float64) {
		if M[pre*n+post] != 0 {
			dup++
		}
		M[pre*n+post] = w
	})
	return M, n, dup
}

// compareDense compares got with the rule's matrix want element by
// element, zeros included: |got - want| <= 1e-12 |want| everywhere.
func compareDense(t *testing.T, name string, got, want []float64, n int) {
	t.Helper()
	bad, nz := 0, 0
	for i := range want {
		if want[i] != 0 {
			nz++
		}
		if math.Abs(got[i]-want[i]) > 1e-12*math.Abs(want[i]) {
			if bad < 5 {
				t.Errorf("%s: M[%d, %d] = %.17g, rule %.17g", name, i/n, i%n, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d entries differ from the rule", name, bad, n*n)
	}
	if nz == 0 {
		t.Errorf("%s: the rule gives no synapse: the test cannot fail", name)
	}
}

// rule2D evaluates SPEC section 6.3 pair by pair, densely: positions
// x = (k mod n) - (n-1)/2, y = (k div n) - (n-1)/2, displacement
// ((c_post - c_pre + n/2) mod n) - n/2 per component (Python's float mod).
func rule2D(m *ModelParams, n int) []float64 {
	nn := n * n
	N := 5 * nn
	M := make([]float64, N*N)
	pos := func(k int) (float64, float64) {
		k %= nn
		return float64(k%n) - float64(n-1)/2, float64(k/n) - float64(n-1)/2
	}
	disp := func(pre, post int) (float64, float64) {
		x0, y0 := pos(pre)
		x1, y1 := pos(post)
		h := float64(n) / 2
		return pyMod(x1-x0+h, float64(n)) - h, pyMod(y1-y0+h, float64(n)) - h
	}
	g := func(x, p, mu, sd float64) float64 { return p * math.Exp(-((x-mu)*(x-mu))/(2*(sd*sd))) }
	cut := func(w float64) float64 {
		if w < 1e-7 {
			return 0
		}
		return w
	}
	for i := 0; i < nn; i++ { // interneuron i (gid 4nn + i)
		for j := 0; j < nn; j++ {
			dx, dy := disp(i, j)
			d := math.Sqrt(dx*dx + dy*dy)
			for s := 0; s < 4; s++ {
				M[(4*nn+i)*N+s*nn+j] = cut(g(d, m.IsPeak, m.IsMean, m.IsStdev)) // I -> S
				mu := m.SiMean.Offsets[s]
				a := (dx - mu[0]) * (dx - mu[0]) / (2 * (m.SiStdev * m.SiStdev))
				b := (dy - mu[1]) * (dy - mu[1]) / (2 * (m.SiStdev * m.SiStdev))
				M[(s*nn+i)*N+4*nn+j] = cut(m.SiPeak * math.Exp(-(a + b))) // S -> I (stellate i of sheet s)
			}
			if i != j {
				M[(4*nn+i)*N+4*nn+j] = cut(g(d, m.IiPeak, m.IiMean, m.IiStdev))
			}
		}
	}
	return M
}

// TestTorus2DMatchesRule compares the 2D connectivity, listed target by
// target from its kernels, with the rule evaluated for every pair, for
// small odd sheets whose kernels wrap around the torus.
func TestTorus2DMatchesRule(t *testing.T) {
	for _, c := range []struct {
		n              int
		mean, sd, shft float64
	}{{7, 2, 0.8, 1.5}, {11, 3.2, 1.05, 2.25}, {13, 4, 1.05, 2.5}} {
		m := params2D(c.n)
		m.IsMean, m.IiMean, m.IsStdev, m.IiStdev, m.SiStdev = c.mean, c.mean, c.sd, c.sd, c.sd
		m.SiMean.Offsets = [][2]float64{{c.shft, 0}, {-c.shft, 0}, {0, c.shft}, {0, -c.shft}}
		conn, err := Torus2D(&m)
		if err != nil {
			t.Fatal(err)
		}
		got, N, dup := denseOf(conn)
		if dup > 0 {
			t.Errorf("n = %d: %d entries listed twice", c.n, dup)
		}
		want := rule2D(&m, c.n)
		compareDense(t, "2d", got, want, N)
		nz := 0
		for _, w := range want {
			if w != 0 {
				nz++
			}
		}
		if conn.NumSynapses() != nz {
			t.Errorf("n = %d: NumSynapses %d, rule has %d nonzero entries", c.n, conn.NumSynapses(), nz)
		}
	}
}

// TestTorus2DCounts checks the full-size 2D network (n = 71) against the
// counts SPEC section 6.3 gives, measured with the original: every
// stellate receives 760 I->S synapses (weight sum 330.74) and sends 108
// S->I (sum 6.93, largest 0.972); every interneuron receives 744 I->I
// (sum 165.37) and 4*108 = 432 S->I; about 21.25 M synapses in all.
func TestTorus2DCounts(t *testing.T) {
	m := params2D(71)
	c, err := Torus2D(&m)
	if err != nil {
		t.Fatal(err)
	}
	g := c.gen
	ns, ni := c.NStell, c.NIntrnrn
	var src []int32
	var w []float64
	outSI := make([]int, ns)
	sumOutSI := make([]float64, ns)
	maxSI := 0.0
	for j := 0; j < ni; j++ {
		src, w = g[0].sources(j, src[:0], w[:0])
		if len(src) != 432 {
			t.Fatalf("interneuron %d receives %d S->I synapses, want 432", j, len(src))
		}
		for k, i := range src {
			outSI[i]++
			sumOutSI[i] += w[k]
			maxSI = math.Max(maxSI, w[k])
		}
		src, w = g[2].sources(j, src[:0], w[:0])
		if s := sum(w); len(src) != 744 || math.Abs(s-165.37) > 0.005 {
			t.Fatalf("interneuron %d receives %d I->I synapses (sum %.4f), want 744 (165.37)", j, len(src), s)
		}
	}
	for k := 0; k < ns; k++ {
		src, w = g[1].sources(k, src[:0], w[:0])
		if s := sum(w); len(src) != 760 || math.Abs(s-330.74) > 0.005 {
			t.Fatalf("stellate %d receives %d I->S synapses (sum %.4f), want 760 (330.74)", k, len(src), s)
		}
		if outSI[k] != 108 || math.Abs(sumOutSI[k]-6.93) > 0.005 {
			t.Fatalf("stellate %d sends %d S->I synapses (sum %.4f), want 108 (6.93)", k, outSI[k], sumOutSI[k])
		}
	}
	if math.Abs(maxSI-0.972) > 0.0005 {
		t.Errorf("largest S->I weight %.4f, want 0.972", maxSI)
	}
	if n := c.NumSynapses(); n != ni*432+ns*760+ni*744 || math.Abs(float64(n)-21.25e6) > 0.01e6 {
		t.Errorf("%d synapses, want %d (about 21.25 M)", n, ni*432+ns*760+ni*744)
	}
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// TestTorus2DErrors checks the bad-input errors of conn_id "2d".
func TestTorus2DErrors(t *testing.T) {
	for _, c := range []struct {
		edit func(m *ModelParams)
		want string
	}{
		{func(m *ModelParams) { m.NPerSheet, m.NIntrnrn, m.NStell = 64, 64, 256 }, "N_per_sheet = 64 = 8*8 has an even side, want an odd side"},
		{func(m *ModelParams) { m.NPerSheet = 50 }, "N_per_sheet = 50 is not a square"},
		{func(m *ModelParams) { m.NStell = 100 }, "N_stell = 100, want 4*N_per_sheet = 196"},
		{func(m *ModelParams) { m.NIntrnrn = 48 }, "N_intrnrn = 48, want N_per_sheet = 49"},
		{func(m *ModelParams) { m.SiMean = SiMean{Cells: 22} }, "si_mean = 22, want a list of 4 [dx, dy] offsets"},
		{func(m *ModelParams) { m.SiMean.Offsets = m.SiMean.Offsets[:2] }, "si_mean has 2 [dx, dy] offsets, want 4"},
		{func(m *ModelParams) { m.IsStdev = 0 }, "is_stdev = 0, want a positive kernel width"},
		{func(m *ModelParams) { m.SiStdev = -1 }, "si_stdev = -1, want a positive kernel width"},
		{func(m *ModelParams) { m.IiMean = math.NaN() }, "ii_mean = NaN, want a finite number"},
	} {
		m := params2D(7)
		c.edit(&m)
		_, err := Torus2D(&m)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}

package gridcells

import (
	"math"
	"strings"
	"testing"
)

// ruleAsym evaluates SPEC section 6.4's asym rule pair by pair, densely,
// for a ring of N: S->I and I->I as the 1D ring, I->S by the asymmetric
// Gaussian of the signed distance interneuron -> stellate.
func ruleAsym(m *ModelParams) []float64 {
	N := m.NIntrnrn
	tot := 3 * N
	M := make([]float64, tot*tot)
	th := func(k int) float64 { return 2 * math.Pi / float64(N) * float64(k) }
	ds := func(a, b float64) float64 { return pyMod(b-a+math.Pi, 2*math.Pi) - math.Pi }
	du := func(a, b float64) float64 {
		d := pyMod(math.Abs(b-a), 2*math.Pi)
		return math.Min(d, 2*math.Pi-d)
	}
	g := func(x, p, mu, sd float64) float64 { return p * math.Exp(-((x-mu)*(x-mu))/(2*(sd*sd))) }
	ag := func(x, p, mu, sl, sr float64) float64 {
		if x < mu {
			return g(x, p, mu, sl)
		}
		return g(x, p, mu, sr)
	}
	cut := func(w float64) float64 {
		if math.Abs(w) < 1e-7 {
			return 0
		}
		return w
	}
	u := 2 * math.Pi / float64(N)
	si, is, ii, dl := m.SiMean.Cells*u, m.IsMean*u, m.IiMean*u, m.IsMeanAsymFactor*u
	P := m.IsPeak * m.IsPeakAsymFact
	sl, sr := m.IsStdev*m.IsAsymFactor[0], m.IsStdev*m.IsAsymFactor[1]
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			M[i*tot+2*N+j] = cut(g(ds(th(i), th(j)), m.SiPeak, si, m.SiStdev))      // ring 1 stellate i -> interneuron j
			M[(N+i)*tot+2*N+j] = cut(g(ds(th(i), th(j)), m.SiPeak, -si, m.SiStdev)) // ring 2
			M[(2*N+i)*tot+2*N+j] = cut(g(du(th(i), th(j)), m.IiPeak, ii, m.IiStdev))
			d := ds(th(i), th(j)) // interneuron i -> stellates j, N+j
			if d >= 0 {
				M[(2*N+i)*tot+j] = cut(ag(d, P, is+dl, sl, sr))
				M[(2*N+i)*tot+N+j] = cut(ag(2*is-d, P, is+dl, sl, sr))
			} else {
				M[(2*N+i)*tot+j] = cut(ag(d, P, -is+dl, sl, sr))
				M[(2*N+i)*tot+N+j] = cut(ag(-2*is-d, P, -is+dl, sl, sr))
			}
		}
	}
	return M
}

// TestAsym1DMatchesRule compares conn_id "asym" with the rule evaluated
// for every pair: the original's defaults (where it is the 1D matrix), a
// predictive and a retrospective skew, and a shifted, scaled kernel.
func TestAsym1DMatchesRule(t *testing.T) {
	for _, c := range []struct {
		name  string
		f     []float64
		peak  float64
		shift float64
	}{{"defaults", []float64{1, 1}, 1, 0}, {"prosp", []float64{0.7, 1.3}, 1, 0}, {"retro", []float64{1.3, 0.7}, 1, 0}, {"shifted", []float64{0.8, 1.1}, 1.25, 2}} {
		m, _ := Defaults()
		m.ConnID = "asym"
		m.IsAsymFactor, m.IsPeakAsymFact, m.IsMeanAsymFactor = c.f, c.peak, c.shift
		conn, err := Asym1D(&m)
		if err != nil {
			t.Fatal(err)
		}
		got, n, dup := denseOf(conn)
		if dup > 0 {
			t.Errorf("%s: %d entries listed twice", c.name, dup)
		}
		compareDense(t, "asym "+c.name, got, ruleAsym(&m), n)
		if c.name == "defaults" {
			ring, _ := Ring1D(&m)
			want, _, _ := denseOf(ring)
			compareDense(t, "asym defaults vs 1d", got, want, n)
			if conn.NumSynapses() != 96000 {
				t.Errorf("asym defaults: %d synapses, want the 1D network's 96000", conn.NumSynapses())
			}
		}
	}
}

// TestAsymSkew checks the direction of the skew SPEC section 6.4 states:
// with is_asym_factor [1-a, 1+a] ring 1's I->S lobes are wider on their
// + side (more weight at +mu+x than at +mu-x), ring 2 the mirror image.
func TestAsymSkew(t *testing.T) {
	m, _ := Defaults()
	m.ConnID = "asym"
	m.IsAsymFactor = []float64{0.7, 1.3}
	conn, err := Asym1D(&m)
	if err != nil {
		t.Fatal(err)
	}
	M, n, _ := denseOf(conn)
	N := m.NIntrnrn
	w := func(i, k int) float64 { return M[(2*N+i)*n+k] } // interneuron i -> stellate k
	// Interneuron 0 -> ring-1 stellate at +32 +- 6 cells.
	if !(w(0, 38) > w(0, 26)) {
		t.Errorf("ring 1: w(+38) = %g, w(+26) = %g, want the + flank wider", w(0, 38), w(0, 26))
	}
	if !(w(0, N+26) > w(0, N+38)) {
		t.Errorf("ring 2: w(+26) = %g, w(+38) = %g, want the - flank wider", w(0, N+26), w(0, N+38))
	}
}

// TestSmallConfigs compares conn_ids "motif" and "stdn" with their rules
// (SPEC section 6.4), element by element.
func TestSmallConfigs(t *testing.T) {
	m, _ := Defaults()
	m.NStell, m.NIntrnrn, m.SiPeak, m.IsPeak, m.IiPeak = 2, 2, 1.5, 0.5, 0.75
	c, err := Motif(&m)
	if err != nil {
		t.Fatal(err)
	}
	got, n, _ := denseOf(c)
	want := make([]float64, 16)
	set := func(pre, post int, w float64) { want[pre*4+post] = w }
	set(0, 3, 1.5)  // S0 -> I1
	set(1, 2, 1.5)  // S1 -> I0
	set(2, 0, 0.5)  // I0 -> S0
	set(3, 1, 0.5)  // I1 -> S1
	set(2, 3, 0.75) // I0 -> I1
	set(3, 2, 0.75) // I1 -> I0
	compareDense(t, "motif", got, want, n)
	if c.NumSynapses() != 6 {
		t.Errorf("motif: %d synapses, want 6", c.NumSynapses())
	}

	m.NStell, m.NIntrnrn, m.IsPeak = 1, 1, 0 // the Fig 1A specs: no I->S
	c, err = Stdn(&m)
	if err != nil {
		t.Fatal(err)
	}
	got, n, _ = denseOf(c)
	compareDense(t, "stdn", got, []float64{0, 1.5, 0, 0}, n)
	if c.NumSynapses() != 1 {
		t.Errorf("stdn with is_peak 0: %d synapses, want 1 (S0 -> I0)", c.NumSynapses())
	}
}

// TestConnErrors checks the bad-input errors of the configs: each names
// the key and what is expected.
func TestConnErrors(t *testing.T) {
	for _, c := range []struct {
		conn string
		edit func(m *ModelParams)
		want string
	}{
		{"asym", func(m *ModelParams) { m.IsAsymFactor = []float64{1} }, "is_asym_factor has 1 values, want 2"},
		{"asym", func(m *ModelParams) { m.IsAsymFactor = []float64{0, 1} }, "is_asym_factor[0] = 0, want a positive multiplier"},
		{"asym", func(m *ModelParams) { m.IsStdev = -0.1 }, "is_stdev = -0.1, want a positive kernel width"},
		{"asym", func(m *ModelParams) { m.IsMeanAsymFactor = math.Inf(1) }, "is_mean_asym_factor = +Inf, want a finite number"},
		{"motif", func(m *ModelParams) { m.NIntrnrn = 1 }, "want at least 2 of each for conn_id \"motif\""},
		{"stdn", func(m *ModelParams) { m.NStell = 0 }, "want at least 1 of each for conn_id \"stdn\""},
		{"2d", func(m *ModelParams) {}, "N_per_sheet = 192 is not a square"},
		{"ring", func(m *ModelParams) {}, "unknown conn_id \"ring\", want one of"},
	} {
		m, _ := Defaults()
		m.ConnID = c.conn
		c.edit(&m)
		_, err := buildRule(&m)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.conn, err, c.want)
		}
		if err2 := checkConn(&m, nil); (err2 == nil) != (err == nil) {
			t.Errorf("%s: checkConn %v, but building gives %v", c.conn, err2, err)
		}
	}
}

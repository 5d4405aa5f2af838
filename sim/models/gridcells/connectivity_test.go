package gridcells

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim"
)

// readRefMatrix returns the dense matrix M[pre, post] (row-major, float64)
// that the original's 1d_config.py saved for the reference run.
//
// sim/store reads datasets inside a sim_num group only, and the original
// writes its matrix as a root dataset "matrix"; until the store can read
// one (see the package's report), the test asks HDF5's own h5dump for the
// raw little-endian doubles, and skips when h5dump is not installed.
func readRefMatrix(t *testing.T) ([]float64, int) {
	t.Helper()
	p := refdata.Require(t, filepath.Join("gridcellscond", "network_1d", "REF-1D-VDEF", "matrix_1d_REF-1D-VDEF.hdf5"))
	h5dump, err := exec.LookPath("h5dump")
	if err != nil {
		t.Skip("h5dump (hdf5-tools) not installed: cannot read the reference matrix")
	}
	out := filepath.Join(t.TempDir(), "matrix.bin")
	if msg, err := exec.Command(h5dump, "-d", "/matrix", "-b", "LE", "-o", out, p).CombinedOutput(); err != nil {
		t.Fatalf("h5dump: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	n := int(math.Round(math.Sqrt(float64(len(b) / 8))))
	if n*n*8 != len(b) {
		t.Fatalf("matrix of %d bytes is not square", len(b))
	}
	m := make([]float64, n*n)
	for i := range m {
		m[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return m, n
}

// TestRing1DMatchesOriginal compares the sparse 1D connectivity with the
// matrix the original built for the reference run, element by element,
// zeros included.
func TestRing1DMatchesOriginal(t *testing.T) {
	ref, n := readRefMatrix(t)
	m, _ := Defaults()
	c, err := Ring1D(&m)
	if err != nil {
		t.Fatal(err)
	}
	if n != c.NStell+c.NIntrnrn {
		t.Fatalf("reference matrix %dx%d, want %d cells", n, n, c.NStell+c.NIntrnrn)
	}
	got := make([]float64, n*n)
	dup := 0
	c.Each(func(pre, post int, w float64) {
		if got[pre*n+post] != 0 {
			dup++
		}
		got[pre*n+post] = w
	})
	if dup > 0 {
		t.Errorf("%d entries listed twice", dup)
	}
	var maxRel float64
	nz, differ, exact := 0, 0, 0
	for i := range ref {
		r, g := ref[i], got[i]
		if r != 0 {
			nz++
		}
		if (r == 0) != (g == 0) {
			differ++
			if differ < 5 {
				t.Errorf("M[%d, %d] = %g, original %g", i/n, i%n, g, r)
			}
			continue
		}
		if r == g {
			exact++
		} else {
			maxRel = math.Max(maxRel, math.Abs(g-r)/math.Abs(r))
		}
	}
	t.Logf("%d nonzero entries in the original, %d here; %d of %d entries bit-equal, max relative difference %.3g",
		nz, c.NumSynapses(), exact, n*n, maxRel)
	if differ > 0 || nz != c.NumSynapses() {
		t.Errorf("%d entries zero in one matrix only", differ)
	}
	if maxRel > 1e-12 {
		t.Errorf("max relative difference %.3g, want <= 1e-12", maxRel)
	}
}

// TestRing1DCounts checks the numbers SPEC section 6.2 states for the
// default 1D ring.
func TestRing1DCounts(t *testing.T) {
	m, _ := Defaults()
	c, err := Ring1D(&m)
	if err != nil {
		t.Fatal(err)
	}
	if c.SI.Len() != 39552 || c.IS.Len() != 37632 || c.II.Len() != 18816 || c.NumSynapses() != 96000 {
		t.Errorf("synapses S->I %d, I->S %d, I->I %d (%d), want 39552, 37632, 18816 (96000)", c.SI.Len(), c.IS.Len(), c.II.Len(), c.NumSynapses())
	}
	const N = 192
	outSI := make([]int, 2*N)
	sumOutSI := make([]float64, 2*N)
	inSI := make([]float64, N)
	inIS := make([]float64, 2*N)
	nIS := make([]int, 2*N)
	inII := make([]float64, N)
	for k := range c.SI.W {
		outSI[c.SI.Pre[k]]++
		sumOutSI[c.SI.Pre[k]] += c.SI.W[k]
		inSI[c.SI.Post[k]] += c.SI.W[k]
		// Peak offsets: ring 1 at +22 cells, ring 2 at -22.
		if c.SI.W[k] == m.SiPeak {
			d := (c.SI.Post[k] - c.SI.Pre[k]%N + N) % N
			if want := map[bool]int{true: 22, false: N - 22}[c.SI.Pre[k] < N]; d != want {
				t.Errorf("S->I peak from %d to %d: offset %d cells, want %d", c.SI.Pre[k], c.SI.Post[k], d, want)
			}
		}
	}
	for k := range c.IS.W {
		inIS[c.IS.Post[k]] += c.IS.W[k]
		nIS[c.IS.Post[k]]++
		d := (c.IS.Post[k]%N - c.IS.Pre[k] + N) % N
		d = min(d, N-d)
		if d < 8 || d > 56 {
			t.Errorf("I->S synapse at distance %d cells, want 8..56", d)
		}
	}
	for k := range c.II.W {
		inII[c.II.Post[k]] += c.II.W[k]
	}
	for i := 0; i < 2*N; i++ {
		if outSI[i] != 103 || math.Abs(sumOutSI[i]-53.98) > 0.005 || nIS[i] != 98 || math.Abs(inIS[i]-41.67) > 0.005 {
			t.Fatalf("stellate %d: %d S->I synapses (sum %.4f), receives %d I->S (sum %.4f); want 103 (53.98), 98 (41.67)", i, outSI[i], sumOutSI[i], nIS[i], inIS[i])
		}
	}
	for j := 0; j < N; j++ {
		if math.Abs(inSI[j]-107.96) > 0.005 || math.Abs(inII[j]-41.67) > 0.005 {
			t.Fatalf("interneuron %d receives S->I sum %.4f, I->I sum %.4f; want 107.96, 41.67", j, inSI[j], inII[j])
		}
	}
}

// TestRing1DErrors checks that bad 1D parameters are refused with the key.
func TestRing1DErrors(t *testing.T) {
	for _, tc := range []struct {
		edit func(m *ModelParams)
		want string
	}{
		{func(m *ModelParams) { m.IsStdev = 0 }, "is_stdev = 0, want a positive kernel width"},
		{func(m *ModelParams) { m.SiStdev = -0.1 }, "si_stdev = -0.1"},
		{func(m *ModelParams) { m.NPerSheet = 100 }, "N_per_sheet = 100 but N_intrnrn = 192"},
		{func(m *ModelParams) { m.NStell = 100 }, "N_stell = 100, want 2*N_intrnrn = 384"},
		{func(m *ModelParams) { m.IiMean = math.NaN() }, "ii_mean = NaN"},
		{func(m *ModelParams) { m.SiMean = SiMean{Offsets: [][2]float64{{1, 0}}} }, "si_mean is a list"},
	} {
		m, _ := Defaults()
		tc.edit(&m)
		_, err := Ring1D(&m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
}

// TestNetworkWeights checks that the projections carry M*g_max (uS) and
// the 1 ms delay.
func TestNetworkWeights(t *testing.T) {
	m, s := Defaults()
	n, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	gmax := map[string]float64{"S->I": m.SiSynGmax, "I->S": m.IsSynGmax, "I->I": m.IiSynGmax}
	blk := map[string]*Block{"S->I": &n.Conn.SI, "I->S": &n.Conn.IS, "I->I": &n.Conn.II}
	if len(n.Net.Projections) != 3 {
		t.Fatalf("%d projections, want 3", len(n.Net.Projections))
	}
	for _, pr := range n.Net.Projections {
		w := pr.Weight.(sim.Array)
		b := blk[pr.Name]
		for k := range w {
			if want := b.W[k] * gmax[pr.Name] * sim.Microsiemens; w[k] != want {
				t.Fatalf("%s synapse %d: weight %g S, want %g", pr.Name, k, w[k], want)
			}
		}
		if d := pr.Delay.(sim.Const); float64(d) != 1*sim.Millisecond {
			t.Errorf("%s: delay %g s, want 1 ms", pr.Name, float64(d))
		}
	}
}

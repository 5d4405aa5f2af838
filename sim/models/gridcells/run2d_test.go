package gridcells

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/analysis"
	gcmeasures "github.com/golgi-sim/golgi/analysis/gridcells"
	"github.com/golgi-sim/golgi/sim"
)

// fig1C returns the parameters of fig1_2D.py (Fig 1C left: only the east
// sheet released) for sheets of n x n cells, the kernels' radii and
// offsets scaled by scale (1 for the paper's 71 x 71 network).
func fig1C(n int, scale float64, simDurMs float64) (ModelParams, SimParams) {
	m := params2D(n)
	m.IsMean, m.IiMean = 10*scale, 10*scale
	d := 6.25 * scale
	m.SiMean.Offsets = [][2]float64{{d, 0}, {-d, 0}, {0, d}, {0, -d}}
	m.StellConstDC = Amps{0, -4e-3, -4e-3, -4e-3}
	m.IntrnrnDCAmp = 1e-3
	m.StellInitNoise = []float64{1000, 0, 0.5}
	m.IntrnrnInitNoise = []float64{1000, 0, 0.5}
	m.StellNoise = []float64{simDurMs, 0, 0}
	m.IntrnrnNoise = []float64{simDurMs, 0, 0}
	m.InitNoiseSeed, m.NoiseSeed = 5000, 1000
	_, s := Defaults()
	s.SimDur = simDurMs
	return m, s
}

// sheetSnapshot returns the rates (Hz) of the cells lo .. lo+n²-1 of a
// population at t (ms), each train smoothed by a Gaussian of sigma ms
// (the notebook's rates, sigma 100 ms), as an n x n map of bin 1.
func sheetSnapshot(trains [][]float64, lo, n int, tMs, sigmaMs float64) analysis.Map {
	m := analysis.Map{Nx: n, Ny: n, Bin: 1, Values: make([]float64, n*n)}
	for k := 0; k < n*n; k++ {
		r := 0.0
		for _, s := range trains[lo+k] {
			d := (s - tMs) / sigmaMs
			if math.Abs(d) < 5 {
				r += math.Exp(-d*d/2) / (sigmaMs * 1e-3 * math.Sqrt(2*math.Pi))
			}
		}
		m.Values[k] = r
	}
	return m
}

// drift2D returns the displacement (lattice units, x and y) of a sheet's
// pattern from snapshot a to snapshot b: the peak of their circular
// cross-correlation on the torus, refined to a fraction of a cell by a
// parabola through the peak and its neighbours on each axis.
func drift2D(a, b analysis.Map) (float64, float64) {
	n := a.Nx
	corr := func(dx, dy int) float64 {
		c := 0.0
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				c += a.Values[y*n+x] * b.Values[(((y+dy)%n+n)%n)*n+((x+dx)%n+n)%n]
			}
		}
		return c
	}
	best, bx, by := math.Inf(-1), 0, 0
	for dy := -n / 2; dy <= n/2; dy++ {
		for dx := -n / 2; dx <= n/2; dx++ {
			if c := corr(dx, dy); c > best {
				best, bx, by = c, dx, dy
			}
		}
	}
	vertex := func(lo, mid, hi float64) float64 {
		d := lo - 2*mid + hi
		if d >= 0 {
			return 0
		}
		return 0.5 * (lo - hi) / d
	}
	return float64(bx) + vertex(corr(bx-1, by), best, corr(bx+1, by)), float64(by) + vertex(corr(bx, by-1), best, corr(bx, by+1))
}

// TestGrid2DReduced runs a reduced Fig 1C network: sheets of 31 x 31
// cells with the kernels' radii and offsets scaled by 0.4 (is_mean =
// ii_mean = 4, si_mean offsets 2.5; widths 1.05 as in the paper), the
// initial noise shortened to 150 ms, 500 ms in all. The east sheet's
// stellates must form a hexagonal pattern at 450 ms: grid score of the
// snapshot's autocorrelation (rates smoothed by 100 ms, as the notebook)
// above 0.5 with six peaks (SPEC section 15.13 asks > 0.5 at full size),
// and a spacing within 20 % of the full-size 19.65 scaled by 0.4 (a
// hexagonal lattice fits a 31 x 31 torus only approximately). At this
// scale the pattern is pinned by the lattice and does not drift (the
// drift is logged, not checked; TestGrid2DDirection measures the
// direction at 41 x 41, BenchmarkFig1C at full size).
// GOLGI_GRID2D=n,scale,dur,noise,snap explores other sizes.
func TestGrid2DReduced(t *testing.T) {
	if testing.Short() {
		t.Skip("2D network of 4805 cells for 0.5 s: skipped with -short")
	}
	n, scale, durMs, noiseMs, tSnap := 31, 0.4, 500.0, 150.0, 450.0
	if v := os.Getenv("GOLGI_GRID2D"); v != "" { // exploration: n,scale,dur,noise,snap
		var xs []float64
		for _, f := range strings.Split(v, ",") {
			x, _ := strconv.ParseFloat(f, 64)
			xs = append(xs, x)
		}
		n, scale, durMs, noiseMs, tSnap = int(xs[0]), xs[1], xs[2], xs[3], xs[4]
	}
	m, s := fig1C(n, scale, durMs)
	m.StellInitNoise[0], m.IntrnrnInitNoise[0] = noiseMs, noiseMs
	net, err := NewNetwork(m, s)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := net.Run(context.Background(), &sim.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	stell, _ := Trains(res, StellName)
	t.Logf("%d cells, %d synapses, %g ms in %.1f s, stellate rate %.2f Hz", m.NStell+m.NIntrnrn, net.Conn.NumSynapses(), durMs,
		time.Since(start).Seconds(), MeanRate(stell, durMs))
	snap := sheetSnapshot(stell, 0, n, tSnap, 100)
	if os.Getenv("GOLGI_GRID2D") != "" {
		t.Log("\n" + asciiMap(snap))
	}
	ac, err := analysis.Autocorrelation(snap)
	if err != nil {
		t.Fatal(err)
	}
	g, err := analysis.GridScore(ac)
	if err != nil {
		t.Fatal(err)
	}
	if gp, err := analysis.GridScore(periodicAutocorrelation(snap)); err == nil {
		t.Logf("with wrap-around: grid score %.3f, %d peaks, spacing %.2f", gp.Score, gp.Peaks, gp.Spacing)
	}
	t.Logf("east sheet at %g ms: grid score %.3f, %d peaks, spacing %.2f lattice units (full-size paper 19.65 x %g = %.2f)",
		tSnap, g.Score, g.Peaks, g.Spacing, scale, 19.65*scale)
	if g.Score <= 0.5 || g.Peaks != 6 {
		t.Errorf("grid score %.3f with %d peaks, want > 0.5 and 6: no hexagonal pattern", g.Score, g.Peaks)
	}
	if math.Abs(g.Spacing/(19.65*scale)-1) > 0.2 {
		t.Errorf("spacing %.2f lattice units, want %.2f within 20%%", g.Spacing, 19.65*scale)
	}
	if os.Getenv("GOLGI_GRID2D") != "" {
		for t0 := noiseMs + 50; t0+100 <= durMs; t0 += 100 {
			dx, dy := drift2D(sheetSnapshot(stell, 0, n, t0, 50), sheetSnapshot(stell, 0, n, t0+100, 50))
			t.Logf("%g -> %g ms: moved (%+.2f, %+.2f)", t0, t0+100, dx, dy)
		}
	}
	dx, dy := drift2D(sheetSnapshot(stell, 0, n, tSnap-200, 100), sheetSnapshot(stell, 0, n, tSnap, 100))
	t.Logf("pattern moved (%+.2f, %+.2f) lattice units in the 200 ms before %g ms", dx, dy, tSnap)
}

// BenchmarkFig1C runs the full-size Fig 1C network (fig1_2D.py: 4 x 71 x
// 71 stellates, 71 x 71 interneurons, 21.25 M synapses, only the east
// sheet released) on 2 threads for GOLGI_FIG1C_MS ms of biological time
// (default 8000, the paper's snapshot time), build included, and reports
// the wall time per biological second, the heap, the grid score of the
// east sheet 100 ms before the end (rates sigma 100 ms) and the pattern's
// velocity from 1300 ms to 300 ms before the end (lattice units/s,
// gcmeasures.SheetPatternVelocity: maps 20 ms apart, search radius 8). Skipped with -short.
func BenchmarkFig1C(b *testing.B) {
	if testing.Short() {
		b.Skip("about an hour on 2 cores: skipped with -short")
	}
	dur := 8000.0
	if v, err := strconv.ParseFloat(os.Getenv("GOLGI_FIG1C_MS"), 64); err == nil && v > 0 {
		dur = v
	}
	const n = 71
	for b.Loop() {
		m, s := fig1C(n, 1, dur)
		net, err := NewNetwork(m, s)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		last := time.Now()
		res, err := net.Run(context.Background(), &sim.Options{Threads: 2, Progress: func(p sim.Progress) {
			if time.Since(last) > 60*time.Second || p.Done {
				last = time.Now()
				fmt.Fprintf(os.Stderr, "BenchmarkFig1C: %.0f of %.0f ms after %.0f s\n", p.T*1e3, p.Duration*1e3, time.Since(start).Seconds())
			}
		}})
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(time.Since(start).Seconds()/(dur/1000), "s/biological-s")
		b.ReportMetric(float64(ms.HeapSys)/1e6, "heap_sys_MB")
		stell, _ := Trains(res, StellName)
		if dur >= 1500 {
			snap := sheetSnapshot(stell, 0, n, dur-100, 100)
			if ac, err := analysis.Autocorrelation(snap); err == nil {
				if g, err := analysis.GridScore(ac); err == nil {
					b.ReportMetric(g.Score, "grid_score")
					b.ReportMetric(g.Spacing, "grid_spacing")
				}
			}
			if g, err := analysis.GridScore(periodicAutocorrelation(snap)); err == nil {
				b.ReportMetric(g.Score, "grid_score_wrap")
				b.ReportMetric(g.Spacing, "grid_spacing_wrap")
			}
			if out := os.Getenv("GOLGI_FIG1C_OUT"); out != "" {
				var buf strings.Builder
				for g, tr := range stell[:n*n] {
					for _, x := range tr {
						fmt.Fprintf(&buf, "%d,%g\n", g, x)
					}
				}
				if err := os.WriteFile(out, []byte(buf.String()), 0o644); err != nil {
					b.Error(err)
				}
			}
			if pv, err := gcmeasures.SheetPatternVelocity(stell[:n*n], int(dur), n, 100, 1300, int(dur)-300, 20, 8); err == nil {
				b.ReportMetric(pv.VelocityX, "east_per_s")
				b.ReportMetric(pv.VelocityY, "north_per_s")
				b.ReportMetric(pv.DirectionDeg, "direction_deg")
			} else {
				b.Logf("no velocity: %v", err)
			}
			fmt.Fprintf(os.Stderr, "BenchmarkFig1C: east sheet at %g ms:\n%s", dur-100, asciiMap(snap))
		}
		b.ReportMetric(MeanRate(stell, dur), "stell_Hz")
	}
}

// asciiMap draws a map with one character a cell, darker for higher.
func asciiMap(m analysis.Map) string {
	const shades = " .:-=+*#%@"
	hi := 0.0
	for _, v := range m.Values {
		hi = math.Max(hi, v)
	}
	var b strings.Builder
	for y := m.Ny - 1; y >= 0; y-- {
		for x := 0; x < m.Nx; x++ {
			k := 0
			if hi > 0 {
				k = int(m.Values[y*m.Nx+x] / hi * float64(len(shades)-1))
			}
			b.WriteByte(shades[k])
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestGrid2DThreads checks that a 2D network (PerTarget connectivity,
// sheets of 11 x 11, 150 ms with initial noise) gives the same spikes, bit
// for bit, on 1, 2 and 3 threads.
func TestGrid2DThreads(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of a 605-cell network: skipped with -short")
	}
	m, s := fig1C(11, 0.3, 150)
	m.StellInitNoise[0], m.IntrnrnInitNoise[0] = 50, 50
	var ref [][]float64
	for _, threads := range []int{1, 2, 3} {
		net, err := NewNetwork(m, s)
		if err != nil {
			t.Fatal(err)
		}
		res, err := net.Run(context.Background(), &sim.Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := Trains(res, StellName)
		it, _ := Trains(res, IntrnrnName)
		tr = append(tr, it...)
		if threads == 1 {
			ref = tr
			n := 0
			for _, x := range tr {
				n += len(x)
			}
			if n == 0 {
				t.Fatal("no spikes: the test cannot fail")
			}
			continue
		}
		for g := range ref {
			if len(tr[g]) != len(ref[g]) {
				t.Fatalf("%d threads: gid %d has %d spikes, 1 thread %d", threads, g, len(tr[g]), len(ref[g]))
			}
			for k := range ref[g] {
				if tr[g][k] != ref[g][k] {
					t.Fatalf("%d threads: gid %d spike %d at %v ms, 1 thread %v", threads, g, k, tr[g][k], ref[g][k])
				}
			}
		}
	}
}

// periodicAutocorrelation is analysis.Autocorrelation on a torus: the
// Pearson correlation of the map with itself shifted by each lag (dx, dy)
// with wrap-around, over all bins, laid out as analysis.Autocorrelation
// lays out its result ((2n-1)² bins, lag 0 at the centre). The original's
// grid_props_2D correlates its sheets with wrap-around too
// (correlate2d(boundary="wrap")).
func periodicAutocorrelation(m analysis.Map) analysis.Map {
	nx, ny := m.Nx, m.Ny
	ax, ay := 2*nx-1, 2*ny-1
	ac := analysis.Map{Nx: ax, Ny: ay, X0: -(float64(nx) - 0.5) * m.Bin, Y0: -(float64(ny) - 0.5) * m.Bin, Bin: m.Bin,
		Values: make([]float64, ax*ay)}
	mean, vr := 0.0, 0.0
	for _, v := range m.Values {
		mean += v
	}
	mean /= float64(nx * ny)
	for _, v := range m.Values {
		vr += (v - mean) * (v - mean)
	}
	for dy := -(ny - 1); dy < ny; dy++ {
		for dx := -(nx - 1); dx < nx; dx++ {
			c := 0.0
			for j := 0; j < ny; j++ {
				r1 := ((j + dy + ny) % ny) * nx
				for i := 0; i < nx; i++ {
					c += (m.Values[j*nx+i] - mean) * (m.Values[r1+(i+dx+nx)%nx] - mean)
				}
			}
			ac.Values[(dy+ny-1)*ax+dx+nx-1] = c / vr
		}
	}
	return ac
}

// TestGrid2DDirection runs the reduced Fig 1C network twice, with only
// the east sheet released (fig1_2D.py, DC [0, -4e-3, -4e-3, -4e-3]) and
// with only the north sheet released (fig1_2D_right.py, [-4e-3, -4e-3, 0,
// -4e-3]), and measures the motion of the interneuron sheet's pattern
// (gcmeasures.SheetPatternVelocity: rates sigma 100 ms, maps 20 ms apart,
// chains 500 ms apart). SPEC section 15.13: the pattern must move east
// (+x, direction within 30 degrees of 0) and north (+y, within 30 degrees
// of 90), at a speed of at least 1 lattice unit/s and 5 standard errors.
// Sheets of 41 x 41 cells with the kernels' radii and offsets scaled by
// 0.6 (TestGrid2DReduced's 31 x 31 at 0.4 stays pinned to the lattice:
// 0.01 lattice units/s), initial noise 150 ms, 1.4 s in all, measured from
// 350 to 1200 ms; the pattern moves at about 2.4 lattice units/s (east)
// and 1.8 (north), against 7.7 at full size. GOLGI_DIR2D=n,scale,dur,noise
// explores other sizes.
func TestGrid2DDirection(t *testing.T) {
	if testing.Short() {
		t.Skip("two 2D networks: skipped with -short")
	}
	n, scale, durMs, noiseMs := 41, 0.6, 1400.0, 150.0
	if v := os.Getenv("GOLGI_DIR2D"); v != "" {
		var xs []float64
		for _, f := range strings.Split(v, ",") {
			x, _ := strconv.ParseFloat(f, 64)
			xs = append(xs, x)
		}
		n, scale, durMs, noiseMs = int(xs[0]), xs[1], xs[2], xs[3]
	}
	for _, tc := range []struct {
		name     string
		dc       Amps
		wantDeg  float64
		released int
	}{
		{"east", Amps{0, -4e-3, -4e-3, -4e-3}, 0, 0},
		{"north", Amps{-4e-3, -4e-3, 0, -4e-3}, 90, 2},
	} {
		m, s := fig1C(n, scale, durMs)
		m.StellConstDC = tc.dc
		m.StellInitNoise[0], m.IntrnrnInitNoise[0] = noiseMs, noiseMs
		net, err := NewNetwork(m, s)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		res, err := net.Run(context.Background(), &sim.Options{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		stell, _ := Trains(res, StellName)
		in, _ := Trains(res, IntrnrnName)
		radius := 0.4 * 19.65 * scale
		pv, err := gcmeasures.SheetPatternVelocity(in, int(durMs), n, 100, int(noiseMs)+200, int(durMs)-200, 20, radius)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		t.Logf("%s released (%.1f s): interneuron sheet moves (%+.2f ± %.2f, %+.2f ± %.2f) lattice units/s, %.2f at %.1f deg; track alone (%+.2f, %+.2f); longest step %.2f",
			tc.name, time.Since(start).Seconds(), pv.VelocityX, pv.StdErrX, pv.VelocityY, pv.StdErrY, pv.SpeedPerS, pv.DirectionDeg,
			pv.TrackVelocityX, pv.TrackVelocityY, pv.MaxStep)
		if ps, err := gcmeasures.SheetPatternVelocity(stell[tc.released*n*n:(tc.released+1)*n*n], int(durMs), n, 100, int(noiseMs)+200, int(durMs)-200, 20, radius); err == nil {
			t.Logf("%s released: its own stellate sheet moves %.2f lattice units/s at %.1f deg", tc.name, ps.SpeedPerS, ps.DirectionDeg)
		} else {
			t.Logf("%s released: its own stellate sheet: %v", tc.name, err)
		}
		dDeg := math.Mod(pv.DirectionDeg-tc.wantDeg+540, 360) - 180
		se := math.Hypot(pv.StdErrX, pv.StdErrY)
		if math.Abs(dDeg) > 30 || pv.SpeedPerS < 1 || pv.SpeedPerS < 5*se {
			t.Errorf("%s released: pattern moves %.2f ± %.2f lattice units/s at %.1f deg, want towards %g deg (within 30), at least 1 and 5 standard errors",
				tc.name, pv.SpeedPerS, se, pv.DirectionDeg, tc.wantDeg)
		}
	}
}

package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// angDiff returns |a - b| wrapped to [0, pi].
func angDiff(a, b float64) float64 { return math.Abs(math.Remainder(a-b, 2*math.Pi)) }

func TestDecodeRing(t *testing.T) {
	// A von Mises bump of 100 neurons moving at 3 rad/s for 2 s, sampled
	// every 10 ms, with Poisson-like noise on the rates.
	const n = 100
	dt := 0.01
	r := rand.New(rand.NewPCG(5, 6))
	var act [][]float64
	var truth []float64
	for k := 0; k < 200; k++ {
		c := math.Mod(1+3*float64(k)*dt, 2*math.Pi)
		truth = append(truth, c)
		row := make([]float64, n)
		for i := range row {
			th := 2 * math.Pi * float64(i) / n
			row[i] = 40*math.Exp(4*(math.Cos(th-c)-1)) + r.Float64()
		}
		act = append(act, row)
	}
	b, err := DecodeRing(act, nil)
	if err != nil {
		t.Fatal(err)
	}
	bin := 2 * math.Pi / n
	for k := range truth {
		if d := angDiff(b.Pos[k], truth[k]); d > bin {
			t.Fatalf("step %d: decoded %v, true %v (%.2f bins off)", k, b.Pos[k], truth[k], d/bin)
		}
	}
	v, err := BumpVelocity(b.Pos, dt)
	if err != nil || math.Abs(v[50]-3) > 0.5 {
		t.Errorf("velocity %v, %v; want 3 rad/s", v[50], err)
	}
	if d, err := BumpDrift(b.Pos, dt); err != nil || math.Abs(d-3) > 0.05 {
		t.Errorf("drift %v, %v; want 3 rad/s", d, err)
	}
	// Amplitude of a + b cos(theta - pos) is b/2.
	row := make([]float64, n)
	for i := range row {
		row[i] = 5 + 2*math.Cos(2*math.Pi*float64(i)/n-1)
	}
	if b, err := DecodeRing([][]float64{row, make([]float64, n)}, nil); err != nil ||
		math.Abs(b.Amp[0]-1) > 1e-12 || math.Abs(b.Pos[0]-1) > 1e-12 || b.Amp[1] != 0 || !math.IsNaN(b.Pos[1]) {
		t.Errorf("cosine bump and silent step: %+v, %v", b, err)
	}
	if _, err := DecodeRing([][]float64{make([]float64, n)}, nil); !errors.Is(err, ErrNoActivity) {
		t.Errorf("silent: %v", err)
	}
	if _, err := DecodeRing([][]float64{row, row[:3]}, nil); err == nil {
		t.Error("ragged rows: no error")
	}
	if _, err := BumpDrift([]float64{math.NaN(), 1}, 0.1); !errors.Is(err, ErrShortSignal) {
		t.Errorf("one valid position: %v", err)
	}
}

func TestDecodeTorus(t *testing.T) {
	// A Gaussian bump on a 30 x 20 torus moving diagonally across the
	// wrap-around.
	const nx, ny = 30, 20
	var act [][]float64
	var tx, ty []float64
	for k := 0; k < 100; k++ {
		cx := math.Mod(25+0.37*float64(k), nx)
		cy := math.Mod(15+0.21*float64(k), ny)
		tx = append(tx, cx)
		ty = append(ty, cy)
		row := make([]float64, nx*ny)
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				dx := math.Remainder(float64(i)-cx, nx)
				dy := math.Remainder(float64(j)-cy, ny)
				row[j*nx+i] = 30 * math.Exp(-(dx*dx+dy*dy)/(2*2*2))
			}
		}
		act = append(act, row)
	}
	b, err := DecodeTorus(act, nx, ny)
	if err != nil {
		t.Fatal(err)
	}
	for k := range tx {
		gx, gy := b.X[k]*nx/(2*math.Pi), b.Y[k]*ny/(2*math.Pi)
		if math.Abs(math.Remainder(gx-tx[k], nx)) > 1 || math.Abs(math.Remainder(gy-ty[k], ny)) > 1 {
			t.Fatalf("step %d: decoded (%.2f, %.2f), true (%.2f, %.2f)", k, gx, gy, tx[k], ty[k])
		}
	}
	if _, err := DecodeTorus(act, nx, ny+1); err == nil {
		t.Error("wrong size: no error")
	}
	if _, err := DecodeTorus([][]float64{make([]float64, 4)}, 2, 2); !errors.Is(err, ErrNoActivity) {
		t.Errorf("silent: %v", err)
	}
}

func TestUnwrap(t *testing.T) {
	u := Unwrap([]float64{6, 0.2, math.NaN(), 0.5, 6.2})
	want := []float64{6, 0.2 + 2*math.Pi, math.NaN(), 0.5 + 2*math.Pi, 6.2}
	for k := range u {
		if !(math.Abs(u[k]-want[k]) < 1e-12 || math.IsNaN(u[k]) && math.IsNaN(want[k])) {
			t.Errorf("Unwrap = %v, want %v", u, want)
			break
		}
	}
}

// hexMap returns an n x n map of bin b (m) of a hexagonal grid of spacing
// lambda (m) and orientation theta (rad, direction of a lattice vector):
// the sum of three plane waves 60 degrees apart, shifted to be positive.
func hexMap(n int, b, lambda, theta float64) Map {
	k := 4 * math.Pi / (math.Sqrt(3) * lambda)
	m := Map{Nx: n, Ny: n, Bin: b, Values: make([]float64, n*n)}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			x, y := (float64(i)+0.5)*b, (float64(j)+0.5)*b
			var v float64
			for q := 0; q < 3; q++ {
				a := theta + math.Pi/6 + float64(q)*math.Pi/3
				v += math.Cos(k * (x*math.Cos(a) + y*math.Sin(a)))
			}
			m.Values[j*n+i] = v + 1.5
		}
	}
	return m
}

func TestGridScore(t *testing.T) {
	for _, c := range []struct {
		lambda, theta float64
	}{{0.5, 0.2}, {0.4, 0.7}, {0.6, 0.05}} {
		m := hexMap(60, 0.025, c.lambda, c.theta)
		ac, err := Autocorrelation(m)
		if err != nil {
			t.Fatal(err)
		}
		g, err := GridScore(ac)
		if err != nil {
			t.Fatal(err)
		}
		if g.Score < 0.8 || g.Peaks != 6 {
			t.Errorf("hexagonal map %+v: score %v with %d peaks, want > 0.8 and 6", c, g.Score, g.Peaks)
		}
		if math.Abs(g.Spacing-c.lambda)/c.lambda > 0.05 {
			t.Errorf("hexagonal map %+v: spacing %v m", c, g.Spacing)
		}
		if math.Abs(math.Remainder(g.Orientation-c.theta, math.Pi/3)) > 0.05*c.theta {
			t.Errorf("hexagonal map %+v: orientation %v rad", c, g.Orientation)
		}
	}
	// Stripes: rotations by 30 and 150 degrees correlate better than by 60
	// and 120, so the score is negative.
	st := Map{Nx: 50, Ny: 50, Bin: 0.025, Values: make([]float64, 2500)}
	for j := 0; j < 50; j++ {
		for i := 0; i < 50; i++ {
			x, y := float64(i)*0.025, float64(j)*0.025
			st.Values[j*50+i] = 1 + math.Cos(2*math.Pi*(x*math.Cos(0.3)+y*math.Sin(0.3))/0.3)
		}
	}
	ac, _ := Autocorrelation(st)
	if g, err := GridScore(ac); err != nil || g.Score >= 0 {
		t.Errorf("stripes: score %v, %v; want < 0", g.Score, err)
	}
	// Random smooth maps score below 0.1.
	r := rand.New(rand.NewPCG(7, 8))
	for s := 0; s < 5; s++ {
		v := make([]float64, 2500)
		for k := range v {
			v[k] = r.Float64()
		}
		rm := Map{Nx: 50, Ny: 50, Bin: 0.025, Values: smooth2D(v, 50, 50, 2)}
		ac, _ := Autocorrelation(rm)
		if g, err := GridScore(ac); err != nil || g.Score >= 0.1 {
			t.Errorf("random map %d: score %v, %v; want < 0.1", s, g.Score, err)
		}
	}
	if _, err := Autocorrelation(Map{Nx: 3, Ny: 3, Bin: 1, Values: make([]float64, 9)}); err == nil {
		t.Error("tiny map: no error")
	}
	if _, err := Autocorrelation(Map{Nx: 10, Ny: 10, Bin: 1, Values: make([]float64, 100)}); err == nil {
		t.Error("constant map: no error")
	}
}

func TestRateMap(t *testing.T) {
	// A random walk in a 1 m box for 600 s at 50 Hz; the neuron fires
	// with rate 20 Hz within 0.15 m of (0.3, 0.6), at 0 elsewhere.
	r := rand.New(rand.NewPCG(9, 10))
	dt := 0.02
	n := 30000
	x, y := make([]float64, n), make([]float64, n)
	px, py, hd := 0.5, 0.5, 0.0
	var spikes []float64
	for k := range x {
		hd += 0.3 * r.NormFloat64()
		px += 0.2 * dt * math.Cos(hd)
		py += 0.2 * dt * math.Sin(hd)
		if px < 0 || px > 1 {
			px = math.Max(0, math.Min(1, px))
			hd = math.Pi - hd
		}
		if py < 0 || py > 1 {
			py = math.Max(0, math.Min(1, py))
			hd = -hd
		}
		x[k], y[k] = px, py
		if math.Hypot(px-0.3, py-0.6) < 0.15 && r.Float64() < 20*dt {
			spikes = append(spikes, float64(k)*dt)
		}
	}
	m, err := RateMap(x, y, 0, dt, spikes, &RateMapOptions{Bin: 0.05, Sigma: -1, XMin: 0, XMax: 1, YMin: 0, YMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.Nx != 20 || m.Ny != 20 {
		t.Fatalf("%d x %d bins, want 20 x 20", m.Nx, m.Ny)
	}
	in, ok := m.At(6, 12) // centre (0.325, 0.625)
	out, ok2 := m.At(16, 3)
	if !ok || !ok2 || math.Abs(in-20) > 4 || out != 0 {
		t.Errorf("rate in the field %v (%v), outside %v (%v); want 20 and 0 Hz", in, ok, out, ok2)
	}
	// Smoothing by one bin lowers the peak a little.
	sm, err := RateMap(x, y, 0, dt, spikes, &RateMapOptions{Bin: 0.05, MinOccupancy: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := sm.At(6, 12); !ok || v < 10 || v > 25 {
		t.Errorf("smoothed rate in the field %v (valid %v)", v, ok)
	}
	// An occupancy threshold above what any bin got leaves none valid.
	none, _ := RateMap(x, y, 0, dt, nil, &RateMapOptions{MinOccupancy: 1e6})
	for _, ok := range none.Valid {
		if ok {
			t.Fatal("a bin is valid above the occupancy threshold")
		}
	}
	if _, err := RateMap(x, y[:10], 0, dt, nil, nil); err == nil {
		t.Error("mismatched positions: no error")
	}
}

func TestGridFromTrajectory(t *testing.T) {
	// A grid cell (spacing 40 cm, axes at 12 degrees) recorded along a
	// 20-minute random walk in a 1 m box: rate map, autocorrelogram,
	// score, spacing and orientation end to end.
	r := rand.New(rand.NewPCG(11, 12))
	dt := 0.02
	n := 60000
	lambda, theta := 0.4, 12*math.Pi/180
	k := 4 * math.Pi / (math.Sqrt(3) * lambda)
	x, y := make([]float64, n), make([]float64, n)
	px, py, hd := 0.5, 0.5, 0.0
	var spikes []float64
	for i := range x {
		hd += 0.3 * r.NormFloat64()
		px += 0.25 * dt * math.Cos(hd)
		py += 0.25 * dt * math.Sin(hd)
		if px < 0 || px > 1 {
			px = math.Max(0, math.Min(1, px))
			hd = math.Pi - hd
		}
		if py < 0 || py > 1 {
			py = math.Max(0, math.Min(1, py))
			hd = -hd
		}
		x[i], y[i] = px, py
		var v float64
		for q := 0; q < 3; q++ {
			a := theta + math.Pi/6 + float64(q)*math.Pi/3
			v += math.Cos(k * (px*math.Cos(a) + py*math.Sin(a)))
		}
		rate := 15 * math.Max(0, v+1.5) / 4.5 // peaks of 15 Hz
		if r.Float64() < rate*dt {
			spikes = append(spikes, float64(i)*dt)
		}
	}
	m, err := RateMap(x, y, 0, dt, spikes, &RateMapOptions{XMax: 1, YMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	ac, err := Autocorrelation(m)
	if err != nil {
		t.Fatal(err)
	}
	g, err := GridScore(ac)
	if err != nil {
		t.Fatal(err)
	}
	if g.Score < 0.8 || math.Abs(g.Spacing-lambda)/lambda > 0.05 || math.Abs(math.Remainder(g.Orientation-theta, math.Pi/3)) > 0.05*theta {
		t.Errorf("grid cell from a trajectory: score %.2f, spacing %.3f m, orientation %.1f deg; want > 0.8, 0.4 m, 12 deg",
			g.Score, g.Spacing, g.Orientation*180/math.Pi)
	}
}

package gridcells_test

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis/gridcells"
)

// bumps returns spike trains (ms) of two rings of 192 cells whose three
// bumps move at omega rad/s of pattern phase.
func bumps(omega float64, durMs int) [][]float64 {
	tr := make([][]float64, 384)
	for c := range tr {
		phi := 2 * math.Pi * float64(c%192) / 64
		for t := 0; t < durMs; t++ {
			if math.Cos(phi-omega*float64(t)/1000) > 0.6 && (t+7*c)%20 == 0 {
				tr[c] = append(tr[c], float64(t)+0.5)
			}
		}
	}
	return tr
}

func ExampleRingCode_SpeedOfNetwork() {
	// The decoded position is slightly pulled at both ends of the run,
	// where the 'same' convolution loses half of its window.
	stell := bumps(4, 4000)
	rc := gridcells.RingCode{NPerSheet: 192, NPhases: 64}
	v, err := rc.SpeedOfNetwork(stell, 4000, 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f rad/s, %.1f cells/s\n", v, rc.CellsPerSecond(v))
	// Output: 3.98 rad/s, 40.5 cells/s
}

func ExampleGridScaleNeurons() {
	ring1 := bumps(4, 2000)[:192]
	spacing, _ := gridcells.GridScaleNeurons(ring1, 2000, 100, 3)
	size, _ := gridcells.GridFieldSizesNeurons(ring1, 2000, 100, 3, gridcells.SimpsonCartwright)
	fmt.Printf("bump spacing %.0f cells (%d bumps), bump size %.0f cells\n", spacing, int(math.Round(192/spacing)), size)
	// Output: bump spacing 64 cells (3 bumps), bump size 19 cells
}

func ExampleGridProps2D() {
	// A hexagonal rate map, peaks 12 cells apart, one axis along x.
	const n = 41
	m := make([][]float64, n)
	k := 4 * math.Pi / (math.Sqrt(3) * 12)
	for y := range m {
		m[y] = make([]float64, n)
		for x := range m[y] {
			s := 0.0
			for i := 0; i < 3; i++ {
				th := math.Pi/6 + float64(i)*math.Pi/3
				s += math.Cos(k * (math.Cos(th)*float64(x) + math.Sin(th)*float64(y)))
			}
			m[y][x] = math.Exp(2 * (s - 3))
		}
	}
	gp, err := gridcells.GridProps2D(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("grid score %.2f, scale %.1f, orientation mod 60: %.0f deg\n",
		gp.Score, gp.Scale, math.Mod(gp.OrientationDeg, 60))
	// Output: grid score 0.83, scale 12.0, orientation mod 60: 1 deg
}

func ExampleDetrendedFFT() {
	// 2 s of a 7.5 Hz oscillation on a drifting baseline, 0.1 ms samples.
	const dt = 0.1e-3
	v := make([]float64, 20000)
	for i := range v {
		t := float64(i) * dt
		v[i] = -53 + 0.5*t + 0.8*math.Sin(2*math.Pi*7.5*t)
	}
	s, _ := gridcells.DetrendedFFT(v, dt)
	f, _ := s.PeakBin(1, 150)
	fmt.Printf("peak %.2f Hz (bins of %.1f Hz)\n", f, s.Freq[1])
	// Output: peak 7.50 Hz (bins of 0.5 Hz)
}

func ExampleStellateLead() {
	// The stellate code leads the interneuron code by 0.2 rad in the
	// direction of motion: + before 1000 ms, - after.
	in, st := make([]float64, 2000), make([]float64, 2000)
	for t := range in {
		th, lead := 0.003*float64(t), 0.2
		if t >= 1000 {
			th, lead = 3-0.003*float64(t-1000), -0.2
		}
		in[t] = math.Mod(th+2*math.Pi, 2*math.Pi)
		st[t] = math.Mod(th+lead+2*math.Pi, 2*math.Pi)
	}
	b, _ := gridcells.StellateLead(st, in, 2*math.Pi, gridcells.PredWindows{DirChangeMs: 1000, EndMs: 2000})
	fmt.Printf("bias %.2f rad (%.1f %% of 2 pi)\n", b, 100*b/(2*math.Pi))
	// Output: bias 0.20 rad (3.2 % of 2 pi)
}

func ExamplePatternShift2D() {
	// A lattice of fields on a 41 x 41 torus (rows run south, as in
	// SheetRateMap), then the same lattice moved 1.3 cells east and 0.4
	// south.
	lattice := func(dx, dy float64) [][]float64 {
		const n = 41
		m := make([][]float64, n)
		for r := range m {
			m[r] = make([]float64, n)
			y := float64(n - 1 - r)
			for x := range m[r] {
				s := 0.0
				for _, k := range [][2]float64{{4, 0}, {-2, 3}, {-2, -3}} {
					s += math.Cos(2 * math.Pi * (k[0]*(float64(x)-dx) + k[1]*(y-dy)) / n)
				}
				m[r][x] = math.Exp(s)
			}
		}
		return m
	}
	dx, dy, err := gridcells.PatternShift2D(lattice(0, 0), lattice(1.3, -0.4), 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("moved %.2f east, %.2f north\n", dx, dy)
	// Output: moved 1.30 east, -0.40 north
}

// The theta envelope of Fig 3: an 8 Hz oscillation whose amplitude grows
// from 1 to 2 mV over 10 s, sampled every 1 ms.
func ExampleThetaEnvelope() {
	x := make([]float64, 10000)
	for i := range x {
		s := float64(i) / 1000
		x[i] = (1 + s/10) * math.Sin(2*math.Pi*8*s)
	}
	env, _ := gridcells.ThetaEnvelope(x, 1, 4, 11, 3)
	fmt.Printf("at 2.5 s %.1f mV, at 7.5 s %.1f mV\n", env[2500], env[7500])
	// Output:
	// at 2.5 s 1.2 mV, at 7.5 s 1.7 mV
}

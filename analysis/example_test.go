package analysis_test

import (
	"fmt"
	"math"

	"github.com/golgi-sim/golgi/analysis"
)

func ExamplePopulationRate() {
	// Two neurons; spikes of both, in seconds.
	times := []float64{0.01, 0.02, 0.03, 0.12, 0.15}
	r, err := analysis.PopulationRate(times, 2, 0, 0.2, 0.1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Times(), r.Hz)
	// Output: [0.05 0.15000000000000002] [15 10]
}

func ExampleCV() {
	regular := []float64{0.1, 0.2, 0.3, 0.4}
	cv, _ := analysis.CV(regular)
	lv, _ := analysis.LV(regular)
	fmt.Printf("CV %.2f, LV %.2f\n", cv, lv)
	_, err := analysis.CV([]float64{0.1})
	fmt.Println(err)
	// Output:
	// CV 0.00, LV 0.00
	// analysis: too few spikes
}

func ExampleCrossCorrelogram() {
	ref := []float64{0.100, 0.200, 0.300}
	target := []float64{0.102, 0.202, 0.302}
	h, _ := analysis.CrossCorrelogram(ref, target, 0.003, 0.001)
	for k, c := range h.Centres() {
		fmt.Printf("%+.0f ms: %v\n", c*1e3, h.Counts[k])
	}
	// Output:
	// -3 ms: 0
	// -2 ms: 0
	// -1 ms: 0
	// +0 ms: 0
	// +1 ms: 0
	// +2 ms: 3
	// +3 ms: 0
}

func ExampleWelch() {
	// 4 s of a 10 Hz sine of amplitude 2 sampled at 1 kHz.
	dt := 1e-3
	x := make([]float64, 4000)
	for k := range x {
		x[k] = 2 * math.Sin(2*math.Pi*10*float64(k)*dt)
	}
	psd, _ := analysis.Welch(x, dt, &analysis.WelchOptions{Segment: 1})
	power, _ := analysis.BandPower(psd, 8, 12)
	peak, _, _ := analysis.PeakFrequency(x, dt, 1, 100, &analysis.WelchOptions{Segment: 1})
	fmt.Printf("resolution %.0f Hz, power in 8-12 Hz %.2f (a^2/2 = 2), peak %.1f Hz\n", psd.Df(), power, peak)
	// Output: resolution 1 Hz, power in 8-12 Hz 2.00 (a^2/2 = 2), peak 10.0 Hz
}

func ExamplePhaseAmplitude() {
	// A 5 Hz cosine of amplitude 3 over whole periods.
	x := make([]float64, 200)
	for k := range x {
		x[k] = 3 * math.Cos(2*math.Pi*5*float64(k)/200)
	}
	phase, amp, _ := analysis.PhaseAmplitude(x)
	fmt.Printf("amplitude %.2f, phase at sample 10: %.3f rad\n", amp[10], phase[10])
	// Output: amplitude 3.00, phase at sample 10: 1.571 rad
}

func ExampleDecodeRing() {
	// One time step of a cosine bump centred on neuron 2 of 8.
	row := make([]float64, 8)
	for i := range row {
		row[i] = 1 + math.Cos(2*math.Pi*float64(i-2)/8)
	}
	b, _ := analysis.DecodeRing([][]float64{row}, nil)
	fmt.Printf("neuron %.1f, amplitude %.2f\n", b.Pos[0]*8/(2*math.Pi), b.Amp[0])
	// Output: neuron 2.0, amplitude 0.50
}

func ExampleGridScore() {
	// A hexagonal map (40 x 40 bins of 2.5 cm, spacing 40 cm, axes at
	// 10 degrees from the x axis).
	m := analysis.Map{Nx: 40, Ny: 40, Bin: 0.025, Values: make([]float64, 1600)}
	k := 4 * math.Pi / (math.Sqrt(3) * 0.4)
	for j := 0; j < 40; j++ {
		for i := 0; i < 40; i++ {
			x, y := float64(i)*0.025, float64(j)*0.025
			for q := 0.0; q < 3; q++ {
				a := (10 + 30 + 60*q) * math.Pi / 180
				m.Values[j*40+i] += math.Cos(k * (x*math.Cos(a) + y*math.Sin(a)))
			}
		}
	}
	ac, _ := analysis.Autocorrelation(m)
	g, _ := analysis.GridScore(ac)
	fmt.Printf("score %.1f, spacing %.0f cm, orientation %.0f deg\n", g.Score, g.Spacing*100, g.Orientation*180/math.Pi)
	// Output: score 1.6, spacing 40 cm, orientation 10 deg
}

func ExampleLineSourceLFP() {
	// 1 nA spread along 100 um, seen from 50 um off its middle.
	seg := []analysis.LineSource{{Start: analysis.Vec3{0, 0, -50e-6}, End: analysis.Vec3{0, 0, 50e-6}}}
	phi, _ := analysis.LineSourceLFP([]analysis.Vec3{{50e-6, 0, 0}}, seg, [][]float64{{1e-9}}, nil)
	fmt.Printf("%.2f uV\n", phi[0][0]*1e6)
	// Output: 4.67 uV
}

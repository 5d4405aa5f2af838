package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
)

// TestPlayedCurrentInterpolation checks the value played at a time against
// NEURON's VecPlayContinuous::interpolate: hold before the first sample,
// linear interpolation inside, linear extrapolation from the last two
// samples after the last, and the IClamp window [Start, Stop).
func TestPlayedCurrentInterpolation(t *testing.T) {
	pop := &Population{Name: "p", N: 1}
	explicit := &PlayedCurrent{Target: pop, Times: []float64{1, 2, 4}, Samples: [][]float32{{10, 20, 0}}}
	uniform := &PlayedCurrent{Target: pop, Start0: 1, Interval: 0.5, Samples: [][]float32{{10, 20, 0, 4}}}
	single := &PlayedCurrent{Target: pop, Times: []float64{3}, Samples: [][]float32{{7}}}
	window := &PlayedCurrent{Target: pop, Start0: 0, Interval: 1, Samples: [][]float32{{1, 3}}, Unit: 2, Start: 0.5, Stop: 1.5}
	gen := &PlayedCurrent{Target: pop, Start0: 0, Interval: 1, NumWaves: 1, NumSamples: 1000,
		Generate: func(w, j0 int, dst []float32) {
			for j := range dst {
				dst[j] = float32(j0 + j) // x(t) = t
			}
		}}
	for _, tc := range []struct {
		name string
		c    *PlayedCurrent
		t    float64
		want float64
	}{
		{"before first holds", explicit, 0.25, 10},
		{"at first", explicit, 1, 10},
		{"inside", explicit, 1.25, 12.5},
		{"on a sample", explicit, 2, 20},
		{"uneven spacing", explicit, 3.5, 5},
		{"at last", explicit, 4, 0},
		{"after last extrapolates", explicit, 5, -10},
		{"uniform inside", uniform, 1.25, 15},
		{"uniform last interval", uniform, 2.25, 2},
		{"uniform falling", uniform, 1.75, 10},
		{"uniform after last", uniform, 3, 8},
		{"uniform before first", uniform, 0.5, 10},
		{"before Start nothing flows", uniform, -1, 0},
		{"single sample before", single, 1, 7},
		{"single sample after", single, 10, 7},
		{"window before Start", window, 0.25, 0},
		{"window inside, times Unit", window, 0.75, 2 * 2.5},
		{"window extrapolates", window, 1.25, 2 * 3.5},
		{"window at Stop", window, 1.5, 0},
		{"generated first block", gen, 10.5, 10.5},
		{"generated later block", gen, 700.25, 700.25},
		{"generated earlier again", gen, 3.5, 3.5},
		{"generated extrapolates", gen, 1000.5, 1000.5},
	} {
		p := newPlayedInst(tc.c, []int{0}, []int{1}, nil)
		iext := []float64{0}
		p.add(iext, tc.t, 0)
		if math.Abs(iext[0]-tc.want) > 1e-12*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("%s: value at t = %g is %g, want %g", tc.name, tc.t, iext[0], tc.want)
		}
	}
}

// capacitor is a cell with no channels: C dv/dt = I/area, so each step's
// injected current can be read back from v.
func capacitor(t testing.TB) *channels.Cell {
	t.Helper()
	c := &channels.Cell{Name: "capacitor", CmUFcm2: 1, AreaUm2: 100, ThresholdMV: 1e9, VInitMV: 0}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// currentsFromV returns the injected current (nA) of each step from a v
// trace (V) recorded every step of a capacitor cell: NEURON's implicit step
// gives v_{n+1} - v_n = I mfact / cfac.
func currentsFromV(v []float64, dtMs float64) []float64 {
	mfact := channels.PointToDensity(100)
	cfac := 0.001 / dtMs
	out := make([]float64, len(v)-1)
	for n := range out {
		out[n] = (v[n+1] - v[n]) / Millivolt * cfac / mfact
	}
	return out
}

// TestPlayedCurrentThroughEngine plays waveforms into capacitor cells and
// reads back the current of every step: the mean of the two samples around
// the middle of the step (samples on the step grid, as GridCellsCond's
// noise), the half-step extrapolation in the last step of the grid, nothing
// after Stop. Stored and generated waveforms, shared through Wave, give the
// same bits for 1, 2 and 3 threads.
func TestPlayedCurrentThroughEngine(t *testing.T) {
	const (
		dtMs  = 0.025
		nSamp = 700 // more than a generated block
		steps = 800
	)
	dt := dtMs * Millisecond
	wave := func(w, j int) float32 { return float32(math.Sin(float64(j)*0.37+float64(w))) * float32(w+1) }
	samples := make([][]float32, 2)
	for w := range samples {
		samples[w] = make([]float32, nSamp)
		for j := range samples[w] {
			samples[w][j] = wave(w, j)
		}
	}
	neurons := []int{4, 0, 2}
	mapping := []int32{1, 0, 1}
	stop := float64(nSamp) * dt
	var ref [][]float64
	for _, generated := range []bool{false, true} {
		for _, threads := range []int{1, 2, 3} {
			net := &Network{Dt: dt}
			pop := net.AddPopulation("c", 5, &ConductanceCell{Cell: capacitor(t)})
			pc := &PlayedCurrent{Name: "noise", Target: pop, Neurons: neurons, Wave: mapping,
				Start0: 0, Interval: dt, Unit: Nanoamp, Stop: stop}
			if generated {
				pc.NumWaves, pc.NumSamples = 2, nSamp
				pc.Generate = func(w, j0 int, dst []float32) {
					for j := range dst {
						dst[j] = wave(w, j0+j)
					}
				}
			} else {
				pc.Samples = samples
			}
			net.Add(pc)
			net.Record(&StateRecorder{Population: pop, Variable: "v"})
			res, err := Run(context.Background(), net, steps*dt, &Options{Threads: threads})
			if err != nil {
				t.Fatal(err)
			}
			vals := res.Traces[0].Values
			if ref == nil {
				ref = vals
				for k, i := range neurons {
					got := currentsFromV(vals[i], dtMs)
					w := mapping[k]
					for n, g := range got {
						var want float64
						switch {
						case n < nSamp-1:
							want = (float64(samples[w][n]) + float64(samples[w][n+1])) / 2
						case n == nSamp-1: // half a step past the last sample
							x0, x1 := float64(samples[w][n-1]), float64(samples[w][n])
							want = x1 + (x1-x0)/2
						}
						if math.Abs(g-want) > 1e-9 {
							t.Fatalf("neuron %d step %d: current %.12g nA, want %.12g", i, n, g, want)
						}
					}
				}
				for _, i := range []int{1, 3} {
					if vals[i][steps] != 0 {
						t.Errorf("neuron %d receives no waveform but v = %g", i, vals[i][steps])
					}
				}
				continue
			}
			for i := range vals {
				for n := range vals[i] {
					if vals[i][n] != ref[i][n] {
						t.Fatalf("generated %v, %d threads: neuron %d sample %d: v = %v, want %v (stored, 1 thread)", generated, threads, i, n, vals[i][n], ref[i][n])
					}
				}
			}
		}
	}
}

// TestPlayedCurrentValidation checks that each invalid field is reported
// with the stimulus and the field.
func TestPlayedCurrentValidation(t *testing.T) {
	gen := func(int, int, []float32) {}
	for _, tc := range []struct {
		name string
		edit func(c *PlayedCurrent)
		want string
	}{
		{"no waveform", func(c *PlayedCurrent) { c.Samples = nil }, "want Samples or Generate"},
		{"both", func(c *PlayedCurrent) { c.Generate = gen }, "both Samples and Generate"},
		{"short waveform", func(c *PlayedCurrent) { c.Samples[1] = c.Samples[1][:2] }, "Samples[1] has 2 values, want 3"},
		{"NaN sample", func(c *PlayedCurrent) { c.Samples[0][1] = float32(math.NaN()) }, "Samples[0][1] = NaN"},
		{"Inf sample", func(c *PlayedCurrent) { c.Samples[0][2] = float32(math.Inf(1)) }, "want finite values"},
		{"times not increasing", func(c *PlayedCurrent) { c.Times = []float64{0, 2, 2} }, "Times[2] = 2 s after Times[1] = 2 s, want strictly increasing"},
		{"NaN time", func(c *PlayedCurrent) { c.Times = []float64{0, math.NaN(), 2} }, "Times[1] = NaN"},
		{"times and grid", func(c *PlayedCurrent) { c.Interval = 1 }, "both Times and a uniform grid"},
		{"no grid", func(c *PlayedCurrent) { c.Times = nil }, "Interval = 0 s, want a positive sample spacing"},
		{"waveform count", func(c *PlayedCurrent) { c.Samples = c.Samples[:1] }, "1 waveforms for 2 receiving neurons"},
		{"Wave length", func(c *PlayedCurrent) { c.Wave = []int32{0} }, "Wave has 1 entries for 2 receiving neurons"},
		{"Wave index", func(c *PlayedCurrent) { c.Wave = []int32{0, 2} }, "Wave[1] = 2, want a waveform index in [0, 2)"},
		{"neuron index", func(c *PlayedCurrent) { c.Neurons = []int{0, 3} }, "neuron index 3 outside population"},
		{"window", func(c *PlayedCurrent) { c.Start, c.Stop = 2, 1 }, "want 0 <= Start <= Stop"},
		{"unit", func(c *PlayedCurrent) { c.Unit = -1 }, "Unit = -1 A"},
		{"generated without sizes", func(c *PlayedCurrent) { c.Samples, c.Generate = nil, gen }, "NumWaves = 0 with Generate"},
	} {
		net := &Network{Dt: 0.025 * Millisecond}
		pop := net.AddPopulation("cells", 3, &ConductanceCell{Cell: capacitor(t)})
		c := &PlayedCurrent{Name: "drive", Target: pop, Neurons: []int{0, 2}, Times: []float64{0, 1, 2},
			Samples: [][]float32{{1, 2, 3}, {4, 5, 6}}}
		tc.edit(c)
		net.Add(c)
		err := net.Validate()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), `PlayedCurrent "drive" on cells`) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want it to name the stimulus and contain %q", tc.name, err, tc.want)
		}
	}
	// A model without injected current.
	net := &Network{}
	src := net.AddPopulation("src", 1, &SpikeTimes{Times: [][]float64{{0}}})
	net.Add(&PlayedCurrent{Name: "x", Target: src, Times: []float64{0}, Samples: [][]float32{{1}}})
	if err := net.Validate(); err == nil || !strings.Contains(err.Error(), "takes no injected current") {
		t.Errorf("spike source: error %v, want one saying it takes no injected current", err)
	}
}

// ExamplePlayedCurrent plays a current ramp, sampled every millisecond,
// into a cell that is a bare capacitor, and prints the current of some
// steps as read back from its potential: samples are interpolated at the
// middle of each step and, past the last sample, extrapolated.
func ExamplePlayedCurrent() {
	net := &Network{Dt: 0.5 * Millisecond}
	cell := &channels.Cell{Name: "capacitor", CmUFcm2: 1, AreaUm2: 100, ThresholdMV: 1e9}
	pop := net.AddPopulation("c", 1, &ConductanceCell{Cell: cell})
	net.Add(&PlayedCurrent{
		Name:     "ramp",
		Target:   pop,
		Start0:   0,
		Interval: 1 * Millisecond,
		Samples:  [][]float32{{0, 0.1, 0.2}}, // nA at 0, 1, 2 ms
		Unit:     Nanoamp,
	})
	net.Record(&StateRecorder{Population: pop, Variable: "v"})
	res, err := Run(context.Background(), net, 4*Millisecond, &Options{Threads: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for n, i := range currentsFromV(res.Traces[0].Values[0], 0.5) {
		fmt.Printf("t = %.2f ms: %.3f nA\n", (float64(n)+0.5)*0.5, i)
	}
	// Output:
	// t = 0.25 ms: 0.025 nA
	// t = 0.75 ms: 0.075 nA
	// t = 1.25 ms: 0.125 nA
	// t = 1.75 ms: 0.175 nA
	// t = 2.25 ms: 0.225 nA
	// t = 2.75 ms: 0.275 nA
	// t = 3.25 ms: 0.325 nA
	// t = 3.75 ms: 0.375 nA
}

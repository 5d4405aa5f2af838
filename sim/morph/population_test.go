package morph_test

import (
	"math"
	"sync"
	"testing"

	"github.com/golgi-sim/golgi/sim/channels"
	"github.com/golgi-sim/golgi/sim/morph"
)

// ringCell is the ball-and-stick cell of NEURON's ring tutorial
// (shared/ref/README.md): hh soma with rate tables, 200 um passive
// dendrite of 11 segments, ExpSyn (tau 2 ms, e 0) at dend(0.5).
func ringCell(t testing.TB) *morph.Cell {
	hh, err := channels.HH(6.3, channels.Tabulated)
	if err != nil {
		t.Fatal(err)
	}
	pas, err := channels.NewLeak("pas", 0.001, -65)
	if err != nil {
		t.Fatal(err)
	}
	m := morph.BallAndStick(12.6157, 200, 1)
	m.Sections[1].Nseg = 11
	return &morph.Cell{Name: "ballstick", Morphology: m, RaOhmCm: 100, CmUFcm2: 1,
		Mechanisms: []morph.Mechanism{
			{Name: "hh", Where: morph.Region(morph.Soma), Channels: morph.Uniform(hh.Channels...)},
			{Name: "pas", Where: morph.Region(morph.Basal), Channels: morph.Uniform(pas)}},
		Synapses:    []morph.Synapse{{Name: "syn", At: morph.At("dend", 0.5), Tau2Ms: 2, EMV: 0}},
		ThresholdMV: 10, VInitMV: -65}
}

// drive gives cell k of n its own injected current and synaptic events, so
// that every cell follows its own trajectory.
func drive(n, step int, ina []float64, ev [][]float64) {
	for k := 0; k < n; k++ {
		ina[k] = 0.02 * float64(k%7)
		if step == 40+k%13 {
			ev[0][k] = 0.005 * float64(1+k%5)
		}
	}
}

// TestPopulationPartitions steps 70 cells (two full blocks and a partial
// one) whole, in uneven ranges from concurrent goroutines, and one cell per
// population, and requires bit-identical potentials, gates and spikes.
func TestPopulationPartitions(t *testing.T) {
	const n, steps, dt = 70, 800, 0.025
	type result struct {
		v      [][]float64
		spikes [][]int
	}
	simulate := func(ranges [][2]int, concurrent bool) result {
		p, err := morph.NewPopulation(ringCell(t), n)
		if err != nil {
			t.Fatal(err)
		}
		ina := make([]float64, n)
		ev := [][]float64{make([]float64, n)}
		res := result{spikes: make([][]int, steps)}
		bufs := make([][]int, len(ranges))
		for s := 0; s < steps; s++ {
			drive(n, s, ina, ev)
			in := morph.Input{INA: ina, Events: ev}
			var wg sync.WaitGroup
			for k, r := range ranges {
				f := func(k int, r [2]int) {
					bufs[k] = p.Step(r[0], r[1], float64(s)*dt, dt, in, bufs[k][:0])
				}
				if concurrent {
					wg.Add(1)
					go func() { defer wg.Done(); f(k, r) }()
				} else {
					f(k, r)
				}
			}
			wg.Wait()
			for k := range ranges {
				res.spikes[s] = append(res.spikes[s], bufs[k]...)
			}
		}
		for i := 0; i < p.Nodes(); i++ {
			row := make([]float64, n)
			p.ReadV(i, 0, n, row)
			res.v = append(res.v, row)
		}
		return res
	}
	whole := simulate([][2]int{{0, n}}, false)
	split := simulate([][2]int{{0, 5}, {5, 31}, {31, 32}, {32, 64}, {64, 70}}, true)
	fired := 0
	for s := range whole.spikes {
		fired += len(whole.spikes[s])
		if len(whole.spikes[s]) != len(split.spikes[s]) {
			t.Fatalf("step %d: spikes %v and %v", s, whole.spikes[s], split.spikes[s])
		}
		for k := range whole.spikes[s] {
			if whole.spikes[s][k] != split.spikes[s][k] {
				t.Fatalf("step %d: spikes %v and %v", s, whole.spikes[s], split.spikes[s])
			}
		}
	}
	if fired < n/2 {
		t.Errorf("only %d spikes: the test drive is too weak", fired)
	}
	for i := range whole.v {
		for k := range whole.v[i] {
			if math.Float64bits(whole.v[i][k]) != math.Float64bits(split.v[i][k]) {
				t.Fatalf("node %d cell %d: %v and %v", i, k, whole.v[i][k], split.v[i][k])
			}
		}
	}
	// Each cell alone: the same bits.
	for _, k := range []int{0, 31, 33, 69} {
		p, _ := morph.NewPopulation(ringCell(t), 1)
		ina := make([]float64, n)
		ev := [][]float64{make([]float64, n)}
		var buf []int
		for s := 0; s < steps; s++ {
			drive(n, s, ina, ev)
			buf = p.Step(0, 1, float64(s)*dt, dt, morph.Input{INA: ina[k : k+1], Events: [][]float64{ev[0][k : k+1]}}, buf[:0])
			ev[0][k] = 0
		}
		for i := range whole.v {
			if math.Float64bits(p.V(i, 0)) != math.Float64bits(whole.v[i][k]) {
				t.Fatalf("cell %d alone: node %d %v, in the population %v", k, i, p.V(i, 0), whole.v[i][k])
			}
		}
	}
	t.Logf("%d spikes, identical for every partition", fired)
}

// TestStepAllocations requires Step to allocate nothing.
func TestStepAllocations(t *testing.T) {
	p, err := morph.NewPopulation(ringCell(t), 100)
	if err != nil {
		t.Fatal(err)
	}
	ina := make([]float64, 100)
	ev := [][]float64{make([]float64, 100)}
	buf := make([]int, 0, 100)
	s := 0
	allocs := testing.AllocsPerRun(200, func() {
		ev[0][s%100] = 0.02
		buf = p.Step(0, 100, float64(s)*0.025, 0.025, morph.Input{INA: ina, Events: ev}, buf[:0])
		buf = p.Step(3, 41, float64(s)*0.025, 0.025, morph.Input{INA: ina, Events: ev}, buf[:0])
		s++
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per step", allocs)
	}
}

// TestVectorKernelsBitIdentical steps a population with the SIMD loops
// (when built with GOEXPERIMENT=simd on a CPU with AVX2) and with the
// scalar loops, over whole blocks and ragged ranges, and requires
// identical bits. Without the SIMD loops (another build or a CPU without
// AVX2) there is nothing to compare and it skips.
func TestVectorKernelsBitIdentical(t *testing.T) {
	if !simdBuild {
		t.Skip("built without GOEXPERIMENT=simd on amd64: no SIMD loops to compare with the scalar ones")
	}
	prev := morph.SetVectorKernels(true)
	available := morph.VectorKernels()
	morph.SetVectorKernels(prev)
	if !available {
		t.Skip("SIMD loops compiled in but not usable: the CPU lacks AVX2")
	}
	const n, steps, dt = 45, 600, 0.025
	run := func(vector bool) ([]float64, []int) {
		defer morph.SetVectorKernels(morph.SetVectorKernels(vector))
		p, err := morph.NewPopulation(ringCell(t), n)
		if err != nil {
			t.Fatal(err)
		}
		ina := make([]float64, n)
		ev := [][]float64{make([]float64, n)}
		var all, buf []int
		for s := 0; s < steps; s++ {
			drive(n, s, ina, ev)
			in := morph.Input{INA: ina, Events: ev}
			buf = p.Step(0, 7, float64(s)*dt, dt, in, buf[:0])
			buf = p.Step(7, 40, float64(s)*dt, dt, in, buf)
			buf = p.Step(40, n, float64(s)*dt, dt, in, buf)
			all = append(all, buf...)
			all = append(all, -1)
		}
		var v []float64
		for i := 0; i < p.Nodes(); i++ {
			row := make([]float64, n)
			p.ReadV(i, 0, n, row)
			v = append(v, row...)
		}
		return v, all
	}
	v1, s1 := run(true)
	v0, s0 := run(false)
	if len(s0) != len(s1) {
		t.Fatalf("%d and %d spike entries", len(s0), len(s1))
	}
	for k := range s0 {
		if s0[k] != s1[k] {
			t.Fatalf("spike lists differ at entry %d", k)
		}
	}
	for k := range v0 {
		if math.Float64bits(v0[k]) != math.Float64bits(v1[k]) {
			t.Fatalf("value %d: scalar %v, vector %v", k, v0[k], v1[k])
		}
	}
}

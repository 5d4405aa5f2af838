package sim_test

import (
	"context"
	"math"
	"testing"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)

// TestVectorKernelsBitIdentical runs COBA and CUBA (Golgi convention: the vectorised
// loop when built with GOEXPERIMENT=simd on an AVX2 machine) with the SIMD
// kernels on and off and requires identical spikes and membrane potentials.
// Without the SIMD kernels (another build or a CPU without AVX2) there is
// nothing to compare and it skips.
func TestVectorKernelsBitIdentical(t *testing.T) {
	if !simdBuild {
		t.Skip("built without GOEXPERIMENT=simd on amd64: no SIMD kernels to compare with the scalar loops")
	}
	prev := sim.SetVectorKernels(true)
	available := sim.VectorKernels()
	sim.SetVectorKernels(prev)
	if !available {
		t.Skip("SIMD kernels compiled in but not usable: the CPU lacks AVX2")
	}
	for _, model := range []string{"COBA", "CUBA"} {
		t.Run(model, func(t *testing.T) { vectorScalarSame(t, model) })
	}
}

func vectorScalarSame(t *testing.T, model string) {
	run := func(vector bool) *sim.Result {
		defer sim.SetVectorKernels(sim.SetVectorKernels(vector))
		var net *sim.Network
		var err error
		if model == "COBA" {
			net, err = nets.COBA(nets.COBAConfig{Seed: 11, N: 1002})
		} else {
			net, err = nets.CUBA(nets.CUBAConfig{Seed: 11, N: 1002})
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range net.Populations {
			net.Record(&sim.SpikeRecorder{Population: p}, &sim.StateRecorder{Population: p, Variable: "v", Interval: 1 * sim.Millisecond})
		}
		res, err := sim.Run(context.Background(), net, 0.2, &sim.Options{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(true), run(false)
	if a.NumSpikes() < 100 || a.SpikesSHA256() != b.SpikesSHA256() {
		t.Fatalf("spikes differ: %d (%s) vs %d (%s)", a.NumSpikes(), a.SpikesSHA256()[:12], b.NumSpikes(), b.SpikesSHA256()[:12])
	}
	for k := range a.Traces {
		for i := range a.Traces[k].Values {
			for j, x := range a.Traces[k].Values[i] {
				if y := b.Traces[k].Values[i][j]; math.Float64bits(x) != math.Float64bits(y) {
					t.Fatalf("trace %d neuron %d sample %d: %v vs %v", k, i, j, x, y)
				}
			}
		}
	}
}

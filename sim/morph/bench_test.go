package morph_test

import (
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

// BenchmarkBallAndStickStep steps 4096 ring cells (12 compartments each)
// one step per iteration on one goroutine and reports the time per
// compartment-step.
func BenchmarkBallAndStickStep(b *testing.B) {
	const n = 4096
	p, err := morph.NewPopulation(ringCell(b), n)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]int, 0, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = p.Step(0, n, float64(i)*0.025, 0.025, morph.Input{}, buf[:0])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N)/float64(n*p.Compartments().Segments()), "us/compartment-step")
}

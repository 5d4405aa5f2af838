package lfp

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkPotentialMV measures the per-step accumulate, reported as ns
// per segment-step.
func BenchmarkPotentialMV(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(map[int]string{1000: "1k", 100000: "100k"}[n], func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 1))
			var segs Segments
			for range n {
				a := [3]float64{200 * r.Float64(), 200 * r.Float64(), 150 * r.Float64()}
				segs.Append(a, [3]float64{a[0] + 10, a[1], a[2]}, 1, 1)
			}
			ls, err := New(&segs, Electrode{PosUm: [3]float64{500, 500, 0}})
			if err != nil {
				b.Fatal(err)
			}
			cur := make([]float64, n)
			for k := range cur {
				cur[k] = r.NormFloat64()
			}
			var sink float64
			b.ResetTimer()
			for b.Loop() {
				v, _ := ls.PotentialMV(cur)
				sink += v
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/segment-step")
			_ = sink
		})
	}
}

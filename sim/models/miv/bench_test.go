package miv

import (
	"testing"
	"time"

	"github.com/golgi-sim/golgi/sim/morph"
)

// BenchmarkMiVCells times MiV's cells as scripts/miv-ref/bench_cells.py
// times them in NEURON (scripts/bench-miv-neuron.sh runs both,
// interleaved): 8 copies of PYR, PVBC or OLM from their templates, a
// somatic step (0.5, 0.5 and 0.15 nA from 10 ms), secondorder 2, dt
// 0.025 ms, one goroutine; b.N steps after 10 ms. It reports the time
// per compartment-step (ns, over the cells' segments).
func BenchmarkMiVCells(b *testing.B) {
	for _, c := range []struct {
		pop, template string
		ampNA         float64
	}{{"PYR", "PoolosPyramidalCell", 0.5}, {"PVBC", "PVBasketCell", 0.5}, {"OLM", "OLMCell", 0.15}} {
		b.Run(c.pop, func(b *testing.B) {
			const copies = 8
			base := buildCase(b, c.pop, c.template)
			var cells []*morph.Cell
			segs := 0
			for k := range copies {
				cc := base
				if k > 0 {
					cc = base.Clone(10 + k)
				}
				m := cc.Morph
				m.VInitMV = -65
				m.Clamps = []morph.IClamp{{At: morph.At(m.Morphology.Sections[0].Name, 0.5), DelMs: 10, DurMs: 1e9, AmpNA: c.ampNA}}
				cp, err := m.Compartments()
				if err != nil {
					b.Fatal(err)
				}
				segs += cp.Segments()
				cells = append(cells, m)
			}
			g, err := morph.NewCellGroup(cells, 0.025, base.CelsiusDegC)
			if err != nil {
				b.Fatal(err)
			}
			if err := g.SetSecondOrder(2); err != nil {
				b.Fatal(err)
			}
			if err := g.Init(); err != nil {
				b.Fatal(err)
			}
			var out []int
			for range 400 { // into the step
				out = g.Step(out[:0])
			}
			b.ResetTimer()
			t0 := time.Now()
			for range b.N {
				out = g.Step(out[:0])
			}
			b.ReportMetric(float64(time.Since(t0).Nanoseconds())/float64(b.N*segs), "ns/compartment-step")
			b.ReportMetric(float64(segs), "segments")
		})
	}
}

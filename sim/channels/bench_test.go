package channels

import (
	"testing"
)

func benchStep(b *testing.B, c *Cell, n int, ina float64) {
	p, err := NewPopulation(c, n)
	if err != nil {
		b.Fatal(err)
	}
	inj := make([]float64, n)
	for k := range inj {
		inj[k] = ina * float64(k%10) / 10
	}
	in := Input{INA: inj}
	spk := make([]int, 0, n)
	const dt = DefaultDtMs
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		spk = p.Step(0, n, float64(i)*dt, dt, in, spk[:0])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/cell-step")
}

// BenchmarkStep steps 10 000 HH cells (exact rates, 6.3 C) driven from 0
// to 0.09 nA, so that most of them fire.
func BenchmarkStep(b *testing.B) {
	c, err := HH(6.3, Exact)
	if err != nil {
		b.Fatal(err)
	}
	benchStep(b, c, 10000, 0.1)
}

func BenchmarkStepHHTabulated(b *testing.B) {
	c, err := HH(6.3, Tabulated)
	if err != nil {
		b.Fatal(err)
	}
	benchStep(b, c, 10000, 0.1)
}

func BenchmarkStepInterneuron(b *testing.B) {
	c, err := WangBuzsaki(DefaultInterneuronParams())
	if err != nil {
		b.Fatal(err)
	}
	benchStep(b, c, 10000, 3e-3)
}

func BenchmarkStepStellate(b *testing.B) {
	c, err := Stellate(DefaultStellateParams())
	if err != nil {
		b.Fatal(err)
	}
	benchStep(b, c, 10000, 3e-3)
}

// BenchmarkStepGenericHH and BenchmarkStepGenericHHTabulated step the HH
// cell with its currents built by NewGeneric (see BenchmarkStep and
// BenchmarkStepHHTabulated for the built-in channels).
func BenchmarkStepGenericHH(b *testing.B) {
	benchStep(b, genericHH(b, 6.3, nil, false), 10000, 0.1)
}

func BenchmarkStepGenericHHTabulated(b *testing.B) {
	benchStep(b, genericHH(b, 6.3, &TableSpec{VMinMV: -100, VMaxMV: 100, Steps: 200}, false), 10000, 0.1)
}

// BenchmarkStellateKernels advances the gates of 384 stellate cells (the
// 1D network's) spread over -80..20 mV, with the scalar lanes, the
// four-lane and (with AVX-512) the eight-lane SIMD kernels.
func BenchmarkStellateKernels(b *testing.B) {
	const n = 384
	v := make([]float64, n)
	g := make([][]float64, 6)
	for j := range g {
		g[j] = make([]float64, n)
		for k := range g[j] {
			g[j][k] = 0.1 + 0.1*float64(j)
		}
	}
	for k := range v {
		v[k] = -80 + 100*float64(k)/n
	}
	vec, wide := vectorKernels, wideKernels
	defer func() { vectorKernels, wideKernels = vec, wide }()
	for _, c := range []struct {
		name      string
		vec, wide bool
	}{{"scalar", false, false}, {"simd4", true, false}, {"simd8", true, true}} {
		if (c.vec && !vectorKernelsAvailable) || (c.wide && !wideKernelsAvailable) {
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			vectorKernels, wideKernels = c.vec, c.wide
			for i := 0; i < b.N; i++ {
				stellNaAdvance(v, g[0], g[1], g[2], DefaultDtMs)
				stellKdrAdvance(v, g[3], DefaultDtMs)
				stellHAdvance(v, g[4], g[5], 0.51, 5.6, DefaultDtMs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/cell-step")
		})
	}
}

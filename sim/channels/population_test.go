package channels

import (
	"math"
	"sync"
	"testing"
)

// TestSteadyStates checks initial gate values against published ones: the
// HH row t = 0 of shared/ref/neuron_hh_6.3C.csv (NEURON, -65 mV, 6.3 C),
// and SPEC.md section 3 (stellate, "Initial state at -65 mV (analytic)"),
// section 4 (interneuron, 37 C) and section 3's HCN time constants
// (tau_f 81.7 ms and tau_s 291.8 ms at -65 mV, peaks 82.1 ms near -67 mV
// and 317 ms near -74 mV).
func TestSteadyStates(t *testing.T) {
	check := func(c *Cell, rel float64, want map[string]float64) {
		t.Helper()
		p, err := NewPopulation(c, 2)
		if err != nil {
			t.Fatal(err)
		}
		for name, w := range want {
			g, err := p.Gate(name)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(g[1]-w) > rel*math.Abs(w) {
				t.Errorf("%s: %s = %.10g, want %.10g", c.Name, name, g[1], w)
			}
		}
	}
	hh, err := HH(6.3, Exact)
	if err != nil {
		t.Fatal(err)
	}
	check(hh, 1e-9, map[string]float64{"hh_na.m": 0.05293248526, "hh_na.h": 0.5961207535, "hh_k.n": 0.3176769141})
	st, err := Stellate(DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	// SPEC prints 5 significant digits.
	check(st, 1e-4, map[string]float64{"stellate_na.m": 0.006178, "stellate_na.h": 0.98948, "stellate_na.p": 0.015461,
		"stellate_kdr.n": 0.046730, "stellate_h.hf": 0.18970, "stellate_h.hs": 0.31057})
	in, err := WangBuzsaki(DefaultInterneuronParams())
	if err != nil {
		t.Fatal(err)
	}
	check(in, 1e-4, map[string]float64{"naf.h": 0.80458, "kdr.n": 0.082554})
	if m := wbNaM(-65); math.Abs(m-0.028906) > 1e-4*0.028906 {
		t.Errorf("naf m_inf(-65) = %g, SPEC 0.028906", m)
	}

	h, err := NewStellateH(0.0015, -20, 0.51, 5.6)
	if err != nil {
		t.Fatal(err)
	}
	f, s := h.TauMs(-65)
	if math.Abs(f-81.7) > 0.05 || math.Abs(s-291.8) > 0.05 {
		t.Errorf("HCN tau at -65 mV: %.2f, %.2f ms, SPEC 81.7, 291.8", f, s)
	}
	var fMax, sMax, vf, vs float64
	for v := -120.0; v <= 0; v += 0.01 {
		f, s := h.TauMs(v)
		if f > fMax {
			fMax, vf = f, v
		}
		if s > sMax {
			sMax, vs = s, v
		}
	}
	t.Logf("HCN tau_f max %.2f ms at %.2f mV, tau_s max %.2f ms at %.2f mV", fMax, vf, sMax, vs)
	if math.Abs(fMax-82.1) > 0.05 || math.Abs(vf - -67) > 0.5 || math.Abs(sMax-317) > 0.5 || math.Abs(vs - -74) > 0.5 {
		t.Errorf("HCN tau maxima %.2f ms at %.2f mV, %.2f ms at %.2f mV; SPEC 82.1 at -67, 317 at -74", fMax, vf, sMax, vs)
	}
}

// TestPopulationMatchesSimulate checks that a population of cells with
// different drives, stepped in ranges, gives bit for bit the voltages and
// spikes of the single-cell runner.
func TestPopulationMatchesSimulate(t *testing.T) {
	c, err := Stellate(DefaultStellateParams())
	if err != nil {
		t.Fatal(err)
	}
	amps := []float64{-3e-3, 0, 1.5e-3, 1e-2, 2e-3}
	const dt, steps = DefaultDtMs, 8000
	pop, err := NewPopulation(c, len(amps))
	if err != nil {
		t.Fatal(err)
	}
	spikeTimes := make([][]float64, len(amps))
	var spk []int
	for n := 0; n < steps; n++ {
		tm := float64(n) * dt
		spk = pop.Step(0, 2, tm, dt, Input{INA: amps}, spk[:0])
		spk = pop.Step(2, len(amps), tm, dt, Input{INA: amps}, spk)
		for i := 1; i < len(spk); i++ {
			if spk[i] <= spk[i-1] {
				t.Fatalf("spike indices %v not increasing", spk)
			}
		}
		for _, k := range spk {
			spikeTimes[k] = append(spikeTimes[k], float64(n+1)*dt)
		}
	}
	for k, a := range amps {
		res, err := Simulate(c, Protocol{TStopMs: steps * dt, Clamps: []Clamp{{0, 1e9, a}}, RecordEvery: steps})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := pop.V[k], res.VMV[len(res.VMV)-1]; got != want {
			t.Errorf("cell %d: V %v, Simulate %v", k, got, want)
		}
		if len(res.Spikes) != len(spikeTimes[k]) {
			t.Fatalf("cell %d: %d spikes, Simulate %d", k, len(spikeTimes[k]), len(res.Spikes))
		}
		for i, s := range res.Spikes {
			if s.StepMs != spikeTimes[k][i] {
				t.Errorf("cell %d spike %d: %v, Simulate %v", k, i, spikeTimes[k][i], s.StepMs)
			}
		}
	}
}

// TestPopulationConcurrentRanges steps disjoint ranges from goroutines and
// compares with a sequential run (run with -race to check for sharing).
func TestPopulationConcurrentRanges(t *testing.T) {
	c, err := WangBuzsaki(DefaultInterneuronParams())
	if err != nil {
		t.Fatal(err)
	}
	const n, dt = 64, DefaultDtMs
	inj := make([]float64, n)
	for k := range inj {
		inj[k] = 1e-4 * float64(k)
	}
	a, _ := NewPopulation(c, n)
	b, _ := NewPopulation(c, n)
	var spkA []int
	nA, nB := 0, 0
	bufs := [4][]int{}
	for s := 0; s < 4000; s++ {
		tm := float64(s) * dt
		spkA = a.Step(0, n, tm, dt, Input{INA: inj}, spkA[:0])
		nA += len(spkA)
		var wg sync.WaitGroup
		for q := 0; q < 4; q++ {
			wg.Add(1)
			go func(q int) {
				defer wg.Done()
				bufs[q] = b.Step(q*n/4, (q+1)*n/4, tm, dt, Input{INA: inj}, bufs[q][:0])
			}(q)
		}
		wg.Wait()
		for q := range bufs {
			nB += len(bufs[q])
		}
	}
	if nA == 0 || nA != nB {
		t.Errorf("spikes: sequential %d, concurrent %d", nA, nB)
	}
	for k := range a.V {
		if a.V[k] != b.V[k] {
			t.Fatalf("cell %d: V %v sequential, %v concurrent", k, a.V[k], b.V[k])
		}
	}
}

// TestStepDoesNotAllocate checks the per-step allocation promise.
func TestStepDoesNotAllocate(t *testing.T) {
	for _, mk := range []func() (*Cell, error){
		func() (*Cell, error) { return HH(6.3, Exact) },
		func() (*Cell, error) { return HH(6.3, Tabulated) },
		func() (*Cell, error) { return WangBuzsaki(DefaultInterneuronParams()) },
		func() (*Cell, error) { return Stellate(DefaultStellateParams()) },
	} {
		c, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		const n = 100
		p, _ := NewPopulation(c, n)
		syn, _ := NewExp2Syn(n, 0.78, 5.3, 0)
		inj, g, ge := make([]float64, n), make([]float64, n), make([]float64, n)
		for k := range inj {
			inj[k] = 0.05 // make them spike
		}
		spk := make([]int, 0, n)
		tm := 0.0
		allocs := testing.AllocsPerRun(200, func() {
			syn.Receive(3, 1e-3)
			for k := range g {
				g[k], ge[k] = 0, 0
			}
			syn.AddConductance(0, n, g, ge)
			spk = p.Step(0, n, tm, DefaultDtMs, Input{INA: inj, GSynUS: g, GSynEUSMV: ge}, spk[:0])
			syn.Decay(0, n, DefaultDtMs)
			tm += DefaultDtMs
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per step", c.Name, allocs)
		}
	}
}

// TestGateLookup checks gate naming.
func TestGateLookup(t *testing.T) {
	c, _ := Stellate(DefaultStellateParams())
	p, _ := NewPopulation(c, 1)
	if _, err := p.Gate("stellate_h.hs"); err != nil {
		t.Error(err)
	}
	if _, err := p.Gate("stellate_h.m"); err == nil {
		t.Error("no error for a missing gate")
	}
	cc := p.Cell()
	cc.Channels[0] = nil // must not affect the population
	if p.Cell().Channels[0] == nil {
		t.Error("Cell returned the population's channel slice")
	}
}

// TestTableLookup checks the NMODL TABLE emulation: node values equal the
// function, interpolation is linear, and values clamp outside [-100, 100].
func TestTableLookup(t *testing.T) {
	tab := newRateTable(-100, 100, 200, 1, func(v float64, row []float64) { row[0] = v * v })
	for _, tc := range []struct{ v, want float64 }{
		{-100, 10000}, {-150, 10000}, {math.Inf(-1), 10000}, {100, 10000}, {250, 10000},
		{-3, 9}, {0, 0}, {2.5, 6.5}, {99.5, 0.5 * (99*99 + 100*100)}, {math.NaN(), 10000},
	} {
		off, th := tab.locate(tc.v)
		if got := tab.col(off, th, 0); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("table at %v: %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestTabulatedHH checks the tabulated hh (NEURON's default) against the
// exact one on the HH protocol: the same 7 spikes within 0.1 ms (the
// 1 mV table costs some accuracy; values here are a sanity bound, not a
// NEURON reference).
func TestTabulatedHH(t *testing.T) {
	p := Protocol{TStopMs: 100, Clamps: []Clamp{{10, 80, 0.1}}}
	var spikes [2][]Spike
	for i, r := range []RateMode{Exact, Tabulated} {
		c, err := HH(6.3, r)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Simulate(c, p)
		if err != nil {
			t.Fatal(err)
		}
		spikes[i] = res.Spikes
	}
	if len(spikes[0]) != 7 || len(spikes[1]) != 7 {
		t.Fatalf("spikes: exact %d, tabulated %d, want 7", len(spikes[0]), len(spikes[1]))
	}
	var worst float64
	for i := range spikes[0] {
		worst = math.Max(worst, math.Abs(spikes[0][i].InterpMs-spikes[1][i].InterpMs))
	}
	t.Logf("tabulated vs exact hh: max spike time difference %.4f ms", worst)
	if worst > 0.1 {
		t.Errorf("tabulated hh spikes differ from exact by %g ms", worst)
	}
}

package channels_test

import (
	"fmt"
	"log"
	"math"

	"github.com/golgi-sim/golgi/sim/channels"
)

// NEURON's classic HH soma driven by a 0.1 nA current clamp from 10 to
// 90 ms, with spike times at the 0 mV crossing.
func ExampleSimulate() {
	c, err := channels.HH(6.3, channels.Exact)
	if err != nil {
		log.Fatal(err)
	}
	c.ThresholdMV = 0
	res, err := channels.Simulate(c, channels.Protocol{
		TStopMs: 100,
		Clamps:  []channels.Clamp{{DelMs: 10, DurMs: 80, AmpNA: 0.1}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d spikes\n", len(res.Spikes))
	for _, s := range res.Spikes[:3] {
		fmt.Printf("step %.3f ms, interpolated %.4f ms\n", s.StepMs, s.InterpMs)
	}
	// Output:
	// 7 spikes
	// step 11.300 ms, interpolated 11.2862 ms
	// step 23.425 ms, interpolated 23.4081 ms
	// step 35.075 ms, interpolated 35.0635 ms
}

// The GridCellsCond stellate cell fires tonically without input; a
// hyperpolarising step shows the HCN sag.
func ExampleStellate() {
	c, err := channels.Stellate(channels.DefaultStellateParams())
	if err != nil {
		log.Fatal(err)
	}
	res, err := channels.Simulate(c, channels.Protocol{TStopMs: 2000, RecordEvery: 4})
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, s := range res.Spikes {
		if s.StepMs >= 1000 {
			n++
		}
	}
	fmt.Printf("%d spikes in the second second at 0 nA\n", n)

	// Held quiet at -2.75e-3 nA, then 1 s at -7.75e-3 nA.
	res, err = channels.Simulate(c, channels.Protocol{
		TStopMs: 2000, RecordEvery: 4,
		Clamps: []channels.Clamp{{DelMs: 0, DurMs: 2000, AmpNA: -2.75e-3}, {DelMs: 1000, DurMs: 1000, AmpNA: -5e-3}},
	})
	if err != nil {
		log.Fatal(err)
	}
	trough, end := 0.0, res.VMV[len(res.VMV)-1]
	for i, tm := range res.TMs {
		if tm > 1000 && res.VMV[i] < trough {
			trough = res.VMV[i]
		}
	}
	fmt.Printf("trough %.2f mV, then %.2f mV: sag %.2f mV\n", trough, end, end-trough)
	// Output:
	// 28 spikes in the second second at 0 nA
	// trough -66.71 mV, then -59.62 mV: sag 7.10 mV
}

// How an engine drives a population: per step, deliver events into the
// Exp2Syn states, sum the synaptic conductances, step the cells (possibly
// several ranges in parallel), then decay the synapses.
func ExamplePopulation_Step() {
	cell, err := channels.WangBuzsaki(channels.DefaultInterneuronParams())
	if err != nil {
		log.Fatal(err)
	}
	const n = 4
	pop, err := channels.NewPopulation(cell, n)
	if err != nil {
		log.Fatal(err)
	}
	exc, err := channels.NewExp2Syn(n, 0.78, 5.3, 0)
	if err != nil {
		log.Fatal(err)
	}
	inh, err := channels.NewExp2Syn(n, 0.083, 10, -75)
	if err != nil {
		log.Fatal(err)
	}
	dc := []float64{1.5e-3, 1.5e-3, 1.5e-3, 1.5e-3} // nA
	g := make([]float64, n)                         // uS
	gE := make([]float64, n)                        // uS*mV
	in := channels.Input{INA: dc, GSynUS: g, GSynEUSMV: gE}
	spikes := make([]int, 0, n)
	count := make([]int, n)
	const dt = channels.DefaultDtMs
	for step := 0; step < 40000; step++ { // 1 s
		t := float64(step) * dt
		if step%400 == 0 { // every 10 ms: excite cell 1, inhibit cell 2
			exc.Receive(1, 5e-4)
			inh.Receive(2, 4e-4)
		}
		for k := range g {
			g[k], gE[k] = 0, 0
		}
		exc.AddConductance(0, n, g, gE)
		inh.AddConductance(0, n, g, gE)
		spikes = pop.Step(0, n, t, dt, in, spikes[:0])
		exc.Decay(0, n, dt)
		inh.Decay(0, n, dt)
		for _, k := range spikes { // each spiked at t + dt
			count[k]++
		}
	}
	fmt.Println("control cells fire at about 81 Hz:", count[0] >= 80 && count[0] <= 82 && count[3] == count[0])
	fmt.Println("excited cell fires more:", count[1] > count[0])
	fmt.Println("inhibited cell fires less:", count[2] < count[0])
	// Output:
	// control cells fire at about 81 Hz: true
	// excited cell fires more: true
	// inhibited cell fires less: true
}

func ExampleExp2SynFactor() {
	f, err := channels.Exp2SynFactor(0.78, 5.3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("F = %.6f\n", f)
	// Output:
	// F = 1.632089
}

// A channel from its rate functions: hh's potassium current n^4 written
// as alpha/beta functions, and an inactivating A-type potassium current
// a^3 b written in inf/tau form with a NEURON-style rate table, in a soma
// with hh's sodium current and leak.
func ExampleNewGeneric() {
	k, err := channels.NewGeneric(channels.GenericSpec{
		Name: "kdr", GBarScm2: 0.036, EMV: -77,
		Gates: []channels.Gate{{Name: "n", Power: 4,
			Alpha: func(v float64) float64 { return 0.01 * channels.Vtrap(-(v+55), 10) },
			Beta:  func(v float64) float64 { return 0.125 * math.Exp(-(v+65)/80) },
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	ka, err := channels.NewGeneric(channels.GenericSpec{
		Name: "ka", GBarScm2: 0.05, EMV: -77,
		Gates: []channels.Gate{
			{Name: "a", Power: 3,
				Inf: func(v float64) float64 { return 1 / (1 + math.Exp(-(v+60)/8.5)) },
				Tau: func(v float64) float64 { return 0.5 + 1/(math.Exp((v+35)/10)+math.Exp(-(v+80)/20)) }},
			{Name: "b", Power: 1,
				Inf: func(v float64) float64 { return 1 / (1 + math.Exp((v+78)/6)) },
				Tau: func(v float64) float64 { return 20 }},
		},
		Table: &channels.TableSpec{VMinMV: -100, VMaxMV: 100, Steps: 200},
	})
	if err != nil {
		log.Fatal(err)
	}
	na, err := channels.NewHHNa(0.12, 50, 6.3, channels.Exact)
	if err != nil {
		log.Fatal(err)
	}
	leak, err := channels.NewLeak("leak", 0.0003, -54.3)
	if err != nil {
		log.Fatal(err)
	}
	for _, chs := range [][]channels.Channel{{na, k, leak}, {na, k, ka, leak}} {
		c := &channels.Cell{Name: "soma", CmUFcm2: 1, AreaUm2: channels.HHSomaAreaUm2,
			Channels: chs, ThresholdMV: 0, VInitMV: -65}
		res, err := channels.Simulate(c, channels.Protocol{TStopMs: 100,
			Clamps: []channels.Clamp{{DelMs: 10, DurMs: 80, AmpNA: 0.1}}})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d channels: %d spikes, first at %.3f ms\n", len(chs), len(res.Spikes), res.Spikes[0].StepMs)
	}
	// Output:
	// 3 channels: 7 spikes, first at 11.300 ms
	// 4 channels: 1 spikes, first at 11.500 ms
}

package lfp_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/lfp"
)

// The potential of a 100 µm cable of 10 segments with a sink of 1 nA in
// its first segment and an equal source in its last, at an electrode
// 20 µm from its axis, level with its 70 µm point, and of a short segment carrying 1 nA seen
// from 10 µm (the point-source limit, 0.01 ρ/(4π r)).
func Example() {
	var segs lfp.Segments
	for k := range 10 {
		segs.Append([3]float64{0, 0, 10 * float64(k)}, [3]float64{0, 0, 10 * float64(k+1)}, 1, 1)
	}
	ls, err := lfp.New(&segs, lfp.Electrode{PosUm: [3]float64{20, 0, 70}, RhoOhmCm: 333})
	if err != nil {
		fmt.Println(err)
		return
	}
	currents := []float64{-1, 0, 0, 0, 0, 0, 0, 0, 0, 1} // nA, positive outward
	v, _ := ls.PotentialMV(currents)
	fmt.Printf("sink and source: %.5f mV\n", v)
	currents = []float64{-1, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	v, _ = ls.PotentialMV(currents)
	fmt.Printf("the sink alone: %.5f mV\n", v)

	k, _ := lfp.Coefficient([3]float64{0, 0, 0}, [3]float64{0, 0, 0.1}, 0.1, lfp.Electrode{PosUm: [3]float64{10, 0, 0.05}, RhoOhmCm: 333})
	fmt.Printf("1 nA at 10 um: %.6f mV\n", k)
	// Output:
	// sink and source: 0.00440 mV
	// the sink alone: -0.00390 mV
	// 1 nA at 10 um: 0.026499 mV
}

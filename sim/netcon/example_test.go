package netcon_test

import (
	"context"
	"fmt"

	"github.com/golgi-sim/golgi/sim/morph"
	"github.com/golgi-sim/golgi/sim/netcon"

	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/mivsyn"      // LinExp2Syn
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv5" // NaTs2_t, SKv3_1
)

// Example connects two ball-and-stick cells of translated channels: the
// first, driven by a current step, excites the second through a synapse
// on its dendrite, 2 ms after each of its spikes.
func Example() {
	cell := func(drive float64) *morph.Cell {
		soma := morph.Region(morph.Soma)
		return &morph.Cell{
			Morphology: morph.BallAndStick(20, 200, 2), VInitMV: -75, ThresholdMV: -20,
			Inserts: []morph.Insert{
				{Mech: "pas", Params: map[string]float64{"g": 3e-5, "e": -75}},
				{Mech: "NaTs2_t", Where: soma, Params: map[string]float64{"gNaTs2_tbar": 1}},
				{Mech: "SKv3_1", Where: soma, Params: map[string]float64{"gSKv3_1bar": 0.5}},
			},
			IonValues:      []morph.IonValue{{Where: soma, Name: "ena", Value: 50}, {Where: soma, Name: "ek", Value: -85}},
			PointProcesses: []morph.PointProcess{{Name: "ampa", Mech: "LinExp2Syn", At: morph.At("dend", 0.2)}},
			Clamps:         []morph.IClamp{{At: morph.At("soma", 0.5), DelMs: 10, DurMs: 80, AmpNA: drive}},
		}
	}
	g, err := morph.NewCellGroup([]*morph.Cell{cell(0.3), cell(0)}, 0.025, 34)
	if err != nil {
		fmt.Println(err)
		return
	}
	ampa, _ := g.PointProcess(1, "ampa")
	n, err := netcon.New([]*morph.CellGroup{g}, []netcon.Connection{{
		Source: netcon.CellRef{Group: 0, Cell: 0}, TargetGroup: 0, Target: ampa,
		DelayMs: 2, Weight: []float64{0.01, 1}, // LinExp2Syn: weight (uS) and g_unit
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	spikes, err := n.Run(context.Background(), 100, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	count := [2]int{}
	for _, s := range spikes {
		count[s.Cell.Cell]++
	}
	fmt.Printf("exchange every %d steps; spikes: driven cell %d, driven through the synapse %d\n", n.StepsPerExchange(), count[0], count[1])
	// Output:
	// exchange every 81 steps; spikes: driven cell 9, driven through the synapse 9
}

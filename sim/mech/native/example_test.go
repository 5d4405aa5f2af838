package native_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/mech/native"
)

// A ProbAMPANMDA_EMS synapse on a passive soma, driven by a VecStim train
// through a NetCon of 1 ms delay and weight 2 nS, its release stream
// seeded as neurodamus seeds synapse 0 of cell 1: Random123(1 + 250,
// 0 + 100, 300).
func Example() {
	c := mech.NewCompartment(20, 20)
	c.VInitMV = -70
	pas := mech.NewPas(1)
	pas.G[0], pas.E[0] = 1e-4, -70
	syn := native.NewProbAMPANMDA(1)
	syn.Var("Nrrp")[0], syn.Var("Use")[0] = 2, 0.5
	syn.SetRNG(0, 1+250, 0+100, 300)
	for _, m := range []mech.Mechanism{pas, syn} {
		if err := c.Insert(m); err != nil {
			fmt.Println(err)
			return
		}
	}
	vs := native.NewVecStim(1)
	if err := vs.Play(0, []float64{5, 10, 15, 20}); err != nil {
		fmt.Println(err)
		return
	}
	c.NetCons = []*mech.NetCon{{Source: vs, DelayMs: 1, Target: syn, Args: []float64{2, 0, 0, 0, 0}}}
	if err := c.Init(); err != nil {
		fmt.Println(err)
		return
	}
	occupied := syn.Var("occupied")
	last := occupied[0]
	vMax := c.Env().V[0]
	for c.T() < 40 {
		c.Step()
		if occupied[0] != last {
			fmt.Printf("t %5.2f ms: %g of 2 sites occupied\n", c.T(), occupied[0])
			last = occupied[0]
		}
		vMax = max(vMax, c.Env().V[0])
	}
	fmt.Printf("peak depolarisation %.2f mV\n", vMax+70)
	// Output:
	// t  6.03 ms: 1 of 2 sites occupied
	// t 16.02 ms: 0 of 2 sites occupied
	// peak depolarisation 13.48 mV
}

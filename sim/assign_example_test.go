package sim_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim"
)

// Cells of two populations on 2 ranks: three dear cells (cost 3) and five
// cheap ones (cost 1). Round-robin deals the gids in turn; longest
// processing time first balances the measured costs.
func ExampleAssignLPT() {
	cost := []float64{3, 3, 3, 1, 1, 1, 1, 1}
	rr := sim.AssignRoundRobin(len(cost), 2)
	lpt, err := sim.AssignLPT(cost, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("round-robin:", rr, "loads", sim.Loads(cost, rr, 2))
	fmt.Println("LPT:        ", lpt, "loads", sim.Loads(cost, lpt, 2))
	// Output:
	// round-robin: [0 1 0 1 0 1 0 1] loads [8 6]
	// LPT:         [0 1 0 1 1 1 0 1] loads [7 7]
}

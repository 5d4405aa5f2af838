package random123_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/random123"
)

// The release stream of synapse 3 of cell gid 5 (neurodamus seeds it
// Random123(gid + 250, synapseID + 100, 300)), drawn as the synapse does,
// then a Random on another stream with NEURON's distributions.
func Example() {
	s := random123.NewStream(5+250, 3+100, 300, 0)
	for i := 0; i < 3; i++ {
		fmt.Printf("%.6f\n", s.Float64())
	}
	seq, which := s.Seq()
	fmt.Println("position:", seq, which)

	r := random123.NewRandom(random123.NewStream(1, 2, 3, 0))
	fmt.Printf("negexp(2.5): %.6f\n", r.NegExp(2.5))
	fmt.Printf("repick:      %.6f\n", r.Repick())
	// Output:
	// 0.508129
	// 0.716466
	// 0.435011
	// position: 0 3
	// negexp(2.5): 0.048309
	// repick:      3.683960
}

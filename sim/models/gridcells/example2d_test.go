package gridcells_test

import (
	"fmt"

	"github.com/golgi-sim/golgi/sim/models/gridcells"
)

// ExampleTorus2D builds the connectivity of Fig 1C (fig1_2D.py): four
// stellate sheets and one interneuron sheet of 71 x 71 cells on a torus.
// The 21 M synapses are generated from kernels, target by target, when the
// engine builds the network.
func ExampleTorus2D() {
	m, _, err := gridcells.ParseParams([]byte(`{"conn_id": "2d", "instr_id": "2d",
		"N_per_sheet": 5041, "N_stell": 20164, "N_intrnrn": 5041, "N_per_axis": 71,
		"is_peak": 2, "is_mean": 10, "is_stdev": 1.05, "ii_peak": 1, "ii_mean": 10, "ii_stdev": 1.05,
		"si_peak": 1, "si_stdev": 1.05, "si_mean": [[6.25, 0], [-6.25, 0], [0, 6.25], [0, -6.25]],
		"stell_const_dc": [0, -4e-3, -4e-3, -4e-3]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := gridcells.Torus2D(&m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.NStell, "stellates,", c.NIntrnrn, "interneurons,", c.NumSynapses(), "synapses")

	m.NPerSheet = 64 // an even side is refused
	_, err = gridcells.Torus2D(&m)
	fmt.Println(err)
	// Output:
	// 20164 stellates, 5041 interneurons, 21252856 synapses
	// gridcells: N_per_sheet = 64 = 8*8 has an even side, want an odd side n (N_per_sheet = n*n) for conn_id "2d"
}

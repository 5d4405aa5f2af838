package sonata_test

import (
	"fmt"
	"log"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
)

// Load neurodamus's usecase3 simulation and print its populations, node
// counts, gid offsets, a node set and the synapses onto one cell.
func ExampleLoad() {
	path, err := refdata.Path("sonata/circuits/usecase3/simulation_sonata.json")
	if err != nil {
		log.Fatal(err)
	}
	sim, err := sonata.Load(path, &sonata.Options{Compat: true})
	if err != nil {
		log.Fatal(err)
	}
	defer sim.Close()
	fmt.Printf("tstop %g ms, dt %g ms, v_init %g mV\n", sim.Config.Run.TstopMS, sim.Config.Run.DtMS, sim.Config.Conditions.VInitMV)

	gids, err := sim.GidMap()
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range sim.Circuit.Nodes() {
		off, _ := gids.Offset(p.Name())
		fmt.Printf("population %s (%s): %d nodes, gid offset %d\n", p.Name(), p.Type, p.Size(), off)
	}
	for _, name := range []string{sim.Config.NodeSet, "l4pc"} {
		r, err := sim.Resolve(name)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("node set %s: %d nodes %v\n", name, r.Size(), r.Selections)
	}

	syn, err := sim.Circuit.Edge("NodeA__NodeA__chemical").Synapses(1)
	if err != nil {
		log.Fatal(err)
	}
	for i := range syn.Len() {
		fmt.Printf("synapse %d onto NodeA 1: from NodeA %d, %.3f nS, delay %.3f ms\n", i, syn.Sources[i], syn.ConductanceNS[i], syn.DelayMS[i])
	}
	// Output:
	// tstop 50 ms, dt 0.1 ms, v_init -75 mV
	// population NodeA (biophysical): 3 nodes, gid offset 0
	// population NodeB (biophysical): 2 nodes, gid offset 1000
	// node set Mosaic: 5 nodes [{NodeA [0 1 2]} {NodeB [0 1]}]
	// node set l4pc: 2 nodes [{NodeA [0]} {NodeB [0]}]
	// synapse 0 onto NodeA 1: from NodeA 0, 0.187 nS, delay 4.118 ms
	// synapse 1 onto NodeA 1: from NodeA 0, 0.326 nS, delay 6.754 ms
}

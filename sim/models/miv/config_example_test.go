package miv_test

import (
	"fmt"
	"path/filepath"

	"github.com/golgi-sim/golgi/sim/models/miv"
)

// ExampleLoad reads the rc-separation network's configuration and prints
// the gids MiV assigns its populations and one projection.
func ExampleLoad() {
	cfg, err := miv.Load(filepath.Join("..", "..", "..", "examples", "miv", "rc-separation.yaml"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range cfg.PopulationRanges() {
		fmt.Printf("%-4s id %3d gids [%d, %d)\n", r.Name, r.ID, r.Start, r.Start+r.Count)
	}
	post, _ := cfg.ConnectionGenerator.Synapses.Get("PVBC")
	p, _ := post.Get("STIM")
	ampa, _ := p.Mechanisms.Get("AMPA")
	w, _ := ampa.Get("weight")
	fmt.Println("PVBC <- STIM:", p.Type, p.Sections, p.Layers, p.Proportions, "AMPA weight", w)
	// Output:
	// STIM id   0 gids [0, 64)
	// PYR  id 100 gids [64, 287)
	// PVBC id 101 gids [287, 380)
	// OLM  id 102 gids [380, 401)
	// PVBC <- STIM: excitatory [soma apical apical basal] [SP SLM SR SO] [0.5 0.5 0.5 0.5] AMPA weight 0.1
}

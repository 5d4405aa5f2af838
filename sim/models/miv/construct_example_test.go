package miv_test

import (
	"fmt"
	"path/filepath"

	"github.com/golgi-sim/golgi/sim/models/miv"
)

// ExampleConfig_PlaceSomata places the rc-separation network's somata
// and measures their arc distances: the configured count in each layer,
// gids in ascending U.
func ExampleConfig_PlaceSomata() {
	cfg, err := miv.Load(filepath.Join("..", "..", "..", "examples", "miv", "rc-separation.yaml"))
	if err != nil {
		fmt.Println(err)
		return
	}
	somata, err := cfg.PlaceSomata(miv.PlaceOptions{Seed: cfg.RandomSeeds.SomaLocations})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ps := range somata {
		count := map[string]int{}
		sorted := true
		for i, s := range ps.Somata {
			count[s.Layer]++
			sorted = sorted && (i == 0 || ps.Somata[i-1].U <= s.U)
		}
		fmt.Printf("%-4s gids [%d, %d) sorted by U %v, per layer %v\n", ps.Population, ps.Start, ps.Start+uint64(len(ps.Somata)), sorted, count)
	}
	origin, err := cfg.ArcOrigin()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("origin (%g, %g) µm, Reference U [%g, %g] µm\n", origin.UUm, origin.VUm, origin.UMinUm, origin.UMaxUm)
	// Output:
	// STIM gids [0, 64) sorted by U true, per layer map[SP:64]
	// PYR  gids [64, 287) sorted by U true, per layer map[SP:223]
	// PVBC gids [287, 380) sorted by U true, per layer map[SO:35 SP:50 SR:8]
	// OLM  gids [380, 401) sorted by U true, per layer map[SO:21]
	// origin (100, 100) µm, Reference U [-100.01, 100.01] µm
}

package models_test

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/golgi-sim/golgi/sim/models"
	_ "github.com/golgi-sim/golgi/sim/models/all" // every model family
)

// Example runs a spec as golgi run does: the family that claims it plans
// its simulations (here a sweep of two currents into NEURON's hh soma)
// and Run writes their results.
func Example() {
	out, err := os.MkdirTemp("", "golgi-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)
	spec := []byte(`{"model": "hh", "amp_nA": [0.1, 0.2], "duration_s": 0.05}`)

	fam, err := models.Claiming("hh_sweep.json", spec)
	if err != nil {
		log.Fatal(err)
	}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	planners, err := models.AddRunFlags(fs)
	if err != nil {
		log.Fatal(err)
	}
	plan, err := planners[fam.Name](models.Request{Path: "hh_sweep.json", Data: spec, Out: out, Flags: fs})
	if err != nil {
		log.Fatal(err)
	}
	files, err := models.Run(context.Background(), plan, models.RunOptions{Out: out})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("family:", fam.Name, "sims:", len(plan.Sims))
	for _, f := range files {
		rel, _ := filepath.Rel(out, f)
		fmt.Println(rel)
	}
	// Output:
	// family: builtin sims: 2
	// hh_sweep/rate_hh_sweep.h5
	// hh_sweep/spikes_hh_sweep.h5
	// hh_sweep/v_hh_sweep.h5
}

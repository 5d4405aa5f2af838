package gridcells_test

import (
	"context"
	"fmt"
	"os"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/models/gridcells"
)

// Example builds the original's default 1D network with a spec's
// overrides, under the original's key names, runs it for 200 ms and
// writes the results in the original's layout.
func Example() {
	m, s, err := gridcells.ParseParams([]byte(`{
		"sim_id": "demo", "sim_dur": 200, "recorder_dt": 0.5,
		"record_handle_stell": {"stell_v": {"state": true, "cells_to_record": [0, 192]}}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := gridcells.NewNetwork(m, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.Stell.N, "stellates,", n.Intrnrn.N, "interneurons,", n.Conn.NumSynapses(), "synapses")
	res, err := n.Run(context.Background(), &sim.Options{Threads: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	stell, _ := gridcells.Trains(res, gridcells.StellName)
	// Ring 1, driven at +1.5 pA, outfires ring 2, at -2.75 pA.
	fmt.Println("ring 1 faster:", gridcells.MeanRate(stell[:192], 200) > gridcells.MeanRate(stell[192:], 200))

	dir, err := os.MkdirTemp("", "gridcells")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	if err := n.Write(dir, res, gridcells.RunInfo{Version: "example"}); err != nil {
		fmt.Println(err)
		return
	}
	files, _ := os.ReadDir(dir + "/demo")
	for _, f := range files {
		fmt.Println(f.Name())
	}
	// Output:
	// 384 stellates, 192 interneurons, 96000 synapses
	// ring 1 faster: true
	// demo.json
	// intrnrn_spks_demo.hdf5
	// stell_spks_demo.hdf5
	// stell_v_demo.hdf5
}

// ExampleParseParams shows the error for a misspelt key.
func ExampleParseParams() {
	_, _, err := gridcells.ParseParams([]byte(`{"stell_const_dc": [1e-3, -3e-3], "intrnrn_dc": 1e-3}`))
	fmt.Println(err)
	// Output:
	// gridcells parameters: invalid input param "intrnrn_dc" (unknown key; the closest known key is "intrnrn_dc_amp")
}

// ExampleRing1D builds the default 1D connectivity.
func ExampleRing1D() {
	m, _ := gridcells.Defaults()
	c, err := gridcells.Ring1D(&m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("S->I", c.SI.Len(), "I->S", c.IS.Len(), "I->I", c.II.Len())
	// Output:
	// S->I 39552 I->S 37632 I->I 18816
}

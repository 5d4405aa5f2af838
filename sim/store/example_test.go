package store_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/golgi-sim/golgi/sim/store"
)

// A sweep writes each sim_num's results, skipping those already complete
// (--resume), and reads them back.
func Example() {
	root, err := os.MkdirTemp("", "golgi-store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)

	s, err := store.Open(root, "sweep1", nil)
	if err != nil {
		log.Fatal(err)
	}
	for simNum, rate := range []float64{5, 10, 20} {
		done, err := s.Complete(simNum, "spikes", "v")
		if err != nil {
			log.Fatal(err)
		}
		if done {
			continue
		}
		// ... run the simulation of this sim_num ...
		params, _ := json.Marshal(map[string]float64{"rate_hz": rate})
		run := store.Run{Params: params, Seed: uint64(100 + simNum), Version: "0.1.0", Time: time.Now()}
		spikes := store.Spikes{GIDs: []uint64{2, 0, 1}, TimesMs: []float64{1.5, 0.2, 0.9}}
		if err := s.WriteSpikes(simNum, "spikes", spikes, store.Attrs{store.AttrPopulation: "E"}, run.Attrs()); err != nil {
			log.Fatal(err)
		}
		v := store.Matrix32{Rows: 2, Cols: 3, Data: []float32{-65, -64, -63, -70, -69.5, -69}}
		attrs := store.Attrs{store.AttrUnit: "mV", store.AttrDtMs: 0.1, store.AttrGIDs: []uint64{0, 1}}
		if err := s.WriteMatrix32(simNum, "v", v, attrs, run.Attrs()); err != nil {
			log.Fatal(err)
		}
	}

	sp, _, err := s.ReadSpikes(1, "spikes")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("gids", sp.GIDs, "times", sp.TimesMs)
	v, attrs, err := s.ReadMatrix32(1, "v")
	if err != nil {
		log.Fatal(err)
	}
	unit, _ := attrs.String(store.AttrUnit)
	fmt.Println("v of gid 1:", v.Row(1), unit)
	_, group, err := s.ReadAttrs(2, "v")
	if err != nil {
		log.Fatal(err)
	}
	run, err := store.RunFromAttrs(group)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("sim_num 2:", string(run.Params), "seed", run.Seed)
	fmt.Println(filepath.Base(s.Path("v")))
	// Output:
	// gids [0 1 2] times [0.2 0.9 1.5]
	// v of gid 1: [-70 -69.5 -69] mV
	// sim_num 2: {"rate_hz":20} seed 102
	// v_sweep1.h5
}

// List finds the sim_ids under a directory, with their sim_nums and the
// shape, type and unit of every dataset, as `golgi ls` shows them.
func ExampleList() {
	root, err := os.MkdirTemp("", "golgi-store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	s, err := store.Open(root, "coba", nil)
	if err != nil {
		log.Fatal(err)
	}
	for simNum := range 2 {
		rate := []float64{1, 2, 3, 4}
		if err := s.WriteFloat64(simNum, "rate", rate, store.Attrs{store.AttrUnit: "Hz"}, store.Run{Seed: 1}.Attrs()); err != nil {
			log.Fatal(err)
		}
	}

	sims, err := store.List(root, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, sim := range sims {
		fmt.Println(sim.SimID, "sim_nums", sim.SimNums())
		for _, f := range sim.Files {
			for _, g := range f.Groups {
				for _, d := range g.Datasets {
					fmt.Printf("  %s/%s %v %s %s complete=%v\n", g.Name, d.Name, d.Shape, d.DType, d.Unit(), g.Complete)
				}
			}
		}
	}
	// Output:
	// coba sim_nums [0 1]
	//   0/rate [4] float64 Hz complete=true
	//   1/rate [4] float64 Hz complete=true
}

// SONATA spike files are read by NEURON's, neurodamus's and BMTK's tools.
func ExampleWriteSONATASpikes() {
	dir, err := os.MkdirTemp("", "golgi-store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "spikes.h5")
	pops := []store.SONATAPopulation{
		{Name: "E", NodeIDs: []uint64{3, 1, 2}, TimestampsMs: []float64{2.5, 0.5, 1.0}},
	}
	if err := store.WriteSONATASpikes(path, pops, store.SortByTime); err != nil {
		log.Fatal(err)
	}
	back, err := store.ReadSONATASpikes(path, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range back {
		fmt.Println(p.Name, p.Sorting, p.NodeIDs, p.TimestampsMs)
	}
	// Output:
	// E by_time [1 2 3] [0.5 1 2.5]
}

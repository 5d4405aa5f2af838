package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/mpi"
)

// Load balance between MPI ranks from measured per-cell cost: a run with
// --write-cost FILE measures each cell's cost (sim.Simulation.CellCosts)
// and rank 0 writes it; a later run with --balance FILE assigns the cells
// to ranks by greedy longest-processing-time (sim.AssignLPT) instead of
// round-robin. Every rank reads the balance file (a shared file system on
// a cluster). The spikes are the same either way.

// costFormat names the cell-cost file's format.
const costFormat = "golgi-cell-cost/1"

// costFile is the JSON of a cell-cost file.
type costFile struct {
	Format  string    `json:"format"`
	Unit    string    `json:"unit"`
	Neurons int       `json:"neurons"`
	Ranks   int       `json:"ranks"` // of the run that measured it
	Threads int       `json:"threads"`
	Cost    []float64 `json:"cost"` // by gid
}

// costFlags are the --write-cost and --balance flags of run and bench; a
// nil *costFlags is neither.
type costFlags struct {
	write, balance *string
	mu             sync.Mutex // sims running in parallel share the file
}

func addCostFlags(fs *flag.FlagSet) *costFlags {
	return &costFlags{
		write:   fs.String("write-cost", "", "measure every cell's cost (ns per step, update and spike delivery) and write it to this JSON file, for --balance (several sims: the last one's)"),
		balance: fs.String("balance", "", "on MPI ranks, assign the cells to ranks by the costs in this file (written by --write-cost) with greedy longest-processing-time, instead of gids round-robin"),
	}
}

// apply sets the options of a run from the flags.
func (c *costFlags) apply(opts *sim.Options) error {
	if c == nil {
		return nil
	}
	opts.MeasureCost = *c.write != ""
	if *c.balance == "" {
		return nil
	}
	cost, err := readCostFile(*c.balance)
	if err != nil {
		return err
	}
	opts.CellCost = cost
	return nil
}

// describe says how the cells are assigned to the ranks.
func (c *costFlags) describe() string {
	if c != nil && *c.balance != "" {
		return "cells assigned by the measured costs in " + *c.balance + ", longest processing time first"
	}
	return "gids dealt round-robin"
}

// readCostFile reads the per-gid costs of a --write-cost file.
func readCostFile(path string) ([]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--balance: %w", err)
	}
	var f costFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("--balance %s: %w", path, err)
	}
	if f.Format != costFormat || len(f.Cost) != f.Neurons {
		return nil, fmt.Errorf("--balance %s: not a cell-cost file of golgi --write-cost (format %q, %d costs for %d neurons)", path, f.Format, len(f.Cost), f.Neurons)
	}
	return f.Cost, nil
}

// save measures the cells' costs of s (a collective call on several
// ranks) and writes them on rank 0, if --write-cost asks for it.
func (c *costFlags) save(s *sim.Simulation) error {
	if c == nil || *c.write == "" {
		return nil
	}
	cost, err := s.CellCosts()
	if err != nil {
		return err
	}
	if mpi.Rank() != 0 {
		return nil
	}
	b, err := json.Marshal(costFile{Format: costFormat, Unit: "ns per step", Neurons: len(cost), Ranks: s.Ranks(), Threads: s.Threads(), Cost: cost})
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.WriteFile(*c.write, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("--write-cost: %w", err)
	}
	return nil
}

package models

import (
	"flag"

	"github.com/golgi-sim/golgi/sim"
)

// Benchmark is a network for golgi bench: the command builds it, runs it
// on the threads (and MPI ranks) asked for and reports speed, memory and
// spike statistics as one JSON object.
type Benchmark struct {
	// Name is the benchmark's name, golgi bench NAME; unique over all
	// families.
	Name string
	// Summary is one line on the network.
	Summary string
	// DurationS is the default biological time (s); 0 means 1 s.
	DurationS float64
	// Flags registers the benchmark's own flags on fs (names unique over
	// all benchmarks) and returns the builder that reads them; required.
	Flags func(fs *flag.FlagSet) BenchBuilder
}

// BenchBuilder builds a Benchmark's network for a seed.
type BenchBuilder func(seed uint64) (*BenchNetwork, error)

// BenchNetwork is a Benchmark's network and what its report adds.
type BenchNetwork struct {
	Net *sim.Network
	// Compartments is the total of the network's compartments, when it
	// has multicompartment cells: the report then gives the time per
	// compartment and step.
	Compartments int
	// SpikeTimesMs, if set, returns spike times to report (ms), such as a
	// single cell's, for comparison with a reference.
	SpikeTimesMs func(res *sim.Result) []float64
}

// Benchmarks returns every registered family's benchmarks, sorted by name.
func Benchmarks() []Benchmark {
	var out []Benchmark
	for _, f := range Families() {
		out = append(out, f.Benchmarks...)
	}
	sortBy(out, func(b Benchmark) string { return b.Name })
	return out
}

// AddBenchFlags registers every benchmark's flags on fs and returns their
// builders by benchmark name. Two benchmarks of one name, or two
// registering one flag, are an error naming them.
func AddBenchFlags(fs *flag.FlagSet) (map[string]BenchBuilder, error) {
	builders := map[string]BenchBuilder{}
	for _, b := range Benchmarks() {
		if _, dup := builders[b.Name]; dup {
			return nil, errorf("benchmark %q is registered twice", b.Name)
		}
		if b.Flags == nil {
			return nil, errorf("benchmark %q has no Flags function", b.Name)
		}
		build, err := addFlags(fs, "benchmark "+b.Name, b.Flags)
		if err != nil {
			return nil, err
		}
		builders[b.Name] = build
	}
	return builders, nil
}

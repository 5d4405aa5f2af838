package spec_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/spec"
)

// A spec that sweeps two keys of the Brunel network: the lists expand to
// their product, keys in the order of the model's defaults (g before eta),
// the last varying fastest. Each simulation has its own seed.
func ExampleParse() {
	s, err := spec.Parse([]byte(`{
		"model": "brunel",
		"duration_s": 0.5,
		"seed": 1,
		"eta": [1, 2],
		"g": [4, 5, 6]
	}`), "sweep.json")
	if err != nil {
		log.Fatal(err)
	}
	sims, err := s.Sims()
	if err != nil {
		log.Fatal(err)
	}
	for _, sm := range sims {
		fmt.Printf("sim_num %d: %v, %v, seed %d\n", sm.SimNum, sm.Swept[0], sm.Swept[1], sm.Seed)
	}
	// Output:
	// sim_num 0: g = 4, eta = 1, seed 1774094644251707490
	// sim_num 1: g = 4, eta = 2, seed 13326989541987584707
	// sim_num 2: g = 5, eta = 1, seed 9642443825142916061
	// sim_num 3: g = 5, eta = 2, seed 7120819976854879005
	// sim_num 4: g = 6, eta = 1, seed 12718922192088757348
	// sim_num 5: g = 6, eta = 2, seed 17925777977467333880
}

// With "sweep": "zip" the i-th simulation takes the i-th value of each
// list; with "seed_per_sim": false all share the base seed.
func ExampleSpec_Sims_zip() {
	s, err := spec.Parse([]byte(`{"model": "hh", "sweep": "zip", "seed_per_sim": false,
		"celsius": [6.3, 16.3, 26.3], "amp_nA": [0.1, 0.2, 0.4]}`), "zip.json")
	if err != nil {
		log.Fatal(err)
	}
	sims, err := s.Sims()
	if err != nil {
		log.Fatal(err)
	}
	for _, sm := range sims {
		fmt.Println(sm.SimNum, sm.Swept, sm.Seed)
	}
	// Output:
	// 0 [celsius = 6.3 degC amp_nA = 0.1 nA] 12345
	// 1 [celsius = 16.3 degC amp_nA = 0.2 nA] 12345
	// 2 [celsius = 26.3 degC amp_nA = 0.4 nA] 12345
}

// Errors say where the problem is and what was expected.
func ExampleParse_errors() {
	for _, src := range []string{
		`{"model": "brunel", "gg": 6}`,
		`{"model": "brunel", "epsilon": 2}`,
		`{"model": "brunel", "ne": 2.5}`,
		`{"model": "brunel", "sweep": "zip", "g": [4, 5], "eta": [1]}`,
		"{\"model\": \"brunel\",\n \"g\": 6,\n}",
	} {
		_, err := spec.Parse([]byte(src), "my.json")
		fmt.Println(err)
	}
	// Output:
	// my.json:1:21: key "gg": unknown key for model brunel; did you mean "g"? (`golgi spec show brunel` lists the keys)
	// my.json:1:32: key "epsilon": 2 is out of range, want a number, 0 < epsilon <= 1 (dimensionless)
	// my.json:1:27: key "ne": got 2.5, want an integer, 4 <= ne <= 1717986918 (dimensionless)
	// my.json:1:50: key "eta": sweep "zip" needs lists of equal length: "g" has 2 values, "eta" has 1
	// my.json:3:1: invalid JSON: invalid character '}' looking for beginning of object key string
}

// A simulation's resolved parameters, as stored with its results.
func ExampleSim_JSON() {
	s, err := spec.Parse([]byte(`{"model": "izhikevich", "c_mV": [-65, -50], "d_mV_per_ms": 2}`), "izh.json")
	if err != nil {
		log.Fatal(err)
	}
	sims, err := s.Sims()
	if err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(sims[1].JSON())
	// Output:
	// {
	//   "model": "izhikevich",
	//   "sim_num": 1,
	//   "seed_per_sim": true,
	//   "swept": ["c_mV"],
	//   "duration_s": 0.5,
	//   "dt_ms": 0.1,
	//   "seed": 12345,
	//   "threads": 0,
	//   "convention": "golgi",
	//   "n": 10,
	//   "amp_nA": 0.004,
	//   "amp_step_nA": 0.001,
	//   "delay_ms": 0,
	//   "dur_ms": 0,
	//   "a_per_ms": 0.02,
	//   "b": 0.2,
	//   "c_mV": -50,
	//   "d_mV_per_ms": 2,
	//   "cm_pF": 1,
	//   "record_spikes": ["izhikevich"],
	//   "record_vars": ["izhikevich.v", "izhikevich.u"],
	//   "record_neurons": [],
	//   "record_interval_ms": 0.1
	// }
}

// Building and running the network of a simulation.
func ExampleSim_Network() {
	s, err := spec.Parse([]byte(`{"model": "brunel", "ne": 400, "duration_s": 0.05, "record_neurons": [0, 1]}`), "small.json")
	if err != nil {
		log.Fatal(err)
	}
	sims, err := s.Sims()
	if err != nil {
		log.Fatal(err)
	}
	net, info, err := sims[0].Network()
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range net.Populations {
		fmt.Printf("population %s: %d neurons\n", p.Name, p.N)
	}
	fmt.Printf("%g s, dt %g ms; spikes of %v; ", info.Duration, info.Dt/sim.Millisecond, info.Spikes)
	for _, st := range info.State {
		fmt.Printf("%s.%s (%s) of neurons %v every %g ms\n", st.Population, st.Variable, st.Unit, st.Neurons, st.Interval/sim.Millisecond)
	}
	res, err := sim.Run(context.Background(), net, info.Duration, info.Options())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("complete:", res.Complete, "traces:", len(res.Traces))
	// Output:
	// population E: 400 neurons
	// population I: 100 neurons
	// 0.05 s, dt 0.1 ms; spikes of [E I]; E.v (V) of neurons [0 1] every 0.1 ms
	// complete: true traces: 1
}

// The default parameter set of a model, as `golgi spec show` prints it.
func ExampleSet_WriteTable() {
	set, err := spec.Defaults("izhikevich")
	if err != nil {
		log.Fatal(err)
	}
	if err := set.WriteTable(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// model izhikevich: Izhikevich 2003 simple model neurons (regular spiking by
	// default), a population under DC current steps, forward Euler (sim.Izhikevich);
	// the current is divided by cm_pF, so 0.01 nA into 1 pF is the paper's I = 10.
	// Population izhikevich.
	//
	// KEY                 VALUE                             UNIT   RANGE                      DOC
	// duration_s          0.5                               s      > 0                        biological time to simulate
	// dt_ms               0.1                               ms     > 0                        integration time step
	// seed                12345                             1      -                          base seed; each sim_num runs with rng.Key(seed, SeedPurpose, sim_num, 0) unless seed_per_sim is false
	// threads             0                                 1      >= 0                       worker goroutines (0: all cores); the results do not depend on it
	// convention          "golgi"                           -      golgi|brian2               spike-timing convention (docs/CONVENTIONS.md)
	// n                   10                                1      [1, 2147483647]            neurons
	// amp_nA              0.004                             nA     -                          injected current of neuron 0 (positive depolarising)
	// amp_step_nA         0.001                             nA     -                          added per neuron: neuron i gets amp_nA + i amp_step_nA (an f-I curve in one run)
	// delay_ms            0                                 ms     >= 0                       onset of the current
	// dur_ms              0                                 ms     >= 0                       duration of the current (0: to the end of the run)
	// a_per_ms            0.02                              1/ms   > 0                        recovery rate
	// b                   0.2                               1      -                          sensitivity of the recovery variable (non-zero)
	// c_mV                -65                               mV     < 30                       reset potential (non-zero, below 30 mV)
	// d_mV_per_ms         8                                 mV/ms  -                          recovery jump after a spike (non-zero)
	// cm_pF               1                                 pF     > 0                        capacitance converting the injected current
	// record_spikes       ["izhikevich"]                    -      izhikevich                 populations whose spikes are recorded
	// record_vars         ["izhikevich.v", "izhikevich.u"]  -      izhikevich.v|izhikevich.u  state variables recorded, as population.variable
	// record_neurons      []                                1      >= 0                       neurons (indices in the population) whose variables are recorded; empty: every neuron
	// record_interval_ms  0.1                               ms     >= 0                       sampling interval of recorded variables (0: every step), rounded to whole steps
}

// Package spec reads Golgi's parameter files: the default parameter set of
// each example model, spec files that override them, and sweeps that
// expand a spec into numbered simulations. It validates every value
// against its type, unit and range, and builds the sim.Network of each
// simulation through sim/nets and sim/channels.
//
// # Models and their defaults
//
// Models lists the models; Defaults returns a model's Set. The sets are
// JSON files embedded in the package (defaults/MODEL.json), one object per
// key in the order they are shown:
//
//	{
//	  "model": "brunel",
//	  "doc": "Model A of Brunel 2000, ...",
//	  "params": {
//	    "g":     {"value": 5, "type": "float", "unit": "1", "min": 0, "doc": "relative strength of inhibition: inhibitory weight -g j_mV"},
//	    "dt_ms": {"value": 0.1, "type": "float", "unit": "ms", "exclusive_min": 0, "doc": "integration time step"},
//	    ...
//	  }
//	}
//
// Each key has a default "value", a "type" (float, int, uint, bool,
// string, strings or ints: see Type), a "unit", a one-line "doc", and
// optionally bounds ("min", "max" inclusive, "exclusive_min",
// "exclusive_max") or the "allowed" values of a string. Set.WriteTable
// prints a set as a table (`golgi spec show MODEL`).
//
// The models are coba, cuba and brunel (the networks of sim/nets, with
// every knob of their Config types and the neuron and synapse parameters
// those builders fix), hh (NEURON's Hodgkin-Huxley soma under a current
// step), wang_buzsaki and stellate (GridCellsCond's single cells from
// sim/channels under a current step), adex and izhikevich (a population
// under DC current, optionally one amplitude per neuron).
//
// Every model has the keys duration_s, dt_ms, seed, threads, convention,
// and record_spikes (populations whose spikes are recorded), record_vars
// (state variables, as "population.variable", e.g. "E.v" or
// "hh.hh_na.m"), record_neurons (their neurons; empty means all) and
// record_interval_ms (0: every step).
//
// # Names and units
//
// Keys are lower case with words separated by "_", and a key that has a
// unit ends with it, spelled as in the unit column with "/" written
// "_per_": tau_m_ms, dt_ms, amp_nA, we_nS, gnabar_S_per_cm2,
// theta_freq_per_ms (1/ms). The biological time is duration_s, in seconds
// for every model; every other time is in ms. Keys without a suffix are
// dimensionless or counts (unit "1": g, eta, epsilon, n, seed), names
// (unit "-") or the temperature celsius (degC). Values are converted to
// the SI units of package sim by scaling their shortest decimal form, so
// that "6" nS is exactly the float64 nearest to 6e-9, as the constant
// 6*sim.Nanosiemens of the Go builders.
//
// # Spec files
//
// A spec file is a JSON object that names a model and overrides keys:
//
//	{"model": "brunel", "g": 6, "duration_s": 0.5}
//
// Besides the model's keys a spec may hold the control keys "model"
// (required), "sweep", "seed_per_sim", "sims", "sim_num", "swept" and
// "comment" (free text). Parse checks everything and reports problems as
// an *Error with file, line and column: malformed JSON, a duplicate key, an
// unknown model or key (with the closest known one, "did you mean"), a
// value of the wrong type (a string for a number, a fraction for an
// integer) or out of range, with what was expected and its unit.
//
// # Sweeps
//
// A list for a scalar key is a sweep:
//
//	{"model": "brunel", "g": [4, 5, 6], "eta": [1, 2]}
//
// With "sweep": "product" (the default) the lists expand to their
// cartesian product, numbered sim_num 0..n-1 with the keys taken in the
// order of the model's Set (the order of its defaults file, not of the
// spec) and the last key varying fastest: above (g, eta) = (4, 1), (4, 2),
// (5, 1), ... With "sweep": "zip" the lists must have equal length n and
// simulation i takes the i-th value of each. A spec may instead list its
// simulations explicitly, as GridCellsCond does, each overriding the
// top-level values:
//
//	{"model": "hh", "celsius": 16.3, "sims": {"0": {"amp_nA": 0.1}, "1": {"amp_nA": 0.2}}}
//
// The sim_nums are the object's keys ("0", "1", ...; any non-negative
// integers), in increasing order. Lists and "sims" cannot be combined, and
// lists of list-valued keys (record_*) are not sweeps. A spec expands to at
// most MaxSims simulations.
//
// # Seeds
//
// The "seed" key is the base seed. Simulation sim_num runs with
//
//	Seed = rng.Key(seed, SeedPurpose, sim_num, 0)
//
// (package sim/rng), so every simulation of a sweep has its own,
// reproducible random streams, whatever the order or the subset of
// simulations run. With "seed_per_sim": false every simulation uses the
// base seed itself (to give explicit seeds, sweep "seed" with
// seed_per_sim false).
//
// # Resolved simulations
//
// Spec.Sims returns one Sim per simulation: its SimNum, Seed, every
// parameter with defaults filled in (Params, an ordered map) and the swept
// keys with their values. Sim.JSON is a canonical spec of the one
// simulation (model, sim_num, seed_per_sim, swept, then every key), stored
// with results; parsing it gives back the same Sim. Sim.Network builds the
// sim.Network with its recorders and a RunInfo (duration, threads, what is
// recorded).
//
// Sims and Network also check the rules that span keys, naming the sim_num
// and the key at fault: a reset below the threshold, a synaptic delay and a
// recording interval of 0 or at least dt_ms, recorded neurons inside their
// population, something recorded at all. A zero that a sim/nets builder
// would read as "use the default" (Brunel's g, eta and delay_ms, the p of
// COBA and CUBA) means zero in a spec; the Izhikevich keys b, c_mV and
// d_mV_per_ms, which sim.Izhikevich cannot set to zero, must be non-zero.
package spec

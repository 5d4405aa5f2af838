// Package sim is Golgi's engine for networks of spiking neurons.
//
// A Network describes a model apart from its execution: populations of
// neurons (a cell model, a size and parameters), projections between them
// (a connectivity rule, weights, delays and the receptor they act on),
// stimuli and recorders. Building a Network does no simulation. Run
// instantiates the description on a number of worker goroutines and
// advances it with a fixed time step.
//
// # Units
//
// Every physical quantity of the API is in SI base units; the constants of
// units.go make code read as it would on paper: 20*sim.Millisecond,
// -65*sim.Millivolt, 6*sim.Nanosiemens. Field names carry no unit suffix for
// that reason, and each field's documentation states its unit.
//
// # Execution
//
// State is kept as structure-of-arrays per population, and one tight loop per
// population advances a contiguous range of neurons. Each worker owns a
// contiguous range of every population's neurons and the synapses that end
// on them, so no locks or atomics are needed on the hot path. Workers advance
// a whole epoch (the smallest synaptic latency of the network) independently,
// then exchange the spikes of that epoch once; spikes are delivered in
// (step, gid) order. A network distributed over processes (Comm) exchanges
// them between ranks in the background, in two halves per epoch, while it
// steps on (AsyncComm). Every random number comes from a counter-based stream
// keyed by (seed, purpose, gid, step or synapse), so the spikes of a network
// are bit-identical for any number of workers.
//
// # Defining cell types
//
// A model family defines its cell and synapse types in its own package, as
// ExampleModel does. A cell type is a Model: its parameters, the names of
// its receptors (its synapse types) and of its recordable variables,
// Validate, and NewState, which returns a PopulationState holding one
// population's state as structure of arrays. The engine calls its Step for
// a range of neurons at a time, hands it the synaptic input of each receptor
// (PopulationState.Receptor says in which units, and which state slice the
// input may go into directly) and records its variables through Variable.
// BuildContext gives NewState the time step, the seed and which neuron sits
// at each position. Optional interfaces add injected current (CurrentTaker),
// per-neuron parameters (ParamModel, ParamSetter), completion of the initial
// state after Population.Init (InitHook), a cost for load balancing
// (StepCoster) and page-aligned state per worker (WorkerPadder). A family may also define its
// own Values (initial values, weights, delays); random numbers come from
// package rng, keyed so that results do not depend on workers or ranks.
//
// # Timing conventions
//
// See Convention. In short: during step s the state advances from s*dt to
// (s+1)*dt; a neuron whose membrane potential exceeds its threshold at the
// end of the step spikes; the spike is stamped (s+1)*dt (Golgi, as NEURON)
// or s*dt (Brian2); it reaches its targets at the start of step
// s+1+round(delay/dt). ConventionBrian2 also follows Brian2's order of
// synaptic effects and reset, so that Brian2's networks are reproduced spike
// for spike.
package sim

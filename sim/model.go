package sim

// A Model is a kind of neuron (or spike source) with its parameters: LIF,
// AdEx, Izhikevich, a conductance-based cell, a Poisson source. A Population
// holds N neurons of one Model.
//
// The methods that advance the state are unexported: models are implemented
// inside the engine, as structure-of-arrays with one loop per population.
type Model interface {
	// ModelName is a short name such as "LIF".
	ModelName() string
	// Receptors lists the names of the model's synaptic input ports, in the
	// order projections refer to them, e.g. ["exc", "inh"].
	Receptors() []string
	// Variables lists the state variables that can be recorded.
	Variables() []Variable

	validate() error
	newState(n int, ctx *instance) (popState, error)
}

// Variable describes a recordable state variable.
type Variable struct {
	Name string // e.g. "v"
	Unit string // SI unit symbol, e.g. "V"
}

// popState is the instantiated state of one population: structure-of-arrays
// over its N neurons.
type popState interface {
	// step advances neurons [lo, hi) over step s (from s*dt to (s+1)*dt)
	// and appends the indices of the neurons that spiked, in increasing
	// order, to spikes. in[r] holds the input of receptor r due at this
	// step for every neuron; step consumes in[r][lo:hi] and zeroes it. in
	// is nil when no input is pending for these neurons.
	// iext holds the injected current (A) of each neuron at this step, or
	// is nil when the population has no current stimulus.
	step(lo, hi int, s int64, in [][]float64, iext []float64, spikes []int32) []int32
	// receptor returns the state slice that receptor r adds into, or nil
	// if input on r must go through the input buffer, and the SI value of
	// one unit of input: a weight w arrives as w/scale. Inputs due at the
	// very next step are added straight into the slice, in delivery order,
	// as Brian2 and NEURON add them; inputs due later wait in the buffer.
	receptor(r int) (direct []float64, scale float64)
	// variable returns the current values of a state variable for all
	// neurons, in the variable's SI unit (scale converts the internal value
	// to SI).
	variable(name string) (values []float64, scale float64, ok bool)
}

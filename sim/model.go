package sim

// A Model is a kind of neuron (or spike source) with its parameters: LIF,
// AdEx, Izhikevich, a conductance-based cell, a Poisson source. A Population
// holds N neurons of one Model.
//
// A Model can be defined in any package: a model family (package gridcells,
// say) implements Model for its own cell types and PopulationState for their
// state, and uses them in a Network as it would the engine's (ExampleModel
// defines one). The engine calls Validate when the network is validated and
// NewState once per population when it is built; then, while it runs,
// PopulationState.Step once per population, worker and step, on a
// contiguous range of neurons. A model's synapse types are its receptors:
// what a unit of input on each does is the state's business
// (PopulationState.Receptor), so a family defines new synapse kinds by
// defining a cell whose state integrates them.
//
// A Model or its state may also implement the optional interfaces
// CurrentTaker, ParamModel and ParamSetter, InitHook, StepCoster and
// WorkerPadder.
type Model interface {
	// ModelName is a short name such as "LIF".
	ModelName() string
	// Receptors lists the names of the model's synaptic input ports, in the
	// order projections refer to them, e.g. ["exc", "inh"].
	Receptors() []string
	// Variables lists the state variables that can be recorded.
	Variables() []Variable
	// Validate checks the model's parameters and returns an error naming
	// the first parameter at fault and what is allowed; Network.Validate
	// adds the population's name.
	Validate() error
	// NewState instantiates the state of one population of this model with
	// n positions in its per-neuron arrays (this process's neurons, and
	// with WorkerPadder padding positions that hold none; see
	// BuildContext.Neuron). It is called once per population by Build,
	// before Population.Params and Population.Init are applied; the state
	// starts at the model's resting values.
	NewState(n int, b *BuildContext) (PopulationState, error)
}

// Variable describes a recordable state variable.
type Variable struct {
	Name string // e.g. "v"
	Unit string // SI unit symbol, e.g. "V"
}

// PopulationState is the instantiated state of one population: structure of
// arrays over its state positions, one per neuron held by this process
// (plus padding, see WorkerPadder). Positions, not population indices, index
// every slice below; BuildContext.Neuron maps them back.
//
// The engine calls Step once per population, worker and time step, so the
// work of a step is a loop over a contiguous range of neurons, with no call
// per neuron. Workers step disjoint ranges concurrently: Step must write only
// positions [lo, hi) of the state (or scratch of its own for that range) and
// must not allocate, since it runs every step.
type PopulationState interface {
	// Step advances the neurons at positions [lo, hi) over step s (from
	// s*dt to (s+1)*dt) and appends the positions of the neurons that
	// spiked, in increasing order, to spikes. in[r] holds the input of
	// receptor r due at this step for every position, in the receptor's
	// units (see Receptor); Step consumes in[r][lo:hi] and zeroes it. in
	// is nil when no input is pending for these neurons. iext holds the
	// injected current (A) of each position at this step, or is nil when
	// the population has no current stimulus (see CurrentTaker).
	Step(lo, hi int, s int64, in [][]float64, iext []float64, spikes []int32) []int32
	// Receptor returns the state slice that receptor r adds into, or nil
	// if input on r must go through the input buffer (and so reach Step as
	// in[r]), and the SI value of one unit of input: a weight w arrives as
	// w/scale. Inputs due at the very next step are added straight into
	// the slice, in delivery order, as Brian2 and NEURON add them; inputs
	// due later wait in the buffer. Build calls it once per receptor after
	// NewState.
	Receptor(r int) (direct []float64, scale float64)
	// Variable returns the current values of a state variable at every
	// position, in the variable's internal unit, with scale converting them
	// to its SI unit (SI = value*scale), and whether the model has it. The
	// slice must stay the state's own storage: recorders read it during
	// the run and Population.Init writes into it.
	Variable(name string) (values []float64, scale float64, ok bool)
}

// CurrentTaker is a Model whose neurons accept injected current
// (CurrentStep, PlayedCurrent): PopulationState.Step then receives it in
// iext. Current stimuli on other models are rejected by Network.Validate.
type CurrentTaker interface {
	Model
	// TakesCurrent marks the model; it does nothing.
	TakesCurrent()
}

// ParamModel is a Model with per-neuron parameters: Population.Params may
// give values for the names ParamNames lists. Its state must implement
// ParamSetter.
type ParamModel interface {
	Model
	// ParamNames lists the parameters Population.Params may give.
	ParamNames() []string
}

// ParamSetter is the state of a ParamModel's population.
type ParamSetter interface {
	PopulationState
	// SetParams installs per-neuron parameter values, by name, each one
	// value (in SI units) per state position; padding positions hold the
	// value of the first neuron held here. Build calls it once, after
	// NewState and before Population.Init is applied, with the parameters
	// the population's Params give.
	SetParams(vals map[string][]float64) error
}

// InitHook is a PopulationState that completes its initial state once
// Population.Init has set the values of its variables: a conductance-based
// cell, for instance, puts its gates at steady state for the initial
// potential. Build calls AfterInit once, and only if Population.Init is set.
type InitHook interface {
	PopulationState
	AfterInit()
}

// StepCoster is a Model whose cell-step costs more than a point neuron's,
// for the automatic thread count (Options.Threads zero).
type StepCoster interface {
	Model
	// StepCost returns the work of one cell-step relative to a LIF
	// neuron-step (at least 1), for example the number of compartments.
	StepCost() int
}

// WorkerPadder is a Model whose state arrays are laid out with every
// worker's neurons on pages of their own (see the layout of the engine), so
// that no memory page of the state is written by two workers. It pays for
// models with much state per neuron. The state then has positions that hold
// no neuron (BuildContext.Neuron returns -1 for them), which are never
// stepped.
type WorkerPadder interface {
	Model
	// PadWorkers marks the model; it does nothing.
	PadWorkers()
}

// A BuildContext gives Model.NewState what the state of one population may
// need at build time: the time step, the seed, the timing convention, the
// population, and which neuron sits at each position of the state arrays.
// It is valid during the NewState call only.
type BuildContext struct {
	dt   float64
	seed uint64
	conv Convention
	pop  *Population
	own  []int32 // population index of each neuron held here, nil when all are
	lay  *layout
}

// Dt returns the time step (s).
func (b *BuildContext) Dt() float64 { return b.dt }

// Seed returns the network's seed. A model that draws random numbers keys
// them, as the engine does, by the seed, a purpose of its own (distinct
// from the engine's small integers: a hash of the model's name, say), the
// neuron's gid and the step (package rng), so that its results do not
// depend on the number of workers or ranks.
func (b *BuildContext) Seed() uint64 { return b.seed }

// Convention returns the network's timing convention.
func (b *BuildContext) Convention() Convention { return b.conv }

// Population returns the population being built (its Name, N, Params and
// Init). The model must not modify it.
func (b *BuildContext) Population() *Population { return b.pop }

// GID returns the network-wide index (gid) of the population's neuron i:
// neurons are numbered across the populations in the order of
// Network.Populations.
func (b *BuildContext) GID(i int) int { return b.pop.offset + i }

// Neuron returns the population index of the neuron at state position pos
// (0 <= pos < n of NewState), or -1 if pos is padding (see WorkerPadder).
// On one process without padding it returns pos; on several ranks each
// holds a subset of the neurons, in increasing order.
func (b *BuildContext) Neuron(pos int) int {
	l := b.lay.neuron(pos)
	if l < 0 || b.own == nil {
		return l
	}
	return int(b.own[l])
}

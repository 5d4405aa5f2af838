package mech

// Env is what the mechanisms of a set of instances see: instance k of
// every mechanism is compartment k.
type Env struct {
	// V is the membrane potential (mV); Area (um2) and Diam (um) the
	// compartments' geometry.
	V, Area, Diam []float64
	// I and G accumulate the mechanisms' outward current (mA/cm2) and its
	// slope dI/dV (S/cm2) during Current.
	I, G []float64
	// Ions are the ion species by name.
	Ions map[string]*Ion
	// IonSlots, when not nil, are the ions of Ions in the order of the
	// mechanism's Ions() (an Env of one mechanism, as a CellGroup's): the
	// generated code finds them there instead of by name (IonAt).
	IonSlots []*Ion
	// Celsius is the temperature (degC), Dt the step and T the time (ms).
	Celsius, Dt, T float64
	// SecondOrder is NEURON's secondorder (0, 1 or 2). Where it is not 0,
	// the State of a mechanism whose SOLVE uses derivimplicit or euler
	// runs over Dt/2 and then extrapolates every state by Dt/2 times its
	// derivative, as nocmodl's nrn_state does (second order in time).
	SecondOrder int
	// Queue takes the mechanisms' self events (net_send); nil where they
	// are not supported.
	Queue EventQueue
}

// Ion returns the ion called name, or nil.
func (e *Env) Ion(name string) *Ion { return e.Ions[name] }

// IonAt returns the ion called name, the i-th of the mechanism's Ions():
// IonSlots[i] where the Env has it, else Ions[name].
func (e *Env) IonAt(i int, name string) *Ion {
	if i < len(e.IonSlots) {
		return e.IonSlots[i]
	}
	return e.Ions[name]
}

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
	// Celsius is the temperature (degC), Dt the step and T the time (ms).
	Celsius, Dt, T float64
	// Queue takes the mechanisms' self events (net_send); nil where they
	// are not supported.
	Queue EventQueue
}

// Ion returns the ion called name, or nil.
func (e *Env) Ion(name string) *Ion { return e.Ions[name] }

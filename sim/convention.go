package sim

import "fmt"

// Convention selects the spike-timing conventions of a simulation. Both
// conventions agree on how the state evolves and on when a spike reaches its
// targets (at the start of step s+1+round(delay/dt) for a spike detected in
// step s); they differ in three details, documented in docs/CONVENTIONS.md.
type Convention int

const (
	// ConventionGolgi is Golgi's default, close to NEURON's: a spike
	// detected at the end of step s is stamped (s+1)*dt, the neuron is reset
	// at once, and for the refractory period R the membrane potential is
	// clamped at the reset value. In both conventions inputs that act on v
	// directly (delta synapses) are dropped while the neuron is refractory,
	// as Brian2 and NEST do.
	ConventionGolgi Convention = iota
	// ConventionBrian2 follows Brian2: a spike detected after the update of
	// step s is stamped s*dt; synaptic effects of the step are applied
	// before the reset; the refractory clamp ends one step earlier
	// (integration resumes round(R/dt) steps after the spike step); and
	// update expressions are evaluated in Brian2's order of operations.
	ConventionBrian2
)

func (c Convention) String() string {
	switch c {
	case ConventionGolgi:
		return "golgi"
	case ConventionBrian2:
		return "brian2"
	}
	return fmt.Sprintf("Convention(%d)", int(c))
}

// ParseConvention returns the Convention named s ("golgi" or "brian2").
func ParseConvention(s string) (Convention, error) {
	switch s {
	case "golgi", "":
		return ConventionGolgi, nil
	case "brian2":
		return ConventionBrian2, nil
	}
	return 0, fmt.Errorf("unknown convention %q: want \"golgi\" or \"brian2\"", s)
}

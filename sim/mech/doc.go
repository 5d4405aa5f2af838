// Package mech runs membrane mechanisms with NEURON's semantics: density
// mechanisms and point processes as the NMODL translator (package
// sim/nmodl) generates them, the ions they share (concentrations,
// reversal potentials and the currents summed per species, with
// NEURON's ion_style rules) and NEURON's fixed step on a compartment.
//
// A Mechanism holds its instances' variables in structure-of-arrays form
// and steps them all in one call: Init (NEURON's nrn_init), Current
// (nrn_cur: the current at v and its slope from the current at
// v + 0.001 mV) and State (nrn_state: the SOLVE blocks at the new v). An
// Env gives the instances their potentials, geometry, ions and the
// accumulators of current and conductance.
//
// Events reach point processes through Receiver (NET_RECEIVE);
// FlagReceiver, NetConIniter and EventQueue add NEURON's self events
// (net_send) and the NET_RECEIVE INITIAL block, and EventSource the
// artificial cells that emit events (net_event), connected by NetCon.
// An Electrode mechanism's current is an electrode current
// (ELECTRODE_CURRENT): a cell group adds it after the others' and
// leaves it out of the membrane current.
//
// SparseStep and SparseSteadyState solve a KINETIC block of one instance
// as NEURON's METHOD sparse and STEADYSTATE sparse do (Newton iterations
// of backward Euler on the equations the generated code builds, a
// KineticFunc).
//
// Compartment is a single compartment with mechanisms, an IClamp and an
// SEClamp stepped exactly as NEURON 8.2's fadvance with secondorder = 0:
// what `golgi nmodl run` runs and what the translator is validated with
// against NEURON (sim/nmodl/testdata/neuron).
package mech

// Package builtin is the model family of Golgi's own models: the spec
// models of package sim/spec (coba, cuba, brunel, hh, wang_buzsaki,
// stellate, adex, izhikevich: golgi spec list) and the benchmark networks
// of package sim/nets (Brette et al. 2007's COBA and CUBA, Brunel 2000,
// NEURON's hh soma, a ring of ball-and-stick cells).
//
// It registers the family "builtin" with package sim/models: a spec file
// whose "model" is one of sim/spec's runs through golgi run, and the
// networks above through golgi bench. Each simulation's results go to
// <out>/<sim_id>/<data_id>_<sim_id>.h5, group /<sim_num> (Write):
// recorded variables, population rates and spikes, with the simulation's
// canonical spec stored as the group's parameters.
package builtin

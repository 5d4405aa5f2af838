// Package synmod is testdata/exp2syn_golgi.mod and testdata/expsyn_golgi.mod
// (NEURON's Exp2Syn and ExpSyn equations) translated by golgi nmodl: the
// tests compare them with the hand-written synapses of sim/channels and
// sim/morph.
package synmod

//go:generate go run ../../../../cmd/golgi nmodl ../../testdata/exp2syn_golgi.mod ../../testdata/expsyn_golgi.mod -o . -package synmod -root ../..

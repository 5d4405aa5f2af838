// Package hhmod is testdata/hh_golgi.mod (the Hodgkin-Huxley channels with
// NEURON's hh rates and TABLE) translated by golgi nmodl: the tests
// compare it with the hand-written channels.HH, for accuracy and speed.
package hhmod

//go:generate go run ../../../../cmd/golgi nmodl ../../testdata/hh_golgi.mod -o . -package hhmod -root ../..

// Package kinmod is testdata/kinetic (Golgi's own KINETIC test mechanisms:
// kin3, a three-state Markov channel, and kinca, a calcium current into a
// buffered calcium pool) translated by golgi nmodl: the tests
// compare them with NEURON 8.2 running the same files
// (scripts/nmodl-ref/make_refs.py, the "golgi" set).
package kinmod

//go:generate go run ../../../../cmd/golgi nmodl ../../testdata/kinetic -o . -package kinmod -root ../..

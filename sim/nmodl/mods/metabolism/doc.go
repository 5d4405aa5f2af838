// Package metabolism holds neurodamus's neocortex metabolism mechanisms (sonata/mod/neocortex/mod/metabolism), translated from NMODL by golgi nmodl: each
// translated mechanism registers itself with package sim/mech under its
// SUFFIX name when the package is imported. NMODL_STATUS.md lists what
// became of every .mod file of the set (the refused ones need native Go
// implementations). The tests compare every mechanism with NEURON 8.2
// (sim/nmodl/testdata/neuron) and check that regenerating changes
// nothing.
//
// Regenerate with GOLGI_REF set to the reference data (shared/ref):
//
//	GOLGI_REF=$PWD/../shared/ref go generate ./sim/nmodl/mods/...
package metabolism

//go:generate go run ../../../../cmd/golgi nmodl $GOLGI_REF/sonata/mod/neocortex/mod/metabolism -o . -package metabolism -skip-refused -root $GOLGI_REF

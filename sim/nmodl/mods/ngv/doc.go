// Package ngv holds neurodamus's neuro-glia-vasculature mechanisms (sonata/mod/common/mod/ngv), translated from NMODL by golgi nmodl: each
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
package ngv

//go:generate go run ../../../../cmd/golgi nmodl $GOLGI_REF/sonata/mod/common/mod/ngv -o . -package ngv -skip-refused -root $GOLGI_REF

// Package nets builds the standard benchmark networks of the literature as
// sim.Network descriptions: the COBA and CUBA networks of Brette et al.
// 2007 (benchmarks 1 and 2, after Vogels and Abbott 2005) and model A of
// Brunel 2000. Each builder takes a Config whose zero value gives the
// published model, so nets.COBA(nets.COBAConfig{}) is benchmark 1.
package nets

// Package rng provides counter-based random numbers for Golgi.
//
// Every random number in a simulation is a pure function of a key: the base
// seed, a purpose (what the number is for: connectivity of projection 3,
// Poisson drive of population 1, initial state, ...), and one or two indices
// (a gid and a step, a target and a synapse index). No stream is shared
// between threads or ranks, so a network gives the same bits whatever the
// partition of its neurons, and a notebook cell re-run gives the same figure.
//
// The generator is SplitMix64's finaliser applied to a mixed key, which
// passes BigCrush as a counter-based generator when the counter advances by
// a fixed odd increment (Steele, Lea and Flood 2014). A Stream is a key plus
// a counter for drawing many numbers under one key.
package rng

// Package models is the registry of Golgi's model families and the one
// run loop they share.
//
// A model family is the code that makes one kind of published model run
// on Golgi's engine (package sim): its spec keys and defaults, network
// builders, result files, measures and tools. Each family lives in its
// own package under sim/models (its measures in analysis/<family>) and
// registers a Family value from an init function:
//
//	func init() { models.Register(&models.Family{Name: "gridcellscond", ...}) }
//
// Programs reach every family through this package: a blank import of
// sim/models/all registers them all, Claiming picks the family of a spec
// file, the family's Planner turns the spec into numbered simulations
// (a Plan), and Run runs a Plan: progress, interrupts, --resume and
// --force, MPI (rank 0 writes), small sims in parallel, a raster PNG and
// SONATA spikes of each sim. golgi run, golgi bench and the notebooks'
// helpers name no family; a family's own tools are Commands, run as
// golgi <family> <command>, and its benchmark networks are Benchmarks.
//
// The import rules (docs/ARCHITECTURE.md, checked by a test): the engine
// (sim and its packages other than sim/models) imports no family; a
// family imports the engine, sim/store, analysis, plotting and its own
// analysis/<family>, never another family; commands and the kernel reach
// families only through this package and sim/models/all.
package models

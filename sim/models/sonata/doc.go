// Package sonata reads SONATA circuits and simulation configurations as
// neurodamus (Blue Brain's NEURON driver) reads them: the first part of
// the SONATA model family (issue 19). It builds no cells and registers no
// models.Family yet; it gives the later parts everything they read from
// the files, checked. The specification it follows is SPEC.md of the
// reference data (shared/ref/sonata); docs/SONATA.md records the
// decisions.
//
// # Files
//
//   - simconfig.go: simulation_config.json (SimulationConfig, Options),
//     SPEC 1.2.
//   - circuitconfig.go: circuit_config.json (CircuitConfig), SPEC 1.3.
//   - manifest.go: the manifest and path resolution, SPEC 1.1.
//   - json.go: the ordered JSON reader and Error, the configuration error
//     naming file and key.
//   - nodesets.go: node sets (NodeSets, Resolve, Selection), SPEC 1.6.
//   - circuit.go: an open circuit (Circuit), its populations.
//   - nodes.go: node populations of nodes.h5 (NodePopulation), SPEC 1.4.
//   - edges.go: edge populations of edges.h5 (EdgePopulation, Afferent,
//     Ranges), SPEC 1.5.
//   - synapses.go: the synapse and gap-junction parameters of one target
//     (Synapses, GapJunctions), SPEC 1.5 and 3.1.
//   - offsets.go: gid offsets (GidMap) and population id hashes, SPEC 1.7.
//   - simulation.go: Load, a simulation with its circuit and node sets.
//   - distribution.go: cells to MPI ranks (Distribute, CellLoad: cost
//     and memory estimated without building), SPEC 6; dryrun.go: DryRun;
//     reports_gather.go: a distributed network's reports gathered to
//     rank 0 (BuildOptions.Comm).
//
// # Units
//
// As SONATA stores them, and named in the fields: times in ms (DelayMS,
// TstopMS), conductances in nS (ConductanceNS: NEURON's point processes
// take µS, the conversion is the builder's), voltages in mV, lengths in
// µm, concentrations in mM, temperatures in degrees Celsius.
//
// # Errors and warnings
//
// Configuration errors are *Error values naming the file and the key
// path: "simulation_config.json: run.dt: want a positive number, got
// "x"". HDF5 errors name the file, the population and the dataset. What
// neurodamus would reject is an error: a missing mandatory key, a value
// of the wrong type, an unknown enumerated value (spikes_sort_order
// "by_id", an unknown node population type, integration method, target
// simulator), a dangling manifest variable, a node set that names an
// unknown node set or contains itself, a population or attribute that no
// population of the circuit has, an HDF5 dataset that is absent, of the
// wrong type or shape, and indices that disagree with the datasets. What
// neurodamus ignores is ignored with a warning (Warnings fields): unknown
// keys, edge populations of unknown types (skipped), node and edge type
// CSV files, and node sets that test an attribute some populations lack
// (those populations contribute nothing).
//
// # Laziness
//
// Opening a circuit reads the sizes, attribute names and index shapes of
// its populations. Node attributes are read when first asked for, a
// population at a time; edge attributes are read for the edges of one
// target, through the target_to_source index, so that a large circuit
// costs what a rank builds of it.
//
// All HDF5 access goes through sim/store's H5Reader (one process-wide
// HDF5 lock, the type and size guards of sim/store).
package sonata

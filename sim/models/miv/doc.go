// Package miv is the MiV-Simulator model family (issue 21): networks of
// GazzolaLab's MiV-Simulator ("Mind in Vitro", NEURON + NeuroH5) as
// MiV-Simulator-Cases configures them. The specification it follows is
// SPEC.md of the reference data (shared/ref/miv); docs/MIV.md records
// the decisions and the status.
//
// This first part reads and validates the declarative YAML
// configuration (SPEC 1): a model file such as Microcircuit_Small.yaml,
// its !include files resolved relative to the including file as MiV's
// IncludeLoader resolves them, decoded into typed tables (Definitions,
// Geometry, Connection Generator with its synapse densities, axon
// extents and conduction velocities, Cell Types, Random Seeds,
// Stimulus, Recording, Global Parameters, Analysis) and checked as MiV
// checks them before anything is built. The first construction stages
// (SPEC 2.1-2.3: H5Types, soma placement, arc distances) write NeuroH5
// files through sim/store.
//
// Of network construction (SPEC 2), synapse distribution (2.5:
// DistributeSynapses, per-gid streams, MiV's Poisson walk) and
// connection generation (2.6: Connector, the projection partition and
// the Gaussian choice of sources within the axon extent; EdgeDelayMs,
// 3.5) work in memory; soma positions come in as Somata.
// Config.Construct runs every stage in memory (a Construction);
// Construction.Write writes MiV's merged cells.h5 (trees, synapse
// attributes) and connections.h5 (Destination Block Sparse projections)
// in NeuroH5's layouts (SPEC 2.7, 2.8), and Config.ReadConstruction
// reads them back (ReadTrees, ReadSynapseAttributes, ReadConnections).
//
// The runtime (SPEC 4) builds and runs a network as MiV's
// ExecutionEnvironment does: BuildNetwork takes a Construction (somata,
// trees, synapse attributes, edges: computed in memory by
// Config.Construct, or read from cells.h5 and connections.h5 by
// Config.ReadConstruction), makes every
// biophysical gid a cell from its template on its tree, translated to
// its soma (Golgi normative, SPEC 4.6.3), with MiV's shared
// LinExp2Syn/LinExp2SynNMDA point processes and a NetCon per synapse and
// label, STIM gids spike sources playing their trains; Network.Run steps
// the cells in morph.CellGroups connected by sim/netcon (dt 0.025 ms,
// secondorder 2), recording the spikes, the section and synaptic
// quantities of a Recording.Intracellular profile and the LFP of
// Recording.LFP (sim/lfp). golgi run FILE.yaml
// runs a configuration end to end (run_sim.go). On MPI ranks
// (NetworkOptions.Comm; distribution.go) each rank builds the cells
// Distribute gives it (MiV's gid mod ranks, gap-junction-coupled cells
// together) from its share of the construction (ConstructOptions.Ranks),
// spikes go through netcon's exchange and the intracellular traces and
// the LFP are gathered to rank 0, bit for bit one process's; Construction.Gather
// (construct_gather.go) collects the shares for writing the files.
//
// # Files
//
//   - config_yaml.go: the YAML reader (gopkg.in/yaml.v3): !include,
//     anchors and merge keys, positions, JSON output (ReadYAML).
//   - config_decode.go: decoding into the tables; Map (named entries in
//     file order), ConfigError, Location, Raw.
//   - config.go: Config and its tables, Load, LoadPart, LoadMechanism.
//   - config_validate.go: Validate; PopulationRanges (gids, SPEC 2.1),
//     ValidProjections.
//   - command_config.go: golgi miv config.
//   - construct_h5types.go: H5Types, WriteH5Types (SPEC 2.1).
//   - construct_place.go: PlaceSomata, layered blue-noise soma
//     placement (SPEC 2.2).
//   - construct_coords.go: Generated Coordinates namespaces, ReadSomata.
//   - construct_arc.go: ArcOrigin, ArcDistances (SPEC 2.3).
//   - command_construct.go: golgi miv h5types, place, distances,
//     construct.
//   - synapses.go: SynapseAttributes, DistributeSynapses (the walk).
//   - synapses_morphology.go: SynapseMorphology (sections, nseg,
//     points, layers of a template's cell), MiV's section order, PCHIP.
//   - synapses_density.go: SynapseDensities from Cell Types.
//   - synapses_population.go: a population's morphology and synapses.
//   - synapses_command.go: golgi miv synapses.
//   - connections.go: Somata, Connector, Edges, EdgeDelayMs.
//   - tree.go: Tree, ReadSWC (neurotree import, SPEC 2.4).
//   - template.go: Template, LoadTemplate, Template.Build (a cell from
//     its HOC template on its tree through sim/hoc).
//   - cell.go: Cell.Clone, Cell.MoveTo.
//   - detector.go: SpikeDetector (SPEC 3.3).
//   - synapse.go: Exp2, MgBlock (LinExp2Syn kinetics, SPEC 3.4).
//   - lfp_select.go: SelectLFPCells (SPEC 5.3).
//   - lfp_csv.go, command_lfp.go: golgi miv lfp.
//   - parallel.go: forEachGid, the per-gid worker pool.
//   - network_construction.go: Construction, Config.Construct (the
//     construction in memory), SomataOf, CaseDirs.
//   - network_stim.go: STIM trains: PoissonTrain, StrideTrains (the
//     rc-separation rule), Config.DefaultStimTrains, StimRateHz.
//   - network_synapses.go: synapse placement, shared point processes,
//     parameters from the projection's mechanisms.
//   - network.go: Network, NetworkOptions, BuildNetwork.
//   - network_recording.go: the recording's setup, the LFP electrodes
//     (Electrode), sampling.
//   - network_intracellular.go: a Recording.Intracellular profile
//     (Intracellular, Trace): its cells, section quantities (any probe
//     variable at the loc of every section of the listed SWC types, rec
//     ids type or type.index), synaptic quantities (a point-process
//     variable of the filtered synapses, summed by section and label
//     with reduce), the traces shared and gathered over ranks.
//   - network_intracellular_check.go: a profile's checks before any
//     cell is built (SWC types, locs, dt, variables against the linked
//     mechanisms, data_ids).
//   - network_intracellular_write.go: the traces in the store (a data_id
//     per label, TraceSets) and as the results file's Intracellular
//     <rec id> namespaces (SPEC 4.4).
//   - network_run.go: Network.Run, Spike.
//   - distribution.go: Comm, Distribute (the rank of every gid), the
//     gathering of rows to rank 0.
//   - construct_gather.go: Construction.Gather (the ranks' shares of
//     the construction to rank 0).
//   - run_sim.go: golgi run's Planner and sim (spikes, the traces, the
//     results file with the spikes, traces and LFP),
//     Network.WriteResults.
//   - neuroh5_trees.go: Trees in NeuroH5 (TreesNeuroH5, ReadTrees).
//   - neuroh5_synapses.go: Synapse Attributes in NeuroH5
//     (SynapsesNeuroH5, ReadSynapseAttributes).
//   - neuroh5_edges.go: projections in NeuroH5's Destination Block
//     Sparse layout (ProjectionsNeuroH5, ReadConnections, ReadEdges).
//   - construct_network.go: Construction.NeuroH5, Construction.Write,
//     Config.ReadConstruction (the construction's files).
//   - command_network.go: golgi miv network (cells.h5, connections.h5).
//   - gapjunctions.go: GapJunction, GapJunctionSet, Config.GapJunctions
//     (generation, SPEC 2.9: cubic fits, candidate pairs, weighted draws
//     without replacement, sections, positions, couplings).
//   - gapjunctions_neuroh5.go: the gap-junction graph file
//     (GapJunctionsNeuroH5, Config.WriteGapJunctions, ReadGapJunctions,
//     GapJunctionsFile beside connections.h5).
//   - ggap.go: Ggap, the native half-gap point process ggap (SPEC 3.6).
//   - network_gapjunctions.go: half-gaps on the network's cells, vgap
//     links, the components of coupled cells (one group each).
//   - family.go: the registration; commands of other files join through
//     addCommand; golgi run's flags and Planner are in run_sim.go.
//
// # Units
//
// As MiV's files hold them, named in the fields: lengths in µm
// (WidthUm, PositionUm), times in ms (DtMs), rates in Hz, conduction
// velocity in µm/ms, resistivity in Ω·cm, synapse densities per µm,
// stimulus-arena lengths in cm, angles in degrees.
//
// # Errors
//
// Every error is a *ConfigError naming the file that holds the value (the
// included file, not the model file), its line, the key path from the
// top of the configuration and the value: "miv config
// config/Geometry_Small.yaml:31: Geometry.Cell Distribution.PVBC.SR: 8
// cells in layer SR, which has no geometry (...)". Unknown keys name the
// closest known key. A missing or circular !include names the chain of
// files that led to it.
package miv

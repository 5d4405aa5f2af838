// Package gridcells is the GridCellsCond model family of Shaikh and Assisi,
// "Intrinsic and circuit mechanisms of predictive coding in a grid cell
// network model", eLife 14:RP108142 (2025), original code
// github.com/assisilab/GridCellsCond (Python and NEURON, MIT): a
// continuous-attractor network of entorhinal stellate cells and
// interneurons, built on Golgi's engine (package sim) with the cells of
// package channels, and run with the original's parameter names, inputs
// and file layout.
//
// # Parameters
//
// ModelParams and SimParams hold every key of the original's
// default_model_params.json and default_sim_params.json (embedded as the
// defaults), under the original names and units. ParseParams applies a
// spec's overrides as the original's Param.update_params does; an unknown
// key is an error naming it and the closest known key.
//
// # The network
//
// NewNetwork builds a sim.Network from the parameters: populations
// "stell" (gids 0 .. N_stell-1) and "intrnrn" (gids N_stell ..), each cell
// with the Exp2Syn receptors "exc_syn" and "inhb_syn" (section 5 of the
// specification), projections S->I, I->S and I->I with the weights of the
// connectivity config times the pair's g_max and netcon_delay (1 ms), the
// inputs of the instrumentation and the recorders its record handles ask
// for. Implemented so far: every conn_id (below); instr_id "1d" with
// vel_type "const": DC per stellate ring and for the interneurons, the
// interneurons' theta current, and per-cell Gaussian initial and ongoing
// noise whose stream is keyed by gid + seed as in the original
// (numpy.random.default_rng(gid + seed)); instr_id "2d" (DC per stellate
// sheet E, W, N, S, noise as in 1D); instr_id "stdn" (single cells of Fig
// 1A: no noise, the mod files' global defaults, extra input_id "sag",
// "pir" or "resonance") and "motif" (input_id "pulse"); recording of
// spikes, v, the HCN gates and synaptic conductances.
//
// # Connectivity
//
// BuildConnectivity builds conn_id "1d" (Ring1D), "2d" (Torus2D), "asym"
// (Asym1D), "motif" (Motif) or "stdn" (Stdn) from the rules of SPEC.md
// section 6, entry for entry as the original's config scripts (the tests
// evaluate each rule pair by pair and compare every element). The small
// configs are lists of synapses (Block); the 2D torus is held as one
// kernel per sheet, since its weights depend only on the toroidal
// displacement, and reaches the engine as sim.PerTarget rules that list
// each target's synapses during sim.Build: the 71 x 71 network's 21.25 M
// synapses build in about half a second and take 8 bytes each in the
// engine, where the original fills a dense 5 GB matrix.
//
// With save_conn_matrix the matrix is also written to
// <data_root>/saved_matrices/matrix_<conn_id>_<matrix_id>.hdf5 in the
// original's layout (dataset "matrix", M[pre, post], float64, dense,
// gzip), written by blocks of rows; with build_conn_matrix false that file
// is loaded instead (LoadConnectivity, which also reads the original's
// files), and a missing one is an error naming it before anything is
// built.
//
// The engine steps as NEURON's fixed step with dt = 0.025 ms (the
// original never sets NEURON's dt; its parameter dt only sets the grid of
// played DC inputs), at 37 C. A noisy network is chaotic and Golgi's noise
// is not NumPy's, so runs compare with the original's by their statistics
// (bump count and spacing, drift speed, rates), not spike by spike; the
// spikes of a run are identical for any number of threads.
//
// # Results
//
// Network.Write stores a run as the original does:
// DIR/<sim_id>/<data_id>_<sim_id>.hdf5, group "<sim_num>", float32
// datasets, spikes as NaN-padded rows of spike times (ms) in gid order,
// continuous data with sim_dur/recorder_dt + 1 samples; and the resolved
// parameters in DIR/<sim_id>/<sim_id>.json.
//
// # Analysis
//
// SpeedOfNetwork is the original's calc_speed_of_network, GridScaleNeurons
// its grid_scale_neurons, MeanRate its calc_firing_rates; Bumps locates
// the activity bumps on a ring.
package gridcells

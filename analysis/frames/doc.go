// Package frames turns stored results into gota DataFrames for notebooks:
// one row per spike, per neuron, per time bin or per sim_num.
//
// It reads a sim_id directory written by `golgi run` (data_id "spikes":
// compound gid and t_ms with population attributes; data_id "rate") and
// also directories written by GridCellsCond (data_ids "<population>_spks":
// NaN-padded spike-time rows, .hdf5 files), so that the same notebook cell
// analyses both.
//
//	r, err := frames.Open("out/sweep")
//	spikes, err := r.Spikes(&frames.Filter{Populations: []string{"E"}, TMaxMs: 200})
//	sweep, err := r.SweepTable(nil)   // one row per sim_num: swept parameters, rates, CVs
package frames

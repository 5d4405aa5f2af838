// Package frames turns stored results into gota DataFrames for notebooks:
// one row per spike, per neuron, per time bin or per sim_num.
//
// It reads a sim_id directory written by `golgi run` (data_id "spikes":
// compound gid and t_ms with population attributes; data_id "rate";
// optionally "<population>_spks": NaN-padded spike-time rows) and also
// directories in the layouts model families register with RegisterLayout
// (such as the original GridCellsCond's .hdf5 files), so that the same
// notebook cell analyses both.
//
//	r, err := frames.Open("out/sweep")
//	spikes, err := r.Spikes(&frames.Filter{Populations: []string{"E"}, TMaxMs: 200})
//	sweep, err := r.SweepTable(nil)   // one row per sim_num: swept parameters, rates, CVs
package frames

// Package store keeps simulation results in HDF5 files laid out as
// GridCellsCond lays them out, and reads and writes SONATA spike files.
// It is the only package of Golgi that calls HDF5 (gonum.org/v1/hdf5 and
// a few direct cgo calls to libhdf5); it knows nothing of the engine and
// stores plain data.
//
// # Layout
//
// A sweep of numbered simulations (sim_nums) of one model is a sim_id. Its
// results are in one directory, one file per kind of data (data_id), one
// group per sim_num, one dataset per group:
//
//	<root>/<sim_id>/<data_id>_<sim_id>.h5     (.hdf5 with Options.Ext, as GridCellsCond)
//	    /<sim_num>                            group, decimal: "0", "1", ...
//	        <data_id>                         dataset
//
// Datasets are chunked (whole rows, about 1 MiB a chunk) and compressed
// with HDF5's shuffle and deflate (gzip) filters, which h5py, h5dump and
// any HDF5 reader decode. (On little-endian hosts the chunks are filtered
// in parallel in Go and written with HDF5's direct chunk write: libhdf5
// filters on one thread, four times slower.) The data_ids' datasets:
//
//   - WriteMatrix32: recorded state, float32, neurons x samples.
//   - WriteSpikes: a one-dimensional compound dataset {gid uint64, t_ms
//     float64}, sorted by time, then gid.
//   - WriteSpikesPadded: float32, neurons x max spikes, each row a
//     neuron's spike times in ms, padded with NaN, as GridCellsCond stores
//     spikes (ReadSpikesPadded and ReadSpikes read GridCellsCond's files).
//   - WriteFloat64: one-dimensional float64 (a population rate, ...).
//
// # Attributes
//
// Every write takes the dataset's attributes and its group's (Attrs:
// strings, float64, int64, uint64 and arrays of them; strings are stored
// as variable-length UTF-8, as h5py does). Golgi's conventions:
//
//	dataset  unit (string), dt_ms (float64, sampling interval), t_start_ms (float64),
//	         population (string), gids ([]uint64: the gid of each row)
//	group    params (string: the resolved parameters, JSON), seed (uint64),
//	         golgi_version (string), run_time (string, RFC 3339), complete (int64 1)
//
// Run.Attrs builds the group attributes; RunFromAttrs reads them back. The
// group attributes are written with every data_id of a sim_num, so each
// file is self-describing.
//
// # No data lost
//
// A file is never modified in place. Each write builds the new version of
// the file under a temporary name in the same directory
// (.<name>.golgi-tmp-<random>): a byte copy of the current file when a
// sim_num is added, or a new file holding every other group when a sim_num
// is rewritten (Golgi's --force; rebuilding rather than deleting keeps the
// file from growing). The temporary file is closed, fsynced (unless
// Options.NoSync), renamed over the final name, and the directory is
// fsynced. A process killed at any point therefore leaves every final-named
// file as it was before the write or as it is after it, never in between;
// the temporary files of killed writers are removed by the next Open or
// write in the directory. Writers of one directory, in one process or several, are
// serialised by a lock (flock) on the directory.
//
// The cost is a copy of the file per write, so that writing n sim_nums
// into one file copies O(n²) bytes (the kernel copies them: see
// BenchmarkAddSimNum); a sweep of very many large sim_nums is better
// split into several sim_ids.
//
// # Resuming
//
// The attribute complete = 1 is written last on each group. Since a group
// appears under the final name only when its file is whole, the marker
// marks Golgi's groups as opposed to those of other tools (GridCellsCond
// writes no attributes). Store.Complete(simNum, dataIDs...) reports whether
// every data_id a sweep records has a complete group for simNum: a sweep
// run again skips those (--resume) and writes the others; a sim_num whose
// run was killed between two data_ids is rewritten whole.
//
// # Reading
//
// Readers convert what is stored to the type asked for (any integer or
// float type to float32 or float64) and report a missing file, group or
// dataset with an error naming the file and what the file holds instead,
// wrapping ErrNotFound; a truncated, empty or non-HDF5 file is an error
// naming the file. InspectFile, Store.Inspect and List describe files,
// groups, datasets (shape, type, unit) and attributes without reading the
// data, for `golgi ls`.
//
// libhdf5 trusts the internal structures of a file: a file damaged inside
// (flipped bits in its metadata) can make it read out of bounds and crash
// the process, as it crashes h5dump. Options.Isolate runs every read in a
// child process (a re-execution of the running program), so that no file
// can crash the caller; Check reads a whole file that way.
//
// # Concurrency and file locking
//
// Every HDF5 call of the process is serialised behind one mutex (libhdf5
// is thread-safe only when built so; Debian 12's is, with one lock inside),
// so a Store may be used from several goroutines. Every handle is closed
// before a function returns.
//
// Reading a file while another process writes it is safe with this
// package's writers, since they never open a final-named file for writing:
// a reader sees the old version or the new one. libhdf5 (1.10 and later)
// locks the files it opens, and refuses to open a file another process
// has open for writing; to read files a program other than Golgi is
// writing in place (h5py, NEURON), or files on a file system without
// flock (some NFS and Lustre mounts, where opening fails with "unable to
// lock file"), set HDF5_USE_FILE_LOCKING=FALSE in the environment of the
// reading process, and expect to see the data as it was when the file was
// last flushed.
//
// # Dense matrices
//
// WriteDenseRows and ReadDenseRows write and read a file holding one
// two-dimensional float64 dataset at its root, as h5py's
// create_dataset(name, data=a, compression="gzip") writes it
// (GridCellsCond's saved connectivity matrices), by blocks of rows, so
// that a matrix larger than memory is never whole in it. The file is
// written under a temporary name and renamed; a missing file or dataset
// is an error naming both that wraps ErrNotFound.
//
// # SONATA
//
// WriteSONATASpikes writes /spikes/<population>/timestamps (float64,
// attribute units "ms") and /spikes/<population>/node_ids (uint64), the
// population group's sorting attribute (the spec's enum none, by_id,
// by_time) and the root attributes magic and version.
// ReadSONATASpikes also reads the files of other tools: sorting as a
// string (bmtk) or missing, node ids of any integer type, timestamps in s.
//
// # NeuroH5
//
// WriteNeuroH5Types writes a new file holding /H5Types as MiV-Simulator
// writes it with h5py (committed enum Population labels, committed
// compounds Population range and Population projections, datasets
// Populations and Valid population projections); WriteNeuroH5Namespaces
// adds or replaces cell-attribute namespaces
// (/Populations/<population>/<namespace>/<attribute>/{Cell Index,
// Attribute Pointer, Attribute Value}, as neuroh5's
// append_cell_attributes lays them out) by building the whole new file
// under a temporary name (the other objects copied) and renaming it into
// place. Objects are created without modification times, so that equal
// content gives byte-identical files. ReadNeuroH5Types and
// ReadNeuroH5Namespace read them back (and files of neuroh5).
package store

package gridcells

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/store"
)

// RunInfo describes a run for its files.
type RunInfo struct {
	Version string        // Golgi's version, for the group attributes
	Start   time.Time     // when the run started (sim_date_time, run_time)
	Wall    time.Duration // wall time of setup and run (t_simulation)
	// NoParamsFile skips DIR/<sim_id>/<sim_id>.json: a sweep writes it
	// once for all its simulations (WriteParamsFile).
	NoParamsFile bool
}

// Write stores a run's results as the original does: for every recorded
// data_id, DIR/<sim_id>/<data_id>_<sim_id>.hdf5 with group "<sim_num>" and
// dataset <data_id>, float32, one row per recorded cell in ascending gid
// order: spike times (ms) padded with NaN, or sim_dur/recorder_dt + 1
// samples at t = 0, recorder_dt, ... (v in mV, conductances in uS); then
// the full parameters in DIR/<sim_id>/<sim_id>.json (with sim_date_time and
// t_simulation). Files are written through package store, so each appears
// whole under its final name or not at all; the datasets also carry
// Golgi's attributes (unit, gids, population) and the group the run's
// (params, seed = init_noise_seed, golgi_version, run_time), which h5py
// readers of the original's layout ignore.
func (n *Network) Write(dir string, res *sim.Result, info RunInfo) error {
	simID := string(n.Sim.SimID)
	if simID == "" || simID == "0" {
		return fmt.Errorf("gridcells: sim_id = %q, want a name for the results (the original requires one too)", simID)
	}
	if res == nil {
		return fmt.Errorf("gridcells: no result to write")
	}
	m, s := n.Model, n.Sim
	params, err := ParamsOf(m, s, info)
	if err != nil {
		return fmt.Errorf("gridcells: parameters: %w", err)
	}
	st, err := store.Open(dir, simID, &store.Options{Ext: store.ExtHDF5})
	if err != nil {
		return err
	}
	group := store.Run{Params: params, Seed: uint64(m.InitNoiseSeed), Version: info.Version, Time: info.Start}.Attrs()
	for _, r := range n.Records {
		gids := make([]uint64, len(r.GIDs))
		for i, g := range r.GIDs {
			gids[i] = uint64(g)
		}
		attrs := store.Attrs{store.AttrPopulation: r.Pop.Name}
		if len(gids) <= maxGIDsAttr {
			attrs[store.AttrGIDs] = gids
		} else if gids[len(gids)-1]-gids[0] == uint64(len(gids)-1) {
			// HDF5 keeps attributes in a 64 KiB object header: the gids
			// of a large population are given by their range.
			attrs["gid_first"] = gids[0]
		}
		if r.Spikes {
			trains, err := Trains(res, r.Pop.Name)
			if err != nil {
				return err
			}
			off := 0
			if r.Pop == n.Intrnrn {
				off = m.NStell
			}
			rows := make([][]float64, len(r.GIDs))
			for i, g := range r.GIDs {
				rows[i] = trains[g-off]
			}
			if err := st.WriteSpikesPadded(s.SimNum, r.DataID, rows, attrs, group); err != nil {
				return err
			}
			continue
		}
		mat, err := n.recordedMatrix(r, res)
		if err != nil {
			return err
		}
		attrs[store.AttrUnit] = r.UnitName
		attrs[store.AttrDtMs] = s.RecorderDt
		attrs[store.AttrTStartMs] = 0.0
		if err := st.WriteMatrix32(s.SimNum, r.DataID, mat, attrs, group); err != nil {
			return err
		}
	}
	if info.NoParamsFile {
		return nil
	}
	return writeFileAtomic(filepath.Join(st.Dir(), simID+".json"), params)
}

// ParamsOf returns the parameters of a run as the original writes them:
// every key, with sim_date_time and t_simulation from info.
func ParamsOf(m ModelParams, s SimParams, info RunInfo) ([]byte, error) {
	if !info.Start.IsZero() {
		st := info.Start.Format("2006-01-02, 15:04:05")
		s.SimDateTime = &st
	}
	if info.Wall > 0 {
		w := info.Wall.Seconds()
		s.TSimulation = &w
	}
	return MarshalParams(m, s)
}

// WriteParamsFile writes DIR/<sim_id>/<sim_id>.json for the simulations
// of a sweep as the original's multi-run does: one object keyed by
// sim_num ("0", "1", ...), each the full parameters of that simulation
// (params[k], from ParamsOf); a file holding a single simulation is its
// parameter object, as the original's single run writes it. The
// simulations already in the file (a sweep resumed) are kept unless
// rewritten.
func WriteParamsFile(dir, simID string, simNums []int, params [][]byte) error {
	if len(simNums) != len(params) {
		return fmt.Errorf("gridcells: %d sim_nums for %d parameter sets", len(simNums), len(params))
	}
	d := filepath.Join(dir, simID)
	path := filepath.Join(d, simID+".json")
	all := map[int]json.RawMessage{}
	if old, err := os.ReadFile(path); err == nil {
		var multi map[string]json.RawMessage
		var single struct {
			SimNum *int `json:"sim_num"`
		}
		if json.Unmarshal(old, &multi) == nil && json.Unmarshal(old, &single) == nil {
			if single.SimNum != nil {
				all[*single.SimNum] = old
			} else {
				for k, v := range multi {
					n, err := strconv.Atoi(k)
					if err != nil {
						return fmt.Errorf("gridcells: %s is neither a run's nor a sweep's parameter file (key %q): move it away", path, k)
					}
					all[n] = v
				}
			}
		}
	}
	for k, n := range simNums {
		all[n] = params[k]
	}
	nums := make([]int, 0, len(all))
	for n := range all {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var data []byte
	if len(nums) == 1 {
		data = all[nums[0]]
	} else {
		buf := []byte("{\n")
		for k, n := range nums {
			if k > 0 {
				buf = append(buf, ",\n"...)
			}
			buf = append(buf, fmt.Sprintf("%q: ", strconv.Itoa(n))...)
			buf = append(buf, bytes.TrimSpace(all[n])...)
		}
		data = append(buf, "\n}\n"...)
	}
	if !json.Valid(data) {
		return fmt.Errorf("gridcells: parameters of %s: not valid JSON", simID)
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return fmt.Errorf("gridcells: %w", err)
	}
	return writeFileAtomic(path, data)
}

// recordedMatrix returns the data of a sampled record: one row per
// recorded cell, in the stored unit.
func (n *Network) recordedMatrix(r Record, res *sim.Result) (store.Matrix32, error) {
	if r.derive == nil {
		if r.trace >= len(res.Traces) {
			return store.Matrix32{}, fmt.Errorf("gridcells: %s: no trace in the result", r.DataID)
		}
		tr := res.Traces[r.trace]
		mat, err := matrixOf(r.DataID, len(r.GIDs), tr.Values)
		if err != nil {
			return mat, err
		}
		for i := range mat.Data {
			mat.Data[i] = float32(tr.Values[i/mat.Cols][i%mat.Cols] / r.Unit)
		}
		return mat, nil
	}
	cols := int(math.Round(n.Sim.SimDur/n.Sim.RecorderDt)) + 1
	x := make([][]float64, len(r.traces))
	for _, ti := range r.traces {
		if ti >= len(res.Traces) {
			return store.Matrix32{}, fmt.Errorf("gridcells: %s: no trace in the result", r.DataID)
		}
		if len(res.Traces[ti].Values) > 0 {
			cols = len(res.Traces[ti].Values[0])
		}
	}
	tMs := make([]float64, cols)
	for k := range tMs {
		tMs[k] = float64(k) * n.Sim.RecorderDt
	}
	mat := store.Matrix32{Rows: len(r.GIDs), Cols: cols, Data: make([]float32, len(r.GIDs)*cols)}
	out := make([]float64, cols)
	for i, gid := range r.GIDs {
		for j, ti := range r.traces {
			x[j] = res.Traces[ti].Values[i]
			if len(x[j]) != cols {
				return mat, fmt.Errorf("gridcells: %s: %d samples of %s, want %d", r.DataID, len(x[j]), r.derive.vars[j], cols)
			}
		}
		if err := r.derive.eval(n, gid, tMs, x, out); err != nil {
			return mat, fmt.Errorf("gridcells: %s: %w", r.DataID, err)
		}
		row := mat.Row(i)
		for k, v := range out {
			row[k] = float32(v)
		}
	}
	return mat, nil
}

// matrixOf allocates the matrix of a trace's rows, checking their lengths.
func matrixOf(dataID string, rows int, values [][]float64) (store.Matrix32, error) {
	cols := 0
	if len(values) > 0 {
		cols = len(values[0])
	}
	if len(values) != rows {
		return store.Matrix32{}, fmt.Errorf("gridcells: %s: %d rows recorded, want %d", dataID, len(values), rows)
	}
	for i, row := range values {
		if len(row) != cols {
			return store.Matrix32{}, fmt.Errorf("gridcells: %s: row %d has %d samples, row 0 has %d", dataID, i, len(row), cols)
		}
	}
	return store.Matrix32{Rows: rows, Cols: cols, Data: make([]float32, rows*cols)}, nil
}

// maxGIDsAttr is the most gids stored as a dataset attribute (8 bytes
// each, within HDF5's 64 KiB object header).
const maxGIDsAttr = 6000

func unitName(u float64) string {
	switch u {
	case sim.Millivolt:
		return "mV"
	case sim.Microsiemens:
		return "uS"
	}
	return "1"
}

// writeFileAtomic writes data to a temporary file in path's directory and
// renames it over path.
func writeFileAtomic(path string, data []byte) error {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".golgi-tmp-"+hex.EncodeToString(b[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("gridcells: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("gridcells: writing %s: %w", path, err)
	}
	return nil
}

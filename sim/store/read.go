package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// withData opens dataset dataID of group simNum in data_id's file and
// calls fn with the group, the dataset and its description, holding h5mu.
// A missing file, group or dataset is an error naming it and wrapping
// ErrNotFound.
func (s *Store) withData(simNum int, dataID string, fn func(g, d hid, info *dsetInfo) error) error {
	path := s.Path(dataID)
	if err := checkName("data_id", dataID); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	return withFile(path, func(f hid) error {
		return openData(f, groupName(simNum), dataID, fn)
	})
}

// openData is withData on an open file.
func openData(f hid, group, dataset string, fn func(g, d hid, info *dsetInfo) error) error {
	k, err := objKind(f, group)
	if err != nil {
		return err
	}
	switch k {
	case 0:
		names, _ := linkNames(f)
		return fmt.Errorf("no group %q (the file has %s): %w", group, listNames(names), ErrNotFound)
	case 2, 3:
		return fmt.Errorf("%q is not a group", group)
	}
	g, err := openGroup(f, group)
	if err != nil {
		return err
	}
	defer C.H5Gclose(g)
	k, err = objKind(g, dataset)
	if err != nil {
		return err
	}
	switch k {
	case 0:
		names, _ := linkNames(g)
		return fmt.Errorf("group %q has no dataset %q (it has %s): %w", group, dataset, listNames(names), ErrNotFound)
	case 1, 3:
		return fmt.Errorf("%q in group %q is not a dataset", dataset, group)
	}
	d, err := openDataset(g, dataset)
	if err != nil {
		return err
	}
	defer C.H5Dclose(d)
	info, err := datasetInfo(d)
	if err != nil {
		return fmt.Errorf("dataset %s/%s: %w", group, dataset, err)
	}
	if err := fn(g, d, info); err != nil {
		return fmt.Errorf("dataset %s/%s: %w", group, dataset, err)
	}
	return nil
}

// listNames formats member names for an error message.
func listNames(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	const most = 10
	q := make([]string, 0, most+1)
	for i, n := range names {
		if i == most {
			q = append(q, fmt.Sprintf("... %d in all", len(names)))
			break
		}
		q = append(q, strconv.Quote(n))
	}
	return strings.Join(q, ", ")
}

func isNumeric(info *dsetInfo) bool {
	return info.typeOK && (info.cls == clsFloat || info.cls == clsInteger)
}

// readFloat32 reads a numeric dataset, converted to float32.
func readFloat32(d hid, info *dsetInfo) ([]float32, error) {
	if !isNumeric(info) {
		return nil, fmt.Errorf("type %s is not a supported numeric type", dtypeName(d))
	}
	n, err := info.npoints()
	if err != nil {
		return nil, err
	}
	if err := info.checkSize(n, max(4, info.size)); err != nil {
		return nil, err
	}
	v := make([]float32, n)
	if n > 0 {
		if err := readNum(d, kF32, unsafe.Pointer(&v[0])); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// readFloat64 reads a numeric dataset, converted to float64.
func readFloat64(d hid, info *dsetInfo) ([]float64, error) {
	if !isNumeric(info) {
		return nil, fmt.Errorf("type %s is not a supported numeric type", dtypeName(d))
	}
	n, err := info.npoints()
	if err != nil {
		return nil, err
	}
	if err := info.checkSize(n, max(8, info.size)); err != nil {
		return nil, err
	}
	v := make([]float64, n)
	if n > 0 {
		if err := readNum(d, kF64, unsafe.Pointer(&v[0])); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// ReadMatrix32 reads the two-dimensional dataset dataID of group simNum,
// converted to float32, and its attributes.
func (s *Store) ReadMatrix32(simNum int, dataID string) (Matrix32, Attrs, error) {
	if s.isolate {
		res, err := s.child(request{Op: opMatrix32, SimNum: simNum, DataID: dataID}, s.Path(dataID))
		return res.Matrix, res.Attrs, err
	}
	var m Matrix32
	var attrs Attrs
	err := s.withData(simNum, dataID, func(_, d hid, info *dsetInfo) error {
		if len(info.dims) != 2 {
			return fmt.Errorf("shape %v: want 2 dimensions", info.dims)
		}
		v, err := readFloat32(d, info)
		if err != nil {
			return err
		}
		attrs, err = readAttrs(d)
		if err != nil {
			return err
		}
		m = Matrix32{Rows: info.dims[0], Cols: info.dims[1], Data: v}
		return nil
	})
	return m, attrs, err
}

// ReadFloat64 reads the numeric dataset dataID of group simNum, converted
// to float64 and flattened in row-major order, and its attributes.
func (s *Store) ReadFloat64(simNum int, dataID string) ([]float64, Attrs, error) {
	if s.isolate {
		res, err := s.child(request{Op: opFloat64, SimNum: simNum, DataID: dataID}, s.Path(dataID))
		return res.Floats, res.Attrs, err
	}
	var v []float64
	var attrs Attrs
	err := s.withData(simNum, dataID, func(_, d hid, info *dsetInfo) (err error) {
		v, err = readFloat64(d, info)
		if err != nil {
			return err
		}
		attrs, err = readAttrs(d)
		return err
	})
	return v, attrs, err
}

// ReadSpikes reads the spikes of dataset dataID of group simNum, sorted by
// time then gid, and the dataset's attributes. The dataset is either a
// spike list as WriteSpikes stores it (any compound with fields gid and
// t_ms of numeric types), or a NaN-padded matrix of spike trains as
// WriteSpikesPadded and GridCellsCond store them: row r's gid is then
// gids[r] when the gids attribute has one gid per row, r otherwise.
func (s *Store) ReadSpikes(simNum int, dataID string) (Spikes, Attrs, error) {
	if s.isolate {
		res, err := s.child(request{Op: opSpikes, SimNum: simNum, DataID: dataID}, s.Path(dataID))
		return res.Spikes, res.Attrs, err
	}
	var sp Spikes
	var attrs Attrs
	err := s.withData(simNum, dataID, func(_, d hid, info *dsetInfo) (err error) {
		attrs, err = readAttrs(d)
		if err != nil {
			return err
		}
		if info.cls == clsCompound {
			sp, err = readSpikeList(d, info)
			return err
		}
		trains, err := readTrains(d, info)
		if err != nil {
			return err
		}
		gids, ok := attrs.Uint64s(AttrGIDs)
		if !ok || len(gids) != len(trains) {
			gids = nil
		}
		sp = trainsToSpikes(trains, gids)
		return nil
	})
	return sp, attrs, err
}

func readSpikeList(d hid, info *dsetInfo) (Spikes, error) {
	if !info.typeOK {
		return Spikes{}, fmt.Errorf("type %s is not supported (or the file is corrupt)", dtypeName(d))
	}
	t := C.H5Dget_type(d)
	if t < 0 {
		return Spikes{}, h5fail("reading type")
	}
	for _, f := range []string{"gid", "t_ms"} {
		cf := cstr(f)
		idx := C.H5Tget_member_index(t, cf)
		free(cf)
		if idx < 0 {
			C.H5Tclose(t)
			return Spikes{}, fmt.Errorf("type %s has no field %q", dtypeName(d), f)
		}
	}
	C.H5Tclose(t)
	if len(info.dims) != 1 {
		return Spikes{}, fmt.Errorf("shape %v: want 1 dimension", info.dims)
	}
	n := info.dims[0]
	if err := info.checkSize(n, max(16, info.size)); err != nil {
		return Spikes{}, err
	}
	recs := make([]spikeRec, n)
	if n > 0 {
		var b errBuf
		if C.gh5_dset_read_spikes(d, unsafe.Pointer(&recs[0]), b.ptr()) < 0 {
			return Spikes{}, b.err("reading data")
		}
	}
	sp := Spikes{GIDs: make([]uint64, n), TimesMs: make([]float64, n)}
	sorted := true
	for i, r := range recs {
		if i > 0 && less(r, recs[i-1]) {
			sorted = false
			break
		}
	}
	if !sorted {
		sort.Slice(recs, func(i, j int) bool { return less(recs[i], recs[j]) })
	}
	for i, r := range recs {
		sp.GIDs[i], sp.TimesMs[i] = r.GID, r.T
	}
	return sp, nil
}

// readTrains reads a NaN-padded matrix of spike trains, dropping NaNs.
func readTrains(d hid, info *dsetInfo) ([][]float64, error) {
	switch {
	case len(info.dims) == 1 && info.dims[0] == 0:
		return nil, nil // GridCellsCond's file when no cell spiked
	case len(info.dims) != 2:
		return nil, fmt.Errorf("shape %v: want 2 dimensions (neurons x spikes)", info.dims)
	}
	v, err := readFloat64(d, info)
	if err != nil {
		return nil, err
	}
	rows, cols := info.dims[0], info.dims[1]
	trains := make([][]float64, rows)
	for i := range trains {
		var tr []float64
		for _, t := range v[i*cols : (i+1)*cols] {
			if !math.IsNaN(t) {
				tr = append(tr, t)
			}
		}
		trains[i] = tr
	}
	return trains, nil
}

func trainsToSpikes(trains [][]float64, gids []uint64) Spikes {
	var recs []spikeRec
	for i, tr := range trains {
		g := uint64(i)
		if gids != nil {
			g = gids[i]
		}
		for _, t := range tr {
			recs = append(recs, spikeRec{g, t})
		}
	}
	sort.Slice(recs, func(i, j int) bool { return less(recs[i], recs[j]) })
	sp := Spikes{GIDs: make([]uint64, len(recs)), TimesMs: make([]float64, len(recs))}
	for i, r := range recs {
		sp.GIDs[i], sp.TimesMs[i] = r.GID, r.T
	}
	return sp
}

// ReadSpikesPadded reads a NaN-padded matrix of spike trains (as
// WriteSpikesPadded and GridCellsCond store them): trains[r] holds the
// times (ms) of row r without the NaNs, wherever they are (GridCellsCond's
// split runs leave NaN blocks between chunks). A dataset of shape (0,), as
// GridCellsCond writes when no cell spiked, gives no trains.
func (s *Store) ReadSpikesPadded(simNum int, dataID string) ([][]float64, Attrs, error) {
	if s.isolate {
		res, err := s.child(request{Op: opPadded, SimNum: simNum, DataID: dataID}, s.Path(dataID))
		return res.Trains, res.Attrs, err
	}
	var trains [][]float64
	var attrs Attrs
	err := s.withData(simNum, dataID, func(_, d hid, info *dsetInfo) (err error) {
		if info.cls == clsCompound {
			return fmt.Errorf("type %s is a spike list, not a padded matrix: use ReadSpikes", dtypeName(d))
		}
		trains, err = readTrains(d, info)
		if err != nil {
			return err
		}
		attrs, err = readAttrs(d)
		return err
	})
	return trains, attrs, err
}

// ReadAttrs returns the attributes of dataset dataID of group simNum and
// those of the group.
func (s *Store) ReadAttrs(simNum int, dataID string) (dataset, group Attrs, err error) {
	if s.isolate {
		res, err := s.child(request{Op: opAttrs, SimNum: simNum, DataID: dataID}, s.Path(dataID))
		return res.Attrs, res.Group, err
	}
	err = s.withData(simNum, dataID, func(g, d hid, _ *dsetInfo) (err error) {
		dataset, err = readAttrs(d)
		if err != nil {
			return err
		}
		group, err = readAttrs(g)
		return err
	})
	return dataset, group, err
}

package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"unsafe"
)

// Matrix32 is a dense row-major matrix of float32: row i is
// Data[i*Cols:(i+1)*Cols]. Recorded state is stored as one, a row per
// neuron and a column per sample.
type Matrix32 struct {
	Rows, Cols int
	Data       []float32
}

// Matrix32FromRows copies rows, which must have equal lengths, into a
// Matrix32.
func Matrix32FromRows(rows [][]float32) (Matrix32, error) {
	m := Matrix32{Rows: len(rows)}
	if len(rows) > 0 {
		m.Cols = len(rows[0])
	}
	m.Data = make([]float32, 0, m.Rows*m.Cols)
	for i, r := range rows {
		if len(r) != m.Cols {
			return Matrix32{}, fmt.Errorf("row %d has %d values, row 0 has %d", i, len(r), m.Cols)
		}
		m.Data = append(m.Data, r...)
	}
	return m, nil
}

// Row returns row i of m, sharing m's storage.
func (m Matrix32) Row(i int) []float32 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// At returns element (i, j) of m.
func (m Matrix32) At(i, j int) float32 { return m.Data[i*m.Cols+j] }

func (m Matrix32) check() error {
	if m.Rows < 0 || m.Cols < 0 {
		return fmt.Errorf("matrix shape %dx%d is negative", m.Rows, m.Cols)
	}
	if m.Cols > 0 && m.Rows > math.MaxInt/m.Cols || len(m.Data) != m.Rows*m.Cols {
		return fmt.Errorf("matrix %dx%d has %d values", m.Rows, m.Cols, len(m.Data))
	}
	return nil
}

// Spikes is a list of spikes: GIDs[i] fired at TimesMs[i] (ms).
type Spikes struct {
	GIDs    []uint64
	TimesMs []float64
}

// Len returns the number of spikes.
func (sp Spikes) Len() int { return len(sp.GIDs) }

// spikeRec is the memory layout of one element of a spikes dataset,
// {gid uint64, t_ms float64}, as the C helpers describe it.
type spikeRec struct {
	GID uint64
	T   float64
}

// chunkElems is the number of elements of a chunk: about 1 MiB of float32.
const chunkElems = 1 << 18

// chunk returns the chunk shape of a dataset of shape dims with elements of
// elem bytes: whole rows of about 1 MiB, or nil for contiguous storage
// (no compression, or no data).
func (s *Store) chunk(dims []int, elem int) []C.hsize_t {
	if s.level == 0 {
		return nil
	}
	for _, d := range dims {
		if d == 0 {
			return nil
		}
	}
	target := chunkElems * 4 / elem
	c := make([]C.hsize_t, len(dims))
	last := min(dims[len(dims)-1], target)
	c[len(dims)-1] = C.hsize_t(last)
	if len(dims) == 2 {
		c[0] = C.hsize_t(max(1, min(dims[0], target/last)))
	}
	return c
}

// createDataset creates dataset name of numeric kind and shape dims in g;
// it returns the chunk shape (nil for contiguous storage).
func (s *Store) createDataset(g hid, name string, kind C.int, elem int, dims []int) (hid, []C.hsize_t, error) {
	cn := cstr(name)
	defer free(cn)
	cd := make([]C.hsize_t, len(dims))
	for i, d := range dims {
		cd[i] = C.hsize_t(d)
	}
	ch := s.chunk(dims, elem)
	var chp *C.hsize_t
	if ch != nil {
		chp = &ch[0]
	}
	var b errBuf
	d := C.gh5_dset_create_num(g, cn, kind, C.int(len(dims)), &cd[0], chp, C.int(s.level), 1, b.ptr())
	if d < 0 {
		return -1, nil, b.err(fmt.Sprintf("creating dataset %q", name))
	}
	return d, ch, nil
}

// writeNum creates dataset name in g and writes data (n elements of kind)
// and its attributes.
func (s *Store) writeNum(g hid, name string, kind C.int, elem int, dims []int, data unsafe.Pointer, n int, attrs Attrs) (err error) {
	d, chunk, err := s.createDataset(g, name, kind, elem, dims)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeDataset(d); err == nil {
			err = cerr
		}
	}()
	switch {
	case n == 0:
	case chunk != nil && littleEndian:
		if err := writeChunks(d, data, dims, chunk, elem, s.level); err != nil {
			return fmt.Errorf("dataset %q: %w", name, err)
		}
	default:
		var b errBuf
		if C.gh5_dset_write_num(d, kind, data, b.ptr()) < 0 {
			return b.err(fmt.Sprintf("writing dataset %q", name))
		}
	}
	if err := writeAttrs(d, attrs); err != nil {
		return fmt.Errorf("dataset %q: %w", name, err)
	}
	return nil
}

// WriteMatrix32 stores m as dataset dataID of group simNum in data_id's
// file: float32, shape (m.Rows, m.Cols), chunked by rows and compressed.
// attrs are the dataset's attributes (typically unit, dt_ms, t_start_ms,
// population, gids); group those of the group (typically Run.Attrs()).
// A dataset already stored for (simNum, dataID) is replaced.
func (s *Store) WriteMatrix32(simNum int, dataID string, m Matrix32, attrs, group Attrs) error {
	if err := m.check(); err != nil {
		return fmt.Errorf("store %s: %w", s.Path(dataID), err)
	}
	return s.update(simNum, dataID, attrs, group, func(g hid, ds Attrs) error {
		return s.writeNum(g, dataID, kF32, 4, []int{m.Rows, m.Cols}, unsafe.Pointer(unsafe.SliceData(m.Data)), len(m.Data), ds)
	})
}

// WriteFloat64 stores data as a one-dimensional float64 dataset (a
// population rate, for instance); see WriteMatrix32 for the rest.
func (s *Store) WriteFloat64(simNum int, dataID string, data []float64, attrs, group Attrs) error {
	return s.update(simNum, dataID, attrs, group, func(g hid, ds Attrs) error {
		return s.writeNum(g, dataID, kF64, 8, []int{len(data)}, unsafe.Pointer(unsafe.SliceData(data)), len(data), ds)
	})
}

// WriteSpikes stores spikes as a one-dimensional compound dataset with
// fields gid (uint64) and t_ms (float64), sorted by time, then gid. The
// unit attribute defaults to "ms". See WriteMatrix32 for the rest.
func (s *Store) WriteSpikes(simNum int, dataID string, sp Spikes, attrs, group Attrs) error {
	path := s.Path(dataID)
	if len(sp.GIDs) != len(sp.TimesMs) {
		return fmt.Errorf("store %s: %d gids and %d times", path, len(sp.GIDs), len(sp.TimesMs))
	}
	recs, err := sortedRecs(sp)
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	if _, ok := attrs[AttrUnit]; !ok {
		attrs = withAttr(attrs, AttrUnit, "ms")
	}
	return s.update(simNum, dataID, attrs, group, func(g hid, ds Attrs) (err error) {
		cn := cstr(dataID)
		defer free(cn)
		ch := s.chunk([]int{len(recs)}, 16)
		var chp *C.hsize_t
		if ch != nil {
			chp = &ch[0]
		}
		var b errBuf
		d := C.gh5_dset_create_spikes(g, cn, C.hsize_t(len(recs)), chp, C.int(s.level), b.ptr())
		if d < 0 {
			return b.err(fmt.Sprintf("creating dataset %q", dataID))
		}
		defer func() {
			if cerr := closeDataset(d); err == nil {
				err = cerr
			}
		}()
		switch {
		case len(recs) == 0:
		case ch != nil && littleEndian:
			// spikeRec's layout is the file's compound type's.
			if err := writeChunks(d, unsafe.Pointer(&recs[0]), []int{len(recs)}, ch, 16, s.level); err != nil {
				return fmt.Errorf("dataset %q: %w", dataID, err)
			}
		default:
			if C.gh5_dset_write_spikes(d, unsafe.Pointer(&recs[0]), b.ptr()) < 0 {
				return b.err(fmt.Sprintf("writing dataset %q", dataID))
			}
		}
		return writeAttrs(d, ds)
	})
}

// sortedRecs returns the spikes as records sorted by (time, gid).
func sortedRecs(sp Spikes) ([]spikeRec, error) {
	recs := make([]spikeRec, len(sp.GIDs))
	sorted := true
	for i := range recs {
		t := sp.TimesMs[i]
		if math.IsNaN(t) {
			return nil, fmt.Errorf("spike %d (gid %d) has time NaN", i, sp.GIDs[i])
		}
		recs[i] = spikeRec{sp.GIDs[i], t}
		if i > 0 && less(recs[i], recs[i-1]) {
			sorted = false
		}
	}
	if !sorted {
		sort.Slice(recs, func(i, j int) bool { return less(recs[i], recs[j]) })
	}
	return recs, nil
}

func less(a, b spikeRec) bool { return a.T < b.T || (a.T == b.T && a.GID < b.GID) }

// withAttr returns a copy of a with key set to v.
func withAttr(a Attrs, key string, v any) Attrs {
	c := make(Attrs, len(a)+1)
	for k, x := range a {
		c[k] = x
	}
	c[key] = v
	return c
}

// WriteSpikesPadded stores spike trains as GridCellsCond does: a float32
// matrix with a row per neuron holding its spike times (ms) in ascending
// order, padded with NaN to the longest train. trains[i] is the train of
// row i; its times are sorted (in a copy) if they are not. The gids of the
// rows belong in the gids attribute. The unit attribute defaults to "ms".
// See WriteMatrix32 for the rest.
func (s *Store) WriteSpikesPadded(simNum int, dataID string, trains [][]float64, attrs, group Attrs) error {
	width := 0
	for _, tr := range trains {
		width = max(width, len(tr))
	}
	if width > 0 && len(trains) > math.MaxInt/width {
		return fmt.Errorf("store %s: %d trains of up to %d spikes overflow", s.Path(dataID), len(trains), width)
	}
	m := Matrix32{Rows: len(trains), Cols: width, Data: make([]float32, len(trains)*width)}
	nan := float32(math.NaN())
	for i, tr := range trains {
		row := m.Row(i)
		if slices.ContainsFunc(tr, math.IsNaN) {
			return fmt.Errorf("store %s: train %d has a NaN time", s.Path(dataID), i)
		}
		if !slices.IsSorted(tr) {
			tr = slices.Clone(tr)
			slices.Sort(tr)
		}
		for j := range row {
			if j < len(tr) {
				row[j] = float32(tr[j])
			} else {
				row[j] = nan
			}
		}
	}
	if _, ok := attrs[AttrUnit]; !ok {
		attrs = withAttr(attrs, AttrUnit, "ms")
	}
	return s.WriteMatrix32(simNum, dataID, m, attrs, group)
}

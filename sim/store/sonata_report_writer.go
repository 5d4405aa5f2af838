package store

/*
#include "h5helpers.h"

// gh5_rows32 writes rows r0 .. r0+nr-1 of the rank-2 float32 dataset d
// (cols columns) from buf.
static int gh5_rows32(hid_t d, hsize_t r0, hsize_t nr, hsize_t cols, const float *buf, char *err) {
	hsize_t start[2] = {r0, 0}, count[2] = {nr, cols};
	int rc = -1;
	hid_t fs = H5Dget_space(d);
	hid_t ms = H5Screate_simple(2, count, NULL);
	if (fs < 0 || ms < 0) goto done;
	if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0) goto done;
	rc = H5Dwrite(d, H5T_NATIVE_FLOAT, ms, fs, H5P_DEFAULT, buf) < 0 ? -1 : 0;
done:
	if (rc < 0) gh5_errmsg(err);
	if (fs >= 0) H5Sclose(fs);
	if (ms >= 0) H5Sclose(ms);
	return rc;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"unsafe"

	"gonum.org/v1/hdf5"
)

// reportBufferBytes bounds the frames a SONATAReportWriter holds per
// population before writing them: about 4 MiB.
var reportBufferBytes = 4 << 20

// SONATAReportWriter writes a SONATA frame report as a run goes: the
// mapping first, then the frames in blocks, so that its memory is bounded
// by a buffer and not by the run's length. The file is written under a
// temporary name in the same directory and renamed into place by Close:
// until then, path holds its old content or nothing. A writer is not safe
// for concurrent use.
type SONATAReportWriter struct {
	path, tmp string
	f         *hdf5.File
	pops      map[string]*reportPopWriter
	err       error
}

type reportPopWriter struct {
	d         hid
	frames    int // of the dataset
	n         int // elements
	written   int // frames written
	blockRows int
	buf       []float32 // frames not yet written
}

// CreateSONATAReport creates the report at path for the populations of
// pops: their mapping (NodeIDs, IndexPointers, ElementIDs, StartMs, EndMs,
// DtMs, Units) and frames frames each, which Append then gives in order;
// their Data is not read.
func CreateSONATAReport(path string, pops []SONATAReport, frames int) (*SONATAReportWriter, error) {
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	if frames < 0 {
		return nil, wrap(fmt.Errorf("%d frames", frames))
	}
	seen := map[string]bool{}
	for _, p := range pops {
		if err := checkName("population", p.Population); err != nil {
			return nil, wrap(err)
		}
		if seen[p.Population] {
			return nil, wrap(fmt.Errorf("population %q given twice", p.Population))
		}
		seen[p.Population] = true
		if len(p.IndexPointers) != len(p.NodeIDs)+1 || p.IndexPointers[len(p.IndexPointers)-1] != uint64(len(p.ElementIDs)) {
			return nil, wrap(fmt.Errorf("population %q: %d nodes, %d index pointers, %d elements", p.Population,
				len(p.NodeIDs), len(p.IndexPointers), len(p.ElementIDs)))
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, wrap(err)
	}
	tmp, err := tmpPath(path)
	if err != nil {
		return nil, wrap(err)
	}
	w := &SONATAReportWriter{path: path, tmp: tmp, pops: map[string]*reportPopWriter{}}
	h5lock()
	defer h5unlock()
	if w.f, err = createFile(tmp); err != nil {
		os.Remove(tmp)
		return nil, wrap(err)
	}
	if err := w.create(pops, frames); err != nil {
		w.abortLocked()
		return nil, wrap(err)
	}
	return w, nil
}

func (w *SONATAReportWriter) create(pops []SONATAReport, frames int) error {
	s := &Store{level: DefaultCompression, sync: true}
	root, err := createGroup(idOf(w.f), "report")
	if err != nil {
		return err
	}
	defer C.H5Gclose(root)
	for _, p := range pops {
		g, err := createGroup(root, p.Population)
		if err != nil {
			return err
		}
		pw, err := createReportPop(s, g, p, frames)
		C.H5Gclose(g)
		if err != nil {
			return fmt.Errorf("population %q: %w", p.Population, err)
		}
		w.pops[p.Population] = pw
	}
	return nil
}

func createReportPop(s *Store, g hid, p SONATAReport, frames int) (*reportPopWriter, error) {
	n := len(p.ElementIDs)
	pw := &reportPopWriter{frames: frames, n: n, blockRows: max(1, min(frames, reportBufferBytes/(4*max(1, n))))}
	cn := cstr("data")
	defer free(cn)
	dims := []C.hsize_t{C.hsize_t(frames), C.hsize_t(n)}
	var chp *C.hsize_t
	ch := []C.hsize_t{C.hsize_t(max(1, min(pw.blockRows, chunkElems/max(1, n)))), C.hsize_t(max(1, n))}
	level := C.int(0)
	if frames > 0 && n > 0 {
		chp, level = &ch[0], C.int(s.level)
	}
	var b errBuf
	pw.d = C.gh5_dset_create_num(g, cn, kF32, 2, &dims[0], chp, level, 0, b.ptr())
	if pw.d < 0 {
		return nil, b.err("creating dataset \"data\"")
	}
	if err := writeAttrs(pw.d, Attrs{"units": p.Units}); err != nil {
		closeDataset(pw.d)
		return nil, err
	}
	m, err := createGroup(g, "mapping")
	if err != nil {
		closeDataset(pw.d)
		return nil, err
	}
	defer C.H5Gclose(m)
	if err := s.writeNum(m, "node_ids", kU64, 8, []int{len(p.NodeIDs)}, unsafe.Pointer(unsafe.SliceData(p.NodeIDs)), len(p.NodeIDs), nil); err == nil {
		if err = s.writeNum(m, "index_pointers", kU64, 8, []int{len(p.IndexPointers)}, unsafe.Pointer(unsafe.SliceData(p.IndexPointers)), len(p.IndexPointers), nil); err == nil {
			if err = s.writeNum(m, "element_ids", kU32, 4, []int{n}, unsafe.Pointer(unsafe.SliceData(p.ElementIDs)), n, nil); err == nil {
				t := []float64{p.StartMs, p.EndMs, p.DtMs}
				err = s.writeNum(m, "time", kF64, 8, []int{3}, unsafe.Pointer(&t[0]), 3, Attrs{"units": "ms"})
			}
		}
		if err != nil {
			closeDataset(pw.d)
			return nil, err
		}
	} else {
		closeDataset(pw.d)
		return nil, err
	}
	return pw, nil
}

// Append adds the next frame of population pop (one value per element);
// frames are written in blocks as the buffer fills. An error (an unknown
// population, a frame of the wrong size or one too many, a failed write)
// stays: Close then fails and writes nothing under the final name.
func (w *SONATAReportWriter) Append(pop string, frame []float32) error {
	if w.err != nil {
		return w.err
	}
	p, ok := w.pops[pop]
	switch {
	case w.f == nil:
		return fmt.Errorf("store %s: Append after Close", w.path)
	case !ok:
		w.err = fmt.Errorf("store %s: no population %q", w.path, pop)
	case len(frame) != p.n:
		w.err = fmt.Errorf("store %s: population %q: a frame of %d values for %d elements", w.path, pop, len(frame), p.n)
	case p.written+len(p.buf)/max(1, p.n) >= p.frames:
		w.err = fmt.Errorf("store %s: population %q: more than %d frames", w.path, pop, p.frames)
	}
	if w.err != nil {
		return w.err
	}
	p.buf = append(p.buf, frame...)
	if p.n == 0 {
		p.written++
		return nil
	}
	if len(p.buf) >= p.blockRows*p.n {
		w.err = w.flush(pop, p)
	}
	return w.err
}

func (w *SONATAReportWriter) flush(pop string, p *reportPopWriter) error {
	rows := len(p.buf) / max(1, p.n)
	if rows == 0 || p.n == 0 {
		return nil
	}
	var b errBuf
	h5lock()
	rc := C.gh5_rows32(p.d, C.hsize_t(p.written), C.hsize_t(rows), C.hsize_t(p.n), (*C.float)(unsafe.Pointer(&p.buf[0])), b.ptr())
	h5unlock()
	if rc < 0 {
		return fmt.Errorf("store %s: population %q: %w", w.path, pop, b.err(fmt.Sprintf("writing frames %d to %d", p.written, p.written+rows-1)))
	}
	p.written += rows
	p.buf = p.buf[:0]
	return nil
}

// Close writes the buffered frames and renames the file into place. It
// is an error, and nothing is renamed, if a population got fewer frames
// than the file holds or an earlier write failed.
func (w *SONATAReportWriter) Close() error {
	if w.f == nil {
		return w.err
	}
	for pop, p := range w.pops {
		if w.err == nil {
			w.err = w.flush(pop, p)
		}
		if w.err == nil && p.written != p.frames {
			w.err = fmt.Errorf("store %s: population %q: %d frames of %d", w.path, pop, p.written, p.frames)
		}
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	h5lock()
	err := w.closeLocked()
	h5unlock()
	if err == nil {
		err = syncFile(w.tmp)
	}
	if err == nil {
		err = os.Rename(w.tmp, w.path)
	}
	if err != nil {
		os.Remove(w.tmp)
		w.err = fmt.Errorf("store %s: %w", w.path, err)
	}
	return w.err
}

// Abort closes the writer and removes its temporary file, leaving path as
// it was.
func (w *SONATAReportWriter) Abort() {
	h5lock()
	defer h5unlock()
	w.abortLocked()
}

func (w *SONATAReportWriter) abortLocked() {
	if w.f == nil {
		return
	}
	w.closeLocked()
	os.Remove(w.tmp)
	if w.err == nil {
		w.err = errors.New("store: report aborted")
	}
}

func (w *SONATAReportWriter) closeLocked() error {
	var err error
	for _, p := range w.pops {
		if cerr := closeDataset(p.d); err == nil {
			err = cerr
		}
	}
	if cerr := closeFile(w.f); err == nil {
		err = cerr
	}
	w.f = nil
	return err
}

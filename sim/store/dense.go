package store

/*
#include "h5helpers.h"

// gh5_rows selects rows r0 .. r0+nr-1 of the rank-2 dataset d (cols
// columns) and reads them as doubles into buf (read != 0) or writes them
// from buf.
static int gh5_rows(hid_t d, hsize_t r0, hsize_t nr, hsize_t cols, double *buf, int read, char *err) {
	hsize_t start[2] = {r0, 0}, count[2] = {nr, cols};
	int rc = -1;
	hid_t fs = H5Dget_space(d);
	hid_t ms = H5Screate_simple(2, count, NULL);
	if (fs < 0 || ms < 0) goto done;
	if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0) goto done;
	if (read) {
		rc = H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, buf) < 0 ? -1 : 0;
	} else {
		rc = H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, buf) < 0 ? -1 : 0;
	}
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
	"io/fs"
	"os"
	"unsafe"
)

// Dense matrices: a file holding one two-dimensional float64 dataset at
// its root, the layout of h5py's create_dataset(name, data=a,
// compression="gzip"), in which GridCellsCond saves its connectivity
// matrices. Both directions go by blocks of rows, so that a matrix larger
// than memory (the original's 25 205 x 25 205 2D matrix is 5 GB) is never
// whole in memory.

// denseBlockBytes bounds the rows of one block of ReadDenseRows and
// WriteDenseRows: about 16 MiB of float64.
var denseBlockBytes = 16 << 20

// denseLevel is the deflate level of WriteDenseRows: h5py's default for
// compression="gzip".
const denseLevel = 4

// WriteDenseRows writes a new file at path holding the float64 dataset
// name of shape rows x cols, chunked by rows and gzip-compressed, with
// fill called for consecutive blocks of rows [r0, r1) to fill dst (the
// block's (r1-r0)*cols values, row-major, zeroed). The file is written
// under a temporary name in the same directory and renamed over path
// when whole, so path holds either its old content or the new file.
func WriteDenseRows(path, name string, rows, cols int, fill func(r0, r1 int, dst []float64) error) error {
	if err := checkName("dataset", name); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	if rows < 0 || cols < 0 {
		return fmt.Errorf("store %s: dataset %q: shape %d x %d, want non-negative", path, name, rows, cols)
	}
	tmp, err := tmpPath(path)
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	defer os.Remove(tmp)
	if err := writeDense(tmp, name, rows, cols, fill); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeDense(path, name string, rows, cols int, fill func(r0, r1 int, dst []float64) error) (err error) {
	// Chunks of about 1 MiB, blocks of whole chunks.
	chunkRows := max(1, min(rows, (chunkElems/2)/max(1, cols), denseBlockBytes/(8*max(1, cols))))
	block := chunkRows * max(1, denseBlockBytes/(8*chunkRows*max(1, cols)))
	h5lock()
	f, err := createFile(path)
	h5unlock()
	if err != nil {
		return err
	}
	defer func() {
		h5lock()
		if cerr := closeFile(f); err == nil {
			err = cerr
		}
		h5unlock()
	}()
	cn := cstr(name)
	defer free(cn)
	dims := []C.hsize_t{C.hsize_t(rows), C.hsize_t(cols)}
	var chp *C.hsize_t
	ch := []C.hsize_t{C.hsize_t(chunkRows), C.hsize_t(max(1, cols))}
	if rows > 0 && cols > 0 {
		chp = &ch[0]
	}
	var b errBuf
	h5lock()
	d := C.gh5_dset_create_num(idOf(f), cn, C.G_F64, 2, &dims[0], chp, denseLevel, 0, b.ptr())
	h5unlock()
	if d < 0 {
		return b.err(fmt.Sprintf("creating dataset %q", name))
	}
	defer func() {
		h5lock()
		if cerr := closeDataset(d); err == nil {
			err = cerr
		}
		h5unlock()
	}()
	if rows == 0 || cols == 0 {
		return nil
	}
	buf := make([]float64, block*cols)
	for r0 := 0; r0 < rows; r0 += block {
		r1 := min(rows, r0+block)
		dst := buf[:(r1-r0)*cols]
		clear(dst)
		if err := fill(r0, r1, dst); err != nil {
			return fmt.Errorf("dataset %q rows %d to %d: %w", name, r0, r1-1, err)
		}
		h5lock()
		rc := C.gh5_rows(d, C.hsize_t(r0), C.hsize_t(r1-r0), C.hsize_t(cols), (*C.double)(unsafe.Pointer(&dst[0])), 0, b.ptr())
		h5unlock()
		if rc < 0 {
			return b.err(fmt.Sprintf("writing dataset %q rows %d to %d", name, r0, r1-1))
		}
	}
	return nil
}

// ReadDenseRows reads the two-dimensional numeric dataset name at the root
// of the HDF5 file at path (as WriteDenseRows or h5py write it), converted
// to float64, calling fn with consecutive blocks of rows [r0, r1) (data
// holds the block's (r1-r0)*cols values, row-major, and is reused after fn
// returns). It returns the dataset's shape. A missing file or dataset is
// an error naming the file and the dataset that wraps ErrNotFound; a file
// that is not HDF5, or a dataset of another rank or type, an error naming
// the file and the dataset.
func ReadDenseRows(path, name string, fn func(r0, r1, cols int, data []float64) error) (rows, cols int, err error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, 0, fmt.Errorf("store %s: no such file (want a dataset %q): %w", path, name, ErrNotFound)
		}
		return 0, 0, fmt.Errorf("store %s: %w", path, err)
	}
	err = withFile(path, func(f hid) error {
		k, err := objKind(f, name)
		if err != nil {
			return err
		}
		switch k {
		case 0:
			names, _ := linkNames(f)
			return fmt.Errorf("no dataset %q (the file has %s): %w", name, listNames(names), ErrNotFound)
		case 1, 3:
			return fmt.Errorf("%q is not a dataset", name)
		}
		d, err := openDataset(f, name)
		if err != nil {
			return err
		}
		defer C.H5Dclose(d)
		info, err := datasetInfo(d)
		if err != nil {
			return fmt.Errorf("dataset %q: %w", name, err)
		}
		if !isNumeric(info) || len(info.dims) != 2 {
			return fmt.Errorf("dataset %q: type %s shape %v, want a two-dimensional numeric matrix", name, dtypeName(d), info.dims)
		}
		n, err := info.npoints()
		if err != nil {
			return fmt.Errorf("dataset %q: %w", name, err)
		}
		if err := info.checkSize(n, info.size); err != nil {
			return fmt.Errorf("dataset %q: %w", name, err)
		}
		rows, cols = info.dims[0], info.dims[1]
		if rows == 0 || cols == 0 {
			return nil
		}
		block := max(1, denseBlockBytes/(8*cols))
		buf := make([]float64, min(rows, block)*cols)
		var b errBuf
		for r0 := 0; r0 < rows; r0 += block {
			r1 := min(rows, r0+block)
			data := buf[:(r1-r0)*cols]
			if C.gh5_rows(d, C.hsize_t(r0), C.hsize_t(r1-r0), C.hsize_t(cols), (*C.double)(unsafe.Pointer(&data[0])), 1, b.ptr()) < 0 {
				return b.err(fmt.Sprintf("reading dataset %q rows %d to %d", name, r0, r1-1))
			}
			if err := fn(r0, r1, cols, data); err != nil {
				return err
			}
		}
		return nil
	})
	return rows, cols, err
}

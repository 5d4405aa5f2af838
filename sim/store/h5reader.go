package store

/*
#include <stdlib.h>
#include "h5helpers.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unsafe"
)

// H5Reader reads an HDF5 file that another program wrote (a SONATA
// circuit's nodes.h5 and edges.h5): its groups, the shapes and types of
// its datasets, whole datasets or ranges of their rows converted to the
// type asked for, and attributes. It holds the file open until Close;
// every call takes the package's HDF5 lock, so readers may be used from
// several goroutines, one call at a time.
//
// Objects are named by their path in the file ("nodes/NodeA/0/x"). The
// reader reads only what it is asked for, so that a large file costs
// what is read of it. As for the rest of the package, types other than
// standard integers, IEEE floats, strings and enums are refused, and a
// dataset whose shape is implausible for the bytes it stores is reported
// as corrupt, before libhdf5 reads it.
type H5Reader struct {
	path string
	f    *hdf5File
}

// H5Kind is what a path in an HDF5 file names.
type H5Kind int

// Kinds of HDF5 objects.
const (
	H5Absent  H5Kind = iota // nothing of that name
	H5Group                 // a group
	H5Dataset               // a dataset
	H5Other                 // a named type, a dangling or external link
)

// H5Class is the class of a dataset's element type.
type H5Class int

// Element classes.
const (
	H5Unsupported H5Class = iota // a type the reader does not read
	H5Int                        // signed or unsigned integer (H5Shape.Unsigned)
	H5Float
	H5String
	H5Enum
	H5Compound
)

func (c H5Class) String() string {
	switch c {
	case H5Int:
		return "integer"
	case H5Float:
		return "float"
	case H5String:
		return "string"
	case H5Enum:
		return "enum"
	case H5Compound:
		return "compound"
	}
	return "unsupported type"
}

// H5Shape describes a dataset.
type H5Shape struct {
	Dims     []int
	Class    H5Class
	Size     int    // bytes per element
	Unsigned bool   // for H5Int
	DType    string // numpy-like name: "float32", "uint64", "string", ...
}

// Rows is the length of the first dimension (0 for a scalar dataset).
func (s H5Shape) Rows() int {
	if len(s.Dims) == 0 {
		return 0
	}
	return s.Dims[0]
}

// OpenH5Reader opens the HDF5 file at path for reading. A missing file
// wraps fs.ErrNotExist; a file that is not HDF5 (empty, truncated before
// its superblock, garbage) is an error with libhdf5's reason.
func OpenH5Reader(path string) (*H5Reader, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	h5lock()
	defer h5unlock()
	f, err := openFile(path, readOnly)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &H5Reader{path: path, f: f}, nil
}

// Path returns the file's path.
func (r *H5Reader) Path() string { return r.path }

// Close closes the file. Closing a closed reader does nothing.
func (r *H5Reader) Close() error {
	if r == nil || r.f == nil {
		return nil
	}
	h5lock()
	defer h5unlock()
	err := closeFile(r.f)
	r.f = nil
	if err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	return nil
}

var errClosed = errors.New("reader is closed")

// do runs fn with the file's id, holding the lock.
func (r *H5Reader) do(fn func(f hid) error) error {
	h5lock()
	defer h5unlock()
	if r.f == nil {
		return errClosed
	}
	return fn(idOf(r.f))
}

// kindOf walks object's path one link at a time, so that a missing
// intermediate group reads as absent rather than as an HDF5 error.
func kindOf(f hid, object string) (H5Kind, error) {
	object = strings.Trim(object, "/")
	if object == "" {
		return H5Group, nil
	}
	parts := strings.Split(object, "/")
	for i := range parts {
		k, err := objKind(f, strings.Join(parts[:i+1], "/"))
		if err != nil {
			return H5Absent, err
		}
		if k == 0 {
			return H5Absent, nil
		}
		if i < len(parts)-1 && k != 1 {
			return H5Absent, nil
		}
		if i == len(parts)-1 {
			return [...]H5Kind{H5Absent, H5Group, H5Dataset, H5Other}[k], nil
		}
	}
	return H5Absent, nil
}

// Kind reports what object names.
func (r *H5Reader) Kind(object string) (H5Kind, error) {
	var k H5Kind
	err := r.do(func(f hid) error {
		var err error
		k, err = kindOf(f, object)
		return err
	})
	if err != nil {
		return H5Absent, fmt.Errorf("%s: %s: %w", r.path, object, err)
	}
	return k, nil
}

// Members returns the names of the links in group, in name order. A
// missing group wraps fs.ErrNotExist.
func (r *H5Reader) Members(group string) ([]string, error) {
	var names []string
	err := r.do(func(f hid) error {
		k, err := kindOf(f, group)
		if err != nil {
			return err
		}
		if k == H5Absent {
			return fs.ErrNotExist
		}
		if k != H5Group {
			return errors.New("not a group")
		}
		g, err := openGroup(f, "/"+strings.Trim(group, "/"))
		if err != nil {
			return err
		}
		defer C.H5Gclose(g)
		names, err = linkNames(g)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: group %q: %w", r.path, group, err)
	}
	return names, nil
}

// withDataset opens dataset object and calls fn, holding the lock.
func (r *H5Reader) withDataset(object string, fn func(d hid, info *dsetInfo) error) error {
	err := r.do(func(f hid) error {
		k, err := kindOf(f, object)
		if err != nil {
			return err
		}
		switch k {
		case H5Absent:
			return fs.ErrNotExist
		case H5Group, H5Other:
			return errors.New("not a dataset")
		}
		d, err := openDataset(f, object)
		if err != nil {
			return err
		}
		defer C.H5Dclose(d)
		info, err := datasetInfo(d)
		if err != nil {
			return err
		}
		return fn(d, info)
	})
	if err != nil {
		return fmt.Errorf("%s: dataset %q: %w", r.path, object, err)
	}
	return nil
}

func shapeOf(d hid, info *dsetInfo) H5Shape {
	s := H5Shape{Dims: info.dims, Size: info.size, DType: dtypeName(d)}
	if !info.typeOK {
		return s
	}
	switch info.cls {
	case clsInteger:
		s.Class, s.Unsigned = H5Int, !info.signed
	case clsFloat:
		s.Class = H5Float
	case clsString:
		s.Class = H5String
	case clsEnum:
		s.Class = H5Enum
	case clsCompound:
		s.Class = H5Compound
	}
	return s
}

// Shape describes dataset object. A missing dataset wraps fs.ErrNotExist.
func (r *H5Reader) Shape(object string) (H5Shape, error) {
	var s H5Shape
	err := r.withDataset(object, func(d hid, info *dsetInfo) error {
		s = shapeOf(d, info)
		return nil
	})
	return s, err
}

// rowRange checks rows [start, start+n) against the dataset and returns
// the number of rows and the number of elements in a row; n < 0 means
// to the end.
func rowRange(info *dsetInfo, start, n int) (int, int, error) {
	if len(info.dims) == 0 {
		return 0, 0, errors.New("scalar dataset: want at least one dimension")
	}
	rows := info.dims[0]
	if n < 0 {
		n = rows - start
	}
	if start < 0 || n < 0 || start > rows || n > rows-start {
		return 0, 0, fmt.Errorf("rows [%d, %d) outside the dataset's %d rows", start, start+n, rows)
	}
	per := 1
	for _, x := range info.dims[1:] {
		per *= x
	}
	return n, per, nil
}

// readRows reads rows [start, start+n) converted to kind into a new slice
// of T.
func readRows[T any](d hid, info *dsetInfo, kind C.int, start, n int) ([]T, error) {
	n, per, err := rowRange(info, start, n)
	if err != nil {
		return nil, err
	}
	total := n * per
	var zero T
	if err := info.checkSize(total, max(int(unsafe.Sizeof(zero)), info.size)); err != nil {
		return nil, err
	}
	v := make([]T, total)
	if total == 0 {
		return v, nil
	}
	var b errBuf
	if C.gh5_dset_read_rows(d, kind, C.hsize_t(start), C.hsize_t(n), unsafe.Pointer(&v[0]), b.ptr()) < 0 {
		return nil, b.err("reading data")
	}
	return v, nil
}

// ReadInt64 reads rows [start, start+n) of an integer dataset (n < 0: to
// the end), flattened in row-major order. A dataset of another class is
// an error naming its type (no float is truncated to an integer).
func (r *H5Reader) ReadInt64(object string, start, n int) ([]int64, error) {
	var v []int64
	err := r.withDataset(object, func(d hid, info *dsetInfo) error {
		if !info.typeOK || info.cls != clsInteger {
			return fmt.Errorf("holds %s, want integers", dtypeName(d))
		}
		var err error
		v, err = readRows[int64](d, info, kI64, start, n)
		return err
	})
	return v, err
}

// ReadUint64 reads rows of an integer dataset as ReadInt64 does; a
// negative value is an error.
func (r *H5Reader) ReadUint64(object string, start, n int) ([]uint64, error) {
	var v []uint64
	err := r.withDataset(object, func(d hid, info *dsetInfo) error {
		if !info.typeOK || info.cls != clsInteger {
			return fmt.Errorf("holds %s, want integers", dtypeName(d))
		}
		if info.signed {
			w, err := readRows[int64](d, info, kI64, start, n)
			if err != nil {
				return err
			}
			v = make([]uint64, len(w))
			for i, x := range w {
				if x < 0 {
					return fmt.Errorf("row %d holds %d, want a non-negative integer", start+i, x)
				}
				v[i] = uint64(x)
			}
			return nil
		}
		var err error
		v, err = readRows[uint64](d, info, kU64, start, n)
		return err
	})
	return v, err
}

// ReadFloat64 reads rows of a numeric (integer or float) dataset,
// converted to float64.
func (r *H5Reader) ReadFloat64(object string, start, n int) ([]float64, error) {
	var v []float64
	err := r.withDataset(object, func(d hid, info *dsetInfo) error {
		if !isNumeric(info) {
			return fmt.Errorf("holds %s, want numbers", dtypeName(d))
		}
		var err error
		v, err = readRows[float64](d, info, kF64, start, n)
		return err
	})
	return v, err
}

// ReadStrings reads rows of a one-dimensional dataset of strings
// (variable or fixed length; fixed-length strings lose their padding).
func (r *H5Reader) ReadStrings(object string, start, n int) ([]string, error) {
	var v []string
	err := r.withDataset(object, func(d hid, info *dsetInfo) error {
		if !info.typeOK || info.cls != clsString {
			return fmt.Errorf("holds %s, want strings", dtypeName(d))
		}
		if len(info.dims) != 1 {
			return fmt.Errorf("shape %v, want one dimension", info.dims)
		}
		n, _, err := rowRange(info, start, n)
		if err != nil {
			return err
		}
		if n == 0 {
			v = []string{}
			return nil
		}
		var b errBuf
		t := C.H5Dget_type(d)
		if t < 0 {
			return h5fail("reading the type")
		}
		isV := C.H5Tis_variable_str(t) > 0
		C.H5Tclose(t)
		if isV {
			if err := info.checkSize(n, 16); err != nil {
				return err
			}
			ptrs := make([]*C.char, n)
			if C.gh5_dset_read_vstr_rows(d, C.hsize_t(start), C.hsize_t(n), &ptrs[0], b.ptr()) < 0 {
				return b.err("reading strings")
			}
			v = make([]string, n)
			for i, p := range ptrs {
				if p != nil {
					v[i] = C.GoString(p)
				}
			}
			C.gh5_vstr_free(&ptrs[0], C.size_t(n))
			return nil
		}
		if err := info.checkSize(n, info.size); err != nil {
			return err
		}
		buf := make([]byte, n*info.size)
		if C.gh5_dset_read_fixed_rows(d, C.hsize_t(start), C.hsize_t(n), unsafe.Pointer(&buf[0]), b.ptr()) < 0 {
			return b.err("reading strings")
		}
		v = make([]string, n)
		for i := range v {
			s := buf[i*info.size : (i+1)*info.size]
			if k := strings.IndexByte(string(s), 0); k >= 0 {
				s = s[:k]
			}
			v[i] = strings.TrimRight(string(s), " ")
		}
		return nil
	})
	return v, err
}

// Attrs reads the attributes of the group or dataset object ("" for the
// root group).
func (r *H5Reader) Attrs(object string) (Attrs, error) {
	var a Attrs
	err := r.do(func(f hid) error {
		k, err := kindOf(f, object)
		if err != nil {
			return err
		}
		name := "/" + strings.Trim(object, "/")
		switch k {
		case H5Absent:
			return fs.ErrNotExist
		case H5Group:
			g, err := openGroup(f, name)
			if err != nil {
				return err
			}
			defer C.H5Gclose(g)
			a, err = readAttrs(g)
			return err
		case H5Dataset:
			d, err := openDataset(f, name)
			if err != nil {
				return err
			}
			defer C.H5Dclose(d)
			a, err = readAttrs(d)
			return err
		}
		return errors.New("neither a group nor a dataset")
	})
	if err != nil {
		return nil, fmt.Errorf("%s: attributes of %q: %w", r.path, object, err)
	}
	return a, nil
}

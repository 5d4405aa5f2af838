package store

// This file holds the HDF5 calls that gonum.org/v1/hdf5 does not offer, or
// offers unsafely for files this package did not write (its Dataset.Read
// uses the file's datatype as the memory type, so a float64 dataset read
// into a []float32 overruns the buffer). Every function here must be called
// with h5mu held. C helpers that can fail take an error buffer and fill it
// from the HDF5 error stack before they clean up, because any later HDF5
// call clears the stack.

/*
#cgo LDFLAGS: -lhdf5
#cgo linux,!arm64 CFLAGS: -I/usr/lib/x86_64-linux-gnu/hdf5/serial/include
#cgo linux,!arm64 LDFLAGS: -L/usr/lib/x86_64-linux-gnu/hdf5/serial
#cgo linux,arm64 CFLAGS: -I/usr/lib/aarch64-linux-gnu/hdf5/serial/include
#cgo linux,arm64 LDFLAGS: -L/usr/lib/aarch64-linux-gnu/hdf5/serial
#cgo darwin CFLAGS: -I/usr/local/include -I/opt/homebrew/include
#cgo darwin LDFLAGS: -L/usr/local/lib -L/opt/homebrew/lib
#include "h5helpers.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"gonum.org/v1/hdf5"
)

// h5mu serialises every HDF5 call of the process. libhdf5 is thread-safe
// only when built so (Debian 12's is, with one global lock inside; other
// builds are not), and the binding's and these helpers' sequences of
// calls are not atomic anyway.
var h5mu sync.Mutex

// h5lock takes h5mu and pins the goroutine to its OS thread until
// h5unlock: a thread-safe libhdf5 keeps the error stack (read after a
// failed call) and the error printing setting per thread.
func h5lock() {
	h5mu.Lock()
	runtime.LockOSThread()
	C.gh5_quiet()
}

func h5unlock() {
	runtime.UnlockOSThread()
	h5mu.Unlock()
}

type hid = C.hid_t

// Numeric kinds shared with the C helpers.
const (
	kF32 = C.G_F32
	kF64 = C.G_F64
	kI64 = C.G_I64
	kU64 = C.G_U64
	kU32 = C.G_U32
	kI8  = C.G_I8
)

// HDF5 type classes.
const (
	clsInteger  = C.H5T_INTEGER
	clsFloat    = C.H5T_FLOAT
	clsString   = C.H5T_STRING
	clsCompound = C.H5T_COMPOUND
	clsEnum     = C.H5T_ENUM
)

// errBuf is the buffer the C helpers write HDF5's error stack into.
type errBuf [C.G_ERRLEN]C.char

func (b *errBuf) ptr() *C.char { return &b[0] }

func (b *errBuf) err(op string) error {
	msg := C.GoString(b.ptr())
	if msg == "" {
		msg = "HDF5 error"
	}
	return fmt.Errorf("%s: %s", op, msg)
}

// h5fail builds an error from the current HDF5 error stack; call it right
// after the failing HDF5 call, before any other.
func h5fail(op string) error {
	var b errBuf
	C.gh5_errmsg(b.ptr())
	return b.err(op)
}

func idOf(o interface{ ID() int64 }) hid { return hid(o.ID()) }

// cstr is a C copy of s; free it with C.free.
func cstr(s string) *C.char { return C.CString(s) }

func free(p *C.char) { C.free(unsafe.Pointer(p)) }

// objKind reports what name is in loc: 0 absent, 1 group, 2 dataset, 3 other.
func objKind(loc hid, name string) (int, error) {
	cn := cstr(name)
	defer free(cn)
	var b errBuf
	k := C.gh5_obj_kind(loc, cn, b.ptr())
	if k < 0 {
		return 0, b.err(fmt.Sprintf("looking up %q", name))
	}
	return int(k), nil
}

// linkNames returns the names of the links in group g, in name order.
func linkNames(g hid) ([]string, error) {
	var b errBuf
	n := C.gh5_num_links(g, b.ptr())
	if n < 0 {
		return nil, b.err("listing group")
	}
	names := make([]string, 0, int(n))
	buf := make([]C.char, 1024)
	for i := 0; i < int(n); i++ {
		l := C.gh5_link_name(g, C.hsize_t(i), &buf[0], C.size_t(len(buf)), b.ptr())
		if l < 0 {
			return nil, b.err("listing group")
		}
		if int(l) >= len(buf) {
			return nil, errors.New("listing group: link name longer than 1023 bytes")
		}
		names = append(names, C.GoString(&buf[0]))
	}
	return names, nil
}

func openGroup(loc hid, name string) (hid, error) {
	cn := cstr(name)
	defer free(cn)
	g := C.H5Gopen2(loc, cn, C.H5P_DEFAULT)
	if g < 0 {
		return -1, h5fail(fmt.Sprintf("opening group %q", name))
	}
	return g, nil
}

func createGroup(loc hid, name string) (hid, error) {
	cn := cstr(name)
	defer free(cn)
	g := C.H5Gcreate2(loc, cn, C.H5P_DEFAULT, C.H5P_DEFAULT, C.H5P_DEFAULT)
	if g < 0 {
		return -1, h5fail(fmt.Sprintf("creating group %q", name))
	}
	return g, nil
}

func closeGroup(g hid) error {
	if C.H5Gclose(g) < 0 {
		return h5fail("closing group")
	}
	return nil
}

func openDataset(loc hid, name string) (hid, error) {
	cn := cstr(name)
	defer free(cn)
	d := C.H5Dopen2(loc, cn, C.H5P_DEFAULT)
	if d < 0 {
		return -1, h5fail(fmt.Sprintf("opening dataset %q", name))
	}
	return d, nil
}

func closeDataset(d hid) error {
	if C.H5Dclose(d) < 0 {
		return h5fail("closing dataset")
	}
	return nil
}

// dsetInfo describes a dataset.
type dsetInfo struct {
	dims    []int
	cls     int
	size    int
	signed  bool
	storage uint64 // bytes stored, as the file claims
	file    uint64 // size of the file
	chunked bool
	typeOK  bool // see gh5_type_ok
}

func (d *dsetInfo) npoints() (int, error) {
	n := 1
	for _, x := range d.dims {
		if x < 0 || (x > 0 && n > math.MaxInt/x) {
			return 0, fmt.Errorf("shape %v overflows", d.dims)
		}
		n *= x
	}
	return n, nil
}

// maxInflation bounds the ratio of a dataset's logical size to the bytes it
// occupies in the file: deflate cannot exceed 1032:1, so a larger claim
// means a corrupt header, and reading it would exhaust memory.
const maxInflation = 1100

// checkSize returns an error when reading n elements of elem bytes is not
// plausible for the dataset's stored size.
func (d *dsetInfo) checkSize(n, elem int) error {
	if n == 0 {
		return nil
	}
	if n > math.MaxInt/elem {
		return fmt.Errorf("shape %v overflows", d.dims)
	}
	bytes := uint64(n) * uint64(elem)
	stored := d.storage
	if d.file > 0 && stored > d.file {
		// The data of a dataset lies in its file (external storage
		// aside): a larger claim is corrupt.
		stored = d.file
	}
	limit := stored*maxInflation + 1<<20
	if bytes > limit {
		return fmt.Errorf("shape %v (%d bytes) is implausible for %d bytes stored: corrupt file", d.dims, bytes, d.storage)
	}
	return nil
}

func datasetInfo(d hid) (*dsetInfo, error) {
	var info C.gh5_dinfo
	var b errBuf
	if C.gh5_dset_info(d, &info, b.ptr()) < 0 {
		return nil, b.err("reading dataset header")
	}
	di := &dsetInfo{
		cls:     int(info.cls),
		size:    int(info.size),
		signed:  info.sign == C.H5T_SGN_2,
		storage: uint64(info.storage),
		file:    uint64(info.filesize),
		chunked: info.chunked != 0,
		typeOK:  info.type_ok != 0,
	}
	if info.chunk_bad != 0 {
		return nil, errors.New("reading dataset header: chunk shape does not fit the dataset's shape: corrupt file")
	}
	for i := 0; i < int(info.rank); i++ {
		x := uint64(info.dims[i])
		if x > math.MaxInt32*uint64(1<<16) {
			return nil, fmt.Errorf("reading dataset header: dimension %d is %d: corrupt file", i, x)
		}
		di.dims = append(di.dims, int(x))
	}
	return di, nil
}

// dtypeName names a dataset's element type as numpy would.
func dtypeName(d hid) string {
	t := C.H5Dget_type(d)
	if t < 0 {
		return "unknown"
	}
	defer C.H5Tclose(t)
	return typeName(t)
}

func typeName(t hid) string {
	if C.gh5_type_ok(t, 0) == 0 {
		return "unsupported"
	}
	cls := int(C.H5Tget_class(t))
	size := int(C.H5Tget_size(t))
	switch cls {
	case clsCompound:
		n := int(C.H5Tget_nmembers(t))
		var parts []string
		buf := make([]C.char, 256)
		for i := 0; i < n; i++ {
			var mc C.int
			var ms C.size_t
			var sg C.int
			if C.gh5_member(t, C.uint(i), &buf[0], C.size_t(len(buf)), &mc, &ms, &sg) < 0 {
				parts = append(parts, "?")
				continue
			}
			parts = append(parts, C.GoString(&buf[0])+":"+scalarName(int(mc), int(ms), sg == C.H5T_SGN_2))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case clsInteger:
		return scalarName(cls, size, C.H5Tget_sign(t) == C.H5T_SGN_2)
	}
	return scalarName(cls, size, false)
}

func scalarName(cls, size int, signed bool) string {
	switch cls {
	case clsFloat:
		return fmt.Sprintf("float%d", 8*size)
	case clsInteger:
		if signed {
			return fmt.Sprintf("int%d", 8*size)
		}
		return fmt.Sprintf("uint%d", 8*size)
	case clsString:
		return "string"
	case clsEnum:
		return "enum"
	case clsCompound:
		return "compound"
	}
	return fmt.Sprintf("class%d", cls)
}

// readNum reads a whole dataset, converted to the numeric kind k, into buf,
// which must hold exactly the dataset's elements.
func readNum(d hid, k C.int, buf unsafe.Pointer) error {
	var b errBuf
	if C.gh5_dset_read_num(d, k, buf, b.ptr()) < 0 {
		return b.err("reading data")
	}
	return nil
}

// fileMode are the ways openFile opens a file.
const (
	readOnly  = hdf5.F_ACC_RDONLY
	readWrite = hdf5.F_ACC_RDWR
)

// openFile opens an HDF5 file; the error carries HDF5's reason.
func openFile(path string, mode int) (*hdf5.File, error) {
	f, err := hdf5.OpenFile(path, mode)
	if err != nil {
		return nil, h5fail("opening HDF5 file")
	}
	return f, nil
}

func createFile(path string) (*hdf5.File, error) {
	f, err := hdf5.CreateFile(path, hdf5.F_ACC_EXCL)
	if err != nil {
		return nil, h5fail("creating HDF5 file")
	}
	return f, nil
}

func closeFile(f *hdf5.File) error {
	if err := f.Close(); err != nil {
		return h5fail("closing HDF5 file")
	}
	return nil
}

type hdf5File = hdf5.File

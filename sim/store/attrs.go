package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unsafe"
)

// Attrs holds the HDF5 attributes of a dataset or a group, by name.
//
// Values written are string, float64, int64, uint64, []string, []float64,
// []int64 and []uint64; int, int32, uint32, float32, bool and the slices
// []int, []int32, []uint32 and []float32 are accepted and stored as the
// nearest of those (bool as int64 0 or 1). Values read back have one of
// the eight written types: integers as int64 when the file's type is
// signed, uint64 otherwise; floats as float64; enums (as h5py writes bools
// and SONATA its sorting) as the names of their values. Attributes of other
// types (references, compounds, ...) are left out on reading.
type Attrs map[string]any

// String returns attribute key if it is a string.
func (a Attrs) String(key string) (string, bool) {
	s, ok := a[key].(string)
	return s, ok
}

// Float64 returns attribute key as a float64 if it is a number.
func (a Attrs) Float64(key string) (float64, bool) {
	switch v := a[key].(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}

// Int64 returns attribute key as an int64 if it is an integer that fits.
func (a Attrs) Int64(key string) (int64, bool) {
	switch v := a[key].(type) {
	case int64:
		return v, true
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v), true
		}
	}
	return 0, false
}

// Uint64 returns attribute key as a uint64 if it is a non-negative integer.
func (a Attrs) Uint64(key string) (uint64, bool) {
	switch v := a[key].(type) {
	case uint64:
		return v, true
	case int64:
		if v >= 0 {
			return uint64(v), true
		}
	}
	return 0, false
}

// Float64s returns attribute key as a []float64 if it is a numeric array.
func (a Attrs) Float64s(key string) ([]float64, bool) {
	switch v := a[key].(type) {
	case []float64:
		return v, true
	case []int64:
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
		}
		return f, true
	case []uint64:
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
		}
		return f, true
	}
	return nil, false
}

// Uint64s returns attribute key as a []uint64 if it is an array of
// non-negative integers.
func (a Attrs) Uint64s(key string) ([]uint64, bool) {
	switch v := a[key].(type) {
	case []uint64:
		return v, true
	case []int64:
		u := make([]uint64, len(v))
		for i, x := range v {
			if x < 0 {
				return nil, false
			}
			u[i] = uint64(x)
		}
		return u, true
	}
	return nil, false
}

// Names of the attributes this package gives a meaning to.
const (
	// Dataset attributes.
	AttrUnit       = "unit"       // string: unit of the values ("mV", "ms", "Hz", ...)
	AttrDtMs       = "dt_ms"      // float64: sampling interval of continuous data, ms
	AttrTStartMs   = "t_start_ms" // float64: time of the first sample, ms
	AttrPopulation = "population" // string: population the rows belong to
	AttrGIDs       = "gids"       // []uint64: gid of each row (or of each neuron recorded)

	// Group attributes (one group per sim_num).
	AttrParams   = "params"        // string: the resolved parameters, JSON
	AttrSeed     = "seed"          // uint64: the seed of this sim_num
	AttrVersion  = "golgi_version" // string: version of Golgi that wrote the data
	AttrRunTime  = "run_time"      // string: when the run started, ISO 8601 (RFC 3339)
	AttrComplete = "complete"      // int64: 1, written last; see Store.Complete
)

// Run describes the run that produced a sim_num's data. Its Attrs are the
// group attributes Golgi writes with every dataset.
type Run struct {
	Params  json.RawMessage // the resolved parameters (a JSON document)
	Seed    uint64
	Version string    // Golgi's version
	Time    time.Time // when the run started
}

// Attrs returns the group attributes of r: params (when Params is not
// empty), seed, golgi_version and run_time.
func (r Run) Attrs() Attrs {
	a := Attrs{AttrSeed: r.Seed, AttrVersion: r.Version, AttrRunTime: r.Time.Format(time.RFC3339Nano)}
	if len(r.Params) > 0 {
		a[AttrParams] = string(r.Params)
	}
	return a
}

// RunFromAttrs reads a Run back from group attributes. Missing attributes
// leave their fields zero; a run_time that is not RFC 3339 is an error.
func RunFromAttrs(a Attrs) (Run, error) {
	var r Run
	if p, ok := a.String(AttrParams); ok {
		r.Params = json.RawMessage(p)
	}
	r.Seed, _ = a.Uint64(AttrSeed)
	r.Version, _ = a.String(AttrVersion)
	if s, ok := a.String(AttrRunTime); ok {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return r, fmt.Errorf("attribute %s: %w", AttrRunTime, err)
		}
		r.Time = t
	}
	return r, nil
}

// normalize converts attribute values to the eight stored types and checks
// names and values.
func (a Attrs) normalize() (Attrs, error) {
	out := make(Attrs, len(a))
	for k, v := range a {
		if k == "" || k == "." || strings.ContainsRune(k, 0) {
			return nil, fmt.Errorf("attribute name %q is not valid", k)
		}
		var nv any
		switch v := v.(type) {
		case string:
			if strings.ContainsRune(v, 0) {
				return nil, fmt.Errorf("attribute %s: string contains a NUL byte", k)
			}
			nv = v
		case float64, int64, uint64:
			nv = v
		case float32:
			nv = float64(v)
		case int:
			nv = int64(v)
		case int32:
			nv = int64(v)
		case uint32:
			nv = uint64(v)
		case bool:
			nv = int64(0)
			if v {
				nv = int64(1)
			}
		case []string:
			for _, s := range v {
				if strings.ContainsRune(s, 0) {
					return nil, fmt.Errorf("attribute %s: string contains a NUL byte", k)
				}
			}
			nv = append([]string{}, v...)
		case []float64:
			nv = append([]float64{}, v...)
		case []int64:
			nv = append([]int64{}, v...)
		case []uint64:
			nv = append([]uint64{}, v...)
		case []float32:
			f := make([]float64, len(v))
			for i, x := range v {
				f[i] = float64(x)
			}
			nv = f
		case []int:
			f := make([]int64, len(v))
			for i, x := range v {
				f[i] = int64(x)
			}
			nv = f
		case []int32:
			f := make([]int64, len(v))
			for i, x := range v {
				f[i] = int64(x)
			}
			nv = f
		case []uint32:
			f := make([]uint64, len(v))
			for i, x := range v {
				f[i] = uint64(x)
			}
			nv = f
		default:
			return nil, fmt.Errorf("attribute %s: type %T is not supported", k, v)
		}
		out[k] = nv
	}
	return out, nil
}

// writeAttrs writes normalized attributes on loc, in name order, replacing
// attributes of the same name.
func writeAttrs(loc hid, a Attrs) error {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := writeAttr(loc, k, a[k]); err != nil {
			return err
		}
	}
	return nil
}

func writeAttr(loc hid, name string, v any) error {
	cn := cstr(name)
	defer free(cn)
	var b errBuf
	var rc C.int
	num := func(kind C.int, rank int, n int, p unsafe.Pointer) C.int {
		var dummy [8]byte
		if p == nil {
			p = unsafe.Pointer(&dummy[0])
		}
		return C.gh5_attr_write_num(loc, cn, kind, C.int(rank), C.hsize_t(n), p, b.ptr())
	}
	switch v := v.(type) {
	case string:
		s := cstr(v)
		defer free(s)
		ptrs := (**C.char)(C.malloc(C.size_t(unsafe.Sizeof(s))))
		defer C.free(unsafe.Pointer(ptrs))
		*ptrs = s
		rc = C.gh5_attr_write_str(loc, cn, 0, 1, ptrs, b.ptr())
	case []string:
		n := len(v)
		ptrs := (*[1 << 28]*C.char)(C.malloc(C.size_t(n+1) * C.size_t(unsafe.Sizeof((*C.char)(nil)))))
		defer C.free(unsafe.Pointer(ptrs))
		for i, s := range v {
			ptrs[i] = cstr(s)
		}
		defer func() {
			for i := range v {
				free(ptrs[i])
			}
		}()
		rc = C.gh5_attr_write_str(loc, cn, 1, C.hsize_t(n), &ptrs[0], b.ptr())
	case float64:
		rc = num(kF64, 0, 1, unsafe.Pointer(&v))
	case int64:
		rc = num(kI64, 0, 1, unsafe.Pointer(&v))
	case uint64:
		rc = num(kU64, 0, 1, unsafe.Pointer(&v))
	case []float64:
		rc = num(kF64, 1, len(v), unsafe.Pointer(unsafe.SliceData(v)))
	case []int64:
		rc = num(kI64, 1, len(v), unsafe.Pointer(unsafe.SliceData(v)))
	case []uint64:
		rc = num(kU64, 1, len(v), unsafe.Pointer(unsafe.SliceData(v)))
	default:
		return fmt.Errorf("attribute %s: type %T is not supported", name, v)
	}
	if rc < 0 {
		return b.err("writing attribute " + name)
	}
	return nil
}

// maxAttrBytes bounds the memory one attribute may take when read.
const maxAttrBytes = 64 << 20

// readAttrs reads every attribute of loc it can represent.
func readAttrs(loc hid) (Attrs, error) {
	var b errBuf
	n := C.gh5_num_attrs(loc, b.ptr())
	if n < 0 {
		return nil, b.err("reading attributes")
	}
	a := make(Attrs, int(n))
	name := make([]C.char, 1024)
	for i := 0; i < int(n); i++ {
		var cls, sign, vstr C.int
		var size C.size_t
		var np C.hssize_t
		id := C.gh5_attr_info(loc, C.hsize_t(i), &name[0], C.size_t(len(name)), &cls, &size, &sign, &vstr, &np, b.ptr())
		if id < 0 {
			return nil, b.err("reading attributes")
		}
		key := C.GoString(&name[0])
		switch int(cls) {
		case clsFloat, clsInteger, clsString, clsEnum:
			if C.gh5_attr_type_ok(id) == 0 {
				C.H5Aclose(id)
				return nil, fmt.Errorf("attribute %s: unsupported or corrupt type", key)
			}
		default:
			C.H5Aclose(id)
			continue
		}
		v, err := readAttr(id, int(cls), int(size), sign == C.H5T_SGN_2, vstr != 0, int64(np))
		C.H5Aclose(id)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", key, err)
		}
		if v != nil {
			a[key] = v
		}
	}
	return a, nil
}

// readAttr reads one attribute; scalars (and one-element arrays of strings
// written as scalars) come back as scalars. It returns nil for types it
// does not represent.
func readAttr(id hid, cls, size int, signed, vstr bool, np int64) (any, error) {
	var space C.hid_t = C.H5Aget_space(id)
	if space < 0 {
		return nil, h5fail("reading dataspace")
	}
	scalar := C.H5Sget_simple_extent_type(space) == C.H5S_SCALAR
	C.H5Sclose(space)
	if np < 0 || size <= 0 || np*int64(size) > maxAttrBytes {
		return nil, fmt.Errorf("%d elements of %d bytes: corrupt or too large", np, size)
	}
	n := int(np)
	var b errBuf
	switch cls {
	case clsFloat:
		v := make([]float64, n)
		if n > 0 && C.gh5_attr_read_num(id, kF64, unsafe.Pointer(&v[0]), b.ptr()) < 0 {
			return nil, b.err("reading")
		}
		if scalar && n == 1 {
			return v[0], nil
		}
		return v, nil
	case clsInteger:
		if signed {
			v := make([]int64, n)
			if n > 0 && C.gh5_attr_read_num(id, kI64, unsafe.Pointer(&v[0]), b.ptr()) < 0 {
				return nil, b.err("reading")
			}
			if scalar && n == 1 {
				return v[0], nil
			}
			return v, nil
		}
		v := make([]uint64, n)
		if n > 0 && C.gh5_attr_read_num(id, kU64, unsafe.Pointer(&v[0]), b.ptr()) < 0 {
			return nil, b.err("reading")
		}
		if scalar && n == 1 {
			return v[0], nil
		}
		return v, nil
	case clsString:
		v := make([]string, n)
		if n > 0 {
			if vstr {
				ptrs := make([]*C.char, n)
				// HDF5 writes C pointers into Go memory here: they are
				// copied out and freed before returning.
				if C.gh5_attr_read_vstr(id, (**C.char)(unsafe.Pointer(&ptrs[0])), b.ptr()) < 0 {
					return nil, b.err("reading")
				}
				for i, p := range ptrs {
					if p != nil {
						v[i] = C.GoString(p)
					}
				}
				C.gh5_vstr_free((**C.char)(unsafe.Pointer(&ptrs[0])), C.size_t(n))
			} else {
				raw := make([]byte, n*size)
				if C.gh5_attr_read_fixed(id, unsafe.Pointer(&raw[0]), b.ptr()) < 0 {
					return nil, b.err("reading")
				}
				for i := range v {
					s := raw[i*size : (i+1)*size]
					if j := strings.IndexByte(string(s), 0); j >= 0 {
						s = s[:j]
					}
					v[i] = strings.TrimRight(string(s), " ")
				}
			}
		}
		if scalar && n == 1 {
			return v[0], nil
		}
		return v, nil
	case clsEnum:
		const slot = 64
		names := make([]C.char, n*slot+1)
		if n > 0 && C.gh5_attr_read_enum(id, C.size_t(n), &names[0], slot, b.ptr()) < 0 {
			return nil, b.err("reading")
		}
		v := make([]string, n)
		for i := range v {
			v[i] = C.GoString(&names[i*slot])
		}
		if scalar && n == 1 {
			return v[0], nil
		}
		return v, nil
	}
	return nil, nil
}

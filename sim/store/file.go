package store

// #include <stdlib.h>
// #include "h5helpers.h"
import "C"

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unsafe"
)

// Dataset is a one-dimensional dataset of a file written by WriteFile:
// at the root, or in the group Group (one level below the root, created
// by WriteFile; its name may hold spaces, as MiV-Simulator's "Local
// Field Potential <label>"), of float64 or, with Float32, of float32
// values rounded from Data.
type Dataset struct {
	Group   string
	Name    string
	Data    []float64
	Float32 bool
	Attrs   Attrs
}

// WriteFile writes a new HDF5 file at path holding datasets at its root
// (or in their groups) and attrs as the root group's attributes: the
// layout of files that are not a sim_id's results, such as
// GridCellsCond's trajectory files (datasets vel_rinb, pos_rinb, t_rinb
// and attributes on the root). The
// file appears whole under its name or not at all, replacing any file of
// that name. opt's Compression and NoSync apply; opt may be nil.
func WriteFile(path string, datasets []Dataset, attrs Attrs, opt *Options) error {
	level, sync := DefaultCompression, true
	if opt != nil {
		switch {
		case opt.Compression > 9:
			return fmt.Errorf("store %s: compression %d: want 1 to 9, 0 for the default or < 0 for none", path, opt.Compression)
		case opt.Compression < 0:
			level = 0
		case opt.Compression > 0:
			level = opt.Compression
		}
		sync = !opt.NoSync
	}
	if err := checkDatasets(datasets); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	root, err := attrs.normalize()
	if err != nil {
		return fmt.Errorf("store %s: root attributes: %w", path, err)
	}
	s := &Store{level: level, sync: sync}
	return s.transact(path, "", func(bool) (int, error) { return startNew, nil }, func(f hid) error {
		if err := s.writeDatasets(f, datasets); err != nil {
			return err
		}
		return writeAttrs(f, root)
	})
}

// checkDatasets checks the names of datasets to be written by
// writeDatasets: each once, and no root member both a dataset and a
// group.
func checkDatasets(datasets []Dataset) error {
	seen, rootKind := map[string]bool{}, map[string]string{}
	for _, d := range datasets {
		if err := checkName("dataset", d.Name); err != nil {
			return err
		}
		if d.Group != "" {
			if err := checkName("group", d.Group); err != nil {
				return err
			}
		}
		key := d.Name
		if d.Group != "" {
			key = d.Group + "/" + d.Name
		}
		if seen[key] {
			return fmt.Errorf("dataset %q given twice", key)
		}
		seen[key] = true
		// A member of the root is a dataset or a group, not both.
		root, kind := d.Name, "dataset"
		if d.Group != "" {
			root, kind = d.Group, "group"
		}
		if k, ok := rootKind[root]; ok && k != kind {
			return fmt.Errorf("%q is both a dataset and a group", root)
		}
		rootKind[root] = kind
	}
	return nil
}

// writeDatasets writes datasets (checked by checkDatasets) into file f:
// at its root or in their groups, float64 or float32.
func (s *Store) writeDatasets(f hid, datasets []Dataset) error {
	groups := map[string]hid{}
	defer func() {
		for _, g := range groups {
			closeGroup(g)
		}
	}()
	for _, d := range datasets {
		da, err := d.Attrs.normalize()
		if err != nil {
			return fmt.Errorf("dataset %q: %w", d.Name, err)
		}
		loc := f
		if d.Group != "" {
			g, ok := groups[d.Group]
			if !ok {
				if g, err = createGroup(f, d.Group); err != nil {
					return err
				}
				groups[d.Group] = g
			}
			loc = g
		}
		if d.Float32 {
			v := make([]float32, len(d.Data))
			for i, x := range d.Data {
				v[i] = float32(x)
			}
			err = s.writeNum(loc, d.Name, kF32, 4, []int{len(v)}, unsafe.Pointer(unsafe.SliceData(v)), len(v), da)
		} else {
			err = s.writeNum(loc, d.Name, kF64, 8, []int{len(d.Data)}, unsafe.Pointer(unsafe.SliceData(d.Data)), len(d.Data), da)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// splitObject splits an object path inside a file ("vel_rinb",
// "/0/stell_spks") into its group ("/" for the root) and member name.
func splitObject(object string) (group, name string) {
	object = strings.TrimPrefix(object, "/")
	if i := strings.LastIndexByte(object, '/'); i >= 0 {
		return "/" + object[:i], object[i+1:]
	}
	return "/", object
}

// ReadFileFloat64 reads the numeric dataset at object (a path inside the
// file, such as "vel_rinb" for a root dataset or "0/stell_v") of the HDF5
// file at path, converted to float64 and flattened in row-major order,
// with its attributes. Errors name the file and, for a missing member,
// what the file holds instead; a missing file or member wraps ErrNotFound.
func ReadFileFloat64(path, object string) ([]float64, Attrs, error) {
	group, name := splitObject(object)
	var data []float64
	var attrs Attrs
	err := withFile(path, func(f hid) error {
		return openData(f, group, name, func(_, d hid, info *dsetInfo) error {
			if !isNumeric(info) {
				return fmt.Errorf("holds %s, want numbers", dtypeName(d))
			}
			var err error
			if data, err = readFloat64(d, info); err != nil {
				return err
			}
			attrs, err = readAttrs(d)
			return err
		})
	})
	return data, attrs, err
}

// ReadFileAttrs reads the attributes of the group or dataset at object in
// the HDF5 file at path ("/" or "" for the root group).
func ReadFileAttrs(path, object string) (Attrs, error) {
	var attrs Attrs
	err := withFile(path, func(f hid) error {
		object = strings.TrimPrefix(object, "/")
		if object == "" {
			var err error
			attrs, err = readAttrs(f)
			return err
		}
		k, err := objKind(f, object)
		if err != nil {
			return err
		}
		var id hid
		switch k {
		case 0:
			group, name := splitObject(object)
			return fmt.Errorf("no object %q in group %q: %w", name, group, ErrNotFound)
		case 1:
			if id, err = openGroup(f, object); err != nil {
				return err
			}
			defer C.H5Gclose(id)
		case 2:
			if id, err = openDataset(f, object); err != nil {
				return err
			}
			defer C.H5Dclose(id)
		default:
			return fmt.Errorf("%q is neither a group nor a dataset", object)
		}
		attrs, err = readAttrs(id)
		return err
	})
	return attrs, err
}

// FileExists reports whether path names an existing regular file; other
// errors than its absence are returned.
func FileExists(path string) (bool, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil:
		if !st.Mode().IsRegular() {
			return false, fmt.Errorf("%s is not a regular file", path)
		}
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	}
	return false, err
}

package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// DatasetInfo describes a dataset.
type DatasetInfo struct {
	Name  string // name in its group
	Shape []int
	DType string // numpy-like: "float32", "uint64", "{gid:uint64, t_ms:float64}", ...
	Attrs Attrs
}

// Unit returns the dataset's unit attribute, or "".
func (d DatasetInfo) Unit() string {
	u, _ := d.Attrs.String(AttrUnit)
	return u
}

// GroupInfo describes a group and the datasets directly in it.
type GroupInfo struct {
	Name     string // path in the file, "" for the root group: "3", "spikes/E"
	SimNum   int    // the sim_num the name stands for, or -1
	Complete bool   // whether the completion marker is set
	Attrs    Attrs
	Datasets []DatasetInfo
}

// FileInfo describes an HDF5 file.
type FileInfo struct {
	Path   string
	DataID string // the data_id the name stands for in its store, or ""
	Groups []GroupInfo
	// Err is why the file could not be read, when it is listed by
	// Store.Inspect or List; Groups is then empty.
	Err error
}

// SimNums returns the sim_nums of the file's groups, ascending.
func (fi FileInfo) SimNums() []int {
	var n []int
	for _, g := range fi.Groups {
		if g.SimNum >= 0 {
			n = append(n, g.SimNum)
		}
	}
	sort.Ints(n)
	return n
}

// SimInfo describes a sim_id directory.
type SimInfo struct {
	SimID string
	Dir   string
	Files []FileInfo // sorted by data_id
}

// SimNums returns the sim_nums found in any of the files, ascending.
func (si SimInfo) SimNums() []int {
	seen := map[int]bool{}
	var n []int
	for _, f := range si.Files {
		for _, k := range f.SimNums() {
			if !seen[k] {
				seen[k] = true
				n = append(n, k)
			}
		}
	}
	sort.Ints(n)
	return n
}

// Walk limits against corrupt or cyclic files.
const (
	maxDepth   = 8
	maxObjects = 100000
)

// InspectFile describes every group of the HDF5 file at path, with its
// attributes and the shape, type and attributes of its datasets; it reads
// no data. It reads any HDF5 file (SONATA files too).
func InspectFile(path string) (FileInfo, error) {
	fi := FileInfo{Path: path}
	err := withFile(path, func(f hid) error {
		seen := 0
		var walk func(loc hid, name string, depth int) error
		walk = func(loc hid, name string, depth int) error {
			seen++
			if depth > maxDepth || seen > maxObjects {
				return errors.New("groups nested too deep or too many: corrupt or cyclic file")
			}
			gi := GroupInfo{Name: name, SimNum: -1}
			if depth == 1 {
				gi.SimNum = parseSimNum(name)
			}
			a, err := readAttrs(loc)
			if err != nil {
				return fmt.Errorf("group %q: %w", name, err)
			}
			gi.Attrs = a
			if v, ok := a.Int64(AttrComplete); ok && v == 1 {
				gi.Complete = true
			}
			names, err := linkNames(loc)
			if err != nil {
				return fmt.Errorf("group %q: %w", name, err)
			}
			var subs []string
			for _, n := range names {
				k, err := objKind(loc, n)
				if err != nil {
					return fmt.Errorf("group %q: %w", name, err)
				}
				switch k {
				case 1:
					subs = append(subs, n)
				case 2:
					di, err := describeDataset(loc, n)
					if err != nil {
						return fmt.Errorf("group %q: %w", name, err)
					}
					gi.Datasets = append(gi.Datasets, di)
				}
			}
			fi.Groups = append(fi.Groups, gi)
			for _, n := range subs {
				g, err := openGroup(loc, n)
				if err != nil {
					return err
				}
				full := n
				if name != "" {
					full = name + "/" + n
				}
				err = walk(g, full, depth+1)
				C.H5Gclose(g)
				if err != nil {
					return err
				}
			}
			return nil
		}
		return walk(f, "", 0)
	})
	if err != nil {
		return FileInfo{Path: path}, err
	}
	return fi, nil
}

func describeDataset(loc hid, name string) (DatasetInfo, error) {
	d, err := openDataset(loc, name)
	if err != nil {
		return DatasetInfo{}, err
	}
	defer C.H5Dclose(d)
	info, err := datasetInfo(d)
	if err != nil {
		return DatasetInfo{}, fmt.Errorf("dataset %q: %w", name, err)
	}
	a, err := readAttrs(d)
	if err != nil {
		return DatasetInfo{}, fmt.Errorf("dataset %q: %w", name, err)
	}
	return DatasetInfo{Name: name, Shape: info.dims, DType: dtypeName(d), Attrs: a}, nil
}

// Inspect describes every data file of the store (see InspectFile). A file
// that cannot be read is listed with its Err set.
func (s *Store) Inspect() (SimInfo, error) {
	si := SimInfo{SimID: s.simID, Dir: s.dir}
	ids, err := s.DataIDs()
	if err != nil {
		return si, err
	}
	for _, id := range ids {
		var fi FileInfo
		var err error
		if s.isolate {
			var r response
			r, err = s.child(request{Op: opInspect, Path: s.Path(id)}, s.Path(id))
			fi = r.File
			fi.Path = s.Path(id)
		} else {
			fi, err = InspectFile(s.Path(id))
		}
		fi.DataID = id
		fi.Err = err
		si.Files = append(si.Files, fi)
	}
	return si, nil
}

// List describes the sim_id directories under root: every directory
// (root itself or one of its sub-directories) holding files named
// <data_id>_<dir name>.h5 or .hdf5. Files that cannot be read are listed
// with their Err set; the result is sorted by sim_id. Of opt (which may be
// nil), only Isolate is used.
func List(root string, opt *Options) ([]SimInfo, error) {
	isolate := opt != nil && opt.Isolate
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("store %s: not a directory", root)
	}
	dirs := []string{root}
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", root, err)
	}
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			dirs = append(dirs, filepath.Join(root, e.Name()))
		}
	}
	var out []SimInfo
	for _, dir := range dirs {
		simID := filepath.Base(filepath.Clean(dir))
		if checkName("sim_id", simID) != nil {
			continue
		}
		si := SimInfo{SimID: simID, Dir: dir}
		for _, ext := range []string{ExtH5, ExtHDF5} {
			s := &Store{simID: simID, dir: dir, ext: ext, isolate: isolate}
			part, err := s.Inspect()
			if err != nil {
				return nil, err
			}
			si.Files = append(si.Files, part.Files...)
		}
		if len(si.Files) == 0 {
			continue
		}
		sort.SliceStable(si.Files, func(i, j int) bool { return si.Files[i].DataID < si.Files[j].DataID })
		out = append(out, si)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SimID < out[j].SimID })
	return out, nil
}

package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNotFound is wrapped by the errors of reads whose file, group or
// dataset does not exist.
var ErrNotFound = errors.New("not found")

// Extensions of data files.
const (
	ExtH5   = ".h5"   // Golgi's default
	ExtHDF5 = ".hdf5" // GridCellsCond's
)

// DefaultCompression is the gzip level used when Options.Compression is 0.
const DefaultCompression = 1

// Options configure a Store. The zero value is usable.
type Options struct {
	// Ext is the extension of data files: ExtH5 (the default when empty)
	// or ExtHDF5 (as GridCellsCond writes).
	Ext string

	// Compression is the gzip (deflate) level of the datasets written,
	// 1 to 9, after HDF5's byte shuffle filter; 0 selects
	// DefaultCompression and a negative value stores data uncompressed
	// and unchunked.
	Compression int

	// Isolate runs every read in a child process (a re-execution of the
	// running program, see Check), so that no file, however damaged, can
	// crash the caller: libhdf5 trusts a file's internal structures. It
	// costs a process start (some milliseconds) per read, and the data
	// passes through a pipe. Writes into an existing file run Check on it
	// first.
	Isolate bool

	// NoSync skips the fsync of each file and of its directory before the
	// file is renamed into place. Writes stay atomic for a process that
	// is killed, but not across a power failure.
	NoSync bool
}

// Store is a sim_id directory of data files, <root>/<sim_id>/, one file
// per data_id, <data_id>_<sim_id><ext>. A Store holds no open HDF5 handle
// and may be used from several goroutines.
type Store struct {
	simID, dir string
	ext        string
	level      int
	sync       bool
	isolate    bool
}

// Open returns the Store of sim_id simID under root, creating the
// directory <root>/<simID> if it does not exist. opt may be nil.
func Open(root, simID string, opt *Options) (*Store, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	dir := filepath.Join(root, simID)
	if err := checkName("sim_id", simID); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	switch o.Ext {
	case "":
		o.Ext = ExtH5
	case ExtH5, ExtHDF5:
	default:
		return nil, fmt.Errorf("store %s: extension %q: want %q or %q", dir, o.Ext, ExtH5, ExtHDF5)
	}
	switch {
	case o.Compression == 0:
		o.Compression = DefaultCompression
	case o.Compression > 9:
		return nil, fmt.Errorf("store %s: compression %d: want 1 to 9, 0 for the default or < 0 for none", dir, o.Compression)
	case o.Compression < 0:
		o.Compression = 0
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store %s: %w", dir, err)
	}
	if unlock, ok := tryLockDir(dir); ok {
		// No writer is active: temporary files are leftovers.
		removeStale(dir)
		unlock()
	}
	return &Store{simID: simID, dir: dir, ext: o.Ext, level: o.Compression, sync: !o.NoSync, isolate: o.Isolate}, nil
}

// Dir returns the sim_id directory.
func (s *Store) Dir() string { return s.dir }

// SimID returns the sim_id of the store.
func (s *Store) SimID() string { return s.simID }

// Path returns the path of data_id's file: <root>/<sim_id>/<dataID>_<sim_id><ext>.
func (s *Store) Path(dataID string) string {
	return filepath.Join(s.dir, dataID+"_"+s.simID+s.ext)
}

// checkName checks a sim_id or data_id: not empty, no path separator, no
// NUL, not starting with a dot (names starting with a dot are this
// package's temporary files).
func checkName(what, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%s is empty", what)
	case strings.ContainsAny(name, "/\\\x00"):
		return fmt.Errorf("%s %q contains a path separator or NUL", what, name)
	case strings.HasPrefix(name, "."):
		return fmt.Errorf("%s %q starts with a dot", what, name)
	}
	return nil
}

func groupName(simNum int) string { return strconv.Itoa(simNum) }

// parseSimNum returns the sim_num a group name stands for, or -1.
func parseSimNum(name string) int {
	if name == "" || (len(name) > 1 && name[0] == '0') {
		return -1
	}
	for _, c := range name {
		if c < '0' || c > '9' {
			return -1
		}
	}
	n, err := strconv.Atoi(name)
	if err != nil {
		return -1
	}
	return n
}

// tmpMarker is part of every temporary file's name: .<final name>.golgi-tmp-<random>.
const tmpMarker = ".golgi-tmp-"

func tmpPath(final string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(final), "."+filepath.Base(final)+tmpMarker+hex.EncodeToString(b[:])), nil
}

// removeStale deletes the temporary files left in dir by killed writers.
// The caller holds dir's lock, which every writer holds for the whole life
// of its temporary file, so any temporary file present is stale.
func removeStale(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, ".") && strings.Contains(n, tmpMarker) {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// copyFile copies src to a new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// commit replaces final by the complete temporary file tmp, atomically.
func commit(tmp, final string, sync bool) error {
	if sync {
		if err := syncPath(tmp); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	if sync {
		// The rename is durable once the directory is.
		if err := syncPath(filepath.Dir(final)); err != nil {
			return err
		}
	}
	return nil
}

// How a write's temporary file begins.
const (
	startNew     = iota // an empty file
	startCopy           // a byte copy of the current file
	startRebuild        // a new file holding every member of the current one but the group rewritten
)

// update writes group simNum of data_id's file: fill creates the group's
// content, then the group attributes and the completion marker are
// written. A group of that sim_num already in the file is replaced.
func (s *Store) update(simNum int, dataID string, dsAttrs, group Attrs, fill func(g hid, ds Attrs) error) error {
	path := s.Path(dataID)
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	if err := checkName("data_id", dataID); err != nil {
		return wrap(err)
	}
	if simNum < 0 {
		return wrap(fmt.Errorf("sim_num %d is negative", simNum))
	}
	ds, err := dsAttrs.normalize()
	if err != nil {
		return wrap(fmt.Errorf("dataset %s: %w", dataID, err))
	}
	ga, err := group.normalize()
	if err != nil {
		return wrap(fmt.Errorf("group %d: %w", simNum, err))
	}
	delete(ga, AttrComplete)
	name := groupName(simNum)
	plan := func(exists bool) (int, error) {
		if !exists {
			return startNew, nil
		}
		k, err := s.fileHas(path, name)
		if err != nil {
			return 0, fmt.Errorf("existing file not modified: %w", err)
		}
		if k != 0 {
			return startRebuild, nil
		}
		return startCopy, nil
	}
	return s.transact(path, name, plan, func(f hid) error {
		g, err := createGroup(f, name)
		if err != nil {
			return err
		}
		err = fill(g, ds)
		if err == nil {
			err = writeAttrs(g, ga)
		}
		if err == nil {
			// The marker goes last.
			err = writeAttr(g, AttrComplete, int64(1))
		}
		if cerr := closeGroup(g); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("group %s: %w", name, err)
		}
		return nil
	})
}

// WriteGroupAttrs sets attributes of group simNum in data_id's file,
// replacing those of the same names; the group must exist. The file is
// replaced atomically, as by every write.
func (s *Store) WriteGroupAttrs(simNum int, dataID string, attrs Attrs) error {
	path := s.Path(dataID)
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	if err := checkName("data_id", dataID); err != nil {
		return wrap(err)
	}
	ga, err := attrs.normalize()
	if err != nil {
		return wrap(fmt.Errorf("group %d: %w", simNum, err))
	}
	delete(ga, AttrComplete)
	name := groupName(simNum)
	plan := func(exists bool) (int, error) {
		if !exists {
			return 0, fmt.Errorf("no such file: %w", ErrNotFound)
		}
		return startCopy, nil
	}
	return s.transact(path, name, plan, func(f hid) error {
		k, err := objKind(f, name)
		if err != nil {
			return err
		}
		if k != 1 {
			return fmt.Errorf("no group %q: %w", name, ErrNotFound)
		}
		g, err := openGroup(f, name)
		if err != nil {
			return err
		}
		err = writeAttrs(g, ga)
		if cerr := closeGroup(g); err == nil {
			err = cerr
		}
		return err
	})
}

// transact builds a new version of the file at path under a temporary
// name in the same directory, and renames it over path only when body
// succeeded and the file is closed (and synced, unless NoSync). plan
// chooses how the temporary file begins (startNew, startCopy or
// startRebuild without member skip) from whether path exists. Writers of
// a directory are serialised by a lock on it, in and across processes.
func (s *Store) transact(path, skip string, plan func(exists bool) (int, error), body func(f hid) error) error {
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	unlock, err := lockDir(filepath.Dir(path))
	if err != nil {
		return wrap(err)
	}
	defer unlock()
	removeStale(filepath.Dir(path))

	exists := false
	if _, err := os.Stat(path); err == nil {
		exists = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return wrap(err)
	}
	start, err := plan(exists)
	if err != nil {
		return wrap(err)
	}
	tmp, err := tmpPath(path)
	if err != nil {
		return wrap(err)
	}
	committed := false
	defer func() {
		if !committed {
			os.Remove(tmp)
		}
	}()
	if start == startCopy {
		if err := copyFile(path, tmp); err != nil {
			return wrap(err)
		}
	}

	h5lock()
	err = func() (err error) {
		var f *hdf5File
		if start == startCopy {
			f, err = openFile(tmp, readWrite)
		} else {
			f, err = createFile(tmp)
		}
		if err != nil {
			return err
		}
		defer func() {
			if cerr := closeFile(f); err == nil {
				err = cerr
			}
		}()
		if start == startRebuild {
			// Rebuilt rather than edited, so the space of the group
			// replaced is not left unused in the file.
			if err := copyAllBut(path, f, skip); err != nil {
				return err
			}
		}
		return body(idOf(f))
	}()
	h5unlock()
	if err != nil {
		return wrap(err)
	}
	if err := commit(tmp, path, s.sync); err != nil {
		return wrap(err)
	}
	committed = true
	return nil
}

// copyAllBut copies every member and root attribute of the file at src,
// except member skip, into dst; h5mu is held.
func copyAllBut(src string, dst *hdf5File, skip string) (err error) {
	f, err := openFile(src, readOnly)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeFile(f); err == nil {
			err = cerr
		}
	}()
	names, err := linkNames(idOf(f))
	if err != nil {
		return err
	}
	for _, n := range names {
		if n == skip {
			continue
		}
		cn := cstr(n)
		var b errBuf
		rc := C.gh5_copy(idOf(f), cn, idOf(dst), b.ptr())
		free(cn)
		if rc < 0 {
			return b.err(fmt.Sprintf("copying %q", n))
		}
	}
	var b errBuf
	if C.gh5_copy_attrs(idOf(f), idOf(dst), b.ptr()) < 0 {
		return b.err("copying root attributes")
	}
	return nil
}

// fileHas reports what member name of the file at path is (see objKind).
func (s *Store) fileHas(path, name string) (int, error) {
	if s.isolate {
		if err := Check(path); err != nil {
			return 0, unprefix(err, path)
		}
	}
	return fileHas(path, name)
}

// unprefixed is an error without the "store <path>: " its message starts
// with, for wrapping in another error naming path.
type unprefixed struct {
	msg string
	err error
}

func (e *unprefixed) Error() string { return e.msg }
func (e *unprefixed) Unwrap() error { return e.err }

func unprefix(err error, path string) error {
	msg, ok := strings.CutPrefix(err.Error(), "store "+path+": ")
	if !ok {
		return err
	}
	return &unprefixed{msg, err}
}

// fileHas reports what member name of the file at path is (see objKind).
func fileHas(path, name string) (int, error) {
	h5lock()
	defer h5unlock()
	f, err := openFile(path, readOnly)
	if err != nil {
		return 0, err
	}
	defer closeFile(f)
	return objKind(idOf(f), name)
}

// DataIDs returns the data_ids that have a file in the store, sorted.
func (s *Store) DataIDs() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.dir, err)
	}
	var ids []string
	suffix := "_" + s.simID + s.ext
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || !strings.HasSuffix(n, suffix) || len(n) == len(suffix) {
			continue
		}
		ids = append(ids, strings.TrimSuffix(n, suffix))
	}
	sort.Strings(ids)
	return ids, nil
}

// SimNums returns the sim_nums stored in data_id's file, ascending: the
// groups whose names are decimal numbers. A missing file is an error
// wrapping ErrNotFound.
func (s *Store) SimNums(dataID string) ([]int, error) {
	path := s.Path(dataID)
	if s.isolate {
		r, err := s.child(request{Op: opSimNums, DataID: dataID}, path)
		return r.Ints, err
	}
	var nums []int
	err := withFile(path, func(f hid) error {
		names, err := linkNames(f)
		if err != nil {
			return err
		}
		for _, n := range names {
			if k := parseSimNum(n); k >= 0 {
				nums = append(nums, k)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Ints(nums)
	return nums, nil
}

// Complete reports whether sim_num simNum is complete: every data_id in
// dataIDs has a file holding group simNum whose attribute "complete" is 1.
// With no dataIDs, the data_ids present in the directory are checked
// (which cannot see a data_id whose first file was never written: a sweep
// should name the data_ids it records). A missing file or group makes the
// sim_num incomplete, not an error; an unreadable file is an error.
//
// Each file is replaced atomically, so a group present is always whole;
// the marker distinguishes Golgi's groups from those other tools wrote,
// which are reported incomplete and therefore recomputed by --resume.
func (s *Store) Complete(simNum int, dataIDs ...string) (bool, error) {
	if len(dataIDs) == 0 {
		ids, err := s.DataIDs()
		if err != nil {
			return false, err
		}
		if len(ids) == 0 {
			return false, nil
		}
		dataIDs = ids
	}
	for _, id := range dataIDs {
		path := s.Path(id)
		if err := checkName("data_id", id); err != nil {
			return false, fmt.Errorf("store %s: %w", path, err)
		}
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if s.isolate {
			r, err := s.child(request{Op: opComplete, SimNum: simNum, DataIDs: []string{id}}, path)
			if err != nil || !r.Bool {
				return false, err
			}
			continue
		}
		done := false
		err := withFile(path, func(f hid) error {
			k, err := objKind(f, groupName(simNum))
			if err != nil || k != 1 {
				return err
			}
			g, err := openGroup(f, groupName(simNum))
			if err != nil {
				return err
			}
			defer C.H5Gclose(g)
			a, err := readAttrs(g)
			if err != nil {
				return err
			}
			v, _ := a.Int64(AttrComplete)
			done = v == 1
			return nil
		})
		if err != nil || !done {
			return false, err
		}
	}
	return true, nil
}

// withFile opens the file at path read-only, holding h5mu, and calls fn
// with it. Errors name the file; a missing file wraps ErrNotFound.
func withFile(path string, fn func(f hid) error) error {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store %s: no such file: %w", path, ErrNotFound)
		}
		return fmt.Errorf("store %s: %w", path, err)
	}
	h5lock()
	defer h5unlock()
	f, err := openFile(path, readOnly)
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	err = fn(idOf(f))
	cerr := closeFile(f)
	if err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	return nil
}

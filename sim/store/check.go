package store

/*
#include "h5helpers.h"
*/
import "C"

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// libhdf5 trusts the internal structures of a file: a file damaged inside
// (flipped bits in its metadata, as opposed to truncated, empty or not
// HDF5 at all, which every reader reports as errors) can make it read out
// of bounds and kill the process, as it kills h5dump. Options.Isolate and
// Check therefore run reads in a child process, a re-execution of the
// running program that this file's init turns into a reader.

// childEnv marks a re-execution of the program as a reader child.
const childEnv = "GOLGI_STORE_CHILD"

// ChildTimeout bounds the time a reader child may take.
var ChildTimeout = 5 * time.Minute

func init() {
	if os.Getenv(childEnv) == "" {
		return
	}
	var req request
	var resp response
	if err := gob.NewDecoder(os.Stdin).Decode(&req); err != nil {
		resp.Err = fmt.Sprintf("store child: reading request: %v", err)
	} else {
		resp = serve(req)
	}
	if err := gob.NewEncoder(os.Stdout).Encode(&resp); err != nil {
		fmt.Fprintln(os.Stderr, "store child: writing response:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// Operations of a reader child.
const (
	opMatrix32 = iota + 1
	opSpikes
	opPadded
	opFloat64
	opAttrs
	opSimNums
	opComplete
	opInspect
	opSONATA
	opCheck
)

type request struct {
	Op      int
	Dir     string
	SimID   string
	Ext     string
	SimNum  int
	DataID  string
	DataIDs []string
	Path    string
}

type response struct {
	Matrix   Matrix32
	Spikes   Spikes
	Trains   [][]float64
	Floats   []float64
	Attrs    Attrs
	Group    Attrs
	Ints     []int
	Bool     bool
	File     FileInfo
	Pops     []SONATAPopulation
	Err      string
	NotFound bool
}

// serve runs a request in the child, in process.
func serve(req request) (resp response) {
	s := &Store{simID: req.SimID, dir: req.Dir, ext: req.Ext}
	var err error
	switch req.Op {
	case opMatrix32:
		resp.Matrix, resp.Attrs, err = s.ReadMatrix32(req.SimNum, req.DataID)
	case opSpikes:
		resp.Spikes, resp.Attrs, err = s.ReadSpikes(req.SimNum, req.DataID)
	case opPadded:
		resp.Trains, resp.Attrs, err = s.ReadSpikesPadded(req.SimNum, req.DataID)
	case opFloat64:
		resp.Floats, resp.Attrs, err = s.ReadFloat64(req.SimNum, req.DataID)
	case opAttrs:
		resp.Attrs, resp.Group, err = s.ReadAttrs(req.SimNum, req.DataID)
	case opSimNums:
		resp.Ints, err = s.SimNums(req.DataID)
	case opComplete:
		resp.Bool, err = s.Complete(req.SimNum, req.DataIDs...)
	case opInspect:
		resp.File, err = InspectFile(req.Path)
	case opSONATA:
		resp.Pops, err = ReadSONATASpikes(req.Path, nil)
	case opCheck:
		err = readWhole(req.Path)
	default:
		err = fmt.Errorf("store child: unknown operation %d", req.Op)
	}
	if err != nil {
		resp.Err = err.Error()
		resp.NotFound = errors.Is(err, ErrNotFound)
	}
	return resp
}

// childError is an error a child reported.
type childError struct {
	msg      string
	notFound bool
}

func (e *childError) Error() string { return e.msg }

func (e *childError) Unwrap() error {
	if e.notFound {
		return ErrNotFound
	}
	return nil
}

// inChild runs req in a reader child; path is the file the request reads,
// named in the errors of a child that failed.
func inChild(req request, path string) (response, error) {
	var resp response
	exe, err := os.Executable()
	if err != nil {
		return resp, fmt.Errorf("store %s: starting a reader process: %w", path, err)
	}
	var in bytes.Buffer
	if err := gob.NewEncoder(&in).Encode(&req); err != nil {
		return resp, fmt.Errorf("store %s: %w", path, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), ChildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var out, stderr bytes.Buffer
	cmd.Stdin = &in
	cmd.Stdout = &out
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return resp, fmt.Errorf("store %s: corrupt file: reading it took more than %v", path, ChildTimeout)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			why, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
			if why == "" {
				why = ee.ProcessState.String()
			}
			return resp, fmt.Errorf("store %s: corrupt file: reading it crashes libhdf5 (%s)", path, why)
		}
		return resp, fmt.Errorf("store %s: starting a reader process: %w", path, err)
	}
	if err := gob.NewDecoder(&out).Decode(&resp); err != nil {
		return resp, fmt.Errorf("store %s: reader process: %w", path, err)
	}
	if resp.Err != "" {
		return resp, &childError{resp.Err, resp.NotFound}
	}
	return resp, nil
}

// child runs a request of s in a reader child.
func (s *Store) child(req request, path string) (response, error) {
	req.Dir, req.SimID, req.Ext = s.dir, s.simID, s.ext
	return inChild(req, path)
}

// readWhole reads every group, attribute and dataset of the file at path
// the way the readers of this package do, with each conversion they use.
func readWhole(path string) error {
	fi, err := InspectFile(path)
	if err != nil {
		return err
	}
	for _, g := range fi.Groups {
		for _, d := range g.Datasets {
			err := withFile(path, func(f hid) error {
				loc := f
				if g.Name != "" {
					gid, err := openGroup(f, g.Name)
					if err != nil {
						return err
					}
					defer closeGroup(gid)
					loc = gid
				}
				return openDataset1(loc, d.Name, func(h hid, info *dsetInfo) error {
					if info.cls == clsCompound {
						if strings.Contains(d.DType, "gid:") && strings.Contains(d.DType, "t_ms:") {
							_, err := readSpikeList(h, info)
							return err
						}
						return nil
					}
					if !isNumeric(info) {
						return nil
					}
					if _, err := readFloat32(h, info); err != nil {
						return err
					}
					if _, err := readFloat64(h, info); err != nil {
						return err
					}
					if info.cls == clsInteger && len(info.dims) == 1 {
						n := info.dims[0]
						if err := info.checkSize(n, max(8, info.size)); err != nil || n == 0 {
							return err
						}
						v := make([]uint64, n)
						k := kU64
						if info.signed {
							k = kI64
						}
						return readNum(h, C.int(k), unsafe.Pointer(&v[0]))
					}
					return nil
				})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checked remembers the file versions Check passed.
var checked struct {
	sync.Mutex
	ok map[fileVersion]bool
}

type fileVersion struct {
	dev, ino uint64
	size     int64
	mtime    int64
}

func versionOf(path string) (fileVersion, error) {
	st, err := os.Stat(path)
	if err != nil {
		return fileVersion{}, err
	}
	v := fileVersion{size: st.Size(), mtime: st.ModTime().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		v.dev, v.ino = uint64(sys.Dev), uint64(sys.Ino)
	}
	return v, nil
}

// Check reads the whole HDF5 file at path (every group, attribute and
// dataset, with every conversion the readers of this package use) in a
// reader child process, and returns an error naming the file if that
// fails or crashes. A file version (device, inode, size, modification
// time) that passed is not checked again.
//
// In-process reads of a file Check passed run the same code on the same
// bytes, but a damaged file may corrupt libhdf5's memory without crashing
// the child and crash the parent later: only Options.Isolate, which keeps
// every read in a child, makes a crash impossible. Writes into an existing
// file by a Store with Isolate run Check on it first.
func Check(path string) error {
	v, err := versionOf(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("store %s: no such file: %w", path, ErrNotFound)
		}
		return fmt.Errorf("store %s: %w", path, err)
	}
	checked.Lock()
	ok := checked.ok[v]
	checked.Unlock()
	if ok {
		return nil
	}
	if _, err := inChild(request{Op: opCheck, Path: path}, path); err != nil {
		return err
	}
	checked.Lock()
	if checked.ok == nil {
		checked.ok = map[fileVersion]bool{}
	}
	checked.ok[v] = true
	checked.Unlock()
	return nil
}

package store

/*
#include "nh5helpers.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// NeuroH5File is the content of a NeuroH5 file written at once by
// WriteNeuroH5File: /H5Types, cell-attribute namespaces and trees under
// /Populations, projections under /Projections, and other datasets
// beside them (as WriteFile writes them: MiV's results file keeps its
// LFP there), whose root members may not be H5Types, Populations or
// Projections.
type NeuroH5File struct {
	Types       NeuroH5Types
	Namespaces  []NeuroH5Namespace
	Trees       []NeuroH5Trees
	Projections []NeuroH5Edges
	Datasets    []Dataset
}

// WriteNeuroH5File writes a new NeuroH5 file at path holding f: /H5Types
// (as WriteNeuroH5Types), the namespaces (as WriteNeuroH5Namespaces),
// the Trees namespaces (as neuroh5's append_trees writes them) and the
// projections (as write_graph writes them), everything checked first
// against the populations of f.Types. The file is built under a
// temporary name in the same directory and renamed into place when
// complete, replacing any file of that name: path holds the whole new
// file or what it held before. Equal content gives byte-identical files.
func WriteNeuroH5File(path string, f *NeuroH5File, opt *Options) error {
	wrap := func(err error) error { return fmt.Errorf("store %s: %w", path, err) }
	if !littleEndian {
		return wrap(errors.New("NeuroH5 files are written on little-endian hosts only"))
	}
	t := f.Types
	if err := t.check(); err != nil {
		return wrap(err)
	}
	seen, err := checkNamespaces(f.Namespaces)
	if err != nil {
		return wrap(err)
	}
	if err := checkNamespaceCells(t, f.Namespaces); err != nil {
		return wrap(err)
	}
	for i := range f.Trees {
		tr := &f.Trees[i]
		p, ok := t.Population(tr.Population)
		if !ok {
			return wrap(fmt.Errorf("trees: population %q is not in /H5Types (%s)", tr.Population, populationNames(t)))
		}
		key := [2]string{tr.Population, nh5Trees}
		if seen[key] {
			return wrap(fmt.Errorf("namespace %q of population %q given twice", nh5Trees, tr.Population))
		}
		seen[key] = true
		if err := tr.check(p.Count); err != nil {
			return wrap(err)
		}
	}
	prj := map[[2]string]bool{}
	for i := range f.Projections {
		e := &f.Projections[i]
		ps, ok1 := t.Population(e.Source)
		pd, ok2 := t.Population(e.Destination)
		if !ok1 || !ok2 {
			return wrap(fmt.Errorf("projection %s -> %s: not both populations are in /H5Types (%s)", e.Source, e.Destination, populationNames(t)))
		}
		key := [2]string{e.Source, e.Destination}
		if prj[key] {
			return wrap(fmt.Errorf("projection %s -> %s given twice", e.Source, e.Destination))
		}
		prj[key] = true
		if err := e.check(ps.Count, pd.Count); err != nil {
			return wrap(err)
		}
	}
	if err := checkDatasets(f.Datasets); err != nil {
		return wrap(err)
	}
	for _, d := range f.Datasets {
		root := d.Name
		if d.Group != "" {
			root = d.Group
		}
		if root == "H5Types" || root == nh5Populations || root == nh5Projections {
			return wrap(fmt.Errorf("dataset %q: %s is NeuroH5's", d.Name, root))
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return wrap(err)
	}
	s := &Store{sync: opt == nil || !opt.NoSync}
	return s.transact(path, "", func(bool) (int, error) { return startNew, nil }, func(file hid) error {
		if err := writeH5Types(file, &t); err != nil {
			return err
		}
		if err := s.writeDatasets(file, f.Datasets); err != nil {
			return err
		}
		if len(f.Namespaces)+len(f.Trees) > 0 {
			root, err := nh5Group(file, nh5Populations)
			if err != nil {
				return err
			}
			pops := map[string]hid{"": root}
			defer func() {
				for _, g := range pops {
					C.H5Gclose(g)
				}
			}()
			if err := writeNamespaces(pops, f.Namespaces); err != nil {
				return err
			}
			for i := range f.Trees {
				tr := &f.Trees[i]
				g, ok := pops[tr.Population]
				if !ok {
					if g, err = nh5Group(root, tr.Population); err != nil {
						return err
					}
					pops[tr.Population] = g
				}
				if err := writeTrees(g, tr); err != nil {
					return fmt.Errorf("population %q: %w", tr.Population, err)
				}
			}
		}
		if len(f.Projections) == 0 {
			return nil
		}
		root, err := nh5Group(file, nh5Projections)
		if err != nil {
			return err
		}
		dsts := map[string]hid{"": root}
		defer func() {
			for _, g := range dsts {
				C.H5Gclose(g)
			}
		}()
		for i := range f.Projections {
			e := &f.Projections[i]
			g, ok := dsts[e.Destination]
			if !ok {
				if g, err = nh5Group(root, e.Destination); err != nil {
					return err
				}
				dsts[e.Destination] = g
			}
			if err := writeProjection(g, e); err != nil {
				return fmt.Errorf("projection %s -> %s: %w", e.Source, e.Destination, err)
			}
		}
		return nil
	})
}

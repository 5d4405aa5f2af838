package miv

import (
	"errors"
	"fmt"

	"github.com/golgi-sim/golgi/sim/store"
)

// Namespaces and attributes of the construction files (SPEC 2.8).
const (
	NamespaceCoordinates  = "Generated Coordinates"
	NamespaceArcDistances = "Arc Distances"
)

// coordinateAttributes are the attributes of Generated Coordinates, in
// the order MiV's network_architecture writes them.
var coordinateAttributes = []string{"X Coordinate", "Y Coordinate", "Z Coordinate", "U Coordinate", "V Coordinate", "L Coordinate"}

// cellIndex returns a population's Cell Index (0, 1, ... n-1) and
// Attribute Pointer (0, 1, ... n) for one value per cell.
func cellIndex(n int) ([]uint32, []uint64) {
	idx := make([]uint32, n)
	ptr := make([]uint64, n+1)
	for i := range n {
		idx[i] = uint32(i)
		ptr[i+1] = uint64(i + 1)
	}
	return idx, ptr
}

// perCell returns a namespace of one float32 value per cell of a
// population for each attribute.
func perCell(pop, name string, attrs store.Attrs, names []string, values [][]float32) store.NeuroH5Namespace {
	ns := store.NeuroH5Namespace{Population: pop, Name: name, Attrs: attrs}
	for i, a := range names {
		idx, ptr := cellIndex(len(values[i]))
		ns.Attributes = append(ns.Attributes, store.NeuroH5Attribute{Name: a, Index: idx, Pointer: ptr, Values: values[i]})
	}
	return ns
}

// CoordinateNamespaces returns the Generated Coordinates namespace of
// each population with cells: X, Y, Z, U, V and L Coordinate, float32,
// one value per cell in gid order (X, Y, Z = U, V, L: SPEC 1.3).
func CoordinateNamespaces(somata []PopulationSomata) []store.NeuroH5Namespace {
	var out []store.NeuroH5Namespace
	for _, ps := range somata {
		if len(ps.Somata) == 0 {
			continue
		}
		u := make([]float32, len(ps.Somata))
		v := make([]float32, len(ps.Somata))
		l := make([]float32, len(ps.Somata))
		for i, s := range ps.Somata {
			u[i], v[i], l[i] = s.U, s.V, s.L
		}
		out = append(out, perCell(ps.Population, NamespaceCoordinates, nil, coordinateAttributes, [][]float32{u, v, l, u, v, l}))
	}
	return out
}

// ReadSomata reads the soma coordinates (U, V and L Coordinate of
// Generated Coordinates) of every population with cells from the
// NeuroH5 file at path, whose /H5Types must be the configuration's;
// each cell must have exactly one value of each. Layer is left empty.
func (c *Config) ReadSomata(path string) ([]PopulationSomata, error) {
	types, err := c.checkH5Types(path)
	if err != nil {
		return nil, err
	}
	var out []PopulationSomata
	for _, p := range types.Populations {
		ps := PopulationSomata{Population: p.Name, Start: p.Start}
		if p.Count == 0 {
			out = append(out, ps)
			continue
		}
		uvl, err := readPerCell(path, p, NamespaceCoordinates, []string{"U Coordinate", "V Coordinate", "L Coordinate"})
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("%w (golgi miv place %s -o %s writes them)", err, c.Path, path)
			}
			return nil, err
		}
		ps.Somata = make([]Soma, p.Count)
		for i := range ps.Somata {
			ps.Somata[i] = Soma{Gid: p.Start + uint64(i), U: uvl[0][i], V: uvl[1][i], L: uvl[2][i]}
		}
		out = append(out, ps)
	}
	return out, nil
}

// readPerCell reads the float32 attributes names of namespace ns of
// population p from the NeuroH5 file at path, each holding exactly one
// value per cell of the population: out[k][i] is attribute k of cell i
// (gid p.Start + i).
func readPerCell(path string, p store.NeuroH5Population, ns string, names []string) ([][]float32, error) {
	n, err := store.ReadNeuroH5Namespace(path, p.Name, ns)
	if err != nil {
		return nil, err
	}
	out := make([][]float32, len(names))
	for k, name := range names {
		a, ok := n.Attribute(name)
		if !ok {
			return nil, fmt.Errorf("miv: %s: /Populations/%s/%s has no %s", path, p.Name, ns, name)
		}
		vals, ok := a.Values.([]float32)
		if !ok {
			return nil, fmt.Errorf("miv: %s: /Populations/%s/%s/%s holds %T, want float32", path, p.Name, ns, name, a.Values)
		}
		out[k] = make([]float32, p.Count)
		seen := make([]bool, p.Count)
		for i, ci := range a.Index {
			if ci >= p.Count || seen[ci] || a.Pointer[i+1]-a.Pointer[i] != 1 {
				return nil, fmt.Errorf("miv: %s: /Populations/%s/%s/%s: cell index %d: want one value for each of the %d cells", path, p.Name, ns, name, ci, p.Count)
			}
			seen[ci] = true
			out[k][ci] = vals[a.Pointer[i]]
		}
		if len(a.Index) != int(p.Count) {
			return nil, fmt.Errorf("miv: %s: /Populations/%s/%s/%s has %d cells of %d", path, p.Name, ns, name, len(a.Index), p.Count)
		}
	}
	return out, nil
}

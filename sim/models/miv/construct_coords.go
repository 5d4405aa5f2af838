package miv

import (
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
		ns, err := store.ReadNeuroH5Namespace(path, p.Name, NamespaceCoordinates)
		if err != nil {
			return nil, fmt.Errorf("%w (golgi miv place %s -o %s writes them)", err, c.Path, path)
		}
		ps.Somata = make([]Soma, p.Count)
		for i := range ps.Somata {
			ps.Somata[i].Gid = p.Start + uint64(i)
		}
		for k, name := range []string{"U Coordinate", "V Coordinate", "L Coordinate"} {
			a, ok := ns.Attribute(name)
			if !ok {
				return nil, fmt.Errorf("miv: %s: /Populations/%s/%s has no %s", path, p.Name, NamespaceCoordinates, name)
			}
			vals, ok := a.Values.([]float32)
			if !ok {
				return nil, fmt.Errorf("miv: %s: /Populations/%s/%s/%s holds %T, want float32", path, p.Name, NamespaceCoordinates, name, a.Values)
			}
			seen := make([]bool, p.Count)
			for i, ci := range a.Index {
				if ci >= p.Count || seen[ci] || a.Pointer[i+1]-a.Pointer[i] != 1 {
					return nil, fmt.Errorf("miv: %s: /Populations/%s/%s/%s: cell index %d: want one value for each of the %d cells", path, p.Name, NamespaceCoordinates, name, ci, p.Count)
				}
				seen[ci] = true
				x := vals[a.Pointer[i]]
				switch k {
				case 0:
					ps.Somata[ci].U = x
				case 1:
					ps.Somata[ci].V = x
				case 2:
					ps.Somata[ci].L = x
				}
			}
			if len(a.Index) != int(p.Count) {
				return nil, fmt.Errorf("miv: %s: /Populations/%s/%s/%s has %d cells of %d", path, p.Name, NamespaceCoordinates, name, len(a.Index), p.Count)
			}
		}
		out = append(out, ps)
	}
	return out, nil
}

package miv

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golgi-sim/golgi/sim/store"
)

// The edge attributes of generate_gapjunctions (SPEC 2.9).
const (
	gapNamespaceLocation = "Location"
	gapNamespaceCoupling = "Coupling strength"
	gapAttrSrcSection    = "Source section"
	gapAttrSrcPosition   = "Source position"
	gapAttrDstSection    = "Destination section"
	gapAttrDstPosition   = "Destination position"
	gapAttrSrcCoupling   = "Source"
	gapAttrDstCoupling   = "Destination"
)

// GapJunctionsFile is the name of the gap-junction graph Construction.Write
// writes beside connections.h5 (when the configuration has Gap
// Junctions) and ReadConstruction reads when present (else the file of
// the configuration's Gap Junction Data there).
const GapJunctionsFile = "gapjunctions.h5"

// GapJunctionsPath is the gap-junction graph beside connectionsPath.
func GapJunctionsPath(connectionsPath string) string {
	return filepath.Join(filepath.Dir(connectionsPath), GapJunctionsFile)
}

// GapJunctionsNeuroH5 returns the gap junctions as NeuroH5 projections
// (SPEC 2.9), one per population pair, /Projections/<Destination>/<Source>
// in the Destination Block Sparse layout, with the edge attributes
// Location {Source section, Destination section (uint32), Source
// position, Destination position (float32)} and Coupling strength
// {Source, Destination (float32)}.
func GapJunctionsNeuroH5(types store.NeuroH5Types, sets []GapJunctionSet) ([]store.NeuroH5Edges, error) {
	var out []store.NeuroH5Edges
	for _, set := range sets {
		ps, ok1 := types.Population(set.Source)
		pd, ok2 := types.Population(set.Destination)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("miv gap junctions %s -> %s: a population is not in /H5Types", set.Source, set.Destination)
		}
		js := slices.Clone(set.Junctions)
		slices.SortFunc(js, func(a, b GapJunction) int {
			return cmp.Or(cmp.Compare(a.DestinationGid, b.DestinationGid), cmp.Compare(a.SourceGid, b.SourceGid))
		})
		var (
			dst, src, ssec, dsec []uint32
			counts               []int
			spos, dpos, sc, dc   []float32
		)
		for k, j := range js {
			if j.SourceGid < int(ps.Start) || j.SourceGid >= int(ps.Start)+int(ps.Count) ||
				j.DestinationGid < int(pd.Start) || j.DestinationGid >= int(pd.Start)+int(pd.Count) {
				return nil, fmt.Errorf("miv gap junctions %s -> %s: junction %d -> %d: a gid outside its population", set.Source, set.Destination, j.SourceGid, j.DestinationGid)
			}
			if k > 0 && j.DestinationGid == js[k-1].DestinationGid && j.SourceGid == js[k-1].SourceGid {
				return nil, fmt.Errorf("miv gap junctions %s -> %s: junction %d -> %d given twice", set.Source, set.Destination, j.SourceGid, j.DestinationGid)
			}
			d := uint32(j.DestinationGid - int(pd.Start))
			if len(dst) == 0 || dst[len(dst)-1] != d {
				dst, counts = append(dst, d), append(counts, 0)
			}
			counts[len(counts)-1]++
			src = append(src, uint32(j.SourceGid-int(ps.Start)))
			ssec, dsec = append(ssec, uint32(j.SourceSection)), append(dsec, uint32(j.DestinationSection))
			spos, dpos = append(spos, float32(j.SourcePosition)), append(dpos, float32(j.DestinationPosition))
			sc, dc = append(sc, float32(j.SourceCoupling)), append(dc, float32(j.DestinationCoupling))
		}
		nonNil := func(v []uint32) []uint32 {
			if v == nil {
				return []uint32{}
			}
			return v
		}
		nonNilF := func(v []float32) []float32 {
			if v == nil {
				return []float32{}
			}
			return v
		}
		e, err := store.NewNeuroH5Edges(set.Source, set.Destination, dst, counts, src, []store.NeuroH5EdgeAttribute{
			{Namespace: gapNamespaceLocation, Name: gapAttrSrcSection, Values: nonNil(ssec)},
			{Namespace: gapNamespaceLocation, Name: gapAttrSrcPosition, Values: nonNilF(spos)},
			{Namespace: gapNamespaceLocation, Name: gapAttrDstSection, Values: nonNil(dsec)},
			{Namespace: gapNamespaceLocation, Name: gapAttrDstPosition, Values: nonNilF(dpos)},
			{Namespace: gapNamespaceCoupling, Name: gapAttrSrcCoupling, Values: nonNilF(sc)},
			{Namespace: gapNamespaceCoupling, Name: gapAttrDstCoupling, Values: nonNilF(dc)},
		})
		if err != nil {
			return nil, fmt.Errorf("miv gap junctions: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// gapJunctionsFile is the gap-junction graph file: /H5Types with the
// gap-junction pairs as its valid projections (as MiV's h5_types writes
// them for a configuration with gap junctions) and the projections.
func (c *Config) gapJunctionsFile(sets []GapJunctionSet) (store.NeuroH5File, error) {
	var f store.NeuroH5File
	types, err := c.H5Types()
	if err != nil {
		return f, err
	}
	types.Projections = nil
	for _, s := range sets {
		types.Projections = append(types.Projections, store.NeuroH5Projection{Source: s.Source, Destination: s.Destination})
	}
	f.Types = types
	f.Projections, err = GapJunctionsNeuroH5(types, sets)
	return f, err
}

// WriteGapJunctions writes the gap junctions as a new NeuroH5 file at
// path (SPEC 2.9), replacing any file of that name whole.
func (c *Config) WriteGapJunctions(path string, sets []GapJunctionSet, opt *store.Options) error {
	f, err := c.gapJunctionsFile(sets)
	if err != nil {
		return err
	}
	if err := store.WriteNeuroH5File(path, &f, opt); err != nil {
		return fmt.Errorf("miv gap junctions: %w", err)
	}
	return nil
}

// ReadGapJunctions reads the gap junctions of the NeuroH5 file at path
// (written by WriteGapJunctions or MiV's generate_gapjunctions): every
// projection /Projections/<D>/<S> between populations of its /H5Types,
// one GapJunctionSet per pair sorted by source then destination name,
// the junctions sorted by source then destination gid.
func ReadGapJunctions(path string) ([]GapJunctionSet, error) {
	types, err := store.ReadNeuroH5Types(path)
	if err != nil {
		return nil, fmt.Errorf("miv gap junctions: %w", err)
	}
	var out []GapJunctionSet
	for _, pd := range types.Populations {
		sources, err := store.NeuroH5ProjectionSources(path, pd.Name)
		if err != nil {
			return nil, fmt.Errorf("miv gap junctions: %w", err)
		}
		for _, s := range sources {
			ps, ok := types.Population(s)
			if !ok {
				return nil, fmt.Errorf("miv gap junctions: %s: /Projections/%s/%s: population %s is not in /H5Types", path, pd.Name, s, s)
			}
			e, err := store.ReadNeuroH5Edges(path, s, pd.Name)
			if err != nil {
				return nil, fmt.Errorf("miv gap junctions: %w", err)
			}
			where := fmt.Sprintf("%s: /Projections/%s/%s", path, pd.Name, s)
			ssec, err := edgeValues[uint32](&e, gapNamespaceLocation, gapAttrSrcSection, where)
			if err != nil {
				return nil, err
			}
			dsec, err := edgeValues[uint32](&e, gapNamespaceLocation, gapAttrDstSection, where)
			if err != nil {
				return nil, err
			}
			var f32 [4][]float32
			for k, a := range []struct{ ns, name string }{
				{gapNamespaceLocation, gapAttrSrcPosition}, {gapNamespaceLocation, gapAttrDstPosition},
				{gapNamespaceCoupling, gapAttrSrcCoupling}, {gapNamespaceCoupling, gapAttrDstCoupling},
			} {
				if f32[k], err = edgeValues[float32](&e, a.ns, a.name, where); err != nil {
					return nil, err
				}
			}
			set := GapJunctionSet{Source: s, Destination: pd.Name}
			for j, d := range e.Destinations() {
				for i := e.DestinationPointer[j]; i < e.DestinationPointer[j+1]; i++ {
					set.Junctions = append(set.Junctions, GapJunction{
						SourceGid: int(ps.Start) + int(e.SourceIndex[i]), DestinationGid: int(pd.Start) + int(d),
						SourceSection: int(ssec[i]), DestinationSection: int(dsec[i]),
						SourcePosition: float64(f32[0][i]), DestinationPosition: float64(f32[1][i]),
						SourceCoupling: float64(f32[2][i]), DestinationCoupling: float64(f32[3][i]),
					})
				}
			}
			slices.SortFunc(set.Junctions, func(a, b GapJunction) int {
				return cmp.Or(cmp.Compare(a.SourceGid, b.SourceGid), cmp.Compare(a.DestinationGid, b.DestinationGid))
			})
			out = append(out, set)
		}
	}
	slices.SortFunc(out, func(a, b GapJunctionSet) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Destination, b.Destination))
	})
	return out, nil
}

// readGapJunctions reads the gap-junction graph beside connectionsPath
// when the configuration has Gap Junctions: the first file that exists
// of GapJunctionsFile and the configuration's Gap Junction Data (the
// name MiV's pipeline gives it) in that directory; neither is an error
// (a run without the configured junctions would be another network).
func (c *Config) readGapJunctions(connectionsPath string) ([]GapJunctionSet, error) {
	if c.ConnectionGenerator.GapJunctions == nil {
		return nil, nil
	}
	cands := []string{GapJunctionsPath(connectionsPath)}
	if c.GapJunctionData != "" {
		cands = append(cands, filepath.Join(filepath.Dir(connectionsPath), filepath.Base(c.GapJunctionData)))
	}
	for _, path := range cands {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("miv: gap junctions: %w", err)
		}
		if _, err := c.checkH5Types(path); err != nil {
			return nil, err
		}
		return ReadGapJunctions(path)
	}
	return nil, fmt.Errorf("miv: the configuration has Gap Junctions, but %s has none: %s not found (golgi miv network writes it beside connections.h5; write the files again, or remove Gap Junctions from the configuration)", filepath.Base(connectionsPath), strings.Join(cands, " nor "))
}

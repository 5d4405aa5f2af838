package sonata

import (
	"crypto/md5"
	"fmt"
	"sort"
)

// GidMap gives every population taking part in a simulation its gid
// offset, as neurodamus computes it (SPEC 1.7): populations in byte
// order of their names, the first at 0, each next at
// ceil1000(previous offset + previous population's largest raw gid). Raw
// gids are node id + 1; a node's final gid is raw gid + offset.
type GidMap struct {
	maxRaw map[string]uint64
}

// NewGidMap returns an empty map.
func NewGidMap() *GidMap { return &GidMap{maxRaw: map[string]uint64{}} }

// Register records that population pop takes part with nodes up to raw
// gid maxRaw (1-based), as each loaded population, virtual population
// and node-set materialisation registers its nodes in neurodamus.
func (g *GidMap) Register(pop string, maxRaw uint64) {
	if old, ok := g.maxRaw[pop]; !ok || maxRaw > old {
		g.maxRaw[pop] = maxRaw
	}
}

// RegisterSelection registers the nodes of a selection.
func (g *GidMap) RegisterSelection(s Selection) {
	var m uint64
	for _, id := range s.NodeIDs {
		m = max(m, id+1)
	}
	g.Register(s.Population, m)
}

// Populations returns the registered populations in offset order.
func (g *GidMap) Populations() []string {
	names := make([]string, 0, len(g.maxRaw))
	for n := range g.maxRaw {
		names = append(names, n)
	}
	sort.Strings(names) // byte order, as Python sorts str
	return names
}

// ceil1000 rounds up to a multiple of 1000 (0 stays 0).
func ceil1000(x uint64) uint64 {
	if x == 0 {
		return 0
	}
	return ((x-1)/1000 + 1) * 1000
}

// Offsets returns every registered population's offset.
func (g *GidMap) Offsets() map[string]uint64 {
	off := map[string]uint64{}
	var cur, prevMax uint64
	for i, p := range g.Populations() {
		if i > 0 {
			cur = ceil1000(cur + prevMax)
		}
		off[p] = cur
		prevMax = g.maxRaw[p]
	}
	return off
}

// Offset returns population pop's offset; an unregistered population is
// an error.
func (g *GidMap) Offset(pop string) (uint64, error) {
	off, ok := g.Offsets()[pop]
	if !ok {
		return 0, fmt.Errorf("population %q has no gid offset: it takes no part in the simulation", pop)
	}
	return off, nil
}

// Gid returns the final gid of node id of population pop: id + 1 +
// offset.
func (g *GidMap) Gid(pop string, id uint64) (uint64, error) {
	off, err := g.Offset(pop)
	if err != nil {
		return 0, err
	}
	return id + 1 + off, nil
}

// PopulationIDHash is neurodamus's 12-bit id of a population name for
// synapse seeding (SPEC 1.7): from h = MD5(name), (h[1]&0x0F)<<8 + h[0].
func PopulationIDHash(name string) uint16 {
	h := md5Sum(name)
	return uint16(h[1]&0x0F)<<8 + uint16(h[0])
}

func md5Sum(s string) [16]byte { return md5.Sum([]byte(s)) }

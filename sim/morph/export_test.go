package morph

// SectionAreaUm2 is the membrane area (um2) of section i of m discretized
// in nseg segments, summed over its segments as NEURON's area(): for the
// comparisons with NEURON of the morphology readers.
func SectionAreaUm2(m *Morphology, i, nseg int) float64 {
	g := m.geometry(i, nseg, 100)
	a := 0.
	for _, x := range g.area[:nseg] {
		a += x
	}
	return a
}

// SetGatherAll makes the CellGroups made after it step every mechanism on
// copies (gatherAll) and returns the previous setting.
func SetGatherAll(on bool) (was bool) {
	was, gatherAll = gatherAll, on
	return was
}

// SetCanonicalStorage makes the CellGroups made after it store their
// nodes in the canonical order (canonicalStorage) and returns the
// previous setting.
func SetCanonicalStorage(on bool) (was bool) {
	was, canonicalStorage = canonicalStorage, on
	return was
}

// MechanismPaths returns how the group steps each mechanism: "direct",
// "ranged" or "copies" (gathered and scattered), by name.
func MechanismPaths(g *CellGroup) map[string]string {
	out := map[string]string{}
	for _, mr := range g.mechs {
		switch {
		case mr.direct:
			out[mr.m.Name()] = "direct"
		case mr.ranged != nil:
			out[mr.m.Name()] = "ranged"
		default:
			out[mr.m.Name()] = "copies"
		}
	}
	return out
}

// StorageOrder is storageOrder.
func StorageOrder(zero []bool, cellOf []int, key []string) []int32 {
	return storageOrder(zero, cellOf, key)
}

// MechanismRuns returns the number of runs of consecutive nodes of each
// mechanism's instances, by name.
func MechanismRuns(g *CellGroup) map[string]int {
	out := map[string]int{}
	for _, mr := range g.mechs {
		out[mr.m.Name()] = len(mr.runs)
	}
	return out
}

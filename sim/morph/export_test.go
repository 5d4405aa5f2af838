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

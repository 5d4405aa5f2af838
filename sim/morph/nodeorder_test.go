package morph_test

import (
	"slices"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

func TestStorageOrder(t *testing.T) {
	for _, c := range []struct {
		name   string
		zero   []bool
		cellOf []int
		key    []string
		want   []int32
	}{
		{"empty", nil, nil, nil, []int32{}},
		{"no zero-area nodes, equal keys", []bool{false, false, false}, []int{0, 0, 0}, []string{"0", "0", "0"}, []int32{0, 1, 2}},
		// One cell: soma (0), its end (1), two sections of a segment and
		// their ends; the zero-area nodes go after every cell's others.
		{"section ends last", []bool{false, true, false, true, false, true}, []int{0, 0, 0, 0, 0, 0}, []string{"0", "1", "0", "1", "0", "1"}, []int32{0, 3, 1, 4, 2, 5}},
		// Keys group a cell's nodes, canonical order among equals, cell
		// after cell; zero-area nodes of both cells at the end.
		{"by key within a cell", []bool{false, false, false, true, false, false, true}, []int{0, 0, 0, 0, 1, 1, 1}, []string{"01", "00", "01", "11", "01", "00", "11"}, []int32{1, 0, 2, 5, 4, 3, 6}},
	} {
		got := morph.StorageOrder(c.zero, c.cellOf, c.key)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestStorageOrderRuns checks the purpose of the storage order: in a
// group of three v5 cells pas (in every segment) is on one run of
// consecutive nodes, stepped on the group's arrays, and every other
// density mechanism on at most two runs per cell (one per set of
// sections with the same mechanisms), where NEURON's node order breaks
// them at every section's end.
func TestStorageOrderRuns(t *testing.T) {
	cells := []*morph.Cell{cellV5(1), cellV5(2), cellV5(1)}
	build := func() *morph.CellGroup {
		g, err := morph.NewCellGroup(cells, 0.025, 34)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	g := build()
	was := morph.SetCanonicalStorage(true)
	canonical := morph.MechanismRuns(build())
	morph.SetCanonicalStorage(was)
	if p := morph.MechanismPaths(g)["pas"]; p != "direct" {
		t.Errorf("pas is stepped %s, want direct", p)
	}
	runs, before := 0, 0
	for name, n := range morph.MechanismRuns(g) {
		if name == "LinExp2Syn" {
			continue // a point process
		}
		if n > 2*len(cells) {
			t.Errorf("%s: %d runs in %d cells", name, n, len(cells))
		}
		runs += n
		before += canonical[name]
	}
	if !(runs < before) {
		t.Errorf("%d runs, %d in NEURON's order: no fewer", runs, before)
	}
	t.Logf("runs %v; in NEURON's order %v", morph.MechanismRuns(g), canonical)
}

package spec

import "fmt"

// SweepSize returns the number of simulations a sweep of lists of the
// given lengths expands to: their product for Product, their common length
// for Zip. Lists of unequal length under Zip, an empty list, an unknown
// mode or more than MaxSims simulations are errors; a *SweepError names
// the list at fault by its index. Every model family's spec expands its
// sweeps with SweepSize and SweepIndices.
func SweepSize(mode string, lengths []int) (int, error) {
	if len(lengths) == 0 {
		return 1, nil
	}
	for i, n := range lengths {
		if n < 1 {
			return 0, &SweepError{List: i, Msg: "an empty list sweeps nothing: give at least one value"}
		}
	}
	switch mode {
	case Zip:
		for i, n := range lengths[1:] {
			if n != lengths[0] {
				return 0, &SweepError{List: i + 1, Other: 0, Msg: fmt.Sprintf("sweep \"zip\" needs lists of equal length: %d values against %d", n, lengths[0])}
			}
		}
		return lengths[0], nil
	case Product, "":
		total := 1
		for _, n := range lengths {
			if total > MaxSims/n {
				return 0, &SweepError{List: -1, Msg: fmt.Sprintf("the sweep expands to more than %d simulations", MaxSims)}
			}
			total *= n
		}
		return total, nil
	}
	return 0, &SweepError{List: -1, Msg: fmt.Sprintf("sweep %q: want %q or %q", mode, Product, Zip)}
}

// SweepIndices sets idx[j] to the index into list j of simulation i of a
// sweep (0 <= i < SweepSize): for Product the last list varies fastest,
// for Zip every list gives its i-th value. idx has one element per list.
func SweepIndices(mode string, lengths []int, i int, idx []int) {
	if mode == Zip {
		for j := range lengths {
			idx[j] = i
		}
		return
	}
	for j := len(lengths) - 1; j >= 0; j-- {
		idx[j] = i % lengths[j]
		i /= lengths[j]
	}
}

// SweepError is a sweep that cannot expand; List is the index of the list
// at fault (-1: the sweep as a whole), Other the list it was compared with.
type SweepError struct {
	List, Other int
	Msg         string
}

func (e *SweepError) Error() string { return e.Msg }

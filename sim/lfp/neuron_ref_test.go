package lfp

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestCompatAgainstNEURON checks MiVHEAD against NEURON 8.2.2 computing
// MiV HEAD's coefficients with NEURON's own calls
// (scripts/miv-lfp-ref/lfp_ref.py: Vector.interpolate for the nodes,
// sec.L/nseg, h.area(x) without a section for the default section's
// area, one vector per cell indexed within sections), on a PVBC-like
// cell of bent sections with nseg 3, 9, 9, 7, 7 weighted as a distal
// cell. NEURON's coefficients multiply current densities (mA/cm²): per
// current (nA) they are divided by 0.01 × the segment's area.
func TestCompatAgainstNEURON(t *testing.T) {
	data, err := os.ReadFile("testdata/miv_head_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Rho     float64 `json:"rho_ohm_cm"`
		Weight  float64 `json:"weight"`
		Default int     `json:"default_section"`
		Secs    []struct {
			Nseg int
			L    float64   `json:"L_um"`
			XJ   []float64 `json:"x_um"`
			YJ   []float64 `json:"y_um"`
			ZJ   []float64 `json:"z_um"`
			DJ   []float64 `json:"diam_um"`
			AJ   []float64 `json:"area_um2"`
		} `json:"sections"`
		Electrodes []struct {
			Pos    [3]float64 `json:"pos_um"`
			Coeffs []float64  `json:"coeffs"`
		} `json:"electrodes"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	secs := make([]Section, len(ref.Secs))
	for i, s := range ref.Secs {
		secs[i] = Section{XUm: s.XJ, YUm: s.YJ, ZUm: s.ZJ, DiamUm: s.DJ, Nseg: s.Nseg, AreaUm2: s.AJ}
		if l := secs[i].arc(); math.Abs(l[len(l)-1]-s.L) > 1e-12*s.L {
			t.Errorf("section %d: arc length %.15g, NEURON's L %.15g", i, l[len(l)-1], s.L)
		}
	}
	if len(ref.Electrodes) == 0 {
		t.Fatal("no electrodes in the reference")
	}
	for _, el := range ref.Electrodes {
		ls, err := FromCells([]Cell{{Sections: secs, Weight: ref.Weight}}, Electrode{PosUm: el.Pos, RhoOhmCm: ref.Rho},
			&Options{Compat: MiVHEAD, DefaultSection: &secs[ref.Default]})
		if err != nil {
			t.Fatal(err)
		}
		// Segment 1's coefficient is 0 up to rounding (its node, the
		// centre of segment 0, has ld = sd = l/2): differences are taken
		// relative to the largest coefficient.
		var scale float64
		for si, s := range secs {
			for j := range s.Nseg {
				scale = math.Max(scale, math.Abs(el.Coeffs[j]/(0.01*secs[si].AreaUm2[j])))
			}
		}
		if !(scale > 0) {
			t.Fatalf("electrode %v: all coefficients zero", el.Pos)
		}
		m, worst := 0, 0.
		for si, s := range secs {
			for j := range s.Nseg {
				want := el.Coeffs[j] / (0.01 * s.AreaUm2[j])
				rel := math.Abs(ls.KMVPerNA[m]-want) / scale
				worst = math.Max(worst, rel)
				if !(rel <= 1e-12) {
					t.Errorf("electrode %v, section %d, segment %d: %.15g mV/nA, NEURON %.15g", el.Pos, si, j, ls.KMVPerNA[m], want)
				}
				m++
			}
		}
		t.Logf("electrode %v: largest difference from NEURON %.2g of the largest coefficient", el.Pos, worst)
	}
}

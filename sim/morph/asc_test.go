package morph_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

const ascSoma = `("CellBody" (Color Red) (CellBody)
  (4 0 0 0) (3 3 0 0) (0 4.5 0 0) (-3.5 3 0 0)
  (-5 0 0 0) (-3 -3.5 0 0) (0.5 -4 0 0) (3.5 -2.5 0 0))
`

// Malformed files are errors naming the file and the line, never panics.
func TestReadASCBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"empty", "", "bad.asc: empty file"},
		{"comments only", "; nothing\n;\n", "bad.asc: empty file"},
		{"unclosed tree", ascSoma + "( (Dendrite)\n (0 5 0 1)\n (0 9 0 1)\n", "bad.asc:6: end of file where ')' closing the tree of line 4 was expected"},
		{"extra ')'", ascSoma + "( (Dendrite) (0 5 0 1) (0 9 0 1) )\n)\n", "bad.asc:5: ')' closes nothing"},
		{"unclosed split", ascSoma + "( (Dendrite) (0 5 0 1) (0 9 0 1)\n ( (1 10 0 1) (2 20 0 1)\n | (0 12 0 1) (0 30 0 1)\n)\n", "bad.asc:7: end of file where ')' closing the tree of line 4 was expected"},
		{"three numbers", ascSoma + "( (Dendrite)\n (0 5 0 1)\n (0 9 0)\n)\n", "bad.asc:6: tree point with 3 numbers, want 4"},
		{"soma point of two numbers", "(\"CellBody\" (CellBody) (4 0) (0 4 0 0) (-4 0 0 0) (0 -4 0 0))\n( (Axon) (0 5 0 1) (0 9 0 1))\n", "bad.asc:1: soma point with 2 numbers"},
		{"unknown top-level token", ascSoma + "Dendrite (0 5 0 1)\n", "bad.asc:4: word \"Dendrite\" at the top level"},
		{"number at top level", ascSoma + "12\n", "bad.asc:4: number \"12\" at the top level"},
		{"no soma", "( (Dendrite) (0 5 0 1) (0 9 0 1) )\n", "bad.asc: no soma"},
		{"two cells", ascSoma + "(\"CellBody\" (CellBody) (100 0 0 0) (103 3 0 0) (100 6 0 0) (97 3 0 0))\n( (Axon) (0 -5 0 1) (0 -9 0 1))\n", "bad.asc:4: 2 separate soma contours"},
		{"tree without type", ascSoma + "( (Color Red) (0 5 0 1) (0 9 0 1) )\n", "bad.asc:4: the tree starting here has last property (Color)"},
		{"zero diameter", ascSoma + "( (Dendrite) (0 5 0 1) (0 9 0 0) )\n", "point 1 has diameter 0 um"},
		{"zero length", ascSoma + "( (Dendrite) (0 5 0 1) (0 5 0 1) (0 5 0 1) )\n", "has length 0"},
		{"unclosed string", "(\"CellBody\n", "bad.asc:1: unreadable text"},
		{"unclosed marker", ascSoma + "( (Dendrite) (0 5 0 1) (0 9 0 1)\n (Dot (1 2 3 4)\n", "bad.asc:5: end of file in the marker of line 5"},
		{"garbage", ascSoma + "( (Dendrite) (0 5 0 1) # )\n", "bad.asc:4: unreadable text \"#\""},
		{"flat soma", "(\"CellBody\" (CellBody) (0 0 0 0) (0 0 1 0) (0 0 2 0))\n( (Axon) (0 -5 0 1) (0 -9 0 1))\n", "bad.asc:1: soma contour: "},
		{"huge number", ascSoma + "( (Dendrite) (0 5 0 1) (0 1e999 0 1) )\n", "bad.asc:4: number \"1e999\" out of range"},
	} {
		_, err := morph.ReadASCFrom(strings.NewReader(tc.src), "bad.asc")
		var ae *morph.ASCError
		switch {
		case err == nil:
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
		case !errors.As(err, &ae):
			t.Errorf("%s: error %T %v, want an *ASCError", tc.name, err, err)
		case !strings.Contains(err.Error(), tc.want):
			t.Errorf("%s: error\n\t%v\nwant one containing\n\t%s", tc.name, err, tc.want)
		}
	}
	if _, err := morph.ReadASC(filepath.Join(t.TempDir(), "missing.asc")); err == nil || !strings.Contains(err.Error(), "missing.asc") {
		t.Errorf("missing file: %v", err)
	}
}

// The constructs of Import3d's grammar that carry no geometry are read
// and ignored.
func TestReadASCIgnores(t *testing.T) {
	src := `; comment
(ImageCoords Filename "x.tif" Merge 65535 65535 65535 0 Coords 0.1 0.1 0 0 0)
(Sections S1 0 512 0 512 -1 1)
(Set "group" (Description "in a set"))
("Glia" (Color RGB (0, 255, 0)) (1 1 1 0) (2 2 2 0))
(Dot (Color White) (Name "Marker 3") (10 10 0 1) (12 10 0 1))
` + ascSoma + `( (Color Yellow) (Dendrite)
  (0 5 0 1 S1) (0 9 0 1) ; end of line
  < (Class 4 "Thin") (1 27 1.5 0.5) >
  (0 12 0 1, R)
  (
    (1 20 0 1)
    (Cross (Color Red) (Name "x") (7 31 1 0.5))
    Normal
  |
    (-1 20 0 1) , (-2 25 0 1)
    Incomplete
  )
)
`
	m, err := morph.ReadASCFrom(strings.NewReader(src), "ok.asc")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range m.Sections {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "soma dend[0] dend[1] dend[2]" {
		t.Errorf("sections %s", got)
	}
	if n := len(m.Sections[1].Points); n != 3 {
		t.Errorf("dend[0]: %d points, want 3", n)
	}
	if p := m.Sections[2].Points[0]; p != (morph.Point{X: 0, Y: 12, Z: 0, D: 1}) {
		t.Errorf("dend[1] starts at %v, want a copy of its parent's last point", p)
	}
}

func FuzzReadASC(f *testing.F) {
	for _, name := range []string{"features.asc", "stack.asc"} {
		b, err := os.ReadFile(filepath.Join("testdata", "asc", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(ascSoma + "( (Axon) (0 -5 0 1) (0 -9 0 1) ( (1 -12 0 1) | (-1 -12 0 1) ) )"))
	f.Add([]byte("((((((((("))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := morph.ReadASCFrom(strings.NewReader(string(b)), "fuzz.asc")
		if err != nil {
			var ae *morph.ASCError
			if !errors.As(err, &ae) {
				t.Fatalf("error %T: %v", err, err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("read but invalid: %v", err)
		}
	})
}

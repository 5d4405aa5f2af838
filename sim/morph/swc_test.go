package morph_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/morph"
)

func readSWC(t *testing.T, src string, opt *morph.SWCOptions) *morph.Morphology {
	t.Helper()
	m, err := morph.ReadSWC(strings.NewReader(src), "test.swc", opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// section is what a test expects of a section read from SWC.
type section struct {
	name    string
	parent  string
	parentX float64
	points  []morph.Point
}

func checkSections(t *testing.T, m *morph.Morphology, want []section) {
	t.Helper()
	if len(m.Sections) != len(want) {
		for _, s := range m.Sections {
			t.Logf("%s parent %d x %g points %v", s.Name, s.Parent, s.ParentX, s.Points)
		}
		t.Fatalf("%d sections, want %d", len(m.Sections), len(want))
	}
	for i, w := range want {
		s := m.Sections[i]
		parent := ""
		if s.Parent >= 0 {
			parent = m.Sections[s.Parent].Name
		}
		if s.Name != w.name || parent != w.parent || s.ParentX != w.parentX {
			t.Errorf("section %d: %s on %q at %g, want %s on %q at %g", i, s.Name, parent, s.ParentX, w.name, w.parent, w.parentX)
		}
		if len(s.Points) != len(w.points) {
			t.Errorf("%s: points %v, want %v", s.Name, s.Points, w.points)
			continue
		}
		for k := range w.points {
			if s.Points[k] != w.points[k] {
				t.Errorf("%s: point %d = %v, want %v", s.Name, k, s.Points[k], w.points[k])
			}
		}
	}
}

type P = morph.Point

// The test files of NEURON's Import3d (one-point soma, multi-point soma,
// dendrites at the ends of a soma of several sections) and NeuroMorpho's
// three-point soma, converted as Import3d does.
func TestReadSWCSomata(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		want  []section
		notes int
	}{
		{"one-point soma", `
# One-point soma
#n,type,x,y,z,radius,parent
1  1 0 0 0 10 -1
2  3 0 10 0 1 1
3  3 0 20 0 1 2
4  3 0 -10 0 2 1
5  3 0 -20 0 2 4
6  3 10 0 0 .5 1
7  3 10 5 0 1 6
`, []section{
			{"soma", "", 1, []P{{-10, 0, 0, 20}, {0, 0, 0, 20}, {10, 0, 0, 20}}},
			{"dend[0]", "soma", .5, []P{{0, 10, 0, 2}, {0, 20, 0, 2}}},
			{"dend[1]", "soma", .5, []P{{0, -10, 0, 4}, {0, -20, 0, 4}}},
			{"dend[2]", "soma", .5, []P{{10, 0, 0, 1}, {10, 5, 0, 2}}},
		}, 1},
		{"three-point soma", `
1 1 0 0 0 5 -1
2 1 0 -5 0 5 1
3 1 0 5 0 5 1
4 3 0 5 0 1 1
5 3 0 15 0 1 4
6 2 0 -5 0 0.5 1
`, []section{
			{"soma", "", 1, []P{{-5, 0, 0, 10}, {0, 0, 0, 10}, {5, 0, 0, 10}}},
			{"dend", "soma", .5, []P{{0, 5, 0, 2}, {0, 15, 0, 2}}},
			{"axon", "soma", .5, []P{{0, 0, 0, 1}, {0, -5, 0, 1}}},
		}, 1},
		{"multi-point soma", `
# Multi-point soma
1  1 0 0 0 10 -1
2  1 2 0 0 10  1
3  1 4 0 0 10  2
4  3 2 10 0   1  2
5  3 2 18 0  1  4
`, []section{
			{"soma", "", 1, []P{{0, 0, 0, 20}, {2, 0, 0, 20}, {4, 0, 0, 20}}},
			{"dend", "soma", .5, []P{{2, 10, 0, 2}, {2, 18, 0, 2}}},
		}, 0},
		{"dendrites at ends of a soma of several sections", `
1 1 0 0 0 5 -1
2 1 10 0 0 3 1
3 1 -8 -6 0 3 1
4 1 -8 6 0 3 1
5 3 20 0 0 1 2
6 3 -16 -12 0 1 3
7 3 -16 12 0 1 4
`, []section{
			{"soma[0]", "", 1, []P{{0, 0, 0, 10}, {10, 0, 0, 6}}},
			{"dend[0]", "soma[0]", 1, []P{{10, 0, 0, 2}, {20, 0, 0, 2}}},
			{"soma[1]", "soma[0]", 0, []P{{0, 0, 0, 10}, {-8, -6, 0, 6}}},
			{"dend[1]", "soma[1]", 1, []P{{-8, -6, 0, 2}, {-16, -12, 0, 2}}},
			{"soma[2]", "soma[0]", 0, []P{{0, 0, 0, 10}, {-8, 6, 0, 6}}},
			{"dend[2]", "soma[2]", 1, []P{{-8, 6, 0, 2}, {-16, 12, 0, 2}}},
		}, 0},
		{"branching dendrite", `
1 1 0 0 0 5 -1
2 1 0 10 0 5 1
3 3 0 20 0 2 2
4 3 0 30 0 2 3
5 3 5 35 0 1 4
6 3 -5 35 0 1.5 4
7 3 -5 45 0 1.5 6
`, []section{
			{"soma", "", 1, []P{{0, 0, 0, 10}, {0, 10, 0, 10}}},
			{"dend[0]", "soma", 1, []P{{0, 10, 0, 4}, {0, 20, 0, 4}, {0, 30, 0, 4}}},
			{"dend[1]", "dend[0]", 1, []P{{0, 30, 0, 4}, {5, 35, 0, 2}}},
			{"dend[2]", "dend[0]", 1, []P{{0, 30, 0, 4}, {-5, 35, 0, 3}, {-5, 45, 0, 3}}},
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := readSWC(t, tc.src, nil)
			checkSections(t, m, tc.want)
			if len(m.Notes) != tc.notes {
				t.Errorf("notes %q, want %d", m.Notes, tc.notes)
			}
		})
	}
}

// Ids may come in any order: the same tree written backwards, with other
// ids, gives the same sections.
func TestReadSWCUnorderedIDs(t *testing.T) {
	ordered := readSWC(t, `
1 1 0 0 0 5 -1
2 1 0 10 0 5 1
3 3 0 20 0 2 2
4 3 0 30 0 2 3
5 3 5 35 0 1 4
6 3 -5 35 0 1.5 4
7 3 -5 45 0 1.5 6
`, nil)
	shuffled := readSWC(t, `
70 3 -5 45 0 1.5 60
50 3 5 35 0 1 40
60 3 -5 35 0 1.5 40
40 3 0 30 0 2 30
30 3 0 20 0 2 20
20 1 0 10 0 5 10
10 1 0 0 0 5 -1
`, nil)
	if len(ordered.Sections) != len(shuffled.Sections) {
		t.Fatalf("%d and %d sections", len(ordered.Sections), len(shuffled.Sections))
	}
	for i := range ordered.Sections {
		a, b := ordered.Sections[i], shuffled.Sections[i]
		if a.Name != b.Name || a.Parent != b.Parent || a.ParentX != b.ParentX || len(a.Points) != len(b.Points) {
			t.Fatalf("section %d: %+v and %+v", i, a, b)
		}
		for k := range a.Points {
			if a.Points[k] != b.Points[k] {
				t.Errorf("section %d point %d: %v and %v", i, k, a.Points[k], b.Points[k])
			}
		}
	}
	if !strings.Contains(shuffled.Sections[2].Source, "test.swc line 3") || !strings.Contains(shuffled.Sections[1].Source, "test.swc lines 5-6") {
		t.Errorf("sources %q, %q", shuffled.Sections[1].Source, shuffled.Sections[2].Source)
	}
}

// Every malformed file is rejected with an error naming the file and line.
func TestReadSWCErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"short line", "1 1 0 0 0 5 -1\n2 3 0 10 0 1\n", 2, "6 fields"},
		{"not a number", "1 1 0 0 0 5 -1\n2 3 0 x 0 1 1\n", 2, "not a finite number"},
		{"fractional id", "1 1 0 0 0 5 -1\n2.5 3 0 1 0 1 1\n", 2, "want an integer"},
		{"zero radius", "1 1 0 0 0 5 -1\n2 3 0 10 0 0 1\n", 2, "zero or negative diameter"},
		{"negative radius", "1 1 0 0 0 5 -1\n\n2 3 0 10 0 -1 1\n", 3, "zero or negative diameter"},
		{"unknown type", "1 1 0 0 0 5 -1\n2 7 0 10 0 1 1\n", 2, "unknown type code 7"},
		{"undefined type", "1 0 0 0 0 5 -1\n", 1, "unknown type code 0"},
		{"duplicate id", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n2 3 0 20 0 1 1\n", 3, "id 2 already used on line 2"},
		{"missing parent", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n3 3 0 20 0 1 9\n", 3, "parent 9 of point 3 is missing"},
		{"self parent", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 2\n", 2, "its own parent"},
		{"cycle", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 4\n3 3 0 20 0 1 2\n4 3 0 30 0 1 3\n", 2, "cycle through points"},
		{"two roots", "1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n3 3 0 20 0 1 -1\n", 3, "a second root"},
		{"no root", "1 3 0 0 0 5 2\n2 3 0 10 0 1 1\n", 1, "cycle"},
		{"empty", "# nothing\n\n", 0, "no points"},
		{"zero-length section", "1 1 0 0 0 5 -1\n2 1 0 10 0 5 1\n3 3 0 20 0 1 2\n4 3 0 30 0 1 3\n5 3 0 30 0 1 4\n6 3 0 30 0 1 4\n7 3 0 40 0 1 6\n", 5, "the section of line 5 has zero length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := morph.ReadSWC(strings.NewReader(tc.src), "bad.swc", nil)
			if err == nil {
				t.Fatal("no error")
			}
			var se *morph.SWCError
			if !errors.As(err, &se) {
				t.Fatalf("%v is not an *SWCError", err)
			}
			if se.File != "bad.swc" || se.Line != tc.line || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("error %q (line %d), want line %d and %q", err, se.Line, tc.line, tc.msg)
			}
			t.Log(err)
		})
	}
}

// Custom type codes are accepted when mapped; zero-length sections are
// removed, with a note, when asked.
func TestReadSWCOptions(t *testing.T) {
	src := "1 1 0 0 0 5 -1\n2 1 0 10 0 5 1\n3 3 0 20 0 1 2\n4 7 0 30 0 1 3\n"
	m := readSWC(t, src, &morph.SWCOptions{Types: map[int]morph.Type{7: morph.Basal}})
	if s := m.Sections[len(m.Sections)-1]; s.Name != "dend_7" || s.Type != morph.Basal {
		t.Errorf("custom section %s of type %v", s.Name, s.Type)
	}
	zero := "1 1 0 0 0 5 -1\n2 1 0 10 0 5 1\n3 3 0 20 0 1 2\n4 3 0 30 0 1 3\n5 3 0 30 0 1 4\n6 3 0 30 0 1 4\n7 3 0 40 0 1 6\n"
	m = readSWC(t, zero, &morph.SWCOptions{DropZeroLength: true})
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "removed the section of line 5") {
		t.Errorf("notes %q", m.Notes)
	}
	for i, s := range m.Sections {
		if m.Length(i) == 0 {
			t.Errorf("section %s of zero length kept", s.Name)
		}
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
}

// A soma outline (a closed contour of soma points) becomes NEURON's
// centroid stack: a circle of radius 10 um gives a sphere-like soma whose
// area is close to 4 pi r^2 and whose length is close to the diameter.
func TestReadSWCContour(t *testing.T) {
	var b strings.Builder
	const n, r = 24, 10.
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * float64(k) / n
		parent := k
		if k == 0 {
			parent = -1
		}
		b.WriteString(strings.Join([]string{itoa(k + 1), "1", ftoa(r * math.Cos(a)), ftoa(r * math.Sin(a)), "0", "0.1", itoa(parent)}, " ") + "\n")
	}
	b.WriteString("25 3 10 0 0 1 1\n26 3 30 0 0 1 25\n")
	for _, mode := range []morph.SomaMode{morph.SomaAuto, morph.SomaContour} {
		m := readSWC(t, b.String(), &morph.SWCOptions{Soma: mode})
		soma := m.Sections[0]
		if len(soma.Points) != 21 {
			t.Fatalf("soma of %d points, want 21", len(soma.Points))
		}
		c := &morph.Cell{Morphology: m, Discretization: morph.Discretization{Nseg: 1}}
		cp, err := c.Compartments()
		if err != nil {
			t.Fatal(err)
		}
		area := cp.Nodes[cp.Section(0)[0]].AreaUm2
		l := m.Length(0)
		t.Logf("%v: soma L %.3f um, area %.1f um2 (sphere %.1f); %q", mode, l, area, 4*math.Pi*r*r, m.Notes)
		if math.Abs(area/(4*math.Pi*r*r)-1) > 0.05 || math.Abs(l/(2*r)-1) > 0.1 {
			t.Errorf("contour soma: L %g um, area %g um2, want about %g and %g", l, area, 2*r, 4*math.Pi*r*r)
		}
		if d := m.Sections[1]; d.ParentX != 0.5 || d.Points[0] != (morph.Point{X: 10, D: 2}) {
			t.Errorf("dendrite %+v, want attached at soma(0.5) by a wire from (10, 0, 0)", d)
		}
	}
	// As cylinders the outline is a long thin tube.
	m := readSWC(t, b.String(), &morph.SWCOptions{Soma: morph.SomaCylinders})
	if len(m.Sections[0].Points) != n {
		t.Errorf("SomaCylinders: %d soma points, want %d", len(m.Sections[0].Points), n)
	}
}

func itoa(i int) string     { return strconvItoa(i) }
func ftoa(x float64) string { return strconvFtoa(x) }

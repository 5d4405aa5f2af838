package morph_test

import (
	"bufio"
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/morph"
)

// import3dSection is a section as NEURON 8.2.2's Import3d made it
// (scripts/morph-ref/morph_ref.py).
type import3dSection struct {
	name        string
	parent      int
	parentX     float64
	n3d, nseg   int
	l, area     float64
	first, last morph.Point
}

type import3dRef struct {
	file     string // relative to shared/ref, or to the repository for testdata
	sections []import3dSection
	soma     []morph.Point
}

func readImport3dRef(t *testing.T, path string) import3dRef {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var ref import3dRef
	sc := bufio.NewScanner(z)
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return x
	}
	pt := func(f []string) morph.Point {
		return morph.Point{X: num(f[0]), Y: num(f[1]), Z: num(f[2]), D: num(f[3])}
	}
	for sc.Scan() {
		line := sc.Text()
		if s, ok := strings.CutPrefix(line, "# file "); ok {
			ref.file = s
			continue
		}
		f := strings.Split(line, ",")
		switch {
		case f[0] == "sec" && f[1] != "i":
			ref.sections = append(ref.sections, import3dSection{name: f[2], parent: int(num(f[3])), parentX: num(f[4]),
				n3d: int(num(f[5])), l: num(f[6]), nseg: int(num(f[7])), area: num(f[8]), first: pt(f[9:13]), last: pt(f[13:17])})
		case f[0] == "pt":
			ref.soma = append(ref.soma, pt(f[2:6]))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ref
}

// neuronName is the name NEURON gives section name of a type with count
// sections: an array element always.
func neuronName(name string) string {
	if strings.HasSuffix(name, "]") {
		return name
	}
	return name + "[0]"
}

// compareImport3d checks m against NEURON's sections: count, names and
// order, parents, n3d, L within 1e-4 um, areas within 1e-6 relative,
// first and last 3-D points within single precision, and the soma's
// 3-D points.
func compareImport3d(t *testing.T, m *morph.Morphology, ref import3dRef) {
	t.Helper()
	if len(m.Sections) != len(ref.sections) {
		t.Fatalf("%s: %d sections, NEURON %d", ref.file, len(m.Sections), len(ref.sections))
	}
	f32 := func(a, b morph.Point) bool {
		for _, d := range [][2]float64{{a.X, b.X}, {a.Y, b.Y}, {a.Z, b.Z}, {a.D, b.D}} {
			if float32(d[0]) != float32(d[1]) {
				return false
			}
		}
		return true
	}
	bad := 0
	for i, w := range ref.sections {
		s := m.Sections[i]
		l := m.Length(i)
		a := morph.SectionAreaUm2(m, i, w.nseg)
		var errs []string
		if neuronName(s.Name) != w.name {
			errs = append(errs, "name "+s.Name)
		}
		if s.Parent != w.parent || (s.Parent >= 0 && s.ParentX != w.parentX) {
			errs = append(errs, "parent "+strconv.Itoa(s.Parent)+"("+strconv.FormatFloat(s.ParentX, 'g', -1, 64)+")")
		}
		if len(s.Points) != w.n3d {
			errs = append(errs, "n3d "+strconv.Itoa(len(s.Points)))
		}
		if math.Abs(l-w.l) > 1e-4 {
			errs = append(errs, "L "+strconv.FormatFloat(l, 'g', 17, 64))
		}
		if math.Abs(a-w.area) > 1e-6*w.area {
			errs = append(errs, "area "+strconv.FormatFloat(a, 'g', 17, 64))
		}
		if len(s.Points) > 0 && (!f32(s.Points[0], w.first) || !f32(s.Points[len(s.Points)-1], w.last)) {
			errs = append(errs, "end points "+pstr(s.Points[0])+" "+pstr(s.Points[len(s.Points)-1]))
		}
		if len(errs) > 0 {
			bad++
			if bad <= 10 {
				t.Errorf("%s: section %d %s (parent %d(%g), n3d %d, L %.9g, area %.9g, points %s %s): %s",
					ref.file, i, w.name, w.parent, w.parentX, w.n3d, w.l, w.area, pstr(w.first), pstr(w.last), strings.Join(errs, ", "))
			}
		}
	}
	if bad > 10 {
		t.Errorf("%s: %d sections differ", ref.file, bad)
	}
	soma := m.Sections[0].Points
	if len(soma) != len(ref.soma) {
		t.Fatalf("%s: soma of %d points, NEURON %d", ref.file, len(soma), len(ref.soma))
	}
	for k := range soma {
		if !f32(soma[k], ref.soma[k]) {
			t.Errorf("%s: soma point %d = %s, NEURON %s", ref.file, k, pstr(soma[k]), pstr(ref.soma[k]))
		}
	}
}

func pstr(p morph.Point) string {
	return "(" + strconv.FormatFloat(float64(float32(p.X)), 'g', -1, 32) + " " + strconv.FormatFloat(float64(float32(p.Y)), 'g', -1, 32) + " " +
		strconv.FormatFloat(float64(float32(p.Z)), 'g', -1, 32) + " " + strconv.FormatFloat(float64(float32(p.D)), 'g', -1, 32) + ")"
}

// import3dRefs returns the references of scripts/morph-ref/morph_ref.py
// for morphologies of kind (".asc" or ".swc"), with the path of each
// morphology: in the reference data (refdata.Require) or in testdata.
func import3dRefs(t *testing.T, kind string) (refs []import3dRef, paths []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "import3d", "*.csv.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no references in testdata/import3d: %v", err)
	}
	for _, f := range files {
		ref := readImport3dRef(t, f)
		if filepath.Ext(ref.file) != kind {
			continue
		}
		var p string
		if rel, ok := strings.CutPrefix(ref.file, "sim/morph/"); ok {
			p = rel
		} else {
			p = refdata.Require(t, ref.file)
		}
		refs, paths = append(refs, ref), append(paths, p)
	}
	return refs, paths
}

// TestReadASCMatchesNEURON reads every Neurolucida morphology of the SONATA
// circuits of shared/ref, and the test files of testdata/asc, and compares
// them with NEURON 8.2.2's Import3d (with PR #2491's soma orientation).
func TestReadASCMatchesNEURON(t *testing.T) {
	refs, paths := import3dRefs(t, ".asc")
	total := 0
	for k, ref := range refs {
		m, err := morph.ReadASC(paths[k])
		if err != nil {
			t.Errorf("%s: %v", ref.file, err)
			continue
		}
		compareImport3d(t, m, ref)
		total += len(m.Sections)
	}
	t.Logf("%d morphologies, %d sections", len(refs), total)
}

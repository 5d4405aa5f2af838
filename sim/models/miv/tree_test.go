package miv

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/internal/refdata"
)

// TestReadSWCCases imports the three SWC files of MiV-Simulator-Cases
// and checks SPEC 2.4 and 8 check 5: section counts per type (PYR 167:
// soma 2, basal 56, apical 107, axon 1, ais 1; PVBC 5; OLM 4) and total
// lengths per type, every point's layer as the file's 8th column, every
// point in a section, and the topology.
func TestReadSWCCases(t *testing.T) {
	dir := refdata.Require(t, "miv/cases/1-construction/datasets")
	for _, tc := range []struct {
		file     string
		sections int
		count    map[int]int
		lengthUm map[int]float64
	}{
		{"PYR.swc", 167,
			map[int]int{SWCSoma: 2, SWCBasal: 56, SWCApical: 107, SWCAxon: 1, SWCAIS: 1},
			map[int]float64{SWCSoma: 18.1, SWCBasal: 3272.2, SWCApical: 6723.0, SWCAxon: 250.0, SWCAIS: 50.0}},
		{"PVBC.swc", 5,
			map[int]int{SWCSoma: 1, SWCApical: 2, SWCBasal: 2},
			map[int]float64{SWCSoma: 20, SWCApical: 1200, SWCBasal: 600}},
		{"OLM.swc", 4,
			map[int]int{SWCSoma: 1, SWCBasal: 2, SWCAxon: 1},
			map[int]float64{SWCSoma: 20, SWCBasal: 2 * 391.7, SWCAxon: 150}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			tr, err := ReadSWCFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(tr.Sections) != tc.sections {
				t.Errorf("%d sections, want %d", len(tr.Sections), tc.sections)
			}
			count, length := map[int]int{}, map[int]float64{}
			for i := range tr.Sections {
				count[tr.SectionType(i)]++
				length[tr.SectionType(i)] += tr.SectionLengthUm(i)
			}
			if !reflect.DeepEqual(count, tc.count) {
				t.Errorf("sections per type %v, want %v", count, tc.count)
			}
			for typ, want := range tc.lengthUm {
				if math.Abs(length[typ]-want) > 0.05*float64(count[typ]) { // SPEC rounds to 0.1 um
					t.Errorf("type %d: %.2f um, want %.1f", typ, length[typ], want)
				}
			}
			// every point's layer and type as in the file
			layers, types := readColumns(t, path)
			for i := range layers {
				if int(tr.Layer[i]) != layers[i] || int(tr.SWCType[i]) != types[i] {
					t.Fatalf("point %d: layer %d type %d, file %d %d", i, tr.Layer[i], tr.SWCType[i], layers[i], types[i])
				}
			}
			// every point in exactly one section, except the parent point a
			// one-point leaf section gets prepended
			seen := make([]int, len(tr.X))
			for _, s := range tr.Sections {
				for _, p := range s {
					seen[p]++
				}
			}
			for i, n := range seen {
				if n != 1 {
					t.Errorf("point %d in %d sections", i, n)
				}
			}
			// topology: every section but the root has one parent before it,
			// and its first point hangs from the parent's point Loc
			if len(tr.Src) != len(tr.Sections)-1 {
				t.Fatalf("%d edges for %d sections", len(tr.Src), len(tr.Sections))
			}
			for k := range tr.Src {
				src, dst, loc := int(tr.Src[k]), int(tr.Dst[k]), int(tr.Loc[k])
				if src >= dst {
					t.Errorf("edge %d: parent %d after child %d", k, src, dst)
				}
				first := tr.Sections[dst][0]
				if got := tr.Sections[src][loc]; int32(got) != tr.Parent[first] {
					t.Errorf("edge %d -> %d: Loc %d is point %d, the child's first point %d has parent %d", src, dst, loc, got, first, tr.Parent[first])
				}
			}
		})
	}
}

// readColumns reads the type and layer columns of an SWC file.
func readColumns(t *testing.T, path string) (layers, types []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 8 {
			continue
		}
		typ, err1 := strconv.Atoi(fs[1])
		l, err2 := strconv.Atoi(fs[7])
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %q", path, sc.Text())
		}
		types, layers = append(types, typ), append(layers, l)
	}
	return layers, types
}

// TestContraction checks NeuroH5's contraction rules on a small tree
// worked by hand: a type change starts a section (whose branch-point
// argument is then the child's own first point, NeuroH5's quirk), a
// one-point leaf gets its branch point prepended, a root section of one
// point is continued by its first child, and Loc is the index of the
// point a child hangs from.
func TestContraction(t *testing.T) {
	for _, tc := range []struct {
		name, swc string
		secs      [][]uint32
		src, dst  []uint16
		loc       []uint32
	}{
		{"type change, branch, one-point leaf", `# id type x y z r parent layer
0 1 0 0 0 1 -1 6
1 1 0 1 0 1 0 6
2 3 0 2 0 1 1 5
3 3 0 3 0 1 2 5
4 3 1 3 0 1 3 5
5 3 -1 3 0 1 3 5
6 3 -2 3 0 1 5 5
`, [][]uint32{{0, 1}, {2, 3}, {3, 4}, {5, 6}}, []uint16{0, 1, 1}, []uint16{1, 2, 3}, []uint32{1, 1, 1}},
		{"branching root of one point", `1 1 0 0 0 1 -1
2 1 0 1 0 1 1
3 1 0 2 0 1 2
4 2 0 -1 0 1 1
5 2 0 -2 0 1 4
`, [][]uint32{{0, 1, 2}, {3, 4}}, []uint16{0}, []uint16{1}, []uint32{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ReadSWC(strings.NewReader(tc.swc))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tr.Sections, tc.secs) {
				t.Errorf("sections %v, want %v", tr.Sections, tc.secs)
			}
			if !reflect.DeepEqual(tr.Src, tc.src) || !reflect.DeepEqual(tr.Dst, tc.dst) || !reflect.DeepEqual(tr.Loc, tc.loc) {
				t.Errorf("topology src %v dst %v loc %v, want %v %v %v", tr.Src, tr.Dst, tr.Loc, tc.src, tc.dst, tc.loc)
			}
		})
	}
}

func TestReadSWCBadInput(t *testing.T) {
	for _, tc := range []struct{ name, swc, want string }{
		{"empty", "# nothing\n", "no points"},
		{"short line", "0 1 0 0 0 1\n", "line 1: 6 fields"},
		{"gap in ids", "0 1 0 0 0 1 -1\n2 1 0 1 0 1 0\n", "line 2: id 2, want 1"},
		{"bad type", "0 9 0 0 0 1 -1\n", "line 1: type \"9\""},
		{"bad number", "0 1 0 x 0 1 -1\n", "line 1: field 4 \"x\""},
		{"zero radius", "0 1 0 0 0 0 -1\n", "line 1: radius 0"},
		{"missing parent", "0 1 0 0 0 1 -1\n1 1 0 1 0 1 7\n", "parent 7: no such point"},
		{"two roots", "0 1 0 0 0 1 -1\n1 1 0 1 0 1 -1\n", "2 roots"},
		{"cycle", "0 1 0 0 0 1 -1\n1 1 0 1 0 1 2\n2 1 0 2 0 1 1\n", "not connected to the root"},
		{"bad layer", "0 1 0 0 0 1 -1 x\n", "line 1: layer \"x\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSWC(strings.NewReader(tc.swc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestFill checks neurotrees_copy --fill (SPEC 8 check 5): one identical,
// independent tree per gid.
func TestFill(t *testing.T) {
	tr, err := ReadSWC(strings.NewReader("0 1 0 0 0 1 -1 6\n1 1 0 1 0 1 0 6\n2 4 0 2 0 1 1 9\n3 4 0 3 0 1 2 9\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := tr.Fill(3)
	if len(f) != 3 {
		t.Fatalf("%d trees, want 3", len(f))
	}
	for k, c := range f {
		if !reflect.DeepEqual(c, tr) {
			t.Errorf("tree %d differs from the imported one", k)
		}
	}
	f[0].X[0], f[0].Sections[0][0] = 5, 7
	if f[1].X[0] != 0 || f[1].Sections[0][0] != 0 || tr.X[0] != 0 {
		t.Errorf("the copies share storage")
	}
}

// TestCheckTreeLayers checks that a point's layer id must be one of
// Definitions.Layers: the case's trees pass; a point in layer 12 of the
// 1-construction configuration (layers 0-9) is an error naming the
// file, the point and the layers.
func TestCheckTreeLayers(t *testing.T) {
	dir := refdata.Require(t, "miv/cases/1-construction")
	cfg, err := Load(filepath.Join(dir, "config", "Microcircuit_Small.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	swc := filepath.Join(dir, "datasets", "OLM.swc")
	tr, err := ReadSWCFile(swc)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.CheckTreeLayers(swc, tr); err != nil {
		t.Fatalf("the case's OLM tree: %v", err)
	}
	tr.Layer[3] = 12
	err = cfg.CheckTreeLayers(swc, tr)
	if err == nil || !strings.Contains(err.Error(), "OLM.swc: point 3") || !strings.Contains(err.Error(), "layer id 12") || !strings.Contains(err.Error(), "SLM 9") {
		t.Errorf("a point in layer 12: %v, want an error naming the file, point 3, layer id 12 and the layers", err)
	}
}

package random123

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// neuronCase is one stream and distribution of testdata/neuron_random123.txt.
type neuronCase struct {
	dist          string
	id1, id2, id3 uint32
	gix           uint32
	a, b          float64
	values        []float64
	seq           float64
}

func readNEURON(t *testing.T) []*neuronCase {
	t.Helper()
	f, err := os.Open("testdata/neuron_random123.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []*neuronCase
	byKey := map[string]*neuronCase{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fs := strings.Fields(sc.Text())
		if len(fs) != 9 {
			t.Fatalf("line %d: %d fields, want 9", line, len(fs))
		}
		key := strings.Join(fs[:7], " ")
		c := byKey[key]
		if c == nil {
			c = &neuronCase{dist: fs[0]}
			var u [4]uint64
			for i := range u {
				if u[i], err = strconv.ParseUint(fs[1+i], 10, 32); err != nil {
					t.Fatalf("line %d: %v", line, err)
				}
			}
			c.id1, c.id2, c.id3, c.gix = uint32(u[0]), uint32(u[1]), uint32(u[2]), uint32(u[3])
			if c.a, err = strconv.ParseFloat(fs[5], 64); err != nil {
				t.Fatalf("line %d: %v", line, err)
			}
			if c.b, err = strconv.ParseFloat(fs[6], 64); err != nil {
				t.Fatalf("line %d: %v", line, err)
			}
			byKey[key] = c
			cases = append(cases, c)
		}
		x, err := strconv.ParseFloat(fs[8], 64)
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if fs[7] == "seq" {
			c.seq = x
			continue
		}
		if i, err := strconv.Atoi(fs[7]); err != nil || i != len(c.values) {
			t.Fatalf("line %d: draw %q out of order", line, fs[7])
		}
		c.values = append(c.values, x)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/neuron_random123.txt")
	}
	return cases
}

// TestAgainstNEURON compares every draw of NEURON 8.2.2's Random on a
// Random123 stream (scripts/nmodl-ref/random123_ref.py) with Random's,
// bit for bit: the default distribution, uniform, negexp and normal
// (the setting call's pick, then repicks), and the stream's position.
func TestAgainstNEURON(t *testing.T) {
	for _, c := range readNEURON(t) {
		name := fmt.Sprintf("%s(%g,%g)/ids=%d,%d,%d/gix=%d", c.dist, c.a, c.b, c.id1, c.id2, c.id3, c.gix)
		t.Run(name, func(t *testing.T) {
			s := NewStream(c.id1, c.id2, c.id3, c.gix)
			r := NewRandom(s)
			for i, want := range c.values {
				var got float64
				switch {
				case i > 0 || c.dist == "repick":
					got = r.Repick()
				case c.dist == "uniform":
					got = r.Uniform(c.a, c.b)
				case c.dist == "negexp":
					got = r.NegExp(c.a)
				case c.dist == "normal":
					got = r.Normal(c.a, c.b)
				default:
					t.Fatalf("unknown distribution %q", c.dist)
				}
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("draw %d = %.17g, NEURON %.17g", i, got, want)
				}
			}
			if got := s.Position(); got != c.seq {
				t.Errorf("position after %d draws %g, NEURON %g", len(c.values), got, c.seq)
			}
		})
	}
}

// TestDblpickIsUniform checks that Stream.Float64 (nrnran123_dblpick,
// what the synapses draw) gives NEURON's uniform(0, 1) draws.
func TestDblpickIsUniform(t *testing.T) {
	n := 0
	for _, c := range readNEURON(t) {
		if c.dist != "uniform" {
			continue
		}
		s := NewStream(c.id1, c.id2, c.id3, c.gix)
		for i, want := range c.values {
			u := s.Float64()
			if got := c.a + (c.b-c.a)*u; math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%d,%d,%d gix %d: draw %d = %.17g, NEURON %.17g", c.id1, c.id2, c.id3, c.gix, i, got, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no uniform draws in the testdata")
	}
}

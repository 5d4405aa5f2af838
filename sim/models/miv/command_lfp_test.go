package miv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/models"
)

// runCommand runs golgi miv NAME through the family's registration.
func runCommand(t *testing.T, name string, args ...string) (string, string, error) {
	t.Helper()
	f := models.Lookup("miv")
	if f == nil {
		t.Fatal("family miv is not registered")
	}
	for _, c := range f.Commands {
		if c.Name == name {
			var out, errb bytes.Buffer
			err := c.Run(args, &out, &errb)
			return out.String(), errb.String(), err
		}
	}
	t.Fatalf("golgi miv %s is not registered", name)
	return "", "", nil
}

// lineSourceMV is the potential (mV) of current iNA along a-b at e in
// rho, written here from Holt and Koch's integral as the difference of
// inverse hyperbolic sines of the axial distances over the radial one:
// independent of package lfp's stable form.
func lineSourceMV(a, b, e [3]float64, rho, iNA float64) float64 {
	var ab, ae [3]float64
	var l2, h float64
	for i := range 3 {
		ab[i], ae[i] = b[i]-a[i], e[i]-a[i]
		l2 += ab[i] * ab[i]
	}
	l := math.Sqrt(l2)
	for i := range 3 {
		h += ae[i] * ab[i] / l
	}
	var d2 float64
	for i := range 3 {
		p := ae[i] - h*ab[i]/l
		d2 += p * p
	}
	d := math.Sqrt(d2)
	return rho * iNA / (4 * math.Pi * l) * 0.01 * (math.Asinh((l-h)/d) - math.Asinh(-h/d))
}

// TestCommandLFP runs golgi miv lfp end to end on a small file: a bent
// cable of four segments with currents at three times (a sink moving
// along it, balanced by a source), against line-source terms computed
// here; the output is written atomically and is a t_ms,v_mV table.
func TestCommandLFP(t *testing.T) {
	dir := t.TempDir()
	segs := [][7]float64{
		{0, 0, 0, 10, 0, 0, 1},
		{10, 0, 0, 20, 5, 0, 1},
		{20, 5, 0, 30, 5, 5, 0.8},
		{30, 5, 5, 40, 5, 10, 0.6},
	}
	times := []float64{0, 0.025, 0.05}
	cur := [][]float64{{-1, 0.5, 0.25}, {0.5, -1, 0.25}, {0.25, 0.25, -1}, {0.25, 0.25, 0.5}}
	var b strings.Builder
	b.WriteString("# a bent cable\nx0,y0,z0,x1,y1,z1,diam_um,0,0.025,0.05\n")
	for k, s := range segs {
		for _, v := range s {
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + ",")
		}
		b.WriteString(strings.Join([]string{strconv.FormatFloat(cur[k][0], 'g', -1, 64), strconv.FormatFloat(cur[k][1], 'g', -1, 64), strconv.FormatFloat(cur[k][2], 'g', -1, 64)}, ",") + "\n")
	}
	in := filepath.Join(dir, "segments.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "lfp.csv")
	e := [3]float64{15, 20, -5}
	if _, serr, err := runCommand(t, "lfp", "--segments", in, "--electrode", "15,20,-5", "--rho", "250", "-o", out); err != nil {
		t.Fatalf("%v (%s)", err, serr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[0][0] != "t_ms" || recs[0][1] != "v_mV" {
		t.Fatalf("output:\n%s", data)
	}
	for i, tm := range times {
		var want, scale float64
		for k, s := range segs {
			v := lineSourceMV([3]float64{s[0], s[1], s[2]}, [3]float64{s[3], s[4], s[5]}, e, 250, cur[k][i])
			want += v
			scale += math.Abs(v)
		}
		gt, _ := strconv.ParseFloat(recs[i+1][0], 64)
		gv, _ := strconv.ParseFloat(recs[i+1][1], 64)
		if gt != tm || math.Abs(gv-want) > 1e-12*scale {
			t.Errorf("row %d: t %g, v %.15g mV; want t %g, v %.15g", i, gt, gv, tm, want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("directory holds %d files, want the input and the output", len(ents))
	}
	// Standard output, and the default resistivity (333).
	stdout, _, err := runCommand(t, "lfp", "--segments", in, "--electrode", "15,20,-5", "-o", "-")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(stdout), "\n")
	v0, _ := strconv.ParseFloat(strings.Split(rows[1], ",")[1], 64)
	g0, _ := strconv.ParseFloat(recs[1][1], 64)
	if math.Abs(v0-g0*333/250) > 1e-14*math.Abs(v0) {
		t.Errorf("rho 333: %g mV, want 333/250 x %g", v0, g0)
	}
}

// TestCommandLFPBadInput: every malformed input is an error naming the
// file, line and column, and leaves no output behind.
func TestCommandLFPBadInput(t *testing.T) {
	dir := t.TempDir()
	const head = "x0,y0,z0,x1,y1,z1,diam_um,0,0.1\n"
	for _, tc := range []struct {
		name, csv, electrode string
		want                 []string
	}{
		{"empty", "", "0,0,50", []string{"empty"}},
		{"no times", "x0,y0,z0,x1,y1,z1,diam_um\n", "0,0,50", []string{"line 1", "at least one time"}},
		{"header name", "x0,y0,z0,x1,y1,z1,diam,0\n", "0,0,50", []string{"line 1, column 7", "diam_um"}},
		{"time not a number", "x0,y0,z0,x1,y1,z1,diam_um,0,t1\n", "0,0,50", []string{"line 1, column 9", "time"}},
		{"times decrease", "x0,y0,z0,x1,y1,z1,diam_um,0.2,0.1\n", "0,0,50", []string{"line 1, column 9", "increasing"}},
		{"NaN time", "x0,y0,z0,x1,y1,z1,diam_um,NaN\n", "0,0,50", []string{"line 1, column 8"}},
		{"short row", head + "0,0,0,10,0,0,1,5\n", "0,0,50", []string{"line 2", "8 columns", "9"}},
		{"long row", head + "0,0,0,10,0,0,1,5,6,7\n", "0,0,50", []string{"line 2", "10 columns"}},
		{"not a number", head + "# c\n0,0,0,10,0,x,1,5,6\n", "0,0,50", []string{"line 3, column 6 (z1)"}},
		{"NaN current", head + "0,0,0,10,0,0,1,5,NaN\n", "0,0,50", []string{"line 2, column 9 (current at 0.1 ms)"}},
		{"Inf coordinate", head + "0,0,0,Inf,0,0,1,5,6\n", "0,0,50", []string{"line 2, column 4 (x1)"}},
		{"negative diameter", head + "0,0,0,10,0,0,-1,5,6\n", "0,0,50", []string{"line 2, column 7", "diameter"}},
		{"bad quote", head + "0,0,0,10,0,\"0,1,5,6\n", "0,0,50", []string{"line 2"}},
		{"on a zero-diameter segment", head + "0,0,0,10,0,0,1,5,6\n0,0,10,0,0,20,0,1,1\n", "0,0,15", []string{"line 3", "zero diameter"}},
		{"electrode", head + "0,0,0,10,0,0,1,5,6\n", "0,0", []string{"--electrode", "X,Y,Z"}},
		{"electrode NaN", head + "0,0,0,10,0,0,1,5,6\n", "0,NaN,1", []string{"--electrode", "coordinate 2"}},
	} {
		in := filepath.Join(dir, "seg.csv")
		if err := os.WriteFile(in, []byte(tc.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out.csv")
		_, _, err := runCommand(t, "lfp", "--segments", in, "--electrode", tc.electrode, "-o", out)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(tc.name, "electrode") && !strings.Contains(msg, in) {
			t.Errorf("%s: %q does not name the file", tc.name, msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not say %q", tc.name, msg, w)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: an output was written", tc.name)
		}
	}
	// The electrode inside a segment of non-zero diameter is not an
	// error (the distance is floored at the radius).
	in := filepath.Join(dir, "seg.csv")
	os.WriteFile(in, []byte(head+"0,0,0,10,0,0,1,5,6\n"), 0o644)
	if _, _, err := runCommand(t, "lfp", "--segments", in, "--electrode", "5,0,0", "-o", "-"); err != nil {
		t.Errorf("electrode inside a segment: %v", err)
	}
	for _, args := range [][]string{{}, {"--segments", in}, {"--segments", in, "--electrode", "1,2,3"}, {"--segments", in, "--electrode", "1,2,3", "-o", "-", "extra"}} {
		if _, _, err := runCommand(t, "lfp", args...); !errors.Is(err, models.ErrUsage) {
			t.Errorf("args %q: %v, want ErrUsage", args, err)
		}
	}
	if _, _, err := runCommand(t, "lfp", "--segments", in, "--electrode", "1,2,3", "--rho", "-3", "-o", "-"); err == nil || !strings.Contains(err.Error(), "--rho") {
		t.Errorf("negative rho: %v", err)
	}
	if _, _, err := runCommand(t, "lfp", "--segments", filepath.Join(dir, "missing.csv"), "--electrode", "1,2,3", "-o", "-"); err == nil {
		t.Error("missing file: no error")
	}
}

// FuzzReadSegmentsCSV: the reader never panics; what it accepts is
// consistent (finite values, diameters >= 0, increasing times, one
// current per segment and time) and reads back the same when written
// out again.
func FuzzReadSegmentsCSV(f *testing.F) {
	f.Add("x0,y0,z0,x1,y1,z1,diam_um,0,0.1\n0,0,0,10,0,0,1,5,6\n")
	f.Add("# c\nX0, y0,z0,x1,y1,z1,DIAM_UM,0\n1,2,3,4,5,6,0,-1e-3\n\n")
	f.Add("x0,y0,z0,x1,y1,z1,diam_um,0\n\"1\",2,3,4,5,6,7,8\n")
	f.Add("x0,y0,z0,x1,y1,z1,diam_um,1e308,1e309\n")
	f.Add("x0,y0,z0,x1,y1,z1,diam_um,0,1\n1,2,3\n")
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ReadSegmentsCSV("f.csv", strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		n, nt := sc.Segs.Len(), len(sc.TMs)
		if nt == 0 || len(sc.CurrentsNA) != n*nt || len(sc.Lines) != n || len(sc.Segs.DiamUm) != n {
			t.Fatalf("%d segments, %d times, %d currents, %d lines", n, nt, len(sc.CurrentsNA), len(sc.Lines))
		}
		for i := 1; i < nt; i++ {
			if !(sc.TMs[i] > sc.TMs[i-1]) {
				t.Fatalf("times %v", sc.TMs)
			}
		}
		var b strings.Builder
		b.WriteString("x0,y0,z0,x1,y1,z1,diam_um")
		for _, tm := range sc.TMs {
			b.WriteString("," + strconv.FormatFloat(tm, 'g', -1, 64))
		}
		b.WriteByte('\n')
		for k := range n {
			if !(sc.Segs.DiamUm[k] >= 0) {
				t.Fatalf("segment %d: diameter %g", k, sc.Segs.DiamUm[k])
			}
			for _, v := range []float64{sc.Segs.X0Um[k], sc.Segs.Y0Um[k], sc.Segs.Z0Um[k], sc.Segs.X1Um[k], sc.Segs.Y1Um[k], sc.Segs.Z1Um[k], sc.Segs.DiamUm[k]} {
				b.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + ",")
			}
			for i := range nt {
				x := sc.At(i)[k]
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("segment %d, time %d: current %g", k, i, x)
				}
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			}
			b.WriteByte('\n')
		}
		again, err := ReadSegmentsCSV("again.csv", strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("written back: %v\n%s", err, b.String())
		}
		if again.Segs.Len() != n || len(again.TMs) != nt {
			t.Fatalf("written back: %d segments, %d times; want %d, %d", again.Segs.Len(), len(again.TMs), n, nt)
		}
		for i := range sc.CurrentsNA {
			if again.CurrentsNA[i] != sc.CurrentsNA[i] {
				t.Fatalf("written back: current %d %g, want %g", i, again.CurrentsNA[i], sc.CurrentsNA[i])
			}
		}
	})
}

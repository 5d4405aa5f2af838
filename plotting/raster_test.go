package plotting

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func testSpikes(n int) []Spikes {
	r := rand.New(rand.NewPCG(1, 1))
	var e, i Spikes
	e.Name, i.Name, i.Offset = "E", "I", 80
	for k := 0; k < n; k++ {
		t := float64(k) / float64(n)
		if k%5 == 0 {
			i.Index = append(i.Index, int32(r.IntN(20)))
			i.Times = append(i.Times, t)
		} else {
			e.Index = append(e.Index, int32(r.IntN(80)))
			e.Times = append(e.Times, t)
		}
	}
	return []Spikes{e, i}
}

// pixelVariance returns the variance of the grey level of a PNG, to tell a
// drawn figure from a blank one.
func pixelVariance(t *testing.T, b []byte) (w, h int, v float64) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	var s, s2, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			g := float64(cr+cg+cb) / 3 / 65535
			s += g
			s2 += g * g
			n++
		}
	}
	m := s / n
	return r.Dx(), r.Dy(), s2/n - m*m
}

func TestRasterRenders(t *testing.T) {
	p, err := Raster(testSpikes(5000), &RasterOptions{Title: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "test" || p.X.Label.Text != "time (ms)" {
		t.Errorf("title %q, x label %q", p.Title.Text, p.X.Label.Text)
	}
	b, err := PNG(p, 0, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	w, h, v := pixelVariance(t, b)
	if w != 800 || h != 450 {
		t.Errorf("PNG %dx%d, want 800x450", w, h)
	}
	if v < 1e-3 {
		t.Errorf("PNG looks blank: pixel variance %g", v)
	}
	dir := t.TempDir()
	for _, name := range []string{"r.png", "r.svg"} {
		if err := Save(p, filepath.Join(dir, name), 0, 0); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v, size %v", name, err, st)
		}
	}
	if err := Save(p, filepath.Join(dir, "r.jpg"), 0, 0); err == nil {
		t.Error("Save to .jpg: no error")
	}
}

func TestRasterDownsamples(t *testing.T) {
	p, err := Raster(testSpikes(1000), &RasterOptions{MaxSpikes: 100})
	if err != nil {
		t.Fatal(err)
	}
	if want := "(every 10-th of 1000 spikes shown)"; !bytes.Contains([]byte(p.Title.Text), []byte(want)) {
		t.Errorf("title %q does not say %q", p.Title.Text, want)
	}
	if _, err := Raster([]Spikes{{Index: []int32{1}}}, nil); err == nil {
		t.Error("mismatched lengths: no error")
	}
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 300, []string{"0", "50", "100", "150", "200", "250", "300"}},
		{0, 4240, []string{"0", "1000", "2000", "3000", "4000"}},
		{-1, 1, []string{"-1", "-0.5", "0", "0.5", "1"}},
	}
	for _, c := range cases {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("Ticks(%g, %g) labels %v, want %v", c.lo, c.hi, got, c.want)
			continue
		}
		for k := range got {
			if got[k] != c.want[k] {
				t.Errorf("Ticks(%g, %g) labels %v, want %v", c.lo, c.hi, got, c.want)
				break
			}
		}
	}
}

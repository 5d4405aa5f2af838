package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Default figure size.
const (
	DefaultWidth  = 8 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
)

// Save writes p to path as PNG (at 150 dpi) or SVG, chosen by the file's
// extension. A zero width or height means the default size. The file is
// written under a temporary name and renamed when complete.
func Save(p *plot.Plot, path string, w, h vg.Length) error {
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".png" && ext != ".svg" {
		return fmt.Errorf("plotting.Save %s: unsupported extension %q, want .png or .svg", path, ext)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("plotting.Save: %w", err)
	}
	defer os.Remove(tmp.Name())
	wt, err := p.WriterTo(w, h, ext[1:])
	if err == nil {
		_, err = wt.WriteTo(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("plotting.Save %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

// PNG renders p to PNG bytes at dpi dots per inch (0 means 150).
func PNG(p *plot.Plot, w, h vg.Length, dpi int) ([]byte, error) {
	img, err := Image(p, w, h, dpi)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Image renders p to an image at dpi dots per inch (0 means 150).
func Image(p *plot.Plot, w, h vg.Length, dpi int) (image.Image, error) {
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	if dpi == 0 {
		dpi = 150
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	return c.Image(), nil
}

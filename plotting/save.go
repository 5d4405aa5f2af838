package plotting

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default figure size.
const (
	DefaultWidth  = 8 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
)

// Figure is what Save, PNG and Image render: a *plot.Plot, or a *Stack of
// plots sharing their time axis.
type Figure interface {
	Draw(draw.Canvas)
}

// Save writes f to path as PNG (at 150 dpi) or SVG, chosen by the file's
// extension. A zero width or height means the default size. The file is
// written under a temporary name and renamed when complete.
func Save(f Figure, path string, w, h vg.Length) error {
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
	if ext == ".svg" {
		c := vgsvg.New(w, h)
		f.Draw(draw.New(c))
		_, err = c.WriteTo(tmp)
	} else {
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(150))
		f.Draw(draw.New(c))
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("plotting.Save %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("plotting.Save %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

// PNG renders f to PNG bytes at dpi dots per inch (0 means 150).
func PNG(f Figure, w, h vg.Length, dpi int) ([]byte, error) {
	img, err := Image(f, w, h, dpi)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Image renders f to an image at dpi dots per inch (0 means 150), for
// display inline in a notebook.
func Image(f Figure, w, h vg.Length, dpi int) (image.Image, error) {
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
	f.Draw(draw.New(c))
	return c.Image(), nil
}

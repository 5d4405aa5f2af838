package kernel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/golgi-sim/golgi/sim"
)

// recorder is a display that records what it is sent.
type recorder struct {
	nb             bool
	outs           []output
	stdout, stderr strings.Builder
	syncs          int
}

type output struct {
	data, meta map[string]any
	id         string
}

func (r *recorder) rich(data, meta map[string]any, id string) {
	r.outs = append(r.outs, output{data, meta, id})
	if !r.nb && id == "" {
		textDisplay{&r.stdout, &r.stderr}.rich(data, meta, id)
	}
}
func (r *recorder) text(s string)    { textDisplay{&r.stdout, &r.stderr}.text(s) }
func (r *recorder) textErr(s string) { textDisplay{&r.stdout, &r.stderr}.textErr(s) }
func (r *recorder) notebook() bool   { return r.nb }
func (r *recorder) sync()            { r.syncs++ }

// use installs r as the display for the duration of the test.
func (r *recorder) use(t *testing.T) *recorder {
	t.Helper()
	testDisplay = r
	t.Cleanup(func() { testDisplay = nil })
	return r
}

func linePlot(t *testing.T, title string) *plot.Plot {
	t.Helper()
	p := plot.New()
	p.Title.Text = title
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	return p
}

func TestShowText(t *testing.T) {
	interrupted := fmt.Errorf("sim: run stopped at 0.1 s of 1 s: %w", context.Canceled)
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, img); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name           string
		x              any
		stdout, stderr string
	}{
		{name: "nil", x: nil},
		{name: "nil error", x: error(nil)},
		{name: "markdown", x: Markdown("**bold** $x^2$"), stdout: "**bold** $x^2$\n"},
		{name: "html", x: HTML("<b>bold</b> &amp;"), stdout: "bold &amp;\n"},
		{name: "plot", x: linePlot(t, "Raster"), stdout: "[figure \"Raster\"]\n"},
		{name: "untitled plot", x: plot.New(), stdout: "[figure]\n"},
		{name: "figure", x: Figure{Drawer: linePlot(t, "A"), Width: vg.Inch}, stdout: "[figure \"A\"]\n"},
		{name: "grid", x: Grid{Plots: [][]*plot.Plot{{linePlot(t, "A"), nil}}}, stdout: "[figure]\n"},
		{name: "image", x: img, stdout: "[image 3x2]\n"},
		{name: "png", x: pngBytes.Bytes(), stdout: "[image 3x2]\n"},
		{name: "not png", x: []byte("abc"), stderr: "error: kernel.Show: []byte of 3 bytes is not a PNG\n"},
		{name: "error", x: errors.New("nets: N = -1, want > 0"), stderr: "error: nets: N = -1, want > 0\n"},
		{name: "interrupted", x: interrupted, stderr: "interrupted: sim: run stopped at 0.1 s of 1 s: context canceled\n"},
		{name: "table", x: Table{Header: []string{"g", "rate (Hz)"}, Rows: [][]string{{"3", "12.5"}, {"5", "7"}}},
			stdout: "g  rate (Hz)\n3  12.5\n5  7\n"},
		{name: "frame", x: frame{{"a", "b"}, {"1", "2"}}, stdout: "a  b\n1  2\n"},
		{name: "number", x: 3.5, stdout: "3.5\n"},
		{name: "string", x: "text", stdout: "text\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := (&recorder{}).use(t)
			Show(tc.x)
			if got := r.stdout.String(); got != tc.stdout {
				t.Errorf("stdout = %q, want %q", got, tc.stdout)
			}
			if got := r.stderr.String(); got != tc.stderr {
				t.Errorf("stderr = %q, want %q", got, tc.stderr)
			}
			if r.syncs != 1 {
				t.Errorf("%d syncs, want 1", r.syncs)
			}
		})
	}
}

// frame is a data frame as gota's: Records returns the names, then rows.
type frame [][]string

func (f frame) Records() [][]string { return f }

func TestShowNotebook(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    any
		mime string
		// w, h are the displayed size (CSS pixels), pw, ph the PNG's.
		w, h, pw, ph int
		contains     string
	}{
		{name: "plot", x: linePlot(t, "Raster"), mime: "image/png", w: 768, h: 432, pw: 1536, ph: 864},
		{name: "figure", x: Figure{Drawer: linePlot(t, "A"), Width: 4 * vg.Inch, Height: 2 * vg.Inch},
			mime: "image/png", w: 384, h: 192, pw: 768, ph: 384},
		{name: "grid", x: Grid{Plots: [][]*plot.Plot{{linePlot(t, "A"), linePlot(t, "B")}, {nil, linePlot(t, "C")}}},
			mime: "image/png", w: 960, h: 576, pw: 1920, ph: 1152},
		{name: "image", x: image.NewGray(image.Rect(0, 0, 5, 4)), mime: "image/png", pw: 5, ph: 4},
		{name: "markdown", x: Markdown("# Title"), mime: "text/markdown", contains: "# Title"},
		{name: "html", x: HTML("<b>x</b>"), mime: "text/html", contains: "<b>x</b>"},
		{name: "error", x: errors.New("bad <value>"), mime: "text/html", contains: "Error</b><pre"},
		{name: "error escaped", x: errors.New("bad <value>"), mime: "text/html", contains: "bad &lt;value&gt;"},
		{name: "interrupted", x: context.Canceled, mime: "text/html", contains: "Interrupted"},
		{name: "table", x: Table{Caption: "c", Header: []string{"a"}, Rows: [][]string{{"<1>"}}},
			mime: "text/html", contains: "<caption>c</caption>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>&lt;1&gt;</td></tr>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := (&recorder{nb: true}).use(t)
			Show(tc.x)
			if len(r.outs) != 1 {
				t.Fatalf("%d outputs, want 1", len(r.outs))
			}
			o := r.outs[0]
			if o.id != "" {
				t.Errorf("display id %q, want none", o.id)
			}
			if _, ok := o.data["text/plain"].(string); !ok {
				t.Errorf("no text/plain alternative in %v", keys(o.data))
			}
			v, ok := o.data[tc.mime]
			if !ok {
				t.Fatalf("no %s output in %v", tc.mime, keys(o.data))
			}
			if tc.mime != "image/png" {
				if s := v.(string); !strings.Contains(s, tc.contains) {
					t.Errorf("%s output %q does not contain %q", tc.mime, s, tc.contains)
				}
				return
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(v.([]byte)))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Width != tc.pw || cfg.Height != tc.ph {
				t.Errorf("PNG is %dx%d, want %dx%d", cfg.Width, cfg.Height, tc.pw, tc.ph)
			}
			if tc.w == 0 {
				if o.meta != nil {
					t.Errorf("metadata %v, want none (natural size)", o.meta)
				}
				return
			}
			size, _ := o.meta["image/png"].(map[string]any)
			if size["width"] != tc.w || size["height"] != tc.h {
				t.Errorf("display size %v, want width %d height %d", o.meta, tc.w, tc.h)
			}
		})
	}
}

func keys(m map[string]any) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}

func TestShowPlotPixels(t *testing.T) {
	// The figure is drawn on a white background, at PixelRatio.
	r := (&recorder{nb: true}).use(t)
	Show(Figure{Drawer: linePlot(t, "x"), Width: vg.Inch, Height: vg.Inch})
	img, err := png.Decode(bytes.NewReader(r.outs[0].data["image/png"].([]byte)))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Dx(); got != 192 {
		t.Errorf("1 in figure is %d pixels wide, want 192", got)
	}
	if c := color.RGBAModel.Convert(img.At(1, 1)).(color.RGBA); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("corner pixel %v, want white", c)
	}
}

func TestShowTableTruncated(t *testing.T) {
	defer func(m int) { MaxRows = m }(MaxRows)
	MaxRows = 2
	r := (&recorder{}).use(t)
	rows := [][]string{{"1"}, {"2"}, {"3"}, {"4"}}
	Show(Table{Header: []string{"n"}, Rows: rows})
	want := "n\n1\n2\n… 2 more rows (4 rows × 1 columns in all)\n"
	if got := r.stdout.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if html := r.outs[0].data["text/html"].(string); !strings.Contains(html, "<p><i>… 2 more rows") {
		t.Errorf("no truncation note in %q", html)
	}
}

func TestShowBrokenFigure(t *testing.T) {
	r := (&recorder{nb: true}).use(t)
	Show(panicky{})
	html, _ := r.outs[0].data["text/html"].(string)
	if !strings.Contains(html, "drawing the figure failed: boom") {
		t.Errorf("output %v does not report the panic", r.outs[0].data)
	}
}

type panicky struct{}

func (panicky) Draw(draw.Canvas) { panic("boom") }

func TestMust(t *testing.T) {
	defer func(f func(int)) { exit = f }(exit)
	var code = -1
	exit = func(c int) { code = c }
	r := (&recorder{}).use(t)
	if got := Must(3, nil); got != 3 || code != -1 {
		t.Errorf("Must(3, nil) = %d, exit %d; want 3 and no exit", got, code)
	}
	Must(0, errors.New("bad"))
	if code != 1 || r.stderr.String() != "error: bad\n" {
		t.Errorf("Must(err): exit %d, stderr %q; want 1, %q", code, r.stderr.String(), "error: bad\n")
	}
	code = -1
	Check(nil)
	if code != -1 {
		t.Errorf("Check(nil) exited with %d", code)
	}
	Check(errors.New("worse"))
	if code != 1 || r.stderr.String() != "error: bad\nerror: worse\n" {
		t.Errorf("Check(err): exit %d, stderr %q", code, r.stderr.String())
	}
}

func TestInterrupted(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("x"), false},
		{context.Canceled, true},
		{fmt.Errorf("sim: stopped: %w", context.DeadlineExceeded), true},
	} {
		if got := Interrupted(tc.err); got != tc.want {
			t.Errorf("Interrupted(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// fakeClock returns a clock advanced by the test.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newProgress(d display, c *fakeClock) *progress {
	return &progress{label: "COBA", d: d, start: c.t, now: c.now, id: "id1"}
}

func TestProgressNotebook(t *testing.T) {
	r := &recorder{nb: true}
	c := &fakeClock{t: time.Unix(0, 0)}
	p := newProgress(r, c)
	c.advance(time.Second) // building
	steps := int64(10000)
	for _, step := range []int64{1000, 1100, 3000, 5000} {
		c.advance(time.Second)
		p.report(sim.Progress{Step: step, Steps: steps, T: float64(step) * 1e-4, Duration: 1, Spikes: step})
	}
	c.advance(100 * time.Millisecond)
	p.report(sim.Progress{Step: 5100, Steps: steps, T: 0.51, Duration: 1}) // too soon: skipped
	c.advance(time.Second)
	p.report(sim.Progress{Step: steps, Steps: steps, T: 1, Duration: 1, Spikes: 12345, Done: true})
	if len(r.outs) != 5 {
		t.Fatalf("%d displays, want 5 (4 updates and the summary)", len(r.outs))
	}
	for _, o := range r.outs {
		if o.id != "id1" {
			t.Errorf("display id %q, want id1 (updates in place)", o.id)
		}
	}
	// 2000 steps in the 2 s after the first report.
	if got, want := r.outs[2].data["text/plain"], "COBA:  30%  t = 0.300 / 1.000 s  1k steps/s  ETA 7.00 s  3000 spikes"; got != want {
		t.Errorf("status %q, want %q", got, want)
	}
	html := r.outs[2].data["text/html"].(string)
	if !strings.Contains(html, `<progress value="300" max="1000"`) {
		t.Errorf("bar %q lacks the progress element", html)
	}
	want := "COBA: 1 s of biological time in 6.10 s (10000 steps, 2.2k steps/s, 0.164× real time), 12345 spikes"
	if got := r.outs[4].data["text/plain"]; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if r.syncs != 1 {
		t.Errorf("%d syncs, want 1 at the end", r.syncs)
	}
}

func TestProgressText(t *testing.T) {
	r := &recorder{}
	c := &fakeClock{t: time.Unix(0, 0)}
	p := newProgress(r, c)
	for i := range int64(12) {
		c.advance(time.Second)
		p.report(sim.Progress{Step: 100 * (i + 1), Steps: 2000, T: 0.01 * float64(i+1), Duration: 0.2})
	}
	c.advance(time.Second)
	p.report(sim.Progress{Step: 1500, Steps: 2000, T: 0.15, Duration: 0.2, Spikes: 7, Done: true})
	want := "COBA:  25%  t = 50.0 / 200.0 ms  100 steps/s  ETA 15 s  0 spikes\n" +
		"COBA:  50%  t = 100.0 / 200.0 ms  100 steps/s  ETA 10 s  0 spikes\n" +
		"COBA: stopped at t = 150.0 / 200.0 ms after 13 s, 7 spikes\n"
	if got := r.stderr.String(); got != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
	}
	if len(r.outs) != 0 || r.stdout.Len() != 0 {
		t.Errorf("text progress displayed %d outputs and stdout %q", len(r.outs), r.stdout.String())
	}
}

func TestProgressShortRun(t *testing.T) {
	// A run that ends before its first report shows the summary only.
	r := &recorder{nb: true}
	c := &fakeClock{t: time.Unix(0, 0)}
	p := newProgress(r, c)
	c.advance(50 * time.Millisecond)
	p.report(sim.Progress{Step: 100, Steps: 100, T: 0.01, Duration: 0.01, Done: true})
	if len(r.outs) != 1 || !strings.HasPrefix(r.outs[0].data["text/html"].(string), `<div style="font-family:monospace">✓ COBA: 0.01 s`) {
		t.Errorf("outputs %v, want one summary", r.outs)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{formatWall(1.234), "1.23 s"},
		{formatWall(65), "65 s"},
		{formatWall(125), "2 min 05 s"},
		{formatWall(7300), "2 h 01 min"},
		{formatCount(12), "12"},
		{formatCount(12345), "12.3k"},
		{formatCount(2.5e6), "2.5M"},
		{formatBio(0.25, 0.5), "250.0 / 500.0 ms"},
		{formatBio(1.5, 2), "1.500 / 2.000 s"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestProgressRun(t *testing.T) {
	// Progress works as sim.Options.Progress of a real run (text mode).
	r := (&recorder{}).use(t)
	net := &sim.Network{}
	pop := net.AddPopulation("P", 10, &sim.PoissonSource{Rate: 100})
	net.Record(&sim.SpikeRecorder{Population: pop})
	res, err := sim.Run(context.Background(), net, 0.1, &sim.Options{Progress: Progress("poisson")})
	if err != nil {
		t.Fatal(err)
	}
	want := "poisson: 0.1 s of biological time in "
	if got := r.stderr.String(); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, fmt.Sprintf(", %d spikes\n", res.NumSpikes())) {
		t.Errorf("stderr %q, want the summary line", got)
	}
}

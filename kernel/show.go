package kernel

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Markdown is text shown as Markdown (with $...$ LaTeX) by Show.
type Markdown string

// HTML is text shown as HTML by Show.
type HTML string

// Drawer is a figure Show can render: *plot.Plot, plotting's stacked
// figures, Grid, or anything that draws itself on a canvas.
type Drawer interface {
	Draw(draw.Canvas)
}

// Figure is a Drawer with its display size. A zero Width or Height means
// DefaultWidth or DefaultHeight.
type Figure struct {
	Drawer        Drawer
	Width, Height vg.Length
}

// Default size of a figure.
const (
	DefaultWidth  = 8 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
)

// PixelRatio is how many image pixels Show renders per displayed pixel of
// a figure (at 96 pixels per inch): 2 keeps figures crisp on high-DPI
// screens while they are displayed at their nominal size.
var PixelRatio = 2.0

// MaxRows is the most rows Show displays of a table or data frame; the rest
// are summarised in a note.
var MaxRows = 20

// Grid lays plots out in rows and columns with aligned axes, as one figure.
// Nil plots leave their cell empty.
type Grid struct {
	Plots [][]*plot.Plot
	// Width and Height are the size of the whole grid; zero means
	// DefaultWidth (10 in for more than one column) and 3 in per row.
	Width, Height vg.Length
}

func (g Grid) size() (cols int, w, h vg.Length) {
	for _, row := range g.Plots {
		cols = max(cols, len(row))
	}
	w, h = g.Width, g.Height
	if w == 0 {
		w = DefaultWidth
		if cols > 1 {
			w = 10 * vg.Inch
		}
	}
	if h == 0 {
		h = vg.Length(len(g.Plots)) * 3 * vg.Inch
	}
	return cols, w, h
}

// Draw draws the grid on c.
func (g Grid) Draw(c draw.Canvas) {
	cols, _, _ := g.size()
	if cols == 0 {
		return
	}
	plots := make([][]*plot.Plot, len(g.Plots))
	for i, row := range g.Plots {
		plots[i] = make([]*plot.Plot, cols)
		copy(plots[i], row)
	}
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	t := draw.Tiles{Rows: len(plots), Cols: cols, PadX: vg.Millimeter, PadY: vg.Millimeter,
		PadTop: vg.Millimeter, PadBottom: vg.Millimeter, PadLeft: vg.Millimeter, PadRight: vg.Millimeter}
	canvases := plot.Align(plots, t, c)
	for i, row := range plots {
		for j, p := range row {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
}

// Table is a table for Show: a header and rows of cells.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// records is a data frame: gota's dataframe.DataFrame has Records, which
// returns the column names and then one row per record.
type records interface {
	Records() [][]string
}

// Show displays each x in the notebook, or as text outside it:
//
//   - nil: nothing;
//   - error: a readable message (an interruption is shown as such);
//   - Markdown, HTML;
//   - *plot.Plot, Grid, any Drawer: a PNG of DefaultWidth x DefaultHeight
//     (Grid: its own size), Figure: a PNG of the given size;
//   - image.Image, []byte holding a PNG: the image;
//   - Table, or a data frame with a Records() [][]string method (gota):
//     an HTML table of at most MaxRows rows;
//   - anything else: printed as fmt.Println prints it.
//
// Show returns when the output has reached the notebook, so output of a
// cell appears in order.
func Show(xs ...any) {
	d := current()
	for _, x := range xs {
		show(d, x)
	}
	d.sync()
}

func show(d display, x any) {
	switch x := x.(type) {
	case nil:
	case error:
		showError(d, x)
	case Markdown:
		d.rich(map[string]any{"text/markdown": string(x), "text/plain": string(x)}, nil, "")
	case HTML:
		d.rich(map[string]any{"text/html": string(x), "text/plain": stripTags(string(x))}, nil, "")
	case Figure:
		showFigure(d, x.Drawer, x.Width, x.Height)
	case Grid:
		_, w, h := x.size()
		showFigure(d, x, w, h)
	case *Grid:
		_, w, h := x.size()
		showFigure(d, x, w, h)
	case Drawer:
		showFigure(d, x, 0, 0)
	case image.Image:
		var buf bytes.Buffer
		if err := png.Encode(&buf, x); err != nil {
			showError(d, fmt.Errorf("kernel.Show: encoding a %T as PNG: %w", x, err))
			return
		}
		b := x.Bounds()
		showPNG(d, buf.Bytes(), 0, 0, fmt.Sprintf("[image %dx%d]", b.Dx(), b.Dy()))
	case []byte:
		if !bytes.HasPrefix(x, []byte("\x89PNG\r\n\x1a\n")) {
			showError(d, fmt.Errorf("kernel.Show: []byte of %d bytes is not a PNG", len(x)))
			return
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(x))
		if err != nil {
			showError(d, fmt.Errorf("kernel.Show: broken PNG: %w", err))
			return
		}
		showPNG(d, x, 0, 0, fmt.Sprintf("[image %dx%d]", cfg.Width, cfg.Height))
	case Table:
		showTable(d, x)
	case *Table:
		showTable(d, *x)
	case records:
		r := x.Records()
		t := Table{}
		if len(r) > 0 {
			t.Header, t.Rows = r[0], r[1:]
		}
		showTable(d, t)
	default:
		d.text(fmt.Sprintln(x))
	}
}

// figureTitle returns a short description of f for text output.
func figureTitle(f Drawer) string {
	if p, ok := f.(*plot.Plot); ok && p != nil && p.Title.Text != "" {
		return fmt.Sprintf("[figure %q]", p.Title.Text)
	}
	return "[figure]"
}

func showFigure(d display, f Drawer, w, h vg.Length) {
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	if f == nil || (isNilPlot(f)) {
		showError(d, errors.New("kernel.Show: nil figure"))
		return
	}
	alt := figureTitle(f)
	if !d.notebook() {
		d.text(alt)
		return
	}
	b, err := renderPNG(f, w, h, PixelRatio)
	if err != nil {
		showError(d, err)
		return
	}
	showPNG(d, b, cssPixels(w), cssPixels(h), alt)
}

func isNilPlot(f Drawer) bool {
	p, ok := f.(*plot.Plot)
	return ok && p == nil
}

// cssPixels converts a length to CSS pixels (96 per inch).
func cssPixels(l vg.Length) int {
	return int(math.Round(float64(l / vg.Inch * 96)))
}

// renderPNG draws f on a w x h canvas at ratio times 96 dots per inch.
func renderPNG(f Drawer, w, h vg.Length, ratio float64) (b []byte, err error) {
	if ratio <= 0 {
		ratio = 1
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kernel.Show: drawing the figure failed: %v", r)
		}
	}()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(int(math.Round(96*ratio))))
	f.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("kernel.Show: encoding the figure as PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// showPNG displays PNG bytes at width x height CSS pixels (zero: natural size).
func showPNG(d display, b []byte, width, height int, alt string) {
	var meta map[string]any
	if width > 0 && height > 0 {
		meta = map[string]any{"image/png": map[string]any{"width": width, "height": height}}
	}
	d.rich(map[string]any{"image/png": b, "text/plain": alt}, meta, "")
}

// showTable displays t, truncated to MaxRows rows.
func showTable(d display, t Table) {
	rows := t.Rows
	note := ""
	if MaxRows > 0 && len(rows) > MaxRows {
		note = fmt.Sprintf("… %d more rows (%d rows × %d columns in all)",
			len(rows)-MaxRows, len(rows), max(len(t.Header), width(rows)))
		rows = rows[:MaxRows]
	}
	d.rich(map[string]any{"text/html": tableHTML(t.Caption, t.Header, rows, note),
		"text/plain": tableText(t.Caption, t.Header, rows, note)}, nil, "")
}

func width(rows [][]string) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	return n
}

func tableHTML(caption string, header []string, rows [][]string, note string) string {
	var b strings.Builder
	b.WriteString("<table>\n")
	if caption != "" {
		fmt.Fprintf(&b, "<caption>%s</caption>\n", escape(caption))
	}
	if len(header) > 0 {
		b.WriteString("<thead><tr>")
		for _, h := range header {
			fmt.Fprintf(&b, "<th>%s</th>", escape(h))
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range r {
			fmt.Fprintf(&b, "<td>%s</td>", escape(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	if note != "" {
		fmt.Fprintf(&b, "<p><i>%s</i></p>\n", escape(note))
	}
	return b.String()
}

// tableText formats a table in aligned columns.
func tableText(caption string, header []string, rows [][]string, note string) string {
	all := rows
	if len(header) > 0 {
		all = append([][]string{header}, rows...)
	}
	widths := make([]int, width(all))
	for _, r := range all {
		for j, c := range r {
			widths[j] = max(widths[j], len([]rune(c)))
		}
	}
	var b strings.Builder
	if caption != "" {
		b.WriteString(caption + "\n")
	}
	for _, r := range all {
		line := ""
		for j, c := range r {
			if j > 0 {
				line += "  "
			}
			line += c + strings.Repeat(" ", widths[j]-len([]rune(c)))
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if note != "" {
		b.WriteString(note + "\n")
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// stripTags returns s without HTML tags, for the plain-text alternative.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

package miv

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
)

var _ = addCommand(models.Command{
	Name:  "config",
	Usage: "CONFIG.yaml [-json]\nvalidate a MiV model configuration (includes resolved) and summarise it:\npopulations with their gid ranges, layers with their extents, projections\nwith their proportions; -json prints the resolved configuration",
	Run:   cmdConfig,
})

// cmdConfig is golgi miv config.
func cmdConfig(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi miv config", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the resolved configuration as JSON (after validating it)")
	usage := func() error {
		fmt.Fprintln(stderr, "usage: golgi miv config CONFIG.yaml [-json]")
		return models.ErrUsage
	}
	// Flags may follow the file.
	if err := fs.Parse(args); err != nil || fs.NArg() < 1 {
		return usage()
	}
	path := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil || fs.NArg() != 0 {
		return usage()
	}
	cfg, err := Load(path)
	if err != nil {
		return err
	}
	if *asJSON {
		data, err := ReadYAML(path)
		if err != nil {
			return err
		}
		_, err = stdout.Write(data)
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	return cfg.Summary(stdout)
}

// Summary writes what the configuration builds: the populations with
// their gid ranges (SPEC 2.1), the layers with their extents and the
// projections with their proportions.
func (c *Config) Summary(w io.Writer) error {
	var b strings.Builder
	name := c.ModelName
	if name == "" {
		name = "(no Model Name)"
	}
	celsius := "not set"
	if g := c.GlobalParameters; g != nil {
		celsius = fmtNum(g.CelsiusDegC) + " degC"
	}
	fmt.Fprintf(&b, "%s: %s, dataset %q, celsius %s\n", c.Path, name, c.DatasetName, celsius)
	ranges := c.PopulationRanges()
	total := 0
	for _, r := range ranges {
		total += r.Count
	}
	fmt.Fprintf(&b, "populations (%d cells; gids as MiV's h5_types assigns them):\n", total)
	for _, r := range ranges {
		var layers []string
		dist, _ := c.Geometry.CellDistribution.Get(r.Name)
		for _, l := range dist {
			if l.Value > 0 {
				layers = append(layers, fmt.Sprintf("%s %d", l.Name, l.Value))
			}
		}
		ct, _ := c.CellTypes.Get(r.Name)
		tmpl := ct.Template
		if tmpl == "" {
			tmpl = ct.TemplateClass
		}
		fmt.Fprintf(&b, "  %-6s id %3d  gids [%d, %d)  %d cells (%s)  template %s\n",
			r.Name, r.ID, r.Start, r.Start+r.Count, r.Count, strings.Join(layers, ", "), tmpl)
	}
	ps := &c.Geometry.ParametricSurface
	fmt.Fprintf(&b, "layers (extents in µm; origin U %s, V %s, L %s; rotation %v deg):\n", ps.Origin.U, ps.Origin.V, ps.Origin.L, ps.RotationDeg)
	for _, l := range ps.LayerExtents {
		id, _ := c.Definitions.Layers.Get(l.Name)
		e := l.Value
		fmt.Fprintf(&b, "  %-4s id %d  U [%s, %s]  V [%s, %s]  L [%s, %s]\n", l.Name, id,
			fmtNum(e.MinUm[0]), fmtNum(e.MaxUm[0]), fmtNum(e.MinUm[1]), fmtNum(e.MaxUm[1]), fmtNum(e.MinUm[2]), fmtNum(e.MaxUm[2]))
	}
	for _, pop := range c.Geometry.CellConstraints {
		if _, ok := c.Definitions.Populations.Get(pop.Name); !ok {
			continue
		}
		for _, l := range pop.Value {
			fmt.Fprintf(&b, "  constraint: %s somata in %s at L in [%s, %s]\n", pop.Name, l.Name, fmtNum(l.Value[0]), fmtNum(l.Value[1]))
		}
	}
	cg := &c.ConnectionGenerator
	fmt.Fprintf(&b, "projections (%d; post <- pre: type, (section, layer, proportion)):\n", len(c.ValidProjections()))
	for _, post := range cg.Synapses {
		for _, pre := range post.Value {
			p := pre.Value
			var parts []string
			for k := range min(len(p.Sections), len(p.Layers), len(p.Proportions)) {
				parts = append(parts, fmt.Sprintf("(%s, %s, %s)", p.Sections[k], p.Layers[k], fmtNum(p.Proportions[k])))
			}
			var mechs []string
			for _, m := range p.Mechanisms {
				mechs = append(mechs, m.Name)
			}
			vel, _ := cg.ConnectionVelocityUmPerMs.Get(pre.Name)
			fmt.Fprintf(&b, "  %-4s <- %-4s %-10s %s  contacts %d, %s, %s µm/ms\n", post.Name, pre.Name, p.Type,
				strings.Join(parts, " "), p.Contacts, strings.Join(mechs, "+"), fmtNum(vel))
		}
	}
	if gj := cg.GapJunctions; gj != nil {
		for _, a := range gj.ConnectionProbabilities {
			for _, bb := range a.Value {
				fmt.Fprintf(&b, "  gap junctions %s - %s: probability %s\n", a.Name, bb.Name, fmtNum(bb.Value))
			}
		}
	}
	if r := c.Recording; r != nil {
		for _, e := range r.LFP {
			el := e.Value
			fmt.Fprintf(&b, "LFP %s: position %v µm, rho %s Ω·cm, maxEDist %s µm, fraction %s, dt %s ms\n",
				e.Name, el.PositionUm, fmtNum(el.RhoOhmCm), fmtNum(el.MaxEDistUm), fmtNum(el.Fraction), fmtNum(el.DtMs))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fmtNum formats a number as briefly as it was written.
func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

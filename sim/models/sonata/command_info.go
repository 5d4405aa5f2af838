package sonata

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/golgi-sim/golgi/sim/models"
)

// commands are the family's tools: golgi sonata COMMAND.
func commands() []models.Command {
	return []models.Command{
		{Name: "stimulus", Usage: "simulation_config.json --input NAME --node POPULATION:NODE_ID [-o table.csv]\nthe table (t_ms, i_nA or g_uS) an input plays into one cell, as neurodamus\nbuilds it (seeds included), without running the circuit", Run: cmdStimulus},
		{Name: "info", Usage: "simulation_config.json [--strict]\nthe circuit as Golgi would run it: populations, cells, edges, inputs,\nreports, the mechanism set and what is not supported, before anything runs", Run: cmdInfo},
	}
}

// cmdInfo prints what golgi run would build of a SONATA simulation.
func cmdInfo(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi sonata info", flag.ContinueOnError)
	fs.SetOutput(stderr)
	strict := fs.Bool("strict", false, "SONATA's semantics instead of neurodamus's quirks Q1, Q2")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: golgi sonata info simulation_config.json [--strict]")
		return models.ErrUsage
	}
	s, err := Load(fs.Arg(0), &Options{Compat: !*strict})
	if err != nil {
		return err
	}
	defer s.Close()
	cfg := s.Config
	fmt.Fprintf(stdout, "%s: tstop %g ms, dt %g ms, random_seed %d, celsius %g degC, v_init %g mV, spike threshold %g mV at %s\n",
		cfg.Path, cfg.Run.TstopMS, cfg.Run.DtMS, cfg.Run.RandomSeed, cfg.Conditions.CelsiusDegC, cfg.Conditions.VInitMV,
		cfg.Run.SpikeThresholdMV, cfg.Conditions.SpikeLocation)
	cells, err := s.Cells()
	if err != nil {
		return err
	}
	selected := map[string]int{}
	for _, sel := range cells.Selections {
		selected[sel.Population] = len(sel.NodeIDs)
	}
	gm, err := s.GidMap()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "node populations (node_set %q):\n", cfg.NodeSet)
	var templates []string
	for _, p := range s.Circuit.Nodes() {
		off, _ := gm.Offset(p.Name())
		fmt.Fprintf(stdout, "  %-30s %-12s %6d nodes, %6d simulated, gid offset %d\n", p.Name(), p.Type, p.Size(), selected[p.Name()], off)
		if selected[p.Name()] == 0 {
			continue
		}
		ts, err := p.ModelTemplates()
		if err != nil {
			return err
		}
		for _, sel := range cells.Selections {
			if sel.Population == p.Name() {
				for _, id := range sel.NodeIDs {
					templates = append(templates, filepath.Join(p.BiophysicalNeuronModelsDir, ts[id]+".hoc"))
				}
			}
		}
	}
	fmt.Fprintln(stdout, "edge populations:")
	for _, e := range s.Circuit.Edges() {
		fmt.Fprintf(stdout, "  %-40s %-16s %8d edges  %s -> %s\n", e.Name, e.Type, e.Size(), e.Source, e.Target)
	}
	if len(templates) > 0 {
		sets, err := MechanismSet(templates)
		if err != nil {
			fmt.Fprintf(stdout, "mechanisms: %v\n", err)
		} else {
			fmt.Fprintf(stdout, "mechanisms: the translated sets %v\n", sets)
		}
	}
	var problems []error
	if err := checkBuildable(s); err != nil {
		problems = append(problems, err)
	}
	for _, in := range cfg.Inputs {
		fmt.Fprintf(stdout, "input %-24s %-28s %-14s on %s\n", in.Name, in.Module, in.InputType, in.NodeSet)
	}
	for _, r := range cfg.Reports {
		sections, compartments := reportShape(r)
		status := "written"
		if err := reportSupport(r); err != nil {
			status = "NOT written: " + err.Error()
		}
		fmt.Fprintf(stdout, "report %-23s %s of %s, sections %s, compartments %s: %s\n", r.Name, r.Type, r.VariableName, sections, compartments, status)
	}
	for _, w := range s.Warnings {
		fmt.Fprintln(stdout, "warning:", w)
	}
	return errors.Join(problems...)
}

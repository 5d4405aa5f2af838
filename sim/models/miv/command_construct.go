package miv

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

var (
	_ = addCommand(models.Command{
		Name: "h5types",
		Usage: `CONFIG.yaml -o neuro.h5
construction stage 1 (MiV's h5_types): write a new NeuroH5 file holding
/H5Types, the populations with their gid ranges and the valid projections`,
		Run: func(args []string, stdout, stderr io.Writer) error {
			return runConstruct("h5types", args, stdout, stderr)
		},
	})
	_ = addCommand(models.Command{
		Name: "place",
		Usage: `CONFIG.yaml -o neuro.h5 [-threads N] [-seed S]
construction stage 2 (MiV's network_architecture): place the somata, the
configured count in each layer, and write Generated Coordinates into the
file of stage 1, with Arc Distances again if it has them (seed: Random
Seeds' Soma Locations unless -seed)`,
		Run: func(args []string, stdout, stderr io.Writer) error {
			return runConstruct("place", args, stdout, stderr)
		},
	})
	_ = addCommand(models.Command{
		Name: "distances",
		Usage: `CONFIG.yaml -o neuro.h5
construction stage 3 (MiV's measure_distances): read the somata of the
file, write Arc Distances (U and V from the origin) and their references`,
		Run: func(args []string, stdout, stderr io.Writer) error {
			return runConstruct("distances", args, stdout, stderr)
		},
	})
	_ = addCommand(models.Command{
		Name: "construct",
		Usage: `CONFIG.yaml -o neuro.h5 [-threads N] [-seed S]
construction stages 1-3 in one: h5types, place and distances`,
		Run: func(args []string, stdout, stderr io.Writer) error {
			return runConstruct("construct", args, stdout, stderr)
		},
	})
)

// runConstruct is golgi miv h5types, place, distances and construct.
func runConstruct(stage string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi miv "+stage, flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "the NeuroH5 construction file")
	placing := stage == "place" || stage == "construct"
	var threads *int
	var seed *int64
	if placing {
		threads = fs.Int("threads", 0, "goroutines placing somata (0: all cores); the result does not depend on it")
		seed = fs.Int64("seed", 0, "soma-placement seed (default: the configuration's Random Seeds: Soma Locations)")
	}
	usage := func() error {
		extra := ""
		if placing {
			extra = " [-threads N] [-seed S]"
		}
		fmt.Fprintf(stderr, "usage: golgi miv %s CONFIG.yaml -o neuro.h5%s\n", stage, extra)
		return models.ErrUsage
	}
	// Flags may follow the file.
	if err := fs.Parse(args); err != nil || fs.NArg() < 1 {
		return usage()
	}
	path := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil || fs.NArg() != 0 || *out == "" {
		return usage()
	}
	cfg, err := Load(path)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	var opt PlaceOptions
	if placing {
		opt = PlaceOptions{Seed: cfg.RandomSeeds.SomaLocations, Threads: *threads}
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "seed" {
				opt.Seed = *seed
			}
		})
	}
	sopt := &store.Options{}
	switch stage {
	case "h5types":
		if err := cfg.WriteH5Types(*out, sopt); err != nil {
			return err
		}
		return printH5Types(stdout, cfg, *out)
	case "place":
		if _, err := cfg.checkH5Types(*out); err != nil {
			return err
		}
		somata, err := cfg.PlaceSomata(opt)
		if err != nil {
			return err
		}
		nss := CoordinateNamespaces(somata)
		// Arc distances of earlier somata would no longer match:
		// measured again when the file has them.
		stale, err := hasNamespace(*out, somata, NamespaceArcDistances)
		if err != nil {
			return err
		}
		var origin ArcOrigin
		if stale {
			if origin, err = cfg.ArcOrigin(); err != nil {
				return err
			}
			nss = append(nss, origin.ArcNamespaces(origin.ArcDistances(somata))...)
		}
		if err := store.WriteNeuroH5Namespaces(*out, nss, sopt); err != nil {
			return err
		}
		if err := printSomata(stdout, cfg, *out, somata, opt); err != nil {
			return err
		}
		if stale {
			return printArc(stdout, *out, origin)
		}
		return nil
	case "distances":
		origin, err := cfg.ArcOrigin()
		if err != nil {
			return err
		}
		somata, err := cfg.ReadSomata(*out)
		if err != nil {
			return err
		}
		if err := store.WriteNeuroH5Namespaces(*out, origin.ArcNamespaces(origin.ArcDistances(somata)), sopt); err != nil {
			return err
		}
		return printArc(stdout, *out, origin)
	}
	// construct: everything is computed before the file is written.
	somata, err := cfg.PlaceSomata(opt)
	if err != nil {
		return err
	}
	origin, err := cfg.ArcOrigin()
	if err != nil {
		return err
	}
	t, err := cfg.H5Types()
	if err != nil {
		return err
	}
	nss := append(CoordinateNamespaces(somata), origin.ArcNamespaces(origin.ArcDistances(somata))...)
	if err := store.WriteNeuroH5(*out, t, nss, sopt); err != nil {
		return err
	}
	if err := printH5Types(stdout, cfg, *out); err != nil {
		return err
	}
	if err := printSomata(stdout, cfg, *out, somata, opt); err != nil {
		return err
	}
	return printArc(stdout, *out, origin)
}

// hasNamespace reports whether a population of somata has namespace ns
// in the NeuroH5 file at path.
func hasNamespace(path string, somata []PopulationSomata, ns string) (bool, error) {
	for _, ps := range somata {
		names, err := store.NeuroH5Namespaces(path, ps.Population)
		if err != nil {
			return false, err
		}
		if slices.Contains(names, ns) {
			return true, nil
		}
	}
	return false, nil
}

func printH5Types(w io.Writer, cfg *Config, out string) error {
	t, err := cfg.H5Types()
	if err != nil {
		return err
	}
	var b strings.Builder
	total := uint64(0)
	for _, p := range t.Populations {
		total += uint64(p.Count)
	}
	fmt.Fprintf(&b, "%s: /H5Types: %d populations (%d cells), %d projections\n", out, len(t.Populations), total, len(t.Projections))
	for _, p := range t.Populations {
		fmt.Fprintf(&b, "  %-6s id %3d  gids [%d, %d)\n", p.Name, p.ID, p.Start, p.Start+uint64(p.Count))
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func printSomata(w io.Writer, cfg *Config, out string, somata []PopulationSomata, opt PlaceOptions) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: /Populations/<P>/%s (seed %d):\n", out, NamespaceCoordinates, opt.Seed)
	for _, ps := range somata {
		if len(ps.Somata) == 0 {
			continue
		}
		count := map[string]int{}
		for _, s := range ps.Somata {
			count[s.Layer]++
		}
		var parts []string
		dist, _ := cfg.Geometry.CellDistribution.Get(ps.Population)
		for _, l := range dist {
			if count[l.Name] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", l.Name, count[l.Name]))
			}
		}
		fmt.Fprintf(&b, "  %-6s %d somata (%s), gids [%d, %d) by U\n", ps.Population, len(ps.Somata), strings.Join(parts, ", "), ps.Start, ps.Start+uint64(len(ps.Somata)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func printArc(w io.Writer, out string, o ArcOrigin) error {
	_, err := fmt.Fprintf(w, "%s: /Populations/<P>/%s: origin U %g V %g µm; Reference U [%g, %g], V [%g, %g] µm\n",
		out, NamespaceArcDistances, o.UUm, o.VUm, o.UMinUm, o.UMaxUm, o.VMinUm, o.VMaxUm)
	return err
}

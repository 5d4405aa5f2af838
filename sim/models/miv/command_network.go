package miv

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/mpi"
	"github.com/golgi-sim/golgi/sim/store"
)

var _ = addCommand(models.Command{
	Name: "network",
	Usage: `CONFIG.yaml -cells cells.h5 -connections connections.h5 [-threads N] [-seed S] [-first N] [-swc DIR] [-templates DIR]
construction stages 1-7 (h5_types, network_architecture, measure_distances,
generate_synapse_forest, distribute_synapses, generate_connections,
neuroh5_graph): build the network and write MiV's merged files, cells.h5
(H5Types; Generated Coordinates and Arc Distances of every population;
Trees and Synapse Attributes of the populations with template cells) and
connections.h5 (H5Types; /Projections/<post>/<pre>). The files do not
depend on -threads. -first N builds trees, synapses and connections for
the first N gids of each population only. -swc and -templates default to
<config dir>/../datasets and <config dir>/../templates (the layout of
MiV-Simulator-Cases). Progress goes to standard error. Under MPI
(mpirun -np K bin/golgi-mpi miv network ...) every rank computes the
synapses and connections of its share of the gids and rank 0 writes the
same files as one process.`,
	Run: cmdNetwork,
})

// cmdNetwork is golgi miv network.
func cmdNetwork(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi miv network", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cellsOut := fs.String("cells", "", "the cells file (cells.h5)")
	connOut := fs.String("connections", "", "the connections file (connections.h5)")
	threads := fs.Int("threads", 0, "goroutines (0: all cores); the files do not depend on it")
	seed := fs.Int64("seed", 0, "soma-placement seed (default: the configuration's Random Seeds: Soma Locations)")
	first := fs.Int("first", 0, "build trees, synapses and connections for the first N gids of each population only (0: all)")
	swc := fs.String("swc", "", "the directory of the populations' SWC files (<population>.swc)")
	templates := fs.String("templates", "", "the directory of the HOC templates")
	usage := func() error {
		fmt.Fprintln(stderr, "usage: golgi miv network CONFIG.yaml -cells cells.h5 -connections connections.h5 [-threads N] [-seed S] [-first N] [-swc DIR] [-templates DIR]")
		return models.ErrUsage
	}
	if err := fs.Parse(args); err != nil || fs.NArg() < 1 {
		return usage()
	}
	path := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil || fs.NArg() != 0 || *cellsOut == "" || *connOut == "" || *first < 0 {
		return usage()
	}
	if a, b := filepath.Clean(*cellsOut), filepath.Clean(*connOut); a == b {
		return fmt.Errorf("miv network: -cells and -connections name the same file %s", a)
	}
	// On several MPI ranks every rank computes the synapses and edges of
	// its share of the gids and rank 0 gathers them and writes.
	ranks, root := mpi.Size(), mpi.Rank() == 0
	if !root {
		stdout, stderr = io.Discard, io.Discard
	}
	cfg, err := Load(path)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	morphDir, templatesDir := CaseDirs(path)
	if *swc == "" {
		*swc = morphDir
	}
	if *templates == "" {
		*templates = templatesDir
	}
	opt := ConstructOptions{MorphologyDir: *swc, TemplatesDir: *templates, Workers: *threads, First: *first, Progress: stderr,
		Ranks: ranks, Rank: mpi.Rank()}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			opt.PlaceSeed = seed
		}
	})
	con, err := cfg.Construct(opt)
	if err != nil {
		return err
	}
	if ranks > 1 {
		if err := con.Gather(cfg, mpi.World{}); err != nil {
			return err
		}
		if !root {
			return nil
		}
	}
	fmt.Fprintf(stderr, "miv network: writing %s and %s\n", *cellsOut, *connOut)
	if err := con.Write(cfg, *cellsOut, *connOut, &store.Options{}); err != nil {
		return err
	}
	return printNetwork(stdout, cfg, con, *cellsOut, *connOut)
}

// printNetwork summarises the files written.
func printNetwork(w io.Writer, cfg *Config, con *Construction, cellsOut, connOut string) error {
	var b strings.Builder
	ranges := cfg.PopulationRanges()
	total := 0
	for _, r := range ranges {
		total += r.Count
	}
	fmt.Fprintf(&b, "%s: /H5Types: %d populations (%d cells); Generated Coordinates and Arc Distances of every population\n", cellsOut, len(ranges), total)
	for _, r := range ranges {
		gids := con.Gids[r.Name]
		if len(gids) == 0 {
			continue
		}
		syn := 0
		for _, s := range con.Synapses[r.Name] {
			syn += s.Len()
		}
		fmt.Fprintf(&b, "  %-6s Trees and Synapse Attributes of %d cells (gids [%d, %d)): %d synapses\n", r.Name, len(gids), gids[0], gids[len(gids)-1]+1, syn)
	}
	type key struct{ dst, src string }
	dests, edges := map[key]int{}, map[key]int{}
	var order []key
	for _, r := range ranges {
		for _, gid := range con.Gids[r.Name] {
			for _, e := range con.Edges[gid] {
				k := key{r.Name, e.Source}
				if _, ok := dests[k]; !ok {
					order = append(order, k)
				}
				dests[k]++
				edges[k] += len(e.SourceGids)
			}
		}
	}
	fmt.Fprintf(&b, "%s: %d projections\n", connOut, len(order))
	for _, k := range order {
		fmt.Fprintf(&b, "  %-6s <- %-6s %d destinations, %d edges\n", k.dst, k.src, dests[k], edges[k])
	}
	if con.GapJunctions != nil {
		fmt.Fprintf(&b, "%s: %d gap-junction projections\n", GapJunctionsPath(connOut), len(con.GapJunctions))
		for _, set := range con.GapJunctions {
			fmt.Fprintf(&b, "  %-6s <- %-6s %d gap junctions\n", set.Destination, set.Source, len(set.Junctions))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

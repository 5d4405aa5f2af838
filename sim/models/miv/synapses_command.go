package miv

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/internal/atomicfile"
	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/store"
)

var _ = addCommand(models.Command{
	Name: "synapses",
	Usage: `CONFIG.yaml --population P [--gids A-B] [--swc FILE] [--templates DIR] [--workers N] -o synapses.csv|synapses.h5
distribute the synapses of a population's cells as MiV's distribute_synapses
does (SPEC 2.5; seed: Random Seeds.Synapse Locations) and write them as CSV,
a synapse a row: gid,syn_id,syn_loc,syn_sec,syn_layer,syn_type,swc_type,syn_cdist_um
(-o - writes to standard output), or, when -o ends in .h5, as MiV's stage 5
file synapses.h5 (H5Types and /Populations/P/Synapse Attributes); a count per (section, synapse type, layer)
goes to standard error. --gids defaults to the population's gid range; --swc
to <config dir>/../datasets/P.swc and --templates to <config dir>/../templates
(the layout of MiV-Simulator-Cases)`,
	Run: cmdSynapses,
})

// cmdSynapses is golgi miv synapses.
func cmdSynapses(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi miv synapses", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pop := fs.String("population", "", "the population (PYR)")
	gidsFlag := fs.String("gids", "", "gids A-B (inclusive) or A; default the population's range")
	swc := fs.String("swc", "", "the population's layered SWC file")
	templates := fs.String("templates", "", "the directory of the HOC templates")
	workers := fs.Int("workers", 0, "goroutines (0: GOMAXPROCS); the output does not depend on it")
	out := fs.String("o", "", "the output CSV; - for standard output")
	usage := func() error {
		fmt.Fprintln(stderr, "usage: golgi miv synapses CONFIG.yaml --population P [--gids A-B] [--swc FILE] [--templates DIR] [--workers N] -o synapses.csv")
		return models.ErrUsage
	}
	if err := fs.Parse(args); err != nil || fs.NArg() < 1 {
		return usage()
	}
	path := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil || fs.NArg() != 0 || *pop == "" || *out == "" {
		return usage()
	}
	cfg, err := Load(path)
	if err != nil {
		return err
	}
	var rng *PopulationRange
	for _, r := range cfg.PopulationRanges() {
		if r.Name == *pop {
			rng = &r
		}
	}
	if rng == nil {
		return fmt.Errorf("miv synapses: population %s is not in Definitions.Populations", *pop)
	}
	gids, err := parseGids(*gidsFlag, *rng)
	if err != nil {
		return err
	}
	cases := filepath.Join(filepath.Dir(path), "..")
	if *swc == "" {
		*swc = filepath.Join(cases, "datasets", *pop+".swc")
	}
	if *templates == "" {
		*templates = filepath.Join(cases, "templates")
	}
	d, err := cfg.SynapseDensities(*pop)
	if err != nil {
		return err
	}
	m, err := cfg.PopulationSynapseMorphology(*pop, *swc, *templates, gids[0])
	if err != nil {
		return err
	}
	all, err := DistributePopulationSynapses(m, d, cfg.RandomSeeds.SynapseLocations, gids, *workers)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, "gid,syn_id,syn_loc,syn_sec,syn_layer,syn_type,swc_type,syn_cdist_um")
		for k, a := range all {
			for i := range a.SynIDs {
				fmt.Fprintf(bw, "%d,%d,%s,%d,%d,%d,%d,%s\n", gids[k], a.SynIDs[i],
					strconv.FormatFloat(float64(a.SynLocs[i]), 'g', -1, 32), a.SynSecs[i], a.SynLayers[i],
					a.SynTypes[i], a.SWCTypes[i], strconv.FormatFloat(float64(a.SynCdistsUm[i]), 'g', -1, 32))
			}
		}
		return bw.Flush()
	}
	if *out == "-" {
		err = write(stdout)
	} else if strings.HasSuffix(*out, ".h5") {
		err = writeSynapsesH5(cfg, *out, *pop, uint64(rng.Start), gids, all)
	} else {
		var b bytes.Buffer
		if err = write(&b); err == nil {
			err = atomicfile.Write(*out, b.Bytes(), 0o644)
		}
	}
	if err != nil {
		return fmt.Errorf("miv synapses: %w", err)
	}
	summariseSynapses(stderr, cfg, *pop, gids, all)
	return nil
}

// writeSynapsesH5 writes MiV's synapses.h5: /H5Types and the
// population's Synapse Attributes.
func writeSynapsesH5(cfg *Config, path, pop string, start uint64, gids []int, all []*SynapseAttributes) error {
	types, err := cfg.H5Types()
	if err != nil {
		return err
	}
	ns, err := SynapsesNeuroH5(pop, start, gids, all)
	if err != nil {
		return err
	}
	return store.WriteNeuroH5File(path, &store.NeuroH5File{Types: types, Namespaces: []store.NeuroH5Namespace{ns}}, &store.Options{})
}

// parseGids reads A-B or A within the population's range.
func parseGids(s string, r PopulationRange) ([]int, error) {
	lo, hi := r.Start, r.Start+r.Count-1
	if s != "" {
		a, b, isRange := strings.Cut(s, "-")
		var err1, err2 error
		lo, err1 = strconv.Atoi(strings.TrimSpace(a))
		hi = lo
		if isRange {
			hi, err2 = strconv.Atoi(strings.TrimSpace(b))
		}
		if err1 != nil || err2 != nil || hi < lo {
			return nil, fmt.Errorf("miv synapses: --gids %q: want A-B with A <= B, or A", s)
		}
	}
	if r.Count == 0 || lo < r.Start || hi >= r.Start+r.Count {
		return nil, fmt.Errorf("miv synapses: gids %d-%d: population %s has gids [%d, %d)", lo, hi, r.Name, r.Start, r.Start+r.Count)
	}
	gids := make([]int, 0, hi-lo+1)
	for g := lo; g <= hi; g++ {
		gids = append(gids, g)
	}
	return gids, nil
}

// summariseSynapses writes the mean count per cell of every (section
// type, synapse type, layer) class.
func summariseSynapses(w io.Writer, cfg *Config, pop string, gids []int, all []*SynapseAttributes) {
	name := func(m Map[int], id int) string {
		for _, it := range m {
			if it.Value == id {
				return it.Name
			}
		}
		return strconv.Itoa(id)
	}
	type key struct{ swc, syn, layer int }
	count := map[key]int{}
	var order []key
	total := 0
	for _, a := range all {
		for i := range a.SynIDs {
			k := key{int(a.SWCTypes[i]), int(a.SynTypes[i]), int(a.SynLayers[i])}
			if _, ok := count[k]; !ok {
				order = append(order, k)
			}
			count[k]++
			total++
		}
	}
	n := float64(len(gids))
	fmt.Fprintf(w, "%s: %d cells (gids %d-%d), %.1f synapses per cell\n", pop, len(gids), gids[0], gids[len(gids)-1], float64(total)/n)
	for _, k := range order {
		fmt.Fprintf(w, "  %-7s %-11s %-4s %10.1f per cell\n", name(cfg.Definitions.SWCTypes, k.swc),
			name(cfg.Definitions.SynapseTypes, k.syn), name(cfg.Definitions.Layers, k.layer), float64(count[k])/n)
	}
}

package sonata

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/internal/atomicfile"
	"github.com/golgi-sim/golgi/sim/models"
)

// cmdStimulus writes the table an input plays into one cell, as
// neurodamus builds it, without running the circuit.
func cmdStimulus(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("golgi sonata stimulus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "the input's name (a key of inputs)")
	node := fs.String("node", "", "the cell, POPULATION:NODE_ID (0-based node id)")
	out := fs.String("o", "-", "the CSV file (t_ms and i_nA or g_uS); - for stdout")
	strict := fs.Bool("strict", false, "SONATA's semantics instead of neurodamus's quirks Q1, Q2")
	var config string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		config, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil || config == "" || *input == "" || *node == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: golgi sonata stimulus simulation_config.json --input NAME --node POPULATION:NODE_ID [-o table.csv]")
		return models.ErrUsage
	}
	pop, idText, ok := strings.Cut(*node, ":")
	id, err := strconv.ParseUint(idText, 10, 64)
	if !ok || err != nil {
		return fmt.Errorf("sonata: --node %q: want POPULATION:NODE_ID", *node)
	}
	s, err := Load(config, &Options{Compat: !*strict})
	if err != nil {
		return err
	}
	defer s.Close()
	found := false
	for _, in := range s.Config.Inputs {
		found = found || in.Name == *input
	}
	if !found {
		names := make([]string, len(s.Config.Inputs))
		for i, in := range s.Config.Inputs {
			names[i] = in.Name
		}
		return fmt.Errorf("sonata: %s has no input %q (inputs: %s)", config, *input, strings.Join(names, ", "))
	}
	n, err := BuildNetwork(s, 1)
	if err != nil {
		return err
	}
	var tables []StimulusTable
	cellFound := false
	for _, c := range n.Cells {
		if c.Population != pop || c.Node != id {
			continue
		}
		cellFound = true
		for _, st := range c.Stimuli {
			if st.Input == *input {
				tables = append(tables, st)
			}
		}
	}
	switch {
	case !cellFound:
		return fmt.Errorf("sonata: %s:%d is not a simulated cell of %s (node_set %q)", pop, id, config, s.Config.NodeSet)
	case len(tables) == 0:
		return fmt.Errorf("sonata: input %q plays no table into %s:%d (not in its node set, a no-op, or a seclamp or replay)", *input, pop, id)
	}
	var b strings.Builder
	for _, st := range tables {
		col := "i_nA"
		if st.Conductance {
			col = "g_uS"
		}
		fmt.Fprintf(&b, "# %s into %s:%d at soma[0](0.5), linear between points, read at each step's midpoint\n", st.Input, pop, id)
		fmt.Fprintf(&b, "t_ms,%s\n", col)
		for k := range st.TMs {
			fmt.Fprintf(&b, "%.17g,%.17g\n", st.TMs[k], st.Value[k])
		}
	}
	if *out == "-" {
		w := bufio.NewWriter(stdout)
		if _, err := w.WriteString(b.String()); err != nil {
			return err
		}
		return w.Flush()
	}
	if err := atomicfile.Write(*out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("sonata: %w", err)
	}
	fmt.Fprintln(stdout, "wrote", *out)
	return nil
}

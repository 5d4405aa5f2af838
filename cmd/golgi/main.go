// Command golgi runs, benchmarks and inspects Golgi simulations.
//
// Usage:
//
//	golgi run [SPEC.json] [--out DIR] [--threads N] [--resume|--force]   run every sim_num of a spec
//	golgi ls DIR                                         list results
//	golgi plot DIR/<sim_id> --kind raster|rate|traces|psd|... [-o FILE.png]
//	golgi bench MODEL [flags]                            benchmark coba, cuba, brunel or hh
//	golgi spec list | show MODEL | json MODEL            default parameter sets
//	golgi nmodl FILE.mod|DIR ... -o DIR                   translate NEURON .mod files into Go
//	golgi FAMILY COMMAND [args]                          a model family's tools (golgi help lists them)
//	golgi version
//
// bin/golgi-mpi, the same command built with MPI (make mpi), runs one
// network over the processes mpirun starts: mpirun -np K bin/golgi-mpi run
// SPEC.json (see docs/MPI.md).
//
// Run `golgi help COMMAND` for the flags of a command.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
	_ "github.com/golgi-sim/golgi/sim/models/all" // every model family
)

// version is Golgi's version, printed by `golgi version` and stored with
// results.
const version = "0.1.0-dev"

func main() {
	os.Exit(clusterMain(os.Args[1:]))
}

// clusterMain runs the command line args as main does, with MPI around it
// in the MPI build, and returns the exit code.
func clusterMain(args []string) int {
	if code, done := startCluster(args, os.Stderr); done {
		return code
	}
	code := func() int {
		defer abortOnPanic()
		return run(args, os.Stdout, os.Stderr)
	}()
	return endCluster(code)
}

type command struct {
	name, summary string
	fn            func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	cmds := []command{
		{"run", "run a spec (default: COBA) and write HDF5 results and rasters", cmdRun},
		{"ls", "list the results under a directory", cmdLs},
		{"plot", "draw a figure (raster, rate, traces, psd, ...) from stored results", cmdPlot},
		{"bench", "benchmark a model; last stdout line is a JSON object", cmdBench},
		{"spec", "list the models and show their default parameters", cmdSpec},
		{"nmodl", "translate NEURON .mod files into Go mechanisms", cmdNmodl},
		{"kernel", "install, remove or check the Jupyter kernel \"Go (Golgi)\"", cmdKernel},
		{"version", "print the version", func(_ []string, out, _ io.Writer) error {
			fmt.Fprintln(out, "golgi", version)
			return nil
		}},
	}
	return append(cmds, familyCommands()...)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: golgi COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'golgi COMMAND -h' for the flags of a command.")
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			args = []string{args[1], "-h"}
		} else {
			usage(stderr)
			if len(args) == 0 {
				return 2
			}
			return 0
		}
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if err := c.fn(args[1:], stdout, stderr); err != nil {
				if err == errUsage {
					return 2
				}
				fmt.Fprintf(stderr, "%sgolgi %s: %v\n", rankPrefix(), c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "golgi: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// familyCommands returns a command per model family with tools of its
// own: golgi FAMILY COMMAND [args].
func familyCommands() []command {
	var cmds []command
	for _, f := range models.Families() {
		if len(f.Commands) == 0 {
			continue
		}
		f := f
		cmds = append(cmds, command{f.Name, f.Summary + " (tools)", func(args []string, stdout, stderr io.Writer) error {
			return runFamilyCommand(f, args, stdout, stderr)
		}})
	}
	return cmds
}

// runFamilyCommand runs golgi FAMILY COMMAND args.
func runFamilyCommand(f *models.Family, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(stderr, "usage: golgi %s COMMAND\n\n%s\n\ncommands:\n", f.Name, f.Summary)
		for _, c := range f.Commands {
			usage, help, _ := strings.Cut(c.Usage, "\n")
			fmt.Fprintf(stderr, "  %s %s\n", c.Name, usage)
			if help != "" {
				fmt.Fprintf(stderr, "      %s\n", strings.ReplaceAll(help, "\n", "\n      "))
			}
		}
		fmt.Fprintln(stderr, "\nRun a spec of the family with 'golgi run SPEC.json'.")
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	var names []string
	for _, c := range f.Commands {
		if c.Name == args[0] {
			return c.Run(args[1:], stdout, stderr)
		}
		names = append(names, c.Name)
	}
	return fmt.Errorf("unknown command %q: want %s", args[0], strings.Join(names, ", "))
}

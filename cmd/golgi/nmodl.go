package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/nmodl"
)

// cmdNmodl translates .mod files into a Go package of mechanisms:
//
//	golgi nmodl FILE.mod|DIR ... -o DIR [-package NAME] [-skip-refused] [-root DIR]
func cmdNmodl(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "run" {
		return cmdNmodlRun(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("nmodl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output directory of the Go package (created if missing)")
	pkg := fs.String("package", "", "Go package name (default: the output directory's name)")
	skip := fs.Bool("skip-refused", false, "translate what can be and list the refused files in "+nmodl.StatusFile+" instead of failing")
	root := fs.String("root", "", "write the paths in "+nmodl.StatusFile+" relative to this directory")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `usage: golgi nmodl FILE.mod|DIR ... -o DIR [-package NAME] [-skip-refused]
       golgi nmodl run FILE.mod... [flags] [-o trace.csv]   (golgi nmodl run -h)

Translates NEURON .mod files (a directory stands for its .mod files) into
Go: one file per mechanism in package NAME, each registered with package
sim/mech under its SUFFIX name, and %s listing what became of each
file. A file with a syntax error, an undefined name or a construct the
translator does not handle (VERBATIM, ...) is an error with its file, line
and column, and nothing is written (with -skip-refused, refused files are
listed instead).

flags:
`, nmodl.StatusFile)
		fs.PrintDefaults()
	}
	var paths []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		paths, args = append(paths, args[0]), args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	paths = append(paths, fs.Args()...)
	if len(paths) == 0 || *out == "" {
		fs.Usage()
		return errUsage
	}
	name := *pkg
	if name == "" {
		abs, err := filepath.Abs(*out)
		if err != nil {
			return err
		}
		name = strings.ReplaceAll(filepath.Base(abs), "-", "_")
	}
	files, results, err := nmodl.Package(paths, name, *root, *skip)
	if err != nil {
		return fmt.Errorf("nothing written:\n%w", err)
	}
	if err := writeAll(*out, files); err != nil {
		return err
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(stderr, "refused %s\n", r.Err)
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		abs, _ := filepath.Abs(filepath.Join(*out, n))
		fmt.Fprintln(stdout, "wrote", abs)
	}
	return nil
}

// writeAll writes files into dir, each through a temporary file renamed
// into place, so that an interrupted run leaves whole files.
func writeAll(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		tmp, err := os.CreateTemp(dir, "."+name+".tmp*")
		if err != nil {
			return err
		}
		if _, err := tmp.Write(data); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return err
		}
		if err := tmp.Close(); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

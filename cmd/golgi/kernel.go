package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/golgi-sim/golgi/kernel/setup"
)

const kernelUsage = `usage: golgi kernel install [--root DIR] [-- SCRIPT-FLAGS]
       golgi kernel uninstall [--name NAME]
       golgi kernel check [--name NAME] [--root DIR]

Manages the Golgi Jupyter kernel ("Go (Golgi)", GoNB with this checkout's
module): install runs the checkout's scripts/install-kernel.sh (as
make kernel does; flags after -- go to the script, for example
-- --no-apt or -- --sys-prefix); uninstall removes the kernelspec;
check diagnoses the installation and prints a fix for each problem,
exiting with status 1 if there is any.

flags:`

// cmdKernel implements `golgi kernel install|uninstall|check`.
func cmdKernel(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", "", "Golgi checkout (default: the one holding the working directory or this binary, or $GOLGI_ROOT)")
	name := fs.String("name", setup.DefaultName, "kernelspec name")
	fs.Usage = func() {
		fmt.Fprintln(stderr, kernelUsage)
		fs.PrintDefaults()
	}
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" || sub == "help" {
		fs.Usage()
		return nil
	}
	if err := fs.Parse(args[1:]); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	findRoot := func() (string, error) {
		if *root != "" {
			return setup.Root(*root)
		}
		return setup.FindRoot()
	}
	switch sub {
	case "install":
		r, err := findRoot()
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		if *name != setup.DefaultName {
			os.Setenv("GOLGI_KERNEL_NAME", *name)
		}
		return setup.Install(ctx, r, fs.Args(), stdout, stderr)
	case "uninstall":
		if fs.NArg() > 0 {
			fs.Usage()
			return errUsage
		}
		removed, err := setup.Uninstall(*name)
		for _, d := range removed {
			fmt.Fprintln(stdout, "removed", d)
		}
		if err == nil && len(removed) == 0 {
			fmt.Fprintf(stdout, "no kernelspec %q installed\n", *name)
		}
		return err
	case "check":
		if fs.NArg() > 0 {
			fs.Usage()
			return errUsage
		}
		r := *root
		if r != "" {
			var err error
			if r, err = setup.Root(r); err != nil {
				return err
			}
		}
		if n := setup.Report(stdout, setup.Check(*name, r)); n > 0 {
			return fmt.Errorf("%d problem(s); fix them as shown and run golgi kernel check again", n)
		}
		fmt.Fprintln(stdout, "the kernel is ready: open a notebook with the \"Go (Golgi)\" kernel")
		return nil
	default:
		fmt.Fprintf(stderr, "golgi kernel: unknown subcommand %q\n\n", sub)
		fs.Usage()
		return errUsage
	}
}

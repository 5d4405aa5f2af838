package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/golgi-sim/golgi/sim/spec"
)

// cmdSpec prints the embedded default parameter sets:
//
//	golgi spec list            the models
//	golgi spec show MODEL      the keys of MODEL with values, units, ranges and docs
//	golgi spec json MODEL      the defaults file as embedded
func cmdSpec(args []string, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprintf(stderr, "usage: golgi spec list | show MODEL | json MODEL\n\nmodels: %s\n", strings.Join(spec.Models(), ", "))
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		usage()
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "list":
		for _, m := range spec.Models() {
			set, err := spec.Defaults(m)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%-14s %s\n", m, firstLine(set.Doc))
		}
		return nil
	case "show", "json":
		if len(args) != 2 {
			usage()
			return errUsage
		}
		if args[0] == "json" {
			b, err := spec.DefaultsJSON(args[1])
			if err != nil {
				return err
			}
			_, err = stdout.Write(b)
			return err
		}
		set, err := spec.Defaults(args[1])
		if err != nil {
			return err
		}
		return set.WriteTable(stdout)
	}
	usage()
	return errUsage
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/store"
)

// cmdLs lists the results under a directory: sim_ids, sim_nums, data_ids
// with shapes and units, and the parameters that differ between sim_nums.
func cmdLs(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ls", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: golgi ls DIR\n\nLists the sim_ids under DIR (a directory written by golgi run), their sim_nums,\ndata_ids with shapes, types and units, and the parameters that differ between sim_nums.")
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	sims, err := store.List(fs.Arg(0), nil)
	if err != nil {
		return err
	}
	if len(sims) == 0 {
		return fmt.Errorf("no results under %s (expected DIR/<sim_id>/<data_id>_<sim_id>.h5)", fs.Arg(0))
	}
	for _, si := range sims {
		nums := si.SimNums()
		fmt.Fprintf(stdout, "%s  (%s)  sim_nums: %s\n", si.SimID, si.Dir, ranges(nums))
		params := map[int]map[string]any{}
		for _, f := range si.Files {
			if f.Err != nil {
				fmt.Fprintf(stdout, "  %-14s unreadable: %v\n", f.DataID, f.Err)
				continue
			}
			var shape, dtype, unit string
			complete := 0
			for _, g := range f.Groups {
				if g.SimNum < 0 {
					continue
				}
				if g.Complete {
					complete++
				}
				if p, ok := g.Attrs.String(store.AttrParams); ok && params[g.SimNum] == nil {
					var m map[string]any
					if json.Unmarshal([]byte(p), &m) == nil {
						params[g.SimNum] = m
					}
				}
				for _, d := range g.Datasets {
					if shape == "" {
						shape = fmt.Sprint(d.Shape)
						dtype = d.DType
						unit = d.Unit()
					}
				}
			}
			fmt.Fprintf(stdout, "  %-14s %-34s %-10s unit %-6s %d/%d complete\n", f.DataID, dtype, shape, unit, complete, len(f.SimNums()))
		}
		if diff := differing(params); len(diff) > 0 {
			fmt.Fprintln(stdout, "  parameters that differ:")
			for _, n := range nums {
				var parts []string
				for _, k := range diff {
					parts = append(parts, fmt.Sprintf("%s=%v", k, params[n][k]))
				}
				fmt.Fprintf(stdout, "    %d: %s\n", n, strings.Join(parts, " "))
			}
		}
	}
	return nil
}

// differing returns the parameter keys whose values differ between
// sim_nums (ignoring sim_num and seed bookkeeping).
func differing(params map[int]map[string]any) []string {
	if len(params) < 2 {
		return nil
	}
	var keys []string
	seen := map[string]bool{}
	var first map[string]any
	for _, m := range params {
		first = m
		break
	}
	for _, m := range params {
		for k, v := range m {
			if k == "sim_num" || k == "swept" || seen[k] {
				continue
			}
			if fmt.Sprint(v) != fmt.Sprint(first[k]) {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// ranges formats sorted integers as "0-3, 5".
func ranges(n []int) string {
	if len(n) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(n); {
		j := i
		for j+1 < len(n) && n[j+1] == n[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", n[i], n[j]))
		} else {
			parts = append(parts, fmt.Sprint(n[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

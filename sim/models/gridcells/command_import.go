package gridcells

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
	"github.com/golgi-sim/golgi/sim/spec"
)

// importScript runs a GridCellsCond spec module's generate_input_params or
// generate_mult_input_params and prints the Golgi spec as JSON.
const importScript = `
import importlib.util, json, sys
import numpy as np
path = sys.argv[1]
spec = importlib.util.spec_from_file_location("gridcellscond_spec", path)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
def conv(o):
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError("cannot convert %r to JSON" % (o,))
if hasattr(mod, "generate_mult_input_params"):
    sims = mod.generate_mult_input_params()
    out = {"model": "gridcellscond", "sims": {str(k): v for k, v in sims.items()}}
elif hasattr(mod, "generate_input_params"):
    out = {"model": "gridcellscond"}
    out.update(mod.generate_input_params())
else:
    sys.exit("golgi-import: %s defines neither generate_input_params nor generate_mult_input_params" % path)
json.dump(out, sys.stdout, default=conv, indent=1, allow_nan=False)
sys.stdout.write("\n")
`

// PythonWithNumpy returns a python3 interpreter that imports numpy:
// $GOLGI_PYTHON, python3 on the PATH, or Debian's /usr/bin/python3.
func PythonWithNumpy() (string, error) {
	var tried []string
	for _, py := range []string{os.Getenv("GOLGI_PYTHON"), "python3", "/usr/bin/python3"} {
		if py == "" {
			continue
		}
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		tried = append(tried, path)
		if exec.Command(path, "-c", "import numpy").Run() == nil {
			return path, nil
		}
	}
	if len(tried) == 0 {
		return "", errors.New("python3 is not installed: the original's spec files are Python (install python3 and python3-numpy: make deps does)")
	}
	return "", fmt.Errorf("numpy is not importable by %s: install python3-numpy (make deps does) or set GOLGI_PYTHON to a python3 that has it", strings.Join(tried, " or "))
}

func cmdImport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridcells import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the Golgi spec here (default: stdout)")
	var spec string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		spec, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return models.ErrUsage
	}
	if spec == "" && fs.NArg() > 0 {
		spec = fs.Arg(0)
	}
	if spec == "" {
		return errors.New("usage: golgi gridcells import SPEC.py [-o SPEC.json]")
	}
	if _, err := os.Stat(spec); err != nil {
		return err
	}
	spec, err := filepath.Abs(spec)
	if err != nil {
		return err
	}
	py, err := PythonWithNumpy()
	if err != nil {
		return err
	}
	var o, e bytes.Buffer
	cmd := exec.Command(py, "-c", importScript, spec)
	cmd.Dir = filepath.Dir(spec)
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(e.String())
		if i := strings.LastIndex(msg, "\n"); i >= 0 && strings.Contains(msg, "Traceback") {
			msg = msg[i+1:]
		}
		return fmt.Errorf("%s: running its generate_*_params with %s: %v: %s", spec, py, err, msg)
	}
	data, err := compactSpec(o.Bytes(), filepath.Base(spec))
	if err != nil {
		return fmt.Errorf("%s: the spec's parameters: %w", spec, err)
	}
	// The result must be the same simulations, and a spec Golgi parses.
	want, err := ParseSpec(o.Bytes())
	if err != nil {
		return fmt.Errorf("%s: %w", spec, err)
	}
	got, err := ParseSpec(data)
	if err != nil || !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%s: internal error: the compacted spec differs from the original's (%v)", spec, err)
	}
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintln(stdout, "wrote", abs)
	return nil
}

func cmdTraj(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridcells traj", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 0, "seed of the random velocity")
	dur := fs.Float64("dur-ms", 30000, "duration (ms), the rest of 8000 ms included")
	out := fs.String("o", "", "output file, traj_<traj_id>.hdf5")
	if err := fs.Parse(args); err != nil {
		return models.ErrUsage
	}
	if *out == "" {
		return errors.New("-o FILE is required (name it traj_<traj_id>.hdf5 for traj_id)")
	}
	if !(*dur > 0) || *dur > 1e8 {
		return fmt.Errorf("--dur-ms %g: want a positive duration up to 1e8 ms", *dur)
	}
	if err := RandomTrajectory(*seed, *dur).Write(*out); err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintln(stdout, "wrote", abs)
	return nil
}

// jsonMember is a key and its compact JSON value.
type jsonMember struct {
	key string
	raw []byte
}

// objectMembers decodes a JSON object into its members in file order.
func objectMembers(data []byte) ([]jsonMember, error) {
	members, err := spec.Members(data, "")
	if err != nil {
		return nil, err
	}
	out := make([]jsonMember, len(members))
	for i, m := range members {
		var b bytes.Buffer
		if err := json.Compact(&b, m.Value); err != nil {
			return nil, err
		}
		out[i] = jsonMember{m.Key, b.Bytes()}
	}
	return out, nil
}

// compactSpec rewrites an imported multi-run spec so that the keys every
// simulation gives the same value are stated once at the top level and
// each simulation keeps only its own values, one line per simulation: the
// same simulations (ParseSpec applies the top level, then each sim's
// keys), in a file a person can read.
func compactSpec(data []byte, source string) ([]byte, error) {
	top, err := objectMembers(data)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	fmt.Fprintf(&b, " %q: %q,\n %q: %q", "model", ModelName, "comment", "imported from "+source+" by golgi gridcells import")
	var sims []jsonMember
	for _, m := range top {
		switch m.key {
		case "model":
		case "sims":
			if sims, err = objectMembers(m.raw); err != nil {
				return nil, fmt.Errorf("sims: %w", err)
			}
		default:
			fmt.Fprintf(&b, ",\n %q: %s", m.key, m.raw)
		}
	}
	if sims != nil {
		members := make([][]jsonMember, len(sims))
		count := map[string]int{}
		first := map[string][]byte{}
		var order []string
		for i, s := range sims {
			if members[i], err = objectMembers(s.raw); err != nil {
				return nil, fmt.Errorf("sims[%s]: %w", s.key, err)
			}
			for _, m := range members[i] {
				if i == 0 {
					first[m.key] = m.raw
					order = append(order, m.key)
				}
				if bytes.Equal(first[m.key], m.raw) {
					count[m.key]++
				}
			}
		}
		common := map[string]bool{}
		for _, k := range order {
			if count[k] == len(sims) && len(sims) > 1 && k != "sim_num" {
				common[k] = true
				fmt.Fprintf(&b, ",\n %q: %s", k, first[k])
			}
		}
		b.WriteString(",\n \"sims\": {")
		for i, s := range sims {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "\n  %q: {", s.key)
			n := 0
			for _, m := range members[i] {
				if common[m.key] {
					continue
				}
				if n > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q: %s", m.key, m.raw)
				n++
			}
			b.WriteByte('}')
		}
		b.WriteString("\n }")
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

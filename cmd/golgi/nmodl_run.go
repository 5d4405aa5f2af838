package main

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
	"runtime"
	"strconv"
	"strings"

	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/nmodl"
)

// nmodlRunMain is the program golgi nmodl run compiles with the
// translated mechanisms: it reads a mech.RunConfig and writes the CSV.
const nmodlRunMain = `package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/golgi-sim/golgi/sim/mech"
	_ "golginmodlrun/mechs"
)

func main() {
	var cfg mech.RunConfig
	b, err := os.ReadFile(os.Args[1])
	if err == nil {
		err = json.Unmarshal(b, &cfg)
	}
	out := os.Stdout
	if err == nil && os.Args[2] != "-" {
		out, err = os.Create(os.Args[2])
	}
	if err == nil {
		err = mech.RunCSV(cfg, out)
	}
	if err == nil && out != os.Stdout {
		err = out.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// cmdNmodlRun is golgi nmodl run: translate, build a single compartment
// with the mechanisms, run it with NEURON's fixed step, write a CSV.
func cmdNmodlRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("nmodl run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sets multiFlag
	fs.Var(&sets, "mech", "set a variable: NAME_MECH=VALUE, e.g. gCa_HVAbar_Ca_HVA=0.001 (repeatable)")
	soma := fs.String("soma-um", "20,20", "soma L,DIAM (um)")
	iclamp := fs.String("iclamp", "", "current clamp NA,DELAY_MS,DUR_MS")
	vclamp := fs.String("vclamp", "", "voltage clamp MV,DELAY_MS,DUR_MS (SEClamp, rs 1 MOhm; holds v-init before and after)")
	celsius := fs.Float64("celsius", 6.3, "temperature (degC)")
	vInit := fs.Float64("v-init", -65, "initial potential (mV)")
	tstop := fs.Float64("tstop", 100, "duration (ms)")
	dt := fs.Float64("dt", 0.025, "time step (ms)")
	record := fs.String("record", "v", "comma-separated columns: v, ion variables (cai, ica, eca, ...), i_IClamp, i_SEClamp, NAME_MECH")
	out := fs.String("o", "-", "CSV file (- for stdout)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: golgi nmodl run FILE.mod... [flags] [-o trace.csv]

Translates the files, inserts their mechanisms (in the order of the
files; point processes at 0.5, without input) into one compartment (cm 1 uF/cm2), runs it with NEURON's fixed
step and writes the recorded variables at every step as CSV, t_ms first.
It compiles the translation with the Go toolchain and the Golgi source
tree this golgi was built from (or $GOLGI_SRC).

flags:`)
		fs.PrintDefaults()
	}
	var files []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		files, args = append(files, args[0]), args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return errUsage
	}
	files = append(files, fs.Args()...)
	if len(files) == 0 {
		fs.Usage()
		return errUsage
	}
	cfg := mech.RunConfig{Celsius: *celsius, VInitMV: *vInit, TStopMs: *tstop, DtMs: *dt, Set: map[string]float64{}}
	nums, err := floats("--soma-um", *soma, 2)
	if err != nil {
		return err
	}
	cfg.LUm, cfg.DiamUm = nums[0], nums[1]
	if *iclamp != "" {
		x, err := floats("--iclamp", *iclamp, 3)
		if err != nil {
			return err
		}
		cfg.IClamp = &mech.IClamp{AmpNA: x[0], DelayMs: x[1], DurMs: x[2]}
	}
	if *vclamp != "" {
		x, err := floats("--vclamp", *vclamp, 3)
		if err != nil {
			return err
		}
		cfg.SEClamp = &mech.SEClamp{Dur: [3]float64{x[1], x[2], *tstop}, Amp: [3]float64{*vInit, x[0], *vInit}, RsMOhm: 1}
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return fmt.Errorf("--mech %q: want NAME_MECH=NUMBER", kv)
		}
		cfg.Set[k] = x
	}
	cfg.Record = strings.Split(*record, ",")
	srcs, results, err := nmodl.Package(files, "mechs", "", false)
	if err != nil {
		return fmt.Errorf("nothing run:\n%w", err)
	}
	for _, r := range results {
		cfg.Mechanisms = append(cfg.Mechanisms, r.Mechanism)
	}
	outPath := *out
	if outPath != "-" {
		if outPath, err = filepath.Abs(outPath); err != nil {
			return err
		}
	}
	return runTranslated(srcs, cfg, outPath, stdout, stderr)
}

// runTranslated builds a temporary module with the translated
// mechanisms and runs the compartment program in it.
func runTranslated(srcs map[string][]byte, cfg mech.RunConfig, out string, stdout, stderr io.Writer) error {
	root, err := golgiSource()
	if err != nil {
		return err
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return errors.New("golgi nmodl run compiles the translated mechanisms: it needs the Go toolchain on the PATH (make deps installs it)")
	}
	dir, err := os.MkdirTemp("", "golgi-nmodl-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	goLine := "go 1.26"
	for _, l := range strings.Split(string(goMod), "\n") {
		if strings.HasPrefix(l, "go ") {
			goLine = strings.TrimSpace(l)
		}
	}
	files := map[string][]byte{
		"go.mod":  []byte(fmt.Sprintf("module golginmodlrun\n\n%s\n\nrequire github.com/golgi-sim/golgi v0.0.0\n\nreplace github.com/golgi-sim/golgi => %s\n", goLine, strconv.Quote(root))),
		"main.go": []byte(nmodlRunMain),
	}
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		files["go.sum"] = sum
	}
	if err := writeAll(dir, files); err != nil {
		return err
	}
	if err := writeAll(filepath.Join(dir, "mechs"), srcs); err != nil {
		return err
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	cfgPath := filepath.Join(dir, "config.json")
	if err := os.WriteFile(cfgPath, b, 0o644); err != nil {
		return err
	}
	cmd := exec.Command(goCmd, "run", ".", cfgPath, out)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &errBuf
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("running the translated mechanisms: %v\n%s", err, strings.TrimSpace(errBuf.String()))
	}
	if out != "-" {
		fmt.Fprintln(stdout, "wrote", out)
	}
	return nil
}

// golgiSource returns the Golgi source tree: $GOLGI_SRC, or the checkout
// this binary was compiled from.
func golgiSource() (string, error) {
	root := os.Getenv("GOLGI_SRC")
	if root == "" {
		_, file, _, ok := runtime.Caller(0)
		if ok {
			root = filepath.Join(filepath.Dir(file), "..", "..")
		}
	}
	if _, err := os.Stat(filepath.Join(root, "sim", "mech", "mechanism.go")); err != nil {
		return "", fmt.Errorf("golgi nmodl run needs the Golgi source tree to compile the mechanisms with: set GOLGI_SRC to a checkout (not found at %q)", root)
	}
	return filepath.Abs(root)
}

// floats parses n comma-separated numbers.
func floats(flagName, s string, n int) ([]float64, error) {
	fs := strings.Split(s, ",")
	if len(fs) != n {
		return nil, fmt.Errorf("%s %q: want %d comma-separated numbers", flagName, s, n)
	}
	out := make([]float64, n)
	for i, f := range fs {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %q is not a number", flagName, s, f)
		}
		out[i] = x
	}
	return out, nil
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

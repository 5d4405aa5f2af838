package units

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/golgi-sim/golgi/sim/nmodl"
)

// probeHeader starts every probe without a src of its own (4 lines; a
// probe's body starts on line 5).
const probeHeader = `NEURON { SUFFIX p USEION ca READ cai WRITE ica RANGE g }
UNITS { (mV) = (millivolt) (mA) = (milliamp) (mM) = (milli/liter) FARADAY = (faraday) (coulomb) R = (k-mole) (joule/degC) }
PARAMETER { g = 1 (mA/cm2) a = 2 b (mV) celsius (degC) tau = 1 (ms) }
ASSIGNED { v (mV) x (mV) y ica (mA/cm2) cai (mM) }
`

// probes are small .mod files with modlunit's verdict ("ok" or the line
// of its error), recorded by running NEURON 8.2.2's modlunit on each
// (TestProbesModlunit checks the record where modlunit is installed).
var probes = []struct {
	name string
	body string // after probeHeader
	src  string // the whole file instead
	want string
}{
	{name: "number assigned", body: "BREAKPOINT { x = 1 }\n", want: "ok"},
	{name: "number added after", body: "BREAKPOINT { x = v + 1 }\n", want: "ok"},
	{name: "number added before", body: "BREAKPOINT { x = 1 + v }\n", want: "ok"},
	{name: "number times", body: "BREAKPOINT { x = 2*v }\n", want: "ok"},
	{name: "conversion factor missing", body: "BREAKPOINT { x = (2)*v }\n", want: "line 5"},
	{name: "conversion factor", body: "ASSIGNED { w (millivolt) }\nBREAKPOINT { w = (1000)*v/(1000) }\n", want: "ok"},
	{name: "volt needs a factor", body: "ASSIGNED { w (volt) }\nBREAKPOINT { w = v }\n", want: "line 6"},
	{name: "volt with factor", body: "ASSIGNED { w (volt) }\nBREAKPOINT { w = (0.001)*v }\n", want: "ok"},
	{name: "not conformable", body: "BREAKPOINT { x = g }\n", want: "line 5"},
	{name: "dimensionless to mV", body: "BREAKPOINT { x = a }\n", want: "line 5"},
	{name: "unit after number", body: "BREAKPOINT { x = 3 (mV) + v }\n", want: "ok"},
	{name: "wrong unit after number", body: "BREAKPOINT { x = 3 (ms) + v }\n", want: "line 5"},
	{name: "local takes units", body: "BREAKPOINT { LOCAL z\n z = v\n x = v + z }\n", want: "ok"},
	{name: "local from number is dimensionless", body: "BREAKPOINT { LOCAL z\n z = 1\n x = v + z }\n", want: "line 7"},
	{name: "local unset is dimensionless", body: "BREAKPOINT { LOCAL z\n x = v + z }\n", want: "line 6"},
	{name: "local keeps the last units", body: "BREAKPOINT { LOCAL z\n z = v\n y = z }\n", want: "line 7"},
	{name: "exp of mV", body: "BREAKPOINT { y = exp(v) }\n", want: "line 5"},
	{name: "exp of ratio", body: "BREAKPOINT { y = exp(v/b) + log(2) + fabs(a) }\n", want: "ok"},
	{name: "exp of factor", body: "BREAKPOINT { y = exp((1000)) }\n", want: "line 5"},
	{name: "integer power", body: "ASSIGNED { w (mV2) }\nBREAKPOINT { w = v^2 }\n", want: "ok"},
	{name: "integer power mismatch", body: "BREAKPOINT { y = v^2 }\n", want: "line 5"},
	{name: "real power", body: "ASSIGNED { w (mV2) }\nBREAKPOINT { w = v^2.0 }\n", want: "line 6"},
	{name: "power in parentheses", body: "ASSIGNED { w (mV2) }\nBREAKPOINT { w = v^(2) }\n", want: "line 6"},
	{name: "power of dimensionless", body: "BREAKPOINT { y = a^a + 3^celsius/celsius }\n", want: "line 5"},
	{name: "dimensionless exponent", body: "BREAKPOINT { y = a^(v/b) }\n", want: "ok"},
	{name: "derivative", body: "STATE { m }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { m' = (1-m)/tau }\n", want: "ok"},
	{name: "derivative without tau's units", body: "STATE { m }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { m' = (1-m)/a }\n", want: "line 7"},
	{name: "derivative of mV", body: "STATE { u (mV) }\nBREAKPOINT { SOLVE s METHOD cnexp }\nDERIVATIVE s { u' = (v-u)/tau }\n", want: "ok"},
	{name: "procedure argument without units", body: "PROCEDURE r(u) { y = u }\nBREAKPOINT { r(v) }\n", want: "line 6"},
	{name: "procedure argument with units", body: "PROCEDURE r(u (mV)) { x = u }\nBREAKPOINT { r(v) r(1) }\n", want: "ok"},
	{name: "procedure argument mismatch", body: "PROCEDURE r(u (mV)) { x = u }\nBREAKPOINT { r(a) }\n", want: "line 6"},
	{name: "too many arguments", body: "PROCEDURE r(u (mV)) { x = u }\nBREAKPOINT { r(v, v) }\n", want: "line 6"},
	{name: "function value", body: "FUNCTION f(u (mV)) (mV) { f = u }\nBREAKPOINT { x = f(v) }\n", want: "ok"},
	{name: "function value mismatch", body: "FUNCTION f(u (mV)) (mV) { f = u }\nBREAKPOINT { y = f(v) }\n", want: "line 6"},
	{name: "function without units", body: "FUNCTION f(u (mV)) { f = u }\nBREAKPOINT { y = f(v) }\n", want: "line 5"},
	{name: "comparison with number", body: "BREAKPOINT { if (v > 0) { y = 1 } }\n", want: "ok"},
	{name: "comparison mismatch", body: "BREAKPOINT { if (v > a) { y = 1 } }\n", want: "line 5"},
	{name: "logic", body: "BREAKPOINT { if (v > b && a < 3 || !(y == 1)) { y = 1 } }\n", want: "ok"},
	{name: "UNITSOFF", body: "UNITSOFF\nBREAKPOINT { x = g + a }\nUNITSON\n", want: "ok"},
	{name: "UNITSON again", body: "UNITSOFF\nINITIAL { x = g }\nUNITSON\nBREAKPOINT { x = g }\n", want: "line 8"},
	{name: "UNITSOFF in a block", body: "BREAKPOINT {\n UNITSOFF\n x = g\n UNITSON\n}\n", want: "ok"},
	{name: "UNITSOFF does not stop locals", body: "BREAKPOINT { LOCAL z\n UNITSOFF\n z = g\n UNITSON\n x = z }\n", want: "line 9"},
	{name: "FARADAY and R", body: "ASSIGNED { w (mV) }\nBREAKPOINT { w = (1000)*R*(celsius + 273.15)/(2*FARADAY)*log(2/cai) }\n", want: "line 6"},
	{name: "RT/F in mV", body: "ASSIGNED { w (mV) }\nBREAKPOINT { w = (1000)*R*(celsius + 273.15)/(2*FARADAY)*log(2/1) }\n", want: "ok"},
	{name: "unknown unit", body: "ASSIGNED { w (mS) }\n", want: "line 5"},
	{name: "unknown unit in UNITS", src: "NEURON { SUFFIX p }\nUNITS {\n (mV) = (millivolt)\n (mA) = (foo)\n}\n", want: "line 4"},
	{name: "unit prefix and plural", body: "ASSIGNED { w (microsiemens/cm2) q (coulombs) }\n", want: "ok"},
	{name: "undeclared v", src: "NEURON { SUFFIX p }\nASSIGNED { x (millivolt) }\nBREAKPOINT { x = v }\n", want: "line 1"},
	{name: "celsius without units", src: "NEURON { SUFFIX p }\nPARAMETER { celsius }\n", want: "line 1"},
	{name: "UNITSOFF before NEURON", src: "UNITSOFF\nNEURON { SUFFIX p }\nUNITSON\nASSIGNED { v celsius }\nBREAKPOINT { v = celsius }\n", want: "ok"},
	{name: "density current in nA", src: "NEURON { SUFFIX p NONSPECIFIC_CURRENT i }\nUNITS { (nA) = (nanoamp) }\nASSIGNED { i (nA) }\n", want: "line 1"},
	{name: "point process current", src: "NEURON { POINT_PROCESS p NONSPECIFIC_CURRENT i }\nUNITS { (nA) = (nanoamp) }\nASSIGNED { i (nA) }\n", want: "ok"},
	{name: "point process in mA/cm2", src: "NEURON { POINT_PROCESS p NONSPECIFIC_CURRENT i }\nUNITS { (mA) = (milliamp) }\nASSIGNED { i (mA/cm2) }\n", want: "line 1"},
	{name: "concentration in uM", src: "NEURON { SUFFIX p USEION ca READ cai }\nUNITS { (uM) = (micro/liter) }\nASSIGNED { cai (uM) }\n", want: "line 1"},
	{name: "net_send", src: "NEURON { POINT_PROCESS p }\nPARAMETER { d = 1 (ms) w = 2 }\nNET_RECEIVE(weight) { net_send(d, 1) net_send(w, 1) }\n", want: "line 3"},
	{name: "kinetic", src: kineticProbe("(/ms)"), want: "ok"},
	{name: "kinetic rate units", src: kineticProbe("(ms)"), want: "line 6"},
}

// kineticProbe is a two-state scheme with rates in the given units.
func kineticProbe(rate string) string {
	return `NEURON { SUFFIX k }
PARAMETER { kf = 1 ` + rate + ` kb = 2 (/ms) }
STATE { c o }
BREAKPOINT { SOLVE s METHOD sparse }
KINETIC s {
	~ c <-> o (kf, kb)
	CONSERVE c + o = 1
	~ o <-> c (kf, kb)
}
`
}

func probeSource(i int) string {
	if probes[i].src != "" {
		return probes[i].src
	}
	return probeHeader + probes[i].body
}

func TestProbes(t *testing.T) {
	for i, p := range probes {
		f, err := nmodl.Parse(p.name+".mod", []byte(probeSource(i)))
		if err != nil {
			t.Errorf("%s: %v", p.name, err)
			continue
		}
		got := "ok"
		err = Check(f, Builtin())
		if es, ok := err.(Errors); ok {
			got = "line " + strconv.Itoa(es[0].Pos.Line)
		}
		if got != p.want {
			t.Errorf("%s: Check says %s (%v), modlunit %s", p.name, got, err, p.want)
		}
	}
}

// TestProbesModlunit checks the recorded verdicts of probes against
// modlunit itself, where NEURON is installed.
func TestProbesModlunit(t *testing.T) {
	modlunit, err := exec.LookPath("modlunit")
	if err != nil {
		t.Skip("modlunit (NEURON) not installed")
	}
	dir := t.TempDir()
	line := regexp.MustCompile(` at line (\d+) in file`)
	for i, p := range probes {
		name := "probe" + strconv.Itoa(i) + ".mod"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(probeSource(i)), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(modlunit, name)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		got := "ok"
		if err != nil {
			m := line.FindSubmatch(out)
			if m == nil {
				t.Errorf("%s: modlunit: %v\n%s", p.name, err, out)
				continue
			}
			got = "line " + string(m[1])
		}
		if got != p.want {
			t.Errorf("%s: modlunit says %s, recorded %s\n%s", p.name, got, p.want, strings.TrimSpace(string(out)))
		}
	}
}

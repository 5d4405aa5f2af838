package native

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSynapseVariantsAgainstNEURON runs the variants of ProbAMPANMDA_EMS
// and ProbGABAAB_EMS (the plasticity, optimized, ngv, metabolism,
// neocortexv5 and neocortexv6 sets, variant.go) and the metabolism set's DetAMPANMDA_ionic and
// DetGABAAB_ionic under the protocols of testdata/variants.json (the base
// protocols of protocols.json with each variant's file, set and extra
// variables) and compares them with NEURON 8.2.2 running each variant's
// own .mod (scripts/nmodl-ref/variant_refs.py), with the tolerances of
// TestSynapsesAgainstNEURON: the release pattern, Rstate, Ustate,
// testState and release_accumulator identical, the potential within
// 1e-9 mV, conductances, states and (ion) currents within relTol; the
// metabolism ProbAMPANMDA_EMS's net_event times (Events) identical to
// NEURON's NetCon.record.
func TestSynapseVariantsAgainstNEURON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "variants.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p protocols
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("variants.json: %v", err)
	}
	if len(p.Synapses) == 0 || p.SampleEvery < 1 {
		t.Fatal("variants.json: no cases")
	}
	sets := map[string]bool{}
	for _, c := range p.Synapses {
		if c.Set == "" || c.Mod == "" {
			t.Fatalf("%s: no set or file", c.Name)
		}
		sets[c.Set+" "+c.Mechanism] = true
		t.Run(c.Name, func(t *testing.T) { compareSynapse(t, p, c) })
	}
	want := []string{"metabolism DetAMPANMDA_ionic", "metabolism DetGABAAB_ionic"}
	for _, v := range ampaVariants {
		want = append(want, v.set+" ProbAMPANMDA_EMS")
	}
	for _, v := range gabaVariants {
		want = append(want, v.set+" ProbGABAAB_EMS")
	}
	for _, w := range want {
		if !sets[w] {
			t.Errorf("%s has no NEURON case", w)
		}
	}
}

package sonata

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/golgi-sim/golgi/sim/hoc"
	"github.com/golgi-sim/golgi/sim/mech"
	"github.com/golgi-sim/golgi/sim/morph"

	_ "github.com/golgi-sim/golgi/sim/mech/native"             // ProbAMPANMDA_EMS, ProbGABAAB_EMS, StochKv, ...
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv5"  // set "neocortexv5"
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/neocortexv6"  // set "neocortexv6"
	_ "github.com/golgi-sim/golgi/sim/nmodl/mods/sonatacommon" // set "sonatacommon"
)

// MechanismSetCandidates are the translated neurodamus mechanism sets, in
// the order MechanismSet tries them.
var MechanismSetCandidates = []string{"neocortexv6", "neocortexv5"}

// insertRe finds the mechanisms a template inserts.
var insertRe = regexp.MustCompile(`\binsert\s+([A-Za-z_][A-Za-z0-9_]*)`)

// MechanismSet returns the sim/mech sets a circuit's cells take their
// mechanisms from: the first of MechanismSetCandidates that has every
// mechanism the templates insert (or has it natively), then
// "sonatacommon" (neurodamus's common mechanisms). neurodamus runs a
// circuit with the one mechanism library it was built with; the v5 and v6
// sets share names (Ih, SK_E2, ...) with different equations, so one set
// serves the whole circuit.
func MechanismSet(templateFiles []string) ([]string, error) {
	names := map[string]bool{}
	for _, f := range templateFiles {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("sonata: emodel template (biophysical_neuron_models_dir/<model_template>.hoc): %w", err)
		}
		for _, m := range insertRe.FindAllStringSubmatch(string(src), -1) {
			names[m[1]] = true
		}
	}
	var missing []string
	for _, set := range MechanismSetCandidates {
		missing = missing[:0]
		for name := range names {
			if !slices.Contains(mech.Sets(name), set) && !slices.Contains(mech.Sets(name), "") {
				missing = append(missing, name)
			}
		}
		if len(missing) == 0 {
			return []string{set, "sonatacommon"}, nil
		}
	}
	sort.Strings(missing)
	return nil, fmt.Errorf("sonata: no translated mechanism set (%v) has every mechanism the templates insert: %v missing from %s", MechanismSetCandidates, missing, MechanismSetCandidates[len(MechanismSetCandidates)-1])
}

// EmodelCell is a biophysical node's cell as neurodamus builds it (SPEC
// 2.1): its emodel template instantiated on its morphology, converted to
// a sim/morph cell (hoc.Cell: the morph.Cell, the SONATA section ids,
// per-segment parameters), with the node's currents from its
// dynamics_params.
type EmodelCell struct {
	*hoc.Cell
	Template   string // the hoc template, without "hoc:"
	Morphology string // the morphology file read
	// HoldingCurrentNA and ThresholdCurrentNA are the node's
	// dynamics_params holding_current and threshold_current (nA; 0 when
	// the population has none).
	HoldingCurrentNA, ThresholdCurrentNA float64
	// TemplateArgs are the arguments the template was instantiated with
	// (rawGid, morphology_dir, morphology file, extra...).
	TemplateArgs []any
}

// BuildEmodel instantiates node n of population p as neurodamus does: the
// template <biophysical_neuron_models_dir>/<T>.hoc is run by sim/hoc and
// T(rawGid, morphology_dir, "<morphology>.<ext>", extra...) is made, extra
// being the node's dynamics_params named by the file's T_NeededAttributes
// string (AIS_scaler for the usecase3 templates), or a single 0. The
// morphology is the population's (neurolucida-asc, h5v1 or SWC, as
// NodePopulationConfig.MorphologyDir chooses), read by sim/morph as
// NEURON's Import3d or MorphIO reads it. The mechanisms come from the
// sim/mech sets named (MechanismSet chooses them as the circuit's
// nrnivmodl build would have them). The template's re_init_rng, if it
// has one, is then called with ionchannelSeed, as neurodamus calls it:
// the stochastic channels' setRNG calls it makes (after setdata_) seed
// their Random123 streams.
func BuildEmodel(p *NodePopulation, n int, rawGid int, sets []string, ionchannelSeed int64) (*EmodelCell, error) {
	if n < 0 || n >= p.Size() {
		return nil, fmt.Errorf("sonata: node population %q: node %d of %d", p.Name(), n, p.Size())
	}
	if p.Virtual() {
		return nil, fmt.Errorf("sonata: node population %q is virtual: it has no cells", p.Name())
	}
	templates, err := p.ModelTemplates()
	if err != nil {
		return nil, err
	}
	morphs, err := p.Strings("morphology")
	if err != nil {
		return nil, err
	}
	tname := templates[n]
	if p.BiophysicalNeuronModelsDir == "" {
		return nil, fmt.Errorf("sonata: node population %q: no biophysical_neuron_models_dir for template %s", p.Name(), tname)
	}
	file := filepath.Join(p.BiophysicalNeuronModelsDir, tname+".hoc")
	in := hoc.New(hoc.LoaderFunc(readMorphology))
	in.UseMechanismSets(sets...)
	if err := in.LoadFile(file); err != nil {
		return nil, fmt.Errorf("sonata: node %d of %q: %w", n, p.Name(), err)
	}
	args := []any{rawGid}
	dir, ext := p.MorphologyDir()
	args = append(args, dir, morphs[n]+ext)
	if needed, ok := in.GlobalString(tname + "_NeededAttributes"); ok && needed != "" {
		for _, attr := range strings.Split(needed, ";") {
			v, err := p.dynamicsParam(attr, n)
			if err != nil {
				return nil, fmt.Errorf("sonata: node %d of %q: template %s needs %s: %w", n, p.Name(), tname, attr, err)
			}
			args = append(args, v)
		}
	} else {
		args = append(args, 0.)
	}
	obj, err := in.NewObject(tname, args...)
	if err != nil {
		return nil, fmt.Errorf("sonata: node %d of %q: %w", n, p.Name(), err)
	}
	// neurodamus seeds the stochastic channels' streams after making the
	// cell (SPEC 2.1): re_init_rng(ionchannel_seed).
	if in.HasProcedure(obj, "re_init_rng") {
		if err := in.Call(obj, "re_init_rng", float64(ionchannelSeed)); err != nil {
			return nil, fmt.Errorf("sonata: node %d of %q: %w", n, p.Name(), err)
		}
	}
	c, err := in.Cell(obj)
	if err != nil {
		return nil, fmt.Errorf("sonata: node %d of %q: %w", n, p.Name(), err)
	}
	c.Morph.Name = fmt.Sprintf("%s[%d] %s", p.Name(), n, tname)
	e := &EmodelCell{Cell: c, Template: tname, Morphology: filepath.Join(dir, morphs[n]+ext), TemplateArgs: args}
	for _, x := range []struct {
		attr string
		dst  *float64
	}{{"holding_current", &e.HoldingCurrentNA}, {"threshold_current", &e.ThresholdCurrentNA}} {
		if !p.Has("dynamics_params/" + x.attr) {
			continue
		}
		if *x.dst, err = p.dynamicsParam(x.attr, n); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// sectionsByID maps the cell's SONATA section ids to its sections
// (indices into Morph.Morphology.Sections); of two replacement axon
// sections sharing an id, the later, as neurodamus addresses it.
func (e *EmodelCell) sectionsByID() map[int64]int {
	m := make(map[int64]int, len(e.SectionID))
	for i, id := range e.SectionID {
		m[int64(id)] = i
	}
	return m
}

// dynamicsParam returns dynamics_params/<attr> of node n.
func (p *NodePopulation) dynamicsParam(attr string, n int) (float64, error) {
	v, err := p.Numbers("dynamics_params/" + attr)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v[n]) || math.IsInf(v[n], 0) {
		return 0, fmt.Errorf("%s: node population %q: dynamics_params/%s of node %d is %g", p.File(), p.Name(), attr, n, v[n])
	}
	return v[n], nil
}

// readMorphology reads a morphology file by its extension, as the
// templates' load_morphology chooses Import3d's reader.
func readMorphology(path string) (*morph.Morphology, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".asc":
		return morph.ReadASC(path)
	case ".swc":
		return morph.ReadSWCFile(path, nil)
	case ".h5":
		return morph.ReadH5(path)
	}
	return nil, fmt.Errorf("morphology %s: unknown format (want .asc, .swc or .h5)", path)
}

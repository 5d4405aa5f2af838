package miv

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
	"gopkg.in/yaml.v3"
)

// commands are the family's tools, golgi miv COMMAND. Each command's
// file adds its own: var _ = addCommand(models.Command{...}); package
// variables are initialised before init registers the family.
var commands []models.Command

// addCommand adds a command to the family's tools.
func addCommand(c models.Command) bool {
	commands = append(commands, c)
	return true
}

func init() {
	models.MustRegister(&models.Family{
		Name:    "miv",
		Summary: "MiV-Simulator networks (GazzolaLab): golgi run Microcircuit_Small.yaml",
		SpecHelp: `A MiV-Simulator model configuration (a .yaml file with Definitions and
Geometry at its top, such as Microcircuit_Small.yaml; !include resolved
relative to the including file) is read, validated, constructed in
memory (somata, synapses, connections) and run as MiV's
ExecutionEnvironment runs it: PYR/PVBC/OLM cells from their HOC
templates, LinExp2Syn/LinExp2SynNMDA synapses, STIM spike sources
(seeded Poisson trains), dt 0.025 ms, Crank-Nicolson, --tstop ms.
The spikes go to <out>/<sim_id>/ as Golgi's spikes data_id, the soma v
of the recording profile as data_id v, the LFP electrodes to
<Model Name>_results.h5. golgi miv config FILE validates and summarises
a configuration; golgi miv construct FILE -o neuro.h5 writes its
populations, soma coordinates and arc distances as NeuroH5.`,
		Claims:   claims,
		RunFlags: runFlags,
		Commands: commands,
	})
}

// claims reports whether a spec file is a MiV model configuration: a
// .yaml or .yml file whose top level is a mapping with the keys
// Definitions and Geometry, the tables MiV's network construction
// starts from (every model file of MiV-Simulator-Cases has both; the
// parts they include, such as Geometry_Small.yaml, have neither).
func claims(path string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
	default:
		return false
	}
	var doc yaml.Node
	if err := yamlUnmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return false
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return false
	}
	var defs, geom bool
	for i := 0; i+1 < len(top.Content); i += 2 {
		switch top.Content[i].Value {
		case "Definitions":
			defs = true
		case "Geometry":
			geom = true
		}
	}
	return defs && geom
}

// yamlUnmarshal is yaml.Unmarshal turning a panic of the parser into an
// error.
func yamlUnmarshal(data []byte, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("invalid YAML: %v", p)
		}
	}()
	return yaml.Unmarshal(data, v)
}

package miv

import (
	"errors"
	"flag"
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
		Summary: "MiV-Simulator networks (GazzolaLab): YAML model configurations (configuration, construction stages 1-3 and the line-source LFP so far)",
		SpecHelp: `A MiV-Simulator model configuration (a .yaml file with Definitions and
Geometry at its top, such as Microcircuit_Small.yaml; !include resolved
relative to the including file) is read and validated; running MiV
networks is not implemented yet: golgi miv config FILE validates and
summarises a configuration, golgi miv construct FILE -o neuro.h5 writes
its populations, soma coordinates and arc distances as NeuroH5.`,
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

// errNotBuilt is the Planner's answer to a valid configuration.
var errNotBuilt = errors.New("miv: running MiV-Simulator networks is not built yet (the runtime comes later); golgi miv config validates a configuration, golgi miv construct, synapses and lfp run the construction stages and the LFP")

// runFlags registers no flags; its Planner validates the configuration
// and then refuses to run it.
func runFlags(*flag.FlagSet) models.Planner {
	return func(req models.Request) (*models.Plan, error) {
		if req.Path == "" {
			return nil, errors.New("miv: a MiV configuration is read from its file (its !include paths are relative to it)")
		}
		if _, err := Load(req.Path); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", req.Path, errNotBuilt)
	}
}

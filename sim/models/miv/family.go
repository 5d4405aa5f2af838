package miv

// A placeholder registration so that the family's commands build and
// run on this branch; the family's own family.go (configuration, runs)
// replaces this file.

import (
	"errors"
	"flag"
	"strings"

	"github.com/golgi-sim/golgi/sim/models"
)

// commands are the family's tools, golgi miv COMMAND, each file of a
// command adding itself with addCommand.
var commands []models.Command

// addCommand adds a command to the family (var _ = addCommand(...)).
func addCommand(c models.Command) bool { commands = append(commands, c); return true }

func init() {
	models.MustRegister(&models.Family{
		Name:    "miv",
		Summary: "MiV-Simulator: layered microcircuits from their YAML (golgi miv lfp: line-source LFP of given currents)",
		Claims: func(path string, data []byte) bool {
			return (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) && strings.Contains(string(data), "Model Name")
		},
		RunFlags: func(*flag.FlagSet) models.Planner {
			return func(models.Request) (*models.Plan, error) {
				return nil, errors.New("miv: running MiV networks is not built yet")
			}
		},
		Commands: commands,
	})
}

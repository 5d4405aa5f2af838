// Package all links every model family of Golgi into a program: import it
// for its side effect, and package sim/models finds them.
//
//	import _ "github.com/golgi-sim/golgi/sim/models/all"
//
// A new family adds its blank import here.
package all

import (
	_ "github.com/golgi-sim/golgi/sim/models/builtin"   // Golgi's own models
	_ "github.com/golgi-sim/golgi/sim/models/gridcells" // GridCellsCond
	_ "github.com/golgi-sim/golgi/sim/models/miv"       // MiV-Simulator
	_ "github.com/golgi-sim/golgi/sim/models/sonata"    // SONATA circuits as neurodamus runs them
)

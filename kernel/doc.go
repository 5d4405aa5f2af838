// Package kernel shows Golgi's results inside Jupyter notebooks run by the
// Golgi kernel (GoNB): figures, images, tables and markdown inline, a progress
// bar for long runs, readable errors, and a context that Jupyter's stop
// button cancels.
//
// A notebook cell using it:
//
//	import (
//		"github.com/golgi-sim/golgi/kernel"
//		"github.com/golgi-sim/golgi/sim"
//		"github.com/golgi-sim/golgi/sim/nets"
//	)
//
//	%%
//	net := kernel.Must(nets.COBA(nets.COBAConfig{})) // an error stops the cell
//	res, err := sim.Run(kernel.Context(), net, 1*sim.Second,
//		&sim.Options{Progress: kernel.Progress("COBA")})
//	kernel.Show(err) // nothing when nil; an interruption keeps what was simulated
//	kernel.Show(kernel.Markdown(fmt.Sprintf("**%d spikes**", res.NumSpikes())))
//
// # Display
//
// Show displays *plot.Plot values and anything else that draws on a
// draw.Canvas (sized with Figure, several side by side with Grid) as PNG
// rendered at PixelRatio times the display resolution, so they stay crisp
// on high-DPI screens; image.Image values and PNG bytes; Markdown and HTML;
// Table values and data frames (any value with a Records() [][]string method,
// as gota's dataframe.DataFrame), truncated to MaxRows; errors, as a readable
// message. Anything else is printed as text. Must and Check show an error and
// stop the cell.
//
// # Outside Jupyter
//
// The same code runs under `go test` or as a program: Show then prints a
// one-line placeholder for figures and images, markdown and tables as text,
// and errors on standard error; Progress writes to standard error; Context
// is cancelled by Ctrl-C. IsNotebook reports which mode is in use.
//
// # Interrupts
//
// When a cell is interrupted (Jupyter's stop button, or "Interrupt kernel"),
// GoNB sends SIGINT to the cell's program and kills it 5 s later if it is
// still running. Context returns a context cancelled by that signal: pass it
// to sim.Run and the run stops at the next epoch boundary, returning what it
// recorded so far (Result.Complete is false) and an error that Show displays
// as an interruption. The kernel stays usable.
//
// # Notebook variables
//
// GoNB compiles and runs each cell as a new program: functions, types,
// constants and package-level variables declared in a cell are kept for
// later cells, but their values are recomputed in every cell. Cache keeps
// the result of a long computation on disk for the cells that follow; results
// meant to last belong in Golgi's HDF5 store (sim/store).
package kernel

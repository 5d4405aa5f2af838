// Package plotting draws the figures of network neuroscience with
// gonum.org/v1/plot: rasters, rates, traces. Every figure function takes
// analysis results or plain slices (never engine internals), returns a
// *plot.Plot with axis labels in units, a title and a legend, and can be
// saved as PNG or SVG with Save.
package plotting

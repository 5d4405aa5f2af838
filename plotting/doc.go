// Package plotting draws the figures of network neuroscience with
// gonum.org/v1/plot. Every figure function takes analysis results or plain
// slices (never engine internals), has an options struct whose zero value
// gives the defaults (a nil pointer too), and returns a Figure: a
// *plot.Plot, or a *Stack of aligned plots for figures with two panels
// (raster over rate, heat map over its colour bar). Figures have axis
// labels with units, a title and a legend, at font sizes readable at
// notebook size, and render with Save (PNG or SVG), PNG (bytes) or Image
// (an image.Image for inline display).
//
// One entry point per figure kind:
//
//	Raster                  spike raster, coloured by population, downsampled with a note
//	PopulationRate          population rates over time
//	RasterRate              raster above population rates (Stack)
//	Traces                  membrane potentials with spike markers
//	PSD                     power spectral densities, log-log
//	Spectrogram             time-frequency heat map in dB (Stack)
//	ISIHistogram            inter-spike-interval distribution
//	CVHistogram             distribution of the CV of ISI over neurons
//	Correlogram             cross- or auto-correlogram
//	RateMap                 spatial rate map, grid score in the title (Stack)
//	SpatialAutocorrelogram  2-D autocorrelogram with the score's annulus (Stack)
//	BumpPosition            decoded bump position over time
//	Sweep                   measure against a swept parameter, with error bars
//	LFPDepth                extracellular potentials stacked by depth
package plotting

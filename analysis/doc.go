// Package analysis holds pure functions over spike trains and signals, the
// measures of network neuroscience. Inputs are plain slices: spike times
// in seconds (one slice per neuron, or parallel index and time slices split
// with SplitTrains), signals sampled every dt seconds, positions in metres,
// currents in amperes. Functions document their units and edge cases (no
// spikes, one spike, an empty window) and return errors (ErrTooFewSpikes,
// ErrEmptyWindow, ErrShortSignal, ErrNoActivity, or a descriptive one)
// rather than NaN surprises; where a value is undefined for some time step
// only (a bump with no activity), the documentation says it is NaN.
//
// Spike trains: Counts, PopulationRate, SmoothedPopulationRate,
// NeuronRates, BinnedRates, SmoothedRates, GaussianSmooth; ISIs, CV, CVs, MeanCV, LV,
// ISIHistogram, FanoFactor, MeanFano; CountCorrelations, Synchrony
// (Golomb's chi), CrossCorrelogram, AutoCorrelogram,
// SpikeTriggeredAverage.
//
// Signals: Welch (power spectral density), BandPower, NewSpectrogram,
// PeakFrequency, BandPass (zero-phase Butterworth magnitude applied in the
// frequency domain), Analytic and PhaseAmplitude (Hilbert transform).
//
// Attractors and space: DecodeRing, DecodeTorus, Unwrap, BumpVelocity,
// BumpDrift; RateMap, Autocorrelation, GridScore (score, spacing,
// orientation).
//
// LFP: PointSourceLFP, LineSourceLFP (extracellular resistivity 333 ohm cm
// by default), AbsCurrentProxy and WeightedSumProxy (Mazzoni et al. 2015).
//
// Statistics: Median (numpy's). Statistics, FFTs and windows come from
// gonum (stat, dsp/fourier, dsp/window).
//
// One unit convention holds in this package: seconds, hertz, volts,
// amperes, metres. A model family's own measures, in the units its
// original code uses, live in analysis/<family> (analysis/gridcells:
// GridCellsCond's, in milliseconds).
package analysis

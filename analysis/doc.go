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
// GridCellsCond (Shaikh & Assisi 2025): ports of the authors'
// analysis_utils.py and analysis_pred_utils.py, taking spike times in ms
// and whole-millisecond durations as they do, checked against their
// Python on the reference run (testdata/gridcells): BinSpikesMs,
// InstantRateAll, InstantRate, MeanRateHz; RingCode with DecodePos,
// DecodePosByIntrnrn (ButterLowpassSOS, SOSFilter), SpeedOfNetwork,
// CellsPerSecond; UnwrapPeriod, NetworkSpeed; PeriodicActivity, FindPeaks,
// GridScaleNeurons, GridFieldSizesNeurons, Simpson; CleanSpikes,
// SeparateFields, FieldCentres, GridFieldSizesTime, GridScalesTime,
// ShiftFieldsToCenter; SheetRateMap, Autocorr2DWrap, LabelBlobs8,
// RotateSpline, GridProps2D; PatternShift2D, PatternVelocity2D,
// SheetPatternVelocity (the 2D pattern's motion, not a port);
// DetrendedFFT, Impedance, ResonanceFrequency;
// SeparateFieldsPred, RemoveUnevenFields, FieldPositions,
// CircularDifference, FieldSizePred, BiasStellIntrnrn, ConvolveFieldPos,
// ConductanceAtFieldEdges; and the measures of their Fig 3 notebook
// (membrane potential in fields): FieldMask, ClipSpikes, FieldRamp,
// ThetaEnvelope, AlignOnOnsets.
//
// LFP: PointSourceLFP, LineSourceLFP (extracellular resistivity 333 ohm cm
// by default), AbsCurrentProxy and WeightedSumProxy (Mazzoni et al. 2015).
//
// Statistics, FFTs and windows come from gonum (stat, dsp/fourier,
// dsp/window).
package analysis

// Package gridcells holds the measures of the GridCellsCond model family
// (Shaikh & Assisi 2025): ports of the authors' analysis_utils.py and
// analysis_pred_utils.py, taking spike times in milliseconds and
// whole-millisecond durations as they do (the general package analysis
// works in seconds), checked against their Python on the reference run
// (testdata/make_reference.py, testdata/reference.json).
//
// Rates: BinSpikesMs, InstantRateAll, InstantRate, MeanRateHz.
//
// Decoding and speed: RingCode with DecodePos, DecodePosFromInterneurons
// (the authors' decode_pos_by_intrnrn; ButterLowpassSOS, SOSFilter),
// SpeedOfNetwork, CellsPerSecond; UnwrapPeriod, NetworkSpeed.
//
// Bump geometry: PeriodicActivity, FindPeaks, GridScaleNeurons,
// GridFieldSizesNeurons, Simpson, BumpGeometryOf (their Fig 4 notebook).
//
// Fields in time: CleanSpikes, SeparateFields, FieldCentres,
// GridFieldSizesTime, GridScalesTime, ShiftFieldsToCenter.
//
// The 2D sheet: SheetRateMap, CircularAutocorrelation2D (scipy's
// correlate2d with boundary='wrap'), LabelBlobs (ndimage.label,
// 8-connected), RotateSpline, GridProps2D; PatternShift2D,
// PatternVelocity2D, SheetPatternVelocity (the pattern's motion, not a
// port).
//
// Spectra: DetrendedFFT, Impedance, ResonanceFrequency.
//
// The predictive code: SeparateFieldsAtLargestGap (the authors'
// separate_fields of analysis_pred_utils), RemoveUnevenFields,
// FieldPositions, CircularDifference, FieldSizePred, StellateLead (their
// calc_bias_stell_intrnrn), ConvolveFieldPos, ConductanceAtFieldEdges,
// FieldEdgesOf, SummarizeFieldEdges.
//
// The membrane in fields (their Fig 3 notebook): FieldMask, ClipSpikes,
// FieldRamp, ThetaEnvelope, AlignOnOnsets.
//
// The model itself (parameters, networks, files, commands) is the package
// sim/models/gridcells.
package gridcells

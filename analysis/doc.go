// Package analysis holds pure functions over spike trains and signals:
// firing rates, inter-spike-interval statistics and the measures of network
// neuroscience. Inputs are plain slices with times in seconds; functions
// document their edge cases and return errors rather than NaN surprises.
package analysis

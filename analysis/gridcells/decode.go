package gridcells

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/stat"

	"github.com/golgi-sim/golgi/analysis"
)

// RingCode describes the phase code of the GridCellsCond 1D network for
// the authors' population-vector decoders: cell c (of any ring) has the
// phase
//
//	phi_c = (2 pi (c mod NPerSheet)/NPhases) mod 2 pi,
//
// so the stellates of ring 1 and ring 2 (cells 0..2N-1) share the phases
// of the interneurons (0..N-1), and positions are read on a circle of
// period Lambda (the authors' lambda0; 0 means 2 pi).
type RingCode struct {
	NPerSheet int     // cells per ring (N_per_sheet)
	NPhases   int     // phases per turn (n_phases)
	Lambda    float64 // period of decoded positions (lambda0); 0 means 2 pi
}

func (rc RingCode) lambda() float64 {
	if rc.Lambda == 0 {
		return 2 * math.Pi
	}
	return rc.Lambda
}

func (rc RingCode) check(fn string) error {
	if rc.NPerSheet < 1 || rc.NPhases < 1 || rc.Lambda < 0 {
		return fmt.Errorf("analysis.%s: ring code %+v", fn, rc)
	}
	return nil
}

// Phase returns phi_c of cell c.
func (rc RingCode) Phase(c int) float64 {
	return pyMod(float64(c%rc.NPerSheet)*(2*math.Pi/float64(rc.NPhases)), 2*math.Pi)
}

// pyMod is Python's float x % m: the remainder with the sign of m.
func pyMod(x, m float64) float64 {
	r := math.Mod(x, m)
	if r != 0 && (r < 0) != (m < 0) {
		r += m
	}
	return r
}

// rasterVector returns X[b] = sum over cells with a spike in 1 ms bin b of
// exp(i phi_c): the population vector of the binary raster.
func (rc RingCode) rasterVector(trains [][]float64, T int) []complex128 {
	x := make([]complex128, T)
	seen := make([]bool, T)
	for c, tr := range trains {
		e := cmplx.Exp(complex(0, rc.Phase(c)))
		for _, b := range msBins(tr, T, seen) {
			x[b] += e
		}
	}
	return x
}

// angleToPos maps population vectors to positions (lambda/2 pi) arg(z)
// mod lambda.
func (rc RingCode) angleToPos(z []complex128) []float64 {
	l := rc.lambda()
	pos := make([]float64, len(z))
	for i, v := range z {
		pos[i] = pyMod(l/(2*math.Pi)*cmplx.Phase(v), l)
	}
	return pos
}

// DecodePos is the authors' decode_pos: with R = InstantRateAll(trains,
// durMs, sigmaMs) (the original's default sigma is 100 ms),
//
//	pos(t) = (lambda/2 pi) arg(sum_c R[c][t] exp(i phi_c)) mod lambda,
//
// for t = 0..durMs-1 ms (the original's t_start:t_end is a slice of it).
// The convolution is linear, so the population vector of the raster is
// smoothed once instead of every cell's row: the same sum in another
// order, equal to rounding.
func (rc RingCode) DecodePos(trains [][]float64, durMs int, sigmaMs float64) ([]float64, error) {
	if err := rc.check("DecodePos"); err != nil {
		return nil, err
	}
	if err := checkRateArgs("DecodePos", durMs, sigmaMs); err != nil {
		return nil, err
	}
	x := rc.rasterVector(trains, durMs)
	k := newSameKernel(durMs, sigmaMs)
	re := make([]float64, durMs)
	im := make([]float64, durMs)
	for b, v := range x {
		if v != 0 {
			k.add(re, b, real(v))
			k.add(im, b, imag(v))
		}
	}
	z := make([]complex128, durMs)
	for i := range z {
		z[i] = complex(re[i], im[i])
	}
	return rc.angleToPos(z), nil
}

// DecodePosFromInterneurons is the authors' decode_pos_by_intrnrn (the "true
// position" of their predictive-code analysis): the population vector of
// the interneurons' 1 ms rasters, each filtered by a causal 6th-order
// Butterworth low-pass at 35 Hz (fs 1000 Hz, second-order sections:
// scipy's butter(6, 35, fs=1000, output='sos') and sosfilt, here
// ButterLowpassSOS and SOSFilter),
//
//	pos(t) = (lambda/2 pi) arg(sum_c LP(B_c)(t) exp(i phi_c)) mod lambda,
//
// t = 0..durMs-1. The filter is linear, so the population vector of the
// raster is filtered once (real and imaginary parts), equal to rounding.
func (rc RingCode) DecodePosFromInterneurons(trains [][]float64, durMs int) ([]float64, error) {
	if err := rc.check("DecodePosFromInterneurons"); err != nil {
		return nil, err
	}
	if durMs < 1 {
		return nil, fmt.Errorf("analysis.DecodePosFromInterneurons: duration %d ms: %w", durMs, analysis.ErrEmptyWindow)
	}
	sos, err := ButterLowpassSOS(6, 35, 1000)
	if err != nil {
		return nil, err
	}
	x := rc.rasterVector(trains, durMs)
	re := make([]float64, durMs)
	im := make([]float64, durMs)
	for i, v := range x {
		re[i], im[i] = real(v), imag(v)
	}
	re, im = SOSFilter(sos, re), SOSFilter(sos, im)
	z := make([]complex128, durMs)
	for i := range z {
		z[i] = complex(re[i], im[i])
	}
	return rc.angleToPos(z), nil
}

// UnwrapPeriod is numpy.unwrap(p, period=period): with d_k = p_k - p_{k-1},
// each jump |d_k| >= period/2 is replaced by its representative in
// [-period/2, period/2) (period/2 where that is -period/2 and d_k > 0),
// and the corrections are accumulated:
//
//	u_k = p_k + sum_{j<=k} (mod(d_j + period/2, period) - period/2 - d_j).
//
// Unlike Unwrap, NaN propagates as in numpy.
func UnwrapPeriod(p []float64, period float64) []float64 {
	out := make([]float64, len(p))
	if len(p) == 0 {
		return out
	}
	out[0] = p[0]
	hi := period / 2
	lo := -hi
	acc := 0.0
	for k := 1; k < len(p); k++ {
		d := p[k] - p[k-1]
		m := pyMod(d-lo, period) + lo
		if m == lo && d > 0 {
			m = hi
		}
		c := m - d
		if math.Abs(d) < hi {
			c = 0
		}
		acc += c
		out[k] = p[k] + acc
	}
	return out
}

// NetworkSpeed is the slope of the authors' calc_speed_of_network: the
// decoded positions pos (one per ms, period lambda) are unwrapped with
// period lambda, the first n of them unwrapped again with period 2 pi, and
// fitted by least squares against t = k/1000 s, k = 0..n-1; the slope is
// the speed in units of lambda per 2 pi per second (rad/s for lambda = 2
// pi). analysis_utils.calc_speed_of_network decodes with lambda = 2 pi and
// uses the whole run (n = len(pos)); analysis_pred_utils' version uses
// lambda0 and n = dir_change_t. Multiply by n_phases/(2 pi) for cells/s.
// n < 2 or n > len(pos) returns ErrShortSignal.
func NetworkSpeed(pos []float64, lambda float64, n int) (float64, error) {
	if n < 2 || n > len(pos) {
		return 0, fmt.Errorf("analysis.NetworkSpeed: %d of %d positions: %w", n, len(pos), analysis.ErrShortSignal)
	}
	u := UnwrapPeriod(UnwrapPeriod(pos, lambda)[:n], 2*math.Pi)
	t := make([]float64, n)
	for k := range t {
		t[k] = float64(k) / 1000
	}
	_, slope := stat.LinearRegression(t, u, nil, false)
	return slope, nil
}

// SpeedOfNetwork is the authors' calc_speed_of_network (analysis_utils):
// stellate positions decoded by DecodePos with lambda 2 pi and a window of
// sigmaMs (100 ms in the original) over the whole run, and their
// NetworkSpeed, in rad/s of pattern phase. stell holds every stellate,
// ring 1 then ring 2; rc.Lambda is ignored.
func (rc RingCode) SpeedOfNetwork(stell [][]float64, durMs int, sigmaMs float64) (float64, error) {
	rc.Lambda = 2 * math.Pi
	pos, err := rc.DecodePos(stell, durMs, sigmaMs)
	if err != nil {
		return 0, fmt.Errorf("analysis.SpeedOfNetwork: %w", err)
	}
	return NetworkSpeed(pos, rc.Lambda, len(pos))
}

// CellsPerSecond converts a pattern speed in rad/s to cells/s:
// v n_phases/(2 pi).
func (rc RingCode) CellsPerSecond(radPerS float64) float64 {
	return radPerS * float64(rc.NPhases) / (2 * math.Pi)
}

package main

import (
	"errors"

	"github.com/golgi-sim/golgi/sim"
)

func hhNetwork(celsius, ampNA, delayMs, durMs float64) (*sim.Network, error) {
	return nil, errors.New("the hh model is not built yet")
}

func hhSpikeTimes(res *sim.Result) []float64 { return nil }

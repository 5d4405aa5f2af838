package sonata_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/internal/refdata"
	"github.com/golgi-sim/golgi/sim/models/sonata"
)

// BenchmarkV5SonataMini builds and runs v5_sonata's mini simulation (5
// cells, 2204 synapses, noise and holding currents, 100 ms) on 1 and 2
// threads and reports the start-up (reading the circuit and building the
// cells and synapses) and the run separately.
func BenchmarkV5SonataMini(b *testing.B) {
	config := filepath.Join(refdata.Require(b, "sonata/circuits/v5_sonata"), "simulation_config_mini.json")
	for _, threads := range []int{1, 2} {
		b.Run(map[int]string{1: "threads=1", 2: "threads=2"}[threads], func(b *testing.B) {
			var build, run time.Duration
			for range b.N {
				t0 := time.Now()
				s, err := sonata.Load(config, &sonata.Options{Compat: true})
				if err != nil {
					b.Fatal(err)
				}
				n, err := sonata.BuildNetwork(s, threads)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := n.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				build += t1.Sub(t0)
				run += time.Since(t1)
				s.Close()
			}
			b.ReportMetric(build.Seconds()/float64(b.N), "startup_s")
			b.ReportMetric(run.Seconds()/float64(b.N), "run_s")
		})
	}
}

// BenchmarkV5Costs runs v5_sonata's mini simulation (100 ms, 2 cell
// groups) with and without what issue 20 bounds: a soma report of every
// cell every 0.1 ms (at most 10 % of the run) and the noise inputs,
// generated before the run and played each step (at most 5 %; without
// them, constant currents of their means). Compare run_s (and startup_s)
// of the variants side by side in one invocation.
func BenchmarkV5Costs(b *testing.B) {
	noReports := func(cfg map[string]any) { cfg["reports"] = map[string]any{} }
	somaReport := func(cfg map[string]any) {
		cfg["reports"] = map[string]any{"soma": map[string]any{"type": "compartment", "cells": "Mosaic", "variable_name": "v",
			"dt": 0.1, "start_time": 0.0, "end_time": 100.0}}
	}
	// The noise inputs replaced by constant currents of their means.
	noNoise := func(cfg map[string]any) {
		noReports(cfg)
		for _, name := range []string{"ThresholdExc", "ThresholdInh"} {
			in := cfg["inputs"].(map[string]any)[name].(map[string]any)
			in["module"], in["percent_start"] = "relative_linear", in["mean_percent"]
			delete(in, "mean_percent")
			delete(in, "variance")
		}
	}
	for _, v := range []struct {
		name string
		edit func(map[string]any)
	}{{"baseline", noReports}, {"soma_report", somaReport}, {"no_noise", noNoise}} {
		b.Run(v.name, func(b *testing.B) {
			var build, run time.Duration
			for range b.N {
				t0 := time.Now()
				n := v5MiniNetwork(b, func(cfg map[string]any) {
					cfg["run"].(map[string]any)["tstop"] = 100.0
					v.edit(cfg)
				})
				t1 := time.Now()
				if _, err := n.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				build += t1.Sub(t0)
				run += time.Since(t1)
			}
			b.ReportMetric(build.Seconds()/float64(b.N), "startup_s")
			b.ReportMetric(run.Seconds()/float64(b.N), "run_s")
		})
	}
}

#!/usr/bin/python3
"""Times MiV-Simulator's cells in NEURON 8.2.2 (issue 21's performance
comparison; scripts/bench-miv-neuron.sh runs it interleaved with Golgi's
BenchmarkMiVCells): COPIES copies of PoolosPyramidalCell (PYR),
PVBasketCell (PVBC) or OLMCell (OLM), built from their neurotrees as MiV
builds them (cell_ref.py's read_swc and make_cell), each with a somatic
current step (the middle amplitude of cell_ref.py), secondorder 2 and dt
0.025 ms as MiV runs them, for TSTOP ms of h.continuerun on one thread.
Prints per population ns_per_compartment_step (the run's wall time over
segments x steps, build excluded).

Run in a directory holding the x86_64/ that nrnivmodl built from
cases/1-construction/mechanisms (bench-miv-neuron.sh does it).

    bench_cells.py [--copies 8] [--tstop 100] [PYR PVBC OLM]
"""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cell_ref  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--tstop", type=float, default=100.0)
    ap.add_argument("pops", nargs="*")
    a = ap.parse_args()
    from neuron import h
    h.load_file("stdrun.hoc")
    cases = cell_ref.ref_root() / "miv" / "cases" / "1-construction"
    for pop, template, amps in cell_ref.CELLS:
        if a.pops and pop not in a.pops:
            continue
        h.load_file(str(cases / "templates" / (template + ".hoc")))
        tree = cell_ref.read_swc(cases / "datasets" / (pop + ".swc"))
        cells, clamps = [], []
        for k in range(a.copies):
            c = cell_ref.make_cell(h, template, cell_ref.GID + k, tree)
            ic = h.IClamp(c.sections[0](0.5))
            ic.delay, ic.dur, ic.amp = 10.0, 1e9, amps[1]
            cells.append(c)
            clamps.append(ic)
        nseg = sum(s.nseg for c in cells for s in c.sections)
        h.cvode_active(0)
        h.dt, h.secondorder = cell_ref.DT, 2
        h.finitialize(cell_ref.V_INIT)
        t0 = time.perf_counter()
        h.continuerun(a.tstop)
        wall = time.perf_counter() - t0
        steps = round(a.tstop / cell_ref.DT)
        print(f"{pop}: {a.copies} cells, {nseg} segments, {steps} steps, {wall:.3f} s: "
              f"ns_per_compartment_step={wall / (nseg * steps) * 1e9:.2f}")
        del clamps, cells


if __name__ == "__main__":
    main()

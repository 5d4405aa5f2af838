"""Writes /H5Types into NeuroH5 files with h5py as MiV-Simulator's
make_h5types (and neuroh5's initrange.py / initprj.py) write them: the
committed enum "Population labels" (uint16), the committed compound
"Population range" {Start u64, Count u32, Population enum} and the dataset
"Populations" (maxshape = its length), the committed compound "Population
projections" {Source, Destination enum} and the dataset "Valid population
projections". The populations, their ranges and the valid projections are
taken from FROM (Golgi's cells.h5): only the layout is h5py's.

  neuroh5_h5types.py FROM OUT...

Also, with --arcs FROM OUT: copies the group attributes Reference U/V
Min/Max of every population's Arc Distances from FROM to OUT, as
MiV-Simulator's measure_distances sets them with h5py after
append_cell_attributes.

Runs without MPI (Debian's serial h5py); never in a process that imports
neuroh5.io.
"""

import sys

import h5py
import numpy as np

H5TYPES = "H5Types"
LABELS = "/H5Types/Population labels"
RANGE = "/H5Types/Population range"
PROJECTIONS = "/H5Types/Population projections"


def h5_get_dataset(g, name, **kwargs):
    if name in g.keys():
        return g[name]
    return g.create_dataset(name, (0,), **kwargs)


def read_types(path):
    with h5py.File(path, "r") as f:
        labels = h5py.check_enum_dtype(f[LABELS].dtype)
        pops = [(int(r["Start"]), int(r["Count"]), int(r["Population"])) for r in f["H5Types/Populations"][:]]
        prjs = [(int(r["Source"]), int(r["Destination"])) for r in f["H5Types/Valid population projections"][:]]
    return dict((k, int(v)) for k, v in labels.items()), pops, prjs


def write_types(path, labels, pops, prjs):
    with h5py.File(path, "a") as h5:
        h5[LABELS] = h5py.special_dtype(enum=(np.uint16, labels))
        h5[RANGE] = np.dtype([("Start", np.uint64), ("Count", np.uint32), ("Population", h5[LABELS].dtype)])
        dt = h5[RANGE].dtype
        g = h5.require_group(H5TYPES)
        dset = h5_get_dataset(g, "Populations", maxshape=(len(pops),), dtype=dt)
        dset.resize((len(pops),))
        a = np.zeros(len(pops), dtype=dt)
        for i, (start, count, idx) in enumerate(pops):
            a[i]["Start"], a[i]["Count"], a[i]["Population"] = start, count, idx
        dset[:] = a
        h5[PROJECTIONS] = np.dtype([("Source", h5[LABELS].dtype), ("Destination", h5[LABELS].dtype)])
        dt = h5[PROJECTIONS]
        dset = h5_get_dataset(g, "Valid population projections", maxshape=(len(prjs),), dtype=dt)
        dset.resize((len(prjs),))
        a = np.zeros(len(prjs), dtype=dt.dtype)
        for i, (src, dst) in enumerate(prjs):
            a[i]["Source"], a[i]["Destination"] = src, dst
        dset[:] = a


def copy_arc_attrs(src, out):
    names = ["Reference U Min", "Reference U Max", "Reference V Min", "Reference V Max"]
    with h5py.File(src, "r") as f, h5py.File(out, "a") as g:
        for pop in f["Populations"]:
            a = f["Populations/%s/Arc Distances" % pop].attrs
            b = g["Populations/%s/Arc Distances" % pop].attrs
            for n in names:
                b[n] = a[n]


def main(argv):
    if len(argv) == 4 and argv[1] == "--arcs":
        copy_arc_attrs(argv[2], argv[3])
        return
    if len(argv) < 3:
        raise SystemExit(__doc__)
    labels, pops, prjs = read_types(argv[1])
    for out in argv[2:]:
        write_types(out, labels, pops, prjs)


if __name__ == "__main__":
    main(sys.argv)

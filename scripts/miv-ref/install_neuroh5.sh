#!/usr/bin/env bash
# Builds neuroh5's Python module (neuroh5.io) with parallel HDF5 and Open MPI
# for /usr/bin/python3, from a neuroh5 source tree given as the argument, for
# checking Golgi's NeuroH5 files against neuroh5 itself (SPEC 8 check 9,
# scripts/miv-ref/neuroh5_ref.sh). A developer tool like install-neuron.sh:
# NOT a dependency of `make test`; the reference values it leads to are
# committed under sim/models/miv/testdata/neuroh5 and CI reads them without
# neuroh5. CI machines have no neuroh5 source: pass a checkout
# (github.com/iraikov/neuroh5; tested at commit 0c50c55, NEUROH5_VERSION
# 0.1.18; for read_trees(topology=True) also at 4937699, see
# neuroh5_ref.sh).
#
#   scripts/miv-ref/install_neuroh5.sh SRC [PREFIX]
#
# PREFIX (default /opt/neuroh5) receives PREFIX/python/neuroh5/ (the
# package's .py files and io.<EXT_SUFFIX>.so); use it with
# PYTHONPATH=PREFIX/python. The build directory is PREFIX/build.
#
# Debian 12 steps (as root):
#  * apt-get install libhdf5-openmpi-dev python3-mpi4py cmake python3-dev
#    python3-numpy (HDF5 1.10.8 built with MPI, Open MPI 4.1.4, mpi4py
#    3.1.4), and hdf5-tools and python3-h5py for neuroh5_ref.sh.
#    Installing libhdf5-openmpi-dev would switch the hdf5.pc alternative
#    (pkg-config hdf5) to the MPI flavour, which Golgi's cgo HDF5 binding
#    must not see: the script pins it to the serial flavour
#    first (manual mode), so `go build` keeps linking serial HDF5.
#  * cmake with FindHDF5 pointed at h5pcc.openmpi (neuroh5's find_hdf5 then
#    reports HDF5_IS_PARALLEL and defines -DHDF5_IS_PARALLEL), no gtest.
#  * make python_neuroh5_io (target excluded from `all`; about 6 min on
#    2 cores), which writes lib/io.so.
#
# Do not import h5py in the same process as neuroh5.io: Debian's h5py is
# linked with serial HDF5, neuroh5 with the MPI one.
set -euo pipefail
src=${1:?usage: install_neuroh5.sh NEUROH5_SRC [PREFIX]}
src=$(cd "$src" && pwd)
prefix=${2:-/opt/neuroh5}
[ -f "$src/python/neuroh5/iomodule.cc" ] || { echo "$src: not a neuroh5 source tree (no python/neuroh5/iomodule.cc)" >&2; exit 1; }

serialpc=/usr/lib/x86_64-linux-gnu/pkgconfig/hdf5-serial.pc
if [ -e "$serialpc" ]; then
  update-alternatives --set hdf5.pc "$serialpc"
fi
pkgs="libhdf5-openmpi-dev python3-mpi4py cmake python3-dev python3-numpy openmpi-bin libopenmpi-dev hdf5-tools python3-h5py"
missing=""
for p in $pkgs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
  if [ -e "$serialpc" ]; then
    update-alternatives --set hdf5.pc "$serialpc"
  fi
fi

build=$prefix/build
mkdir -p "$build"
cmake -S "$src" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DHDF5_C_COMPILER_EXECUTABLE=/usr/bin/h5pcc.openmpi \
  -DPython_EXECUTABLE=/usr/bin/python3 \
  -DBUILD_TESTS=OFF
grep -q '^HDF5_IS_PARALLEL:BOOL=TRUE' "$build/CMakeCache.txt" || { echo "cmake did not find a parallel HDF5" >&2; exit 1; }
make -C "$build" -j"${NEUROH5_JOBS:-2}" python_neuroh5_io

pkg=$prefix/python/neuroh5
ext=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
mkdir -p "$pkg"
cp "$src"/python/neuroh5/*.py "$pkg"/
cp "$build/lib/io.so" "$pkg/io$ext"
(cd / && PYTHONPATH="$prefix/python" /usr/bin/python3 -c 'from neuroh5.io import read_population_ranges, read_cell_attributes, read_trees, read_graph, scatter_read_graph, write_graph, append_cell_attributes, append_cell_trees')
echo "neuroh5.io installed: PYTHONPATH=$prefix/python"

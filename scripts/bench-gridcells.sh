#!/usr/bin/env bash
# Runs GridCellsCond's 1D default network (576 cells, 96 000 synapses, the
# original's default parameters, sim_dur 4500 ms) side by side in one run:
# the ORIGINAL code on NEURON 8.2.2 (1 and 2 MPI ranks, as its
# s_sim_setup.py runs it) and Golgi's `golgi bench gridcells` (1 and 2
# threads). Writes the table to stdout and into docs/PERFORMANCE.md between
# the BENCH-GRIDCELLS markers.
#
#   scripts/bench-gridcells.sh
#
# The original (github.com/assisilab/GridCellsCond, MIT) is not part of
# Golgi: clone it yourself and point GRIDCELLSCOND at it (default
# $HOME/GridCellsCond; not under out/, which make clean removes):
#
#   git clone https://github.com/assisilab/GridCellsCond ~/GridCellsCond
#
# It is copied to a scratch directory; its mod files are compiled there with
# nrnivmodl (neuron-dev). NEURON, its Python module, mpiexec, h5py and scipy
# come from `scripts/install-deps.sh --peers`. DUR_MS (default 4500) and
# NRN_RANKS / GOLGI_THREADS (default "1 2") change the runs. Absolute times
# on shared machines drift; the ratios within one run are what count.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
orig=${GRIDCELLSCOND:-$HOME/GridCellsCond}
dur_ms=${DUR_MS:-4500}
nrn_ranks=${NRN_RANKS:-1 2}
golgi_threads=${GOLGI_THREADS:-1 2}

if [[ ! -f "$orig/s_sim_setup.py" || ! -d "$orig/mod" ]]; then
  cat >&2 <<EOF
bench-gridcells: the original GridCellsCond is not at $orig.
  Clone it (MIT licence; it is not part of Golgi and is not committed):
    git clone https://github.com/assisilab/GridCellsCond $orig
  or set GRIDCELLSCOND=/path/to/GridCellsCond, then run make bench-gridcells again.
EOF
  exit 2
fi
for cmd in nrnivmodl mpiexec /usr/bin/python3; do
  command -v "$cmd" >/dev/null || { echo "bench-gridcells: $cmd not found: run scripts/install-deps.sh --peers" >&2; exit 2; }
done
/usr/bin/python3 -c 'import neuron, h5py, scipy' 2>/dev/null ||
  { echo "bench-gridcells: /usr/bin/python3 lacks neuron, h5py or scipy: run scripts/install-deps.sh --peers" >&2; exit 2; }

if [[ -z "${GOEXPERIMENT+x}" ]] && GOEXPERIMENT=simd go env GOVERSION >/dev/null 2>&1; then export GOEXPERIMENT=simd; fi
go build -o bin/golgi ./cmd/golgi

work=$(mktemp -d /tmp/golgi-bench-gridcells.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$orig" "$work/gcc"
rm -rf "$work/gcc/.git" "$work/gcc/x86_64"
mkdir -p "$work/gcc/logs" "$work/gcc/cache" "$work/gcc/data"

# nrnivmodl: Debian's neuron-dev 8.2.2 looks for nrnmech_makefile in
# /usr/bin while it lives in /usr/lib/nrn, and cannot link `special`
# (missing ivstream.h); the Python module needs only libnrnmech.so, so build
# with a copy of nrnivmodl pointed at the right makefile and keep going past
# `special`.
nrnivmodl=$(command -v nrnivmodl)
if [[ ! -f "$(dirname "$nrnivmodl")/nrnmech_makefile" && -f /usr/lib/nrn/nrnmech_makefile ]]; then
  sed 's#"${bindir}/nrnmech_makefile" "ROOT=${prefix}"#/usr/lib/nrn/nrnmech_makefile "ROOT=${prefix}" "libdir=/usr/lib/nrn"#' "$nrnivmodl" >"$work/nrnivmodl"
  chmod +x "$work/nrnivmodl"
  nrnivmodl="$work/nrnivmodl"
fi
(cd "$work/gcc" && "$nrnivmodl" mod >"$work/nrnivmodl.log" 2>&1) || true
[[ -f "$work/gcc/x86_64/.libs/libnrnmech.so" || -f "$work/gcc/x86_64/libnrnmech.so" ]] ||
  { cat "$work/nrnivmodl.log" >&2; echo "bench-gridcells: nrnivmodl did not build libnrnmech.so" >&2; exit 1; }

if [[ $(id -u) -eq 0 ]]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
export NEURON_MODULE_OPTIONS=-nogui

results="$work/results.jsonl"
# The original, on its default parameters, with n_cpus MPI ranks.
for r in $nrn_ranks; do
  id="golgi-bench-1d-$r"
  cat >"$work/gcc/specs/$id.py" <<EOF
def generate_input_params():
    return {"sim_id": "$id", "sim_dur": $dur_ms, "n_cpus": $r}
EOF
  echo "bench-gridcells: original on NEURON, $r rank(s), $dur_ms ms" >&2
  (cd "$work/gcc" && /usr/bin/time -f '%e %U %S' -o "$work/time" /usr/bin/python3 s_sim_setup.py "specs/$id.py" -o >"$work/nrn.out" 2>&1) ||
    { tail -30 "$work/nrn.out" >&2; echo "bench-gridcells: the original failed" >&2; exit 1; }
  read -r wall usr sys <"$work/time"
  /usr/bin/python3 - "$work/gcc" "$id" "$r" "$wall" "$dur_ms" "$usr" "$sys" >>"$results" <<'PY'
import json, re, sys, h5py, numpy as np
d, sid, ranks, wall, dur = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
cpu = float(sys.argv[6]) + float(sys.argv[7])
log = open(f"{d}/logs/sim_{sid}.log").read()
run = float(re.findall(r"Simulation completed in ([0-9.]+)s", log)[-1])
spikes = 0
for k in ("stell_spks", "intrnrn_spks"):
    with h5py.File(f"{d}/data/{sid}/{k}_{sid}.hdf5", "r") as f:
        spikes += int(np.isfinite(f["0"][k][:]).sum())
print(json.dumps({"label": f"neuron-{ranks}", "simulator": "original on NEURON 8.2.2", "threads": ranks,
                  "run_s": run, "wall_s": wall, "proc_cpu_s": cpu, "spikes": spikes, "neurons": 576, "bio_time_s": dur / 1000}))
PY
done
for t in $golgi_threads; do
  echo "bench-gridcells: golgi, $t thread(s), $dur_ms ms" >&2
  /usr/bin/time -f '%e %U %S' -o "$work/time" bin/golgi bench gridcells --threads "$t" --duration "$(/usr/bin/python3 -c "print($dur_ms/1000)")" >"$work/golgi.out" 2>"$work/golgi.err" ||
    { cat "$work/golgi.err" >&2; exit 1; }
  read -r wall usr sys <"$work/time"
  tail -n 1 "$work/golgi.out" | /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d['wall_s']=$wall; d['proc_cpu_s']=$usr+$sys; d['label']='golgi-$t'; d['simulator']='Golgi'; print(json.dumps(d))" >>"$results"
done

table=$(/usr/bin/python3 - "$results" <<'PY'
import json, sys, platform, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {r["label"]: r for r in rows}
n1 = by.get("neuron-1")
g1 = by.get("golgi-1")
out = [f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()}, one run, back to back: "
       f"GridCellsCond 1D default network (576 cells, 96 000 synapses, default parameters), {rows[0]['bio_time_s']:g} s of biological time.",
       "",
       "| simulator | threads / MPI ranks | run_s | whole process: wall s | whole process: CPU s | spikes | run_s / original's 1 rank | speed-up over own 1 thread/rank |",
       "|---|---|---|---|---|---|---|---|"]
for r in rows:
    own1 = by.get(("neuron-1" if r["label"].startswith("neuron") else "golgi-1"))
    ratio = f"{r['run_s']/n1['run_s']:.3f} (1/{n1['run_s']/r['run_s']:.1f})" if n1 else ""
    sp = f"{own1['run_s']/r['run_s']:.2f}x" if own1 else ""
    out.append(f"| {r['simulator']} | {r['threads']} | {r['run_s']:.2f} | {r['wall_s']:.2f} | {r['proc_cpu_s']:.2f} | {r['spikes']} | {ratio} | {sp} |")
print("\n".join(out))
PY
)
echo "$table"
doc=docs/PERFORMANCE.md
marker=BENCH-GRIDCELLS
if [[ -f $doc ]] && grep -q "<!-- $marker -->" "$doc"; then
  /usr/bin/python3 - "$doc" "$table" "$marker" <<'PY'
import sys
path, table, marker = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(path).read()
a = s.index(f"<!-- {marker} -->") + len(f"<!-- {marker} -->")
b = s.index(f"<!-- /{marker} -->")
open(path, "w").write(s[:a] + "\n" + table + "\n" + s[b:])
PY
  echo "bench-gridcells: table written to $doc ($marker)" >&2
fi

#!/usr/bin/env bash
# Side-by-side MPI benchmarks (make bench-mpi): Brunel 1 s on 1 and 2 ranks
# (one thread each, interleaved, ROUNDS times; on 2 ranks with the spike
# exchange overlapped with stepping, np2, and blocking, np2b), the threaded solver on one
# process for comparison, and the per-message costs of the collectives
# (sim/mpi benchmarks on 2 ranks). Prints markdown for docs/PERFORMANCE.md
# and docs/MPI.md.
#
#   scripts/bench-mpi.sh [MODEL] [DURATION_S]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-brunel}
dur=${2:-1}
extra=(${BENCH_ARGS:-})   # more bench flags, e.g. BENCH_ARGS="--ne 20000"
rounds=${ROUNDS:-3}
mpirun=(mpirun --allow-run-as-root --oversubscribe)
export GOEXPERIMENT=${GOEXPERIMENT:-simd}
[[ -x bin/golgi-mpi && -x bin/golgi ]] || { echo "bench-mpi: build bin/golgi and bin/golgi-mpi first (make build mpi)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

field() { python3 -c "import json,sys; d=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); v=d.get(sys.argv[2]); print(v if not isinstance(v,list) else ' '.join(map(str,v)))" "$1" "$2"; }

echo "| run | round | run_s | peak RSS per rank (MB) | Go heap per rank (MB) | private per rank (MB) | exchange (us/epoch) | wait (us/epoch) | spikes_sha256 |"
echo "|---|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  for cfg in "np1" "np2" "np2b" "t1" "t2"; do
    f=$tmp/$cfg.$r.json
    case $cfg in
      np1) "${mpirun[@]}" -np 1 bin/golgi-mpi bench "$model" "${extra[@]}" --threads 1 --duration "$dur" >"$f" 2>/dev/null ;;
      np2) "${mpirun[@]}" -np 2 bin/golgi-mpi bench "$model" "${extra[@]}" --threads 1 --duration "$dur" >"$f" 2>/dev/null ;;
      np2b) "${mpirun[@]}" -np 2 bin/golgi-mpi bench "$model" "${extra[@]}" --threads 1 --duration "$dur" --blocking-exchange >"$f" 2>/dev/null ;;
      t1) bin/golgi bench "$model" "${extra[@]}" --threads 1 --duration "$dur" >"$f" 2>/dev/null ;;
      t2) bin/golgi bench "$model" "${extra[@]}" --threads 2 --duration "$dur" >"$f" 2>/dev/null ;;
    esac
    rss=$(field "$f" peak_rss_mb_ranks); [[ -z "$rss" || "$rss" == None ]] && rss=$(field "$f" peak_rss_mb)
    heap=$(field "$f" heap_mb_ranks); [[ -z "$heap" || "$heap" == None ]] && heap=$(field "$f" heap_mb)
    priv=$(field "$f" private_mb_ranks); [[ -z "$priv" || "$priv" == None ]] && priv=$(field "$f" private_mb)
    ex=$(field "$f" exchange_us_per_epoch); [[ "$ex" == None ]] && ex="-"
    wt=$(field "$f" wait_us_per_epoch); [[ "$wt" == None ]] && wt="-"
    echo "| $cfg | $r | $(field "$f" run_s) | $rss | $heap | $priv | $ex | $wt | $(field "$f" spikes_sha256 | cut -c1-16) |"
  done
done
python3 - "$tmp" "$rounds" <<'PY'
import json, sys, statistics as st
tmp, rounds = sys.argv[1], int(sys.argv[2])
def load(cfg, r):
    return json.loads(open(f"{tmp}/{cfg}.{r}.json").read().strip().splitlines()[-1])
sp, spb, mem, heap, priv = [], [], [], [], []
for r in range(1, rounds + 1):
    a, b = load("np1", r), load("np2", r)
    sp.append(a["run_s"] / b["run_s"])
    spb.append(a["run_s"] / load("np2b", r)["run_s"])
    mem.append(max(b["peak_rss_mb_ranks"]) / a["peak_rss_mb"])
    heap.append(max(b["heap_mb_ranks"]) / a["heap_mb"])
    priv.append(max(b["private_mb_ranks"]) / a["private_mb"])
t = [load("t1", r)["run_s"] / load("t2", r)["run_s"] for r in range(1, rounds + 1)]
print()
print(f"np 2 over np 1 (run_s ratio per round): {', '.join(f'{x:.2f}' for x in sp)}; median {st.median(sp):.2f}")
print(f"np 2 with the blocking exchange over np 1: {', '.join(f'{x:.2f}' for x in spb)}; median {st.median(spb):.2f}")
print(f"largest rank's peak RSS at np 2 over np 1: {', '.join(f'{x:.2f}' for x in mem)}; median {st.median(mem):.2f}")
print(f"largest rank's Go heap at np 2 over np 1: {', '.join(f'{x:.2f}' for x in heap)}; median {st.median(heap):.2f}")
print(f"largest rank's private memory after the run at np 2 over np 1: {', '.join(f'{x:.2f}' for x in priv)}; median {st.median(priv):.2f}")
print(f"one process, 2 threads over 1 thread: {', '.join(f'{x:.2f}' for x in t)}; median {st.median(t):.2f}")
PY
echo
echo "Collectives on 2 ranks (rank 0, sim/mpi benchmarks):"
GOEXPERIMENT=$GOEXPERIMENT go test -tags mpi -c -o "$tmp/mpi.test" ./sim/mpi
GOLGI_MPI_CHILD=1 "${mpirun[@]}" -np 2 "$tmp/mpi.test" -test.run XXX -test.bench . -test.benchtime 20000x 2>&1 \
  | grep '^Benchmark'

#!/usr/bin/env bash
# Runs the peer simulators and Golgi's `golgi bench` (1 and 2 threads) back
# to back in one run and writes the side-by-side table into
# docs/PERFORMANCE.md between the BENCH-PEERS markers (and to stdout):
# Brian2 2.5.1 (cpp_standalone, 1 thread and OpenMP 2 threads) for coba, cuba
# and brunel; NEURON 8.2.2 (neuron_ring.py, serial and 2 threads, 4096
# cells) for ring, whose table goes between the BENCH-PEERS-RING markers.
#
#   scripts/bench-peers.sh [MODEL...]      default: coba cuba brunel
#
# Needs the Brian2 peer scripts (shared/peers next to the checkout, or
# PEERS=dir) and `scripts/install-deps.sh --peers`. Absolute times on shared
# machines drift; the ratios within one run are what count.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
peers=${PEERS:-}
if [[ -z "$peers" ]]; then
  for d in ../shared/peers ../../shared/peers; do [[ -d $d ]] && peers=$(cd "$d" && pwd) && break; done
fi
[[ -n "$peers" && -f "$peers/brian2_coba.py" ]] || { echo "bench-peers: Brian2 peer scripts not found; set PEERS=/path/to/shared/peers" >&2; exit 1; }
# Always rebuild, with the SIMD loops where the toolchain has them (as make does).
if [[ -z "${GOEXPERIMENT+x}" ]] && GOEXPERIMENT=simd go env GOVERSION >/dev/null 2>&1; then export GOEXPERIMENT=simd; fi
go build -o bin/golgi ./cmd/golgi
models=("$@")
((${#models[@]})) || models=(coba cuba brunel)
work=$(mktemp -d /tmp/golgi-bench-peers.XXXXXX)
trap 'rm -rf "$work"' EXIT

# run LABEL CMD...: runs CMD under /usr/bin/time, keeps its last stdout line
# (a JSON object) and adds wall_s and maxrss_mb of the whole process.
run() {
  local label=$1; shift
  echo "bench-peers: $label" >&2
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; echo "bench-peers: $label failed" >&2; return 1; }
  read -r wall rss <"$work/time"
  tail -n 1 "$work/out" | /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d['wall_s']=$wall; d['maxrss_mb']=round($rss/1024,1); d['label']='$label'; print(json.dumps(d))"
}

results="$work/results.jsonl"
for m in "${models[@]}"; do
  if [[ $m == ring ]]; then
    run "peer-ring-1" /usr/bin/python3 "$peers/neuron_ring.py" --ncell 4096 --out "$work/nrn_1.npz" >>"$results"
    run "peer-ring-2" /usr/bin/python3 "$peers/neuron_ring.py" --ncell 4096 --threads 2 --out "$work/nrn_2.npz" >>"$results"
    run "golgi-ring-1" bin/golgi bench ring --cells 4096 --threads 1 >>"$results"
    run "golgi-ring-2" bin/golgi bench ring --cells 4096 --threads 2 >>"$results"
    continue
  fi
  run "peer-$m-1" /usr/bin/python3 "$peers/brian2_$m.py" --target cpp_standalone --workdir "$work/b2_${m}_1" --out "$work/b2_${m}_1.npz" >>"$results"
  run "peer-$m-2" /usr/bin/python3 "$peers/brian2_$m.py" --target cpp_standalone --threads 2 --workdir "$work/b2_${m}_2" --out "$work/b2_${m}_2.npz" >>"$results"
  run "golgi-$m-1" bin/golgi bench "$m" --threads 1 >>"$results"
  run "golgi-$m-2" bin/golgi bench "$m" --threads 2 >>"$results"
done

table=$(/usr/bin/python3 - "$results" <<'PY'
import json, sys, platform, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {r['label']: r for r in rows}
out = []
out.append(f"Measured {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {platform.node()} ({platform.processor() or platform.machine()}), one run, back to back.")
out.append("")
out.append("| model | simulator | threads | run_s | whole process (s) | peak RSS (MB) | spikes | rate (Hz) | Golgi run_s / peer 1-thread run_s |")
out.append("|---|---|---|---|---|---|---|---|---|")
models = []
for r in rows:
    m = r['label'].split('-')[1]
    if m not in models: models.append(m)
for m in models:
    b1 = by.get(f'peer-{m}-1')
    for lab in (f'peer-{m}-1', f'peer-{m}-2', f'golgi-{m}-1', f'golgi-{m}-2'):
        r = by.get(lab)
        if not r: continue
        sim = 'Golgi'
        if lab.startswith('peer'):
            sim = r.get('simulator', 'peer') + (' ' + r['target'] if r.get('target') else '')
        th = lab.split('-')[2]
        rss = r.get('binary_maxrss_mb') or r['maxrss_mb']
        rate = r.get('mean_rate_hz', r.get('rate_hz'))
        ratio = f"{r['run_s']/b1['run_s']:.2f}" if (b1 and lab.startswith('golgi')) else ''
        out.append(f"| {m} | {sim} | {th} | {r['run_s']:.3f} | {r['wall_s']:.2f} | {rss} | {r['spikes']} | {rate:.2f} | {ratio} |")
print("\n".join(out))
PY
)
echo "$table"
doc=docs/PERFORMANCE.md
marker=BENCH-PEERS
[[ "${models[*]}" == ring ]] && marker=BENCH-PEERS-RING
if [[ -f $doc ]] && grep -q "<!-- $marker -->" "$doc"; then
  /usr/bin/python3 - "$doc" "$table" "$marker" <<'PY'
import sys
path, table, marker = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(path).read()
a = s.index(f'<!-- {marker} -->') + len(f'<!-- {marker} -->')
b = s.index(f'<!-- /{marker} -->')
open(path, 'w').write(s[:a] + '\n' + table + '\n' + s[b:])
PY
  echo "bench-peers: table written to $doc ($marker)" >&2
fi

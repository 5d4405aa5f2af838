#!/usr/bin/env bash
# Executes every notebook headless on the Golgi kernel and checks the results:
# no cell may have an error output (compile errors, panics, a non-zero exit of
# the cell's program), and every cell tagged "expect-image" must have produced
# an image/png output. Also measures the kernel's cold and warm cell times and
# that interrupting a cell stops a running simulation cleanly. Exits non-zero
# naming the notebook and cell of the first failures. Called by
# `make notebooks` (and `make test`).
#
#   scripts/run-notebooks.sh [--out DIR] [--timeout S] [--no-timing] [NOTEBOOK.ipynb ...]
#
# Executed notebooks and kernel logs go to --out (default out/notebooks).
# Results of kernel.Cache (GOLGI_CACHE) and the notebooks' result files
# (GOLGI_RESULTS) go to fresh temporary directories, so every simulation runs
# and nothing is written into the checkout. Needs the kernel: `make kernel`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out/notebooks
TIMEOUT=600
timing=1
notebooks=()
while (($#)); do
  case "$1" in
    --out) OUT=$2; shift ;;
    --timeout) TIMEOUT=$2; shift ;;
    --no-timing) timing=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-notebooks: unknown flag $1" >&2; exit 2 ;;
    *) notebooks+=("$1") ;;
  esac
  shift
done
if ((${#notebooks[@]} == 0)); then
  shopt -s nullglob
  notebooks=("$ROOT"/notebooks/*.ipynb "$ROOT"/notebooks/*/*.ipynb)
fi
((${#notebooks[@]})) || { echo "run-notebooks: no notebooks found" >&2; exit 1; }

JUPYTER=${JUPYTER:-/usr/bin/jupyter}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
[[ -x $JUPYTER ]] || JUPYTER=$(command -v jupyter || true)
[[ -n $JUPYTER ]] || { echo "run-notebooks: jupyter not found; run make kernel" >&2; exit 1; }
KERNEL=${GOLGI_KERNEL_NAME:-golgi}
export PYDEVD_DISABLE_FILE_VALIDATION=1
# The kernel must exist and resolve Golgi to this checkout (its go.work).
if ! uses=$("$JUPYTER" kernelspec list --json 2>/dev/null | "$PY" -c "
import json, sys
spec = json.load(sys.stdin)['kernelspecs'].get('$KERNEL')
if spec is None:
    sys.exit(1)
print(next((a.split('=', 1)[1] for a in spec['spec']['argv'] if a.startswith('-go_work=')), ''))"); then
  echo "run-notebooks: no \"$KERNEL\" kernel; run make kernel (scripts/install-kernel.sh)" >&2
  exit 1
fi
if [[ "$uses" != "$ROOT" ]]; then
  echo "run-notebooks: the \"$KERNEL\" kernel uses the checkout ${uses:-(none)}, not $ROOT; run make kernel here" >&2
  exit 1
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
GOLGI_CACHE=$(mktemp -d)
GOLGI_RESULTS=$(mktemp -d)
export GOLGI_CACHE GOLGI_RESULTS
trap 'rm -rf "$GOLGI_CACHE" "$GOLGI_RESULTS"' EXIT
status=0

# 1. Kernel timings and interrupt (jupyter_client, one kernel at a time).
if ((timing)); then
  "$PY" - "$KERNEL" "$OUT" <<'EOF' || status=1
import os, queue, sys, time, uuid
from jupyter_client.manager import start_new_kernel

kernel, out = sys.argv[1], sys.argv[2]
IMPORTS = '''import (
	"github.com/golgi-sim/golgi/analysis"
	"github.com/golgi-sim/golgi/kernel"
	"github.com/golgi-sim/golgi/plotting"
	"github.com/golgi-sim/golgi/sim"
	"github.com/golgi-sim/golgi/sim/nets"
)
'''
CELL = IMPORTS + '''%%
net := kernel.Must(nets.CUBA(nets.CUBAConfig{N: 400}))
res, err := sim.Run(kernel.Context(), net, 10*sim.Millisecond, nil)
kernel.Show(err)
_, _ = analysis.MeanCV, plotting.Raster
fmt.Println("spikes:", res.NumSpikes())
'''
WARM = '%%\nfmt.Println("dt:", sim.Millisecond)\n'
LONG = '''%%
net := nets.Brunel(nets.BrunelConfig{NE: 2000})
res, err := sim.Run(kernel.Context(), net, 1000*sim.Second, &sim.Options{Progress: kernel.Progress("Brunel")})
kernel.Show(err)
fmt.Println("complete:", res.Complete)
'''

def run(km, kc, code, interrupt_after=None, timeout=300):
    t0 = time.time()
    msg_id = kc.execute(code)
    outs, t_int = [], None
    while True:
        now = time.time()
        if interrupt_after is not None and t_int is None and now - t0 > interrupt_after:
            km.interrupt_kernel()
            t_int = now
        if now - t0 > timeout:
            raise RuntimeError("cell timed out after %d s" % timeout)
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        if t == "status" and msg["content"]["execution_state"] == "idle":
            break
        c = msg["content"]
        if t == "stream":
            outs.append(c["text"])
        elif t in ("display_data", "update_display_data", "execute_result"):
            outs.append(c["data"].get("text/plain", ""))
        elif t == "error":
            outs.append("ERROR " + c.get("evalue", ""))
    end = time.time()
    reply = kc.get_shell_msg(timeout=30)["content"]["status"]
    text = "".join(outs)
    if reply != "ok" or "ERROR" in text:
        raise RuntimeError("cell failed (%s): %s" % (reply, text[-2000:]))
    return end - t0, (end - t_int if t_int else None), text

def start():
    t0 = time.time()
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=120,
                              stderr=open(os.path.join(out, "timing-kernel.log"), "a"))
    return km, kc, time.time() - t0

def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel()  # graceful: gonb removes its /tmp/gonb_* directory

failed = False
try:
    # Cold: a new kernel whose first cell compiles Golgi's packages (a unique
    # compiler flag for them misses the build cache; dependencies hit it).
    km, kc, t_start = start()
    flag = "%%goflags -gcflags=github.com/golgi-sim/golgi/...=-D=/cold-%s\n" % uuid.uuid4().hex[:8]
    cold, _, _ = run(km, kc, flag + CELL)
    warm = min(run(km, kc, CELL)[0] for _ in range(3))
    tiny = min(run(km, kc, WARM)[0] for _ in range(3))
    # Interrupt: the stop button during a long run.
    t_run, latency, text = run(km, kc, LONG, interrupt_after=3)
    after, _, text2 = run(km, kc, WARM)
    stop(km, kc)
    if "interrupted" not in text or "complete: false" not in text or "stopped at" not in text:
        print("run-notebooks: FAIL interrupt: the run did not stop cleanly:\n" + text[-1500:])
        failed = True
    # A new kernel with Golgi in the build cache (what a user mostly sees).
    km, kc, t_start2 = start()
    first, _, _ = run(km, kc, CELL)
    stop(km, kc)
    print("kernel start          %5.2f s" % t_start)
    print("cold first cell       %5.2f s  (compiling Golgi; limit 20 s)" % cold)
    print("first cell, cached    %5.2f s  (new kernel, Golgi in the build cache)" % first)
    print("warm cell             %5.2f s  (the same cell again; limit 1 s)" % warm)
    print("warm trivial cell     %5.2f s" % tiny)
    print("interrupt             stopped %.2f s after the stop button; next cell %.2f s" % (latency, after))
    if cold > 20 or warm > 1:
        print("run-notebooks: FAIL timing: cold %.1f s (max 20), warm %.2f s (max 1)" % (cold, warm))
        failed = True
    if latency is None or latency > 5:
        print("run-notebooks: FAIL interrupt took %s s" % latency)
        failed = True
except Exception as e:
    print("run-notebooks: FAIL timing:", e)
    failed = True
sys.stdout.flush()
os._exit(1 if failed else 0)  # skips jupyter_client's noisy destructors at exit
EOF
fi

# 2. Execute each notebook, then check it.
printf '%-44s %8s  %s\n' notebook seconds result
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  t0=$(date +%s.%N)
  if ! "$JUPYTER" nbconvert --to notebook --execute --allow-errors \
    --ExecutePreprocessor.kernel_name="$KERNEL" --ExecutePreprocessor.timeout="$TIMEOUT" \
    --output-dir "$OUT" --output "$name" "$nb" >"$OUT/$name.log" 2>&1; then
    printf '%-44s %8s  %s\n' "$name" - "FAIL: nbconvert failed, see $OUT/$name.log"
    status=1
    continue
  fi
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  if result=$("$PY" - "$OUT/$name.ipynb" "$nb" <<'EOF'
import json, sys
import nbformat
nb = json.load(open(sys.argv[1]))
problems = []
try:  # the notebook as committed must be valid nbformat 4 (JupyterLab)
    src = nbformat.read(sys.argv[2], as_version=4)
    nbformat.validate(src)
    if any(c.get("outputs") for c in src.cells if c.cell_type == "code"):
        problems.append("committed with outputs (clear them)")
except Exception as e:
    problems.append("invalid notebook: %s" % str(e).splitlines()[0])
for i, c in enumerate(nb["cells"]):
    if c["cell_type"] != "code":
        continue
    src = "".join(c["source"]).strip()
    first = next((l for l in src.splitlines() if l.strip() and not l.startswith("%")), src[:60])[:60]
    where = "cell %d (%s)" % (i + 1, first)
    if src and c.get("execution_count") is None:
        problems.append(where + ": not executed")
    for o in c.get("outputs", []):
        if o["output_type"] == "error":
            msg = (o.get("evalue") or o.get("ename") or "").strip().splitlines()
            problems.append(where + ": error: " + (msg[0] if msg else "?"))
        elif o["output_type"] == "stream" and o.get("name") == "stderr" and \
                ("panic:" in "".join(o["text"]) or "exit status" in "".join(o["text"])):
            problems.append(where + ": " + "".join(o["text"]).strip().splitlines()[0])
    if "expect-image" in c.get("metadata", {}).get("tags", []):
        if not any("image/png" in o.get("data", {}) for o in c.get("outputs", [])):
            problems.append(where + ": tagged expect-image but produced no image/png")
if problems:
    print("FAIL: " + "; ".join(problems[:5]))
    sys.exit(1)
images = sum("image/png" in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])
print("ok (%d images)" % images)
EOF
  ); then
    printf '%-44s %8s  %s\n' "$name" "$secs" "$result"
  else
    printf '%-44s %8s  %s\n' "$name" "$secs" "$result"
    status=1
  fi
done
if ((status)); then
  echo "run-notebooks: FAILED (executed notebooks and logs in $OUT)" >&2
else
  echo "run-notebooks: ok (executed notebooks in $OUT)" >&2
fi
exit $status

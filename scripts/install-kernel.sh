#!/usr/bin/env bash
# Installs the Golgi Jupyter kernel: the one source of truth for
# `make kernel`, `golgi kernel install` and docker/Dockerfile. Idempotent:
# it installs only what is missing or at the wrong version.
#
#   scripts/install-kernel.sh              everything (apt as root when packages are missing)
#   scripts/install-kernel.sh --apt-only   only the Debian packages (Dockerfile, as root)
#   scripts/install-kernel.sh --no-apt     skip apt (non-Debian machines; implied in a conda environment)
#   scripts/install-kernel.sh --system     kernelspec for all users (/usr/local/share/jupyter)
#   scripts/install-kernel.sh --sys-prefix kernelspec in the active conda/venv prefix:
#                                          conda activate golgi && scripts/install-kernel.sh --sys-prefix
#   scripts/install-kernel.sh --no-warm    skip pre-compiling Golgi for a fast first cell
#
# Steps:
#  1. Debian packages for Jupyter and headless execution (classic notebook,
#     nbconvert, nbclient, jupyter-client's kernelspec tool).
#  2. gonb v0.11.4, goimports and gopls at pinned versions into GOBIN (or
#     $(go env GOPATH)/bin). The module proxy refuses version lists for some
#     modules, so each is fetched with `go mod download mod@version` first and
#     installed from the module cache (see ../shared/PLATFORM.md).
#  3. A kernelspec "golgi" ("Go (Golgi)") whose kernel.json starts gonb with a
#     go.work that uses this checkout (gonb's -go_work flag), so
#     `import "github.com/golgi-sim/golgi/sim"` resolves in any notebook, and
#     whose env block carries PATH (go, gonb, goimports, gopls), GOPROXY,
#     GOFLAGS, GOEXPERIMENT and GOLGI_ROOT, so Jupyter started from any shell
#     finds them. The kernelspec's bin/go (scripts/kernel-go.sh) comes first
#     on that PATH: it runs gonb's per-cell `go get` offline first, which
#     saves about a second of module-proxy round trips per cell.
#  4. Pre-compiles the packages notebooks import, so the first cell of a new
#     kernel only compiles the cell.
#
# Environment: JUPYTER (default: the conda environment's, else /usr/bin/jupyter,
# else jupyter on PATH), GOLGI_KERNEL_NAME (default golgi).
set -euo pipefail

GONB_VERSION=v0.11.4
GOIMPORTS_VERSION=v0.49.0
GOPLS_VERSION=v0.23.0
NAME=${GOLGI_KERNEL_NAME:-golgi}
DISPLAY_NAME="Go (Golgi)"

apt=1 rest=1 warm=1 scope=--user
for arg in "$@"; do
  case "$arg" in
    --apt-only) rest=0 ;;
    --no-apt) apt=0 ;;
    --no-warm) warm=0 ;;
    --system) scope=--sys ;;
    --sys-prefix) scope=--sys-prefix ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-kernel: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
say() { echo "install-kernel: $*" >&2; }
die() { echo "install-kernel: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PYDEVD_DISABLE_FILE_VALIDATION=1 # silences a debugger warning of Debian's Python 3.11

# 1. Debian packages (not in a conda environment, which brings its own Jupyter).
[[ -n "${CONDA_PREFIX:-}" && $rest -eq 1 ]] && apt=0
if ((apt)) && command -v dpkg-query >/dev/null; then
  apt_pkgs=(jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient
    python3-nbformat python3-jupyter-client python3-ipykernel ca-certificates git)
  missing=()
  for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null || die "need root or sudo to apt-get install ${missing[*]} (or pass --no-apt)"
      SUDO=sudo
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
((rest)) || { say "apt packages ok"; exit 0; }

# 2. Go and the pinned tools.
command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null ||
  die "Go >= 1.24 not found. Install it at /usr/local/go (https://go.dev/doc/install) and re-run."
gov=$(go env GOVERSION | sed 's/^go//')
[[ "$(printf '%s\n1.24\n' "$gov" | sort -V | head -1)" == "1.24" ]] ||
  die "Go $gov is older than 1.24; install a newer Go at /usr/local/go."
GOBIN_DIR=$(go env GOBIN)
[[ -n "$GOBIN_DIR" ]] || GOBIN_DIR="$(go env GOPATH | cut -d: -f1)/bin"
mkdir -p "$GOBIN_DIR"
export PATH="$GOBIN_DIR:$PATH"
GOMODCACHE=$(go env GOMODCACHE)

# tool_version BINARY prints the module version a Go binary was built from.
tool_version() {
  [[ -x "$1" ]] || return 0
  go version -m "$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'
}
# install_tool PACKAGE MODULE VERSION
install_tool() {
  local pkg=$1 mod=$2 ver=$3 bin
  bin="$GOBIN_DIR/$(basename "$pkg")"
  if [[ "$(tool_version "$bin")" == "$ver" ]]; then
    return
  fi
  say "installing $pkg@$ver into $GOBIN_DIR"
  # Outside any module, so this checkout's go.mod plays no part.
  (cd / && go mod download "$mod@$ver" >/dev/null &&
    GOPROXY="file://$GOMODCACHE/cache/download,$(go env GOPROXY)" go install "$pkg@$ver") || die "go install $pkg@$ver failed (see above)"
}
install_tool github.com/janpfeifer/gonb github.com/janpfeifer/gonb "$GONB_VERSION"
install_tool golang.org/x/tools/cmd/goimports golang.org/x/tools "$GOIMPORTS_VERSION"
install_tool golang.org/x/tools/gopls golang.org/x/tools/gopls "$GOPLS_VERSION"

# 3. The kernelspec.
JUPYTER=${JUPYTER:-}
if [[ -z "$JUPYTER" ]]; then
  if [[ -n "${CONDA_PREFIX:-}" && -x "$CONDA_PREFIX/bin/jupyter" ]]; then
    JUPYTER=$CONDA_PREFIX/bin/jupyter
  elif [[ -x /usr/bin/jupyter ]]; then
    JUPYTER=/usr/bin/jupyter # not a pyenv or other shim earlier on PATH
  else
    JUPYTER=$(command -v jupyter || true)
  fi
fi
[[ -n "$JUPYTER" ]] || die "jupyter not found (install jupyter-notebook, or jupyterlab in your environment)"
"$JUPYTER" kernelspec --version >/dev/null 2>&1 ||
  die "$JUPYTER has no kernelspec command (apt-get install jupyter-client)"

# SIMD loops as the Makefile builds them, where the toolchain has them.
goexperiment=$(go env GOEXPERIMENT)
if [[ -z "$goexperiment" ]] && GOEXPERIMENT=simd go env GOVERSION >/dev/null 2>&1; then
  goexperiment=simd
fi
syspath="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
kpath="$(go env GOROOT)/bin:$GOBIN_DIR"
[[ -n "${CONDA_PREFIX:-}" ]] && kpath="$kpath:$CONDA_PREFIX/bin"
kpath="$kpath:$syspath"

spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
K_PATH=$kpath K_GO="$(go env GOROOT)/bin/go" K_GOPROXY=$(go env GOPROXY) K_ROOT=$ROOT K_GOFLAGS=$(go env GOFLAGS) \
  K_GOEXPERIMENT=$goexperiment K_GOTOOLCHAIN=$(go env GOTOOLCHAIN) K_GONB="$GOBIN_DIR/gonb" \
  K_DISPLAY=$DISPLAY_NAME K_VERSION=$GONB_VERSION \
  "$PY" - "$spec/kernel.json" <<'EOF'
import json, os, sys
e = os.environ
env = {"PATH": e["K_PATH"], "GOLGI_REAL_GO": e["K_GO"], "GOPROXY": e["K_GOPROXY"], "GOLGI_ROOT": e["K_ROOT"]}
for k in ("GOFLAGS", "GOEXPERIMENT", "GOTOOLCHAIN"):
    if e.get("K_" + k):
        env[k] = e["K_" + k]
pc = [p for p in (e.get("CONDA_PREFIX") and e["CONDA_PREFIX"] + "/lib/pkgconfig", e.get("PKG_CONFIG_PATH")) if p]
if pc:
    env["PKG_CONFIG_PATH"] = ":".join(pc)
spec = {
    "argv": [e["K_GONB"], "--kernel", "{connection_file}", "-go_work=" + e["K_ROOT"]],
    "display_name": e["K_DISPLAY"],
    "language": "go",
    "interrupt_mode": "message",
    "env": env,
    "metadata": {"golgi": {"root": e["K_ROOT"], "gonb": e["K_VERSION"]}},
}
with open(sys.argv[1], "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
EOF
logo="$GOMODCACHE/github.com/janpfeifer/gonb@$GONB_VERSION/internal/kernel/Go_gopher_favicon.svg"
[[ -f "$logo" ]] && cp "$logo" "$spec/logo-svg.svg"
# The kernel's go: scripts/kernel-go.sh (gonb's per-cell `go get` offline first).
mkdir -p "$spec/bin"
cp "$ROOT/scripts/kernel-go.sh" "$spec/bin/go"
chmod -R a+rX "$spec"
kargs=(--replace --name "$NAME")
case "$scope" in
  --user) kargs+=(--user) ;;
  --sys-prefix) kargs+=(--sys-prefix) ;;
esac
"$JUPYTER" kernelspec install "${kargs[@]}" "$spec" >/dev/null 2>&1 ||
  "$JUPYTER" kernelspec install "${kargs[@]}" "$spec" # again, to show the error
dir=$("$JUPYTER" kernelspec list --json 2>/dev/null |
  "$PY" -c "import json,sys; print(json.load(sys.stdin)['kernelspecs']['$NAME']['resource_dir'])") ||
  die "kernelspec $NAME not listed by $JUPYTER kernelspec list"
# Its bin/ (the go of scripts/kernel-go.sh) goes first on the kernel's PATH,
# which needs the directory Jupyter installed the kernelspec into.
chmod a+rx "$dir/bin/go"
"$PY" - "$dir" <<'EOF'
import json, os, sys
path = os.path.join(sys.argv[1], "kernel.json")
with open(path) as f:
    spec = json.load(f)
spec["env"]["PATH"] = os.path.join(sys.argv[1], "bin") + ":" + spec["env"]["PATH"]
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
EOF

# 4. Pre-compile what notebooks import (fills the build cache the kernel uses).
if ((warm)); then
  pkgs=()
  for p in kernel sim sim/nets sim/channels plotting analysis; do
    [[ -d "$ROOT/$p" ]] && pkgs+=("./$p")
  done
  (cd "$ROOT" && GOEXPERIMENT=$goexperiment go build "${pkgs[@]}") ||
    say "warning: pre-compiling ${pkgs[*]} failed; the first notebook cell will be slow or fail"
fi
say "ok: kernel \"$DISPLAY_NAME\" in $dir (gonb $GONB_VERSION, go $gov, checkout $ROOT)"

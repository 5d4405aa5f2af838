#!/usr/bin/env bash
# Installs what Golgi needs on a Debian 12 machine: the one source of truth
# for `make deps`, CI and docker/Dockerfile. Idempotent: it installs only
# what is missing. Run as root (or with sudo available) for apt packages.
#
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh --peers  also the reference simulators (Brian2,
#                                    NEURON with nrnivmodl and MPI, and what
#                                    the original GridCellsCond imports)
set -euo pipefail

# libopenmpi-dev and openmpi-bin: `make mpi` (bin/golgi-mpi) and the MPI tests.
apt_pkgs=(ca-certificates git make gcc pkg-config libhdf5-dev hdf5-tools python3-h5py python3-numpy libopenmpi-dev openmpi-bin)
if [[ "${1:-}" == "--peers" ]]; then
  apt_pkgs+=(python3-brian python3-brian-lib g++ time python3-numpy neuron python3-neuron neuron-dev
    openmpi-bin python3-scipy)
fi

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Go: the machines have it at /usr/local/go; Debian's golang-go is too old
# for this module (go.mod asks for 1.24).
export PATH="/usr/local/go/bin:$PATH"
if ! command -v go >/dev/null; then
  echo "install-deps: Go >= 1.24 not found. Install it at /usr/local/go (https://go.dev/doc/install) and re-run." >&2
  exit 1
fi
gov=$(go env GOVERSION | sed 's/^go//')
if [[ "$(printf '%s\n1.24\n' "$gov" | sort -V | head -1)" != "1.24" ]]; then
  echo "install-deps: Go $gov is older than 1.24; install a newer Go at /usr/local/go." >&2
  exit 1
fi
# Modules and pinned tools (staticcheck is a tool of go.mod).
cd "$(dirname "$0")/.."
go mod download
echo "install-deps: ok (go $gov)" >&2

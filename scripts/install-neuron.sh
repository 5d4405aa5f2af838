#!/usr/bin/env bash
# Installs NEURON 8.2.x from Debian 12 packages and a working nrnivmodl, for
# regenerating the NEURON reference traces of the NMODL translator
# (scripts/nmodl-ref/make_refs.py, `make nmodl-ref`). This is NOT a
# dependency of `make test`: the generated references are committed under
# sim/nmodl/testdata/neuron and CI reads them without NEURON.
#
# Idempotent: apt-get runs only when a package is missing, and the patched
# nrnivmodl is rewritten only when it differs.
#
# Debian's /usr/bin/nrnivmodl runs `make -f ${bindir}/nrnmech_makefile
# "ROOT=${prefix}" ...`, but the package installs the makefile at
# /usr/lib/nrn/nrnmech_makefile, and with ROOT=/usr the makefile's libdir
# (${ROOT}/lib) misses libnrniv.so, which is in /usr/lib/nrn. The workaround
# (../shared/PLATFORM.md): a copy of nrnivmodl whose make line names
# /usr/lib/nrn/nrnmech_makefile and passes "libdir=/usr/lib/nrn". The copy
# also builds only the mechanism library (x86_64/.libs/libnrnmech.so, all
# that Python's neuron.load_mechanisms needs) instead of the `special`
# executable, and runs make with $NRNIVMODL_JOBS jobs (default 1), so that
# it stays light on a shared machine.
#
#   scripts/install-neuron.sh            install, print the nrnivmodl path
#
# The copy is written to $GOLGI_NRNIVMODL (default out/neuron/nrnivmodl in
# the repository; out/ is not committed).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dest="${GOLGI_NRNIVMODL:-$repo/out/neuron/nrnivmodl}"

# neuron: the simulator; python3-neuron: `from neuron import h` for
# /usr/bin/python3; neuron-dev: nocmodl, headers and nrnmech_makefile;
# g++/make: compiling the generated C; python3-numpy: used by make_refs.py.
apt_pkgs=(neuron python3-neuron neuron-dev g++ make python3-numpy)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-neuron: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-neuron: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

src=/usr/bin/nrnivmodl
mk=/usr/lib/nrn/nrnmech_makefile
for f in "$src" "$mk"; do
  [[ -e "$f" ]] || { echo "install-neuron: $f is missing after installing ${apt_pkgs[*]}" >&2; exit 1; }
done
# The one make line of Debian's script, as it is in neuron-dev 8.2.2-4.
orig='make -j 4 -f "${bindir}/nrnmech_makefile" "ROOT=${prefix}"'
grep -qF "$orig" "$src" || { echo "install-neuron: $src has no line '$orig'; the workaround needs updating" >&2; exit 1; }

mkdir -p "$(dirname "$dest")"
tmp="$(mktemp "$dest.XXXXXX")"
# The make line becomes: our job count, Debian's real makefile path and
# libdir, and the target mech_lib_shared (the library without `special`).
sed -e "s|$(printf '%s' "$orig" | sed 's/[][\.*^$|]/\\&/g')|make -j \"\${NRNIVMODL_JOBS:-1}\" -f $mk \"ROOT=\${prefix}\" \"libdir=/usr/lib/nrn\"|" \
    -e 's|"LinkCoreNEURON=$LinkCoreNEURON" special \&\&|"LinkCoreNEURON=$LinkCoreNEURON" mech_lib_shared \&\&|' \
    -e 's|echo "Successfully created $MODSUBDIR/special"|echo "Successfully created $MODSUBDIR/.libs/libnrnmech.so"|' \
    "$src" >"$tmp"
grep -qF "$mk" "$tmp" && grep -qF mech_lib_shared "$tmp" || { rm -f "$tmp"; echo "install-neuron: patching $src failed" >&2; exit 1; }
chmod 755 "$tmp"
if cmp -s "$tmp" "$dest"; then rm -f "$tmp"; else mv "$tmp" "$dest"; fi

ver="$(/usr/bin/python3 -c 'from neuron import h; print(h.nrnversion())' 2>/dev/null | tail -1)"
echo "install-neuron: ok ($ver); nrnivmodl: $dest" >&2
echo "$dest"

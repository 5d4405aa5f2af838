#!/bin/sh
# The `go` command the Golgi kernel runs: first on the kernel's PATH, in the
# kernelspec's bin/ (scripts/install-kernel.sh puts it there and sets
# GOLGI_REAL_GO in kernel.json to the Go it found). It passes every command
# on to that Go unchanged, except one: before each cell gonb runs `go get`
# (no arguments; `go get -t` for test cells) to fetch the modules a cell
# newly imports, and that command asks the module proxy for the version list
# of every module in the build, about a second of network per cell even when
# nothing is missing. Here it is first tried offline (GOPROXY=off), which
# succeeds in well under 0.1 s when every module is already in the module
# cache, and run as gonb asked only when that fails: when a cell imports a
# module not downloaded yet. Offline, go get skips its notices of retracted
# and deprecated module versions.
real=${GOLGI_REAL_GO:-}
if [ -z "$real" ] || [ ! -x "$real" ]; then
  echo "golgi kernel: GOLGI_REAL_GO is \"$real\", not an executable go; reinstall the kernel (make kernel)" >&2
  exit 127
fi
case "$*" in
  get | "get -t")
    GOPROXY=off "$real" "$@" 2>/dev/null && exit 0 ;;
esac
exec "$real" "$@"

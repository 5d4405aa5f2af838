# Golgi: the two commands are `make run` and `make test`.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO ?= go
# SIMD update loops (simd/archsimd, Go >= 1.26) where the toolchain has them;
# results are bit-identical with and without (tested).
GOEXPERIMENT ?= $(shell GOEXPERIMENT=simd $(GO) env GOVERSION >/dev/null 2>&1 && echo simd)
export GOEXPERIMENT
OUT ?= out
PKGS := ./...

.PHONY: all deps run test validate vet fuzz bench bench-peers bench-cell bench-sonata-scale bench-gridcells build clean kernel notebooks notebooks-html docker mpi test-mpi bench-mpi reproduce-gridcells nmodl-ref check-lanes

all: test

## deps: install what is missing (apt packages as root, Go modules, pinned tools)
deps:
	@scripts/install-deps.sh

## build: build bin/golgi
build: deps
	$(GO) build -o bin/golgi ./cmd/golgi

## mpi: build bin/golgi-mpi, the CLI with MPI (Open MPI): mpirun -np K bin/golgi-mpi run SPEC.json (docs/MPI.md)
mpi: deps
	$(GO) build -tags mpi -o bin/golgi-mpi ./cmd/golgi

## run: install what is missing, run the default network, write spikes and a raster PNG
run: build
	bin/golgi run --out $(OUT)

## test: vet, staticcheck, unit and validation tests, short fuzzing of the parsers
# Validation tests fail, not skip, when shared/ref reference data are missing
# (internal/refdata.Require); GOLGI_REQUIRE_REF=0 make test lets them skip.
test: export GOLGI_REQUIRE_REF ?= 1
test: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)
	$(GO) test -count=1 -timeout 20m $(PKGS)
	GOEXPERIMENT= $(GO) test -count=1 -short ./sim/...   # the scalar loops too
	# Counts, not durations: Go 1.26's fuzz coordinator can fail a clean run with
	# "context deadline exceeded" when a duration ends under load (go.dev/issue/75804,
	# fixed in Go 1.27); a count has no deadline. About 5 s each on this machine.
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 40000x ./sim/spec/
	$(GO) test -run XXX -fuzz FuzzParseSpec -fuzztime 15000x ./sim/models/gridcells/
	$(GO) test -run XXX -fuzz FuzzConfig -fuzztime 20000x ./sim/models/sonata/
	$(GO) test -run XXX -fuzz FuzzNodeSets -fuzztime 20000x ./sim/models/sonata/
	$(GO) test -run XXX -fuzz FuzzConfig -fuzztime 20000x ./sim/models/miv/
	$(GO) test -run XXX -fuzz FuzzTreeOfNeuroH5 -fuzztime 20000x ./sim/models/miv/
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 40000x ./sim/nmodl/
	$(GO) test -run XXX -fuzz FuzzGenerate -fuzztime 20000x ./sim/nmodl/
	$(GO) test -run XXX -fuzz FuzzUnits -fuzztime 10000x ./sim/nmodl/units/
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 10000x ./sim/hoc/
	$(GO) test -run XXX -fuzz FuzzReadASC -fuzztime 10000x ./sim/morph/
	$(GO) test -run XXX -fuzz FuzzReadSegmentsCSV -fuzztime 10000x ./sim/models/miv/
	$(GO) test -run XXX -bench . -benchtime 1x ./sim/ >/dev/null
	$(MAKE) test-mpi
	$(MAKE) notebooks

## validate: the long validations (minutes each: GridCellsCond speed against DC, ...), not in make test
validate: deps
	set -o pipefail; GOLGI_LONG=1 $(GO) test -count=1 -timeout 60m -run 'TestSpeedAgainstDC|Long' -v ./sim/... | grep -E '^(=== RUN|--- |\s+\S+_test.go|ok|FAIL|PASS)'

# mpirun's flags for this machine: root in containers, more ranks than cores.
MPIRUN ?= mpirun --allow-run-as-root --oversubscribe

## test-mpi: the MPI tests on real ranks (COBA, Brunel, ring, GridCellsCond 1D, SONATA v5_sonata mini and v5_gapjunctions (spike files, soma report), a MiV network (spikes, v, LFP; construction files) on np 1-3 x threads 1-2 bit-identical, failures end every rank); skipped where Open MPI is missing
test-mpi:
	@if ! command -v mpirun >/dev/null || ! pkg-config --exists ompi; then \
	  echo "test-mpi: SKIPPED: Open MPI is not installed (make deps installs libopenmpi-dev and openmpi-bin)"; exit 0; fi; \
	set -e; \
	$(GO) test -count=1 -tags mpi ./sim/mpi/; \
	$(GO) test -count=1 -tags mpi -run 'TestMPI' ./cmd/golgi/; \
	$(GO) build -o bin/golgi ./cmd/golgi; \
	if out=$$($(MPIRUN) -np 2 bin/golgi version 2>&1); then echo "test-mpi: bin/golgi under mpirun did not refuse: $$out"; exit 1; fi; \
	echo "$$out" | grep -q "built without MPI" || { echo "test-mpi: bin/golgi under mpirun: unclear message: $$out"; exit 1; }; \
	echo "test-mpi: ok (bin/golgi under mpirun refuses: built without MPI)"

## nmodl-ref: regenerate the NEURON reference traces of the NMODL translator (sim/nmodl/testdata/neuron; installs NEURON from Debian packages; not part of make test)
nmodl-ref:
	scripts/install-neuron.sh
	nice /usr/bin/python3 scripts/nmodl-ref/make_refs.py

## kernel: the Jupyter kernel "Go (Golgi)": pinned gonb/goimports/gopls, kernelspec, warm build cache
kernel: deps
	@scripts/install-kernel.sh

## notebooks: run every notebook headless; check errors/images, cold/warm cell times, interrupt
notebooks: kernel
	scripts/run-notebooks.sh --out $(OUT)/notebooks

## notebooks-html: HTML and headless-Chromium screenshots of the executed notebooks; fails on a missing image (not in make test: needs chromium)
notebooks-html: kernel
	scripts/notebooks-html.sh --out $(OUT)/notebooks-html

## docker: build the image (Debian 12, Jupyter on 8888 with a token, kernel and notebooks)
docker:
	@command -v docker >/dev/null || { echo "make docker: no docker here (see docker/Dockerfile)"; exit 1; }
	DOCKER_BUILDKIT=1 docker build -f docker/Dockerfile -t golgi .

## bench: Go benchmarks of the engine
bench: deps
	$(GO) test -run XXX -bench . -benchmem ./sim/ ./sim/nets/

## bench-mpi: Brunel 1 s on 1 and 2 MPI ranks side by side (time, memory per rank, exchange cost) and the collectives' costs
bench-mpi: build mpi
	scripts/bench-mpi.sh

## bench-cell: the v5 cell (205 compartments, translated neocortex channels) in a CellGroup against NEURON 8.2.2, interleaved
bench-cell: deps
	scripts/install-neuron.sh
	scripts/bench-cell-neuron.sh

## check-lanes: the four-lane SIMD code of vmath, channels and the generated NMODL packages holds no AVX-512 instruction (runs on AVX2-only CPUs; GNU objdump), not in make test
check-lanes: deps
	scripts/check-lanes-avx2.sh

## bench-sonata-scale: issue 19's scale test: v5 emodels replicated to SCALE_CELLS cells with SCALE_SYNAPSES synapses each, SCALE_TSTOP ms on 2 threads; time and peak memory (long: about an hour for 1000 cells and 1 s)
SCALE_CELLS ?= 1000
SCALE_SYNAPSES ?= 1000
SCALE_TSTOP ?= 1000
bench-sonata-scale: build
	/usr/bin/python3 scripts/sonata-scale/make_circuit.py $(OUT)/sonata-scale --cells $(SCALE_CELLS) --synapses $(SCALE_SYNAPSES) --tstop $(SCALE_TSTOP)
	/usr/bin/time -v bin/golgi run --force --out $(OUT)/sonata-scale-run --threads 2 $(OUT)/sonata-scale/simulation_config.json 2>&1 | grep -E "biological time|wrote|Elapsed|Maximum resident"

## bench-peers: Brian2 (cpp_standalone) and NEURON (ring) side by side with Golgi; writes docs/PERFORMANCE.md's tables
bench-peers: build
	@scripts/install-deps.sh --peers
	mkdir -p $(OUT)
	scripts/bench-peers.sh | tee $(OUT)/bench-peers.md
	scripts/bench-peers.sh ring | tee $(OUT)/bench-peers-ring.md

## bench-gridcells: GridCellsCond's 1D default network, the original on NEURON and Golgi side by side; writes docs/PERFORMANCE.md's table (needs the original at GRIDCELLSCOND, default ~/GridCellsCond: see the script)
bench-gridcells: build
	@scripts/install-deps.sh --peers
	mkdir -p $(OUT)
	scripts/bench-gridcells.sh | tee $(OUT)/bench-gridcells.md

## reproduce-gridcells: the runs behind SPEC.md section 15's fifteen checks, SCALE=ci (minutes) or paper (hours), CHECKS="1 12" to select; writes $(OUT)/reproduce/<check>.json and REPORT.md (not in make test; docs/REPRODUCTION.md)
SCALE ?= ci
CHECKS ?= all
reproduce-gridcells: build
	SCALE=$(SCALE) CHECKS="$(CHECKS)" OUT=$(OUT)/reproduce scripts/reproduce-gridcells.sh

clean:
	rm -rf bin $(OUT)

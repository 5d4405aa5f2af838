//go:build !mpi

package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestNotMPIBinaryUnderMPIRun: the binary without MPI, started by mpirun
// as one of several processes, refuses with a message naming the MPI
// binary; asking for MPI (--mpi) fails the same way.
func TestNotMPIBinaryUnderMPIRun(t *testing.T) {
	for _, v := range []string{"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"} {
		t.Setenv(v, "")
	}
	var errb bytes.Buffer
	if code, done := startCluster([]string{"run", "x.json"}, &errb); done || code != 0 {
		t.Fatalf("outside mpirun: done %v, code %d: %s", done, code, errb.String())
	}
	t.Setenv("OMPI_COMM_WORLD_SIZE", "4")
	code, done := startCluster([]string{"run", "x.json"}, &errb)
	if !done || code != 2 {
		t.Fatalf("under mpirun -np 4: done %v, code %d", done, code)
	}
	for _, want := range []string{"one of 4 processes", "built without MPI", "make mpi", "mpirun -np 4 bin/golgi-mpi run x.json"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("message lacks %q: %s", want, errb.String())
		}
	}
	t.Setenv("OMPI_COMM_WORLD_SIZE", "")
	for _, args := range [][]string{{"bench", "coba", "--mpi"}, {"run", "--mpi"}} {
		var out, e bytes.Buffer
		if code := run(args, &out, &e); code != 1 || !strings.Contains(e.String(), "built without MPI") {
			t.Errorf("%v: exit %d, %q", args, code, e.String())
		}
	}
}

//go:build mpi

package mpi

/*
#include <stdlib.h>
#include <string.h>
#include <mpi.h>

MPI_Datatype golgi_type(int k); // mpi_cgo.go

static int golgi_iallgather(const void *s, int n, void *r, int k, MPI_Request *req) {
	return MPI_Iallgather(s, n, golgi_type(k), r, n, golgi_type(k), MPI_COMM_WORLD, req);
}
static int golgi_wait(MPI_Request *req) { return MPI_Wait(req, MPI_STATUS_IGNORE); }
static int golgi_test(MPI_Request *req, int *flag) { return MPI_Test(req, flag, MPI_STATUS_IGNORE); }
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Request is a collective in flight, started by Iallgather. MPI reads and
// writes buffers of its own (C memory) until the collective completes, so
// the Go slices handed to Iallgather are free to move and be reused: send
// at once, recv once Wait or Test reports completion.
type Request struct {
	req         C.MPI_Request
	csend, crec unsafe.Pointer
	recv        unsafe.Pointer // the caller's receive buffer
	nrecv       int            // bytes
	done        bool
	err         error
}

// Iallgather starts gathering len(send) elements from every rank into
// recv, rank r's at r*len(send), and returns at once (MPI_Iallgather).
// Every rank must start its collectives in the same order.
func Iallgather[T Elem](send, recv []T) (*Request, error) {
	if len(recv) != len(send)*Size() {
		return nil, fmt.Errorf("mpi.Iallgather: receive buffer of %d for %d elements from %d ranks", len(recv), len(send), Size())
	}
	if err := fitsInt("mpi.Iallgather", len(recv)); err != nil {
		return nil, err
	}
	var zero T
	size := int(unsafe.Sizeof(zero))
	r := &Request{nrecv: len(recv) * size}
	ns := len(send) * size
	r.csend = C.malloc(C.size_t(max(ns, 1)))
	r.crec = C.malloc(C.size_t(max(r.nrecv, 1)))
	if r.csend == nil || r.crec == nil {
		r.free()
		return nil, fmt.Errorf("mpi.Iallgather: out of memory for %d bytes", ns+r.nrecv)
	}
	if ns > 0 {
		C.memcpy(r.csend, unsafe.Pointer(&send[0]), C.size_t(ns))
	}
	if r.nrecv > 0 {
		r.recv = unsafe.Pointer(&recv[0])
	}
	if err := check("MPI_Iallgather", C.golgi_iallgather(r.csend, C.int(len(send)), r.crec, kind[T](), &r.req)); err != nil {
		r.free()
		return nil, err
	}
	return r, nil
}

// Wait blocks until the collective has completed and the receive buffer
// holds every rank's elements (MPI_Wait).
func (r *Request) Wait() error {
	if r.done {
		return r.err
	}
	r.finish(check("MPI_Wait", C.golgi_wait(&r.req)))
	return r.err
}

// Test reports whether the collective has completed, filling the receive
// buffer if so, and otherwise lets MPI advance it (MPI_Test). It does not
// block.
func (r *Request) Test() (bool, error) {
	if r.done {
		return true, r.err
	}
	var flag C.int
	if err := check("MPI_Test", C.golgi_test(&r.req, &flag)); err != nil {
		r.finish(err)
		return true, err
	}
	if flag == 0 {
		return false, nil
	}
	r.finish(nil)
	return true, nil
}

func (r *Request) finish(err error) {
	r.done, r.err = true, err
	if err == nil && r.nrecv > 0 {
		C.memcpy(r.recv, r.crec, C.size_t(r.nrecv))
	}
	r.free()
}

func (r *Request) free() {
	C.free(r.csend)
	C.free(r.crec)
	r.csend, r.crec, r.recv = nil, nil, nil
}

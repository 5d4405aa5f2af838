//go:build mpi

package mpi

/*
#cgo pkg-config: ompi
#include <stdlib.h>
#include <mpi.h>

// Open MPI's handles are macros over global objects: cgo cannot take them
// directly, so small functions hand them over.
// Not static: request_cgo.go uses it too.
MPI_Datatype golgi_type(int k) {
	switch (k) {
	case 0: return MPI_UINT8_T;
	case 1: return MPI_INT32_T;
	case 2: return MPI_INT64_T;
	case 3: return MPI_UINT64_T;
	default: return MPI_DOUBLE;
	}
}
static MPI_Op golgi_op(int k) {
	switch (k) {
	case 0: return MPI_SUM;
	case 1: return MPI_MAX;
	default: return MPI_MIN;
	}
}
static int golgi_init(int *provided) {
	int done = 0;
	MPI_Initialized(&done);
	if (done) {
		return MPI_Query_thread(provided);
	}
	return MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, provided);
}
static int golgi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static int golgi_finalize(void) {
	int done = 0;
	MPI_Finalized(&done);
	return done ? MPI_SUCCESS : MPI_Finalize();
}
static int golgi_initialized(void) {
	int a = 0, b = 0;
	MPI_Initialized(&a);
	MPI_Finalized(&b);
	return a && !b;
}
static int golgi_rank(int *r) { return MPI_Comm_rank(MPI_COMM_WORLD, r); }
static int golgi_size(int *s) { return MPI_Comm_size(MPI_COMM_WORLD, s); }
static int golgi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }
static int golgi_allgather(const void *s, int n, void *r, int k) {
	return MPI_Allgather(s, n, golgi_type(k), r, n, golgi_type(k), MPI_COMM_WORLD);
}
static int golgi_allgatherv(const void *s, int n, void *r, const int *counts, const int *displs, int k) {
	return MPI_Allgatherv(s, n, golgi_type(k), r, counts, displs, golgi_type(k), MPI_COMM_WORLD);
}
static int golgi_gatherv(const void *s, int n, void *r, const int *counts, const int *displs, int k, int root) {
	return MPI_Gatherv(s, n, golgi_type(k), r, counts, displs, golgi_type(k), root, MPI_COMM_WORLD);
}
static int golgi_allreduce(const void *s, void *r, int n, int k, int op) {
	return MPI_Allreduce(s, r, n, golgi_type(k), golgi_op(op), MPI_COMM_WORLD);
}
static int golgi_bcast(void *b, int n, int k, int root) {
	return MPI_Bcast(b, n, golgi_type(k), root, MPI_COMM_WORLD);
}
static void golgi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }
static void golgi_error_string(int code, char *buf, int *len) { MPI_Error_string(code, buf, len); }
static int golgi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
*/
import "C"

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime"
	"unsafe"
)

// Enabled reports whether the package calls an MPI library: this build
// does (tag mpi).
const Enabled = true

// Init initialises MPI (MPI_Init_thread asking for MPI_THREAD_SERIALIZED)
// unless it is already initialised, and locks the calling goroutine to its
// OS thread. It fails if the library cannot serve calls from several
// threads in turn.
func Init() error {
	runtime.LockOSThread()
	var provided C.int
	if err := check("MPI_Init_thread", C.golgi_init(&provided)); err != nil {
		return err
	}
	if provided < C.golgi_thread_serialized() {
		return fmt.Errorf("mpi.Init: the MPI library gives thread level %d, Golgi needs MPI_THREAD_SERIALIZED (%d)", int(provided), int(C.golgi_thread_serialized()))
	}
	return nil
}

// Finalize ends MPI (MPI_Finalize) unless it has already ended.
func Finalize() error { return check("MPI_Finalize", C.golgi_finalize()) }

// Initialized reports whether MPI is initialised and not yet finalised.
func Initialized() bool { return C.golgi_initialized() != 0 }

// Rank returns this process's rank in the world communicator; 0 before
// Init and after Finalize.
func Rank() int {
	var r C.int
	if !Initialized() || C.golgi_rank(&r) != 0 {
		return 0
	}
	return int(r)
}

// Size returns the number of ranks of the world communicator; 1 before
// Init and after Finalize.
func Size() int {
	var s C.int
	if !Initialized() || C.golgi_size(&s) != 0 {
		return 1
	}
	return int(s)
}

// Barrier blocks until every rank has called it.
func Barrier() error { return check("MPI_Barrier", C.golgi_barrier()) }

// Allgather gathers len(send) elements from every rank into recv, rank r's
// at r*len(send).
func Allgather[T Elem](send, recv []T) error {
	if len(recv) != len(send)*Size() {
		return fmt.Errorf("mpi.Allgather: receive buffer of %d for %d elements from %d ranks", len(recv), len(send), Size())
	}
	if err := fitsInt("mpi.Allgather", len(recv)); err != nil {
		return err
	}
	return check("MPI_Allgather", C.golgi_allgather(ptr(send), C.int(len(send)), ptr(recv), kind[T]()))
}

// Allgatherv gathers counts[r] elements from each rank r into recv at
// displs[r]; this rank sends send, of counts[Rank()] elements.
func Allgatherv[T Elem](send, recv []T, counts, displs []int) error {
	if err := checkAllgatherv(len(send), len(recv), Rank(), Size(), counts, displs); err != nil {
		return err
	}
	if err := fitsInt("mpi.Allgatherv", len(recv)); err != nil {
		return err
	}
	cs := cCounts(counts, displs)
	return check("MPI_Allgatherv", C.golgi_allgatherv(ptr(send), C.int(len(send)), ptr(recv), &cs[0], &cs[len(counts)], kind[T]()))
}

// Gatherv gathers counts[r] elements from each rank r into root's recv at
// displs[r]; this rank sends send, of counts[Rank()] elements. recv,
// counts and displs matter on root only; every rank passes the same root.
func Gatherv[T Elem](send, recv []T, counts, displs []int, root int) error {
	if root < 0 || root >= Size() {
		return fmt.Errorf("mpi.Gatherv: root %d of %d ranks", root, Size())
	}
	if Rank() != root {
		return check("MPI_Gatherv", C.golgi_gatherv(ptr(send), C.int(len(send)), nil, nil, nil, kind[T](), C.int(root)))
	}
	if err := checkAllgatherv(len(send), len(recv), Rank(), Size(), counts, displs); err != nil {
		return fmt.Errorf("mpi.Gatherv: %w", err)
	}
	if err := fitsInt("mpi.Gatherv", len(recv)); err != nil {
		return err
	}
	cs := cCounts(counts, displs)
	return check("MPI_Gatherv", C.golgi_gatherv(ptr(send), C.int(len(send)), ptr(recv), &cs[0], &cs[len(counts)], kind[T](), C.int(root)))
}

// Allreduce combines send elementwise over all ranks with op into recv.
func Allreduce[T Elem](send, recv []T, op Op) error {
	if len(recv) != len(send) {
		return fmt.Errorf("mpi.Allreduce: receive buffer of %d for %d elements", len(recv), len(send))
	}
	if op < Sum || op > Min {
		return fmt.Errorf("mpi.Allreduce: unknown %v", op)
	}
	if err := fitsInt("mpi.Allreduce", len(recv)); err != nil {
		return err
	}
	return check("MPI_Allreduce", C.golgi_allreduce(ptr(send), ptr(recv), C.int(len(send)), kind[T](), C.int(op)))
}

// Bcast copies root's buf into every rank's buf (of the same length).
func Bcast[T Elem](buf []T, root int) error {
	if root < 0 || root >= Size() {
		return fmt.Errorf("mpi.Bcast: root %d of %d ranks", root, Size())
	}
	if err := fitsInt("mpi.Bcast", len(buf)); err != nil {
		return err
	}
	return check("MPI_Bcast", C.golgi_bcast(ptr(buf), C.int(len(buf)), kind[T](), C.int(root)))
}

// Abort writes msg to stderr, prefixed with the rank, and ends every rank
// of the job with code (MPI_Abort). It does not return.
func Abort(code int, msg string) {
	if msg != "" {
		fmt.Fprintf(os.Stderr, "rank %d of %d: %s\n", Rank(), Size(), msg)
	}
	if Initialized() {
		C.golgi_abort(C.int(code))
	}
	os.Exit(code)
}

// cCounts returns counts followed by displs as C ints, for the v
// collectives.
func cCounts(counts, displs []int) []C.int {
	cs := make([]C.int, 2*len(counts))
	for r := range counts {
		cs[r] = C.int(counts[r])
		cs[len(counts)+r] = C.int(displs[r])
	}
	return cs
}

func kind[T Elem]() C.int {
	switch reflect.TypeFor[T]().Kind() {
	case reflect.Uint8:
		return 0
	case reflect.Int32:
		return 1
	case reflect.Int64:
		return 2
	case reflect.Uint64:
		return 3
	}
	return 4 // float64
}

func ptr[T Elem](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}

func fitsInt(what string, n int) error {
	if n > math.MaxInt32 {
		return fmt.Errorf("%s: %d elements, MPI counts are at most %d", what, n, math.MaxInt32)
	}
	return nil
}

func check(call string, code C.int) error {
	if code == 0 {
		return nil
	}
	buf := make([]byte, int(C.golgi_max_error_string()))
	var n C.int
	C.golgi_error_string(code, (*C.char)(unsafe.Pointer(&buf[0])), &n)
	return fmt.Errorf("%s: %s (error %d)", call, string(buf[:n]), int(code))
}

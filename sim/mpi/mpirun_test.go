//go:build mpi

package mpi_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/golgi-sim/golgi/sim/mpi"
)

// Under the tag mpi the collectives are tested on real ranks: the test
// binary starts itself under mpirun (TestUnderMPIRun), and the copies it
// starts, which see GOLGI_MPI_CHILD=1, initialise MPI and run the tests
// that need ranks.

const childEnv = "GOLGI_MPI_CHILD"

func child() bool { return os.Getenv(childEnv) == "1" }

func TestMain(m *testing.M) {
	if !child() {
		os.Exit(m.Run())
	}
	if err := mpi.Init(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if mpi.Rank() != 0 && benchmarking() {
		// One report: benchmark lines of several ranks would interleave.
		if null, err := os.Open(os.DevNull); err == nil {
			os.Stdout = null
		}
	}
	code := m.Run()
	if code != 0 {
		mpi.Abort(code, "tests failed")
	}
	if err := mpi.Finalize(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

// benchmarking reports whether the test binary was asked to run
// benchmarks.
func benchmarking() bool {
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-test.bench=") || a == "-test.bench" {
			return true
		}
	}
	return false
}

// mpirunArgs are the launcher flags every run here needs: root in
// containers, more ranks than cores.
var mpirunArgs = []string{"--allow-run-as-root", "--oversubscribe"}

func TestUnderMPIRun(t *testing.T) {
	if child() {
		t.Skip("the child runs the collectives")
	}
	mpirun, err := exec.LookPath("mpirun")
	if err != nil {
		t.Skip("mpirun not installed (apt-get install openmpi-bin)")
	}
	for _, np := range []int{1, 2, 3} {
		args := append(append([]string{}, mpirunArgs...), "-np", fmt.Sprint(np), os.Args[0], "-test.run", "^TestCollectives$", "-test.v")
		cmd := exec.Command(mpirun, args...)
		cmd.Env = append(os.Environ(), childEnv+"=1", fmt.Sprintf("GOLGI_MPI_NP=%d", np))
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("np %d: %v\n%s", np, err, out)
		}
		if n := strings.Count(string(out), "--- PASS: TestCollectives"); n != np {
			t.Fatalf("np %d: %d ranks passed\n%s", np, n, out)
		}
		t.Logf("np %d: collectives pass on every rank (%.2f s)", np, time.Since(start).Seconds())
	}
}

func TestCollectives(t *testing.T) {
	if !child() {
		t.Skip("runs under mpirun (TestUnderMPIRun)")
	}
	if !mpi.Enabled || !mpi.Initialized() {
		t.Fatal("MPI not initialised")
	}
	r, size := mpi.Rank(), mpi.Size()
	if want := os.Getenv("GOLGI_MPI_NP"); want != "" && want != fmt.Sprint(size) {
		t.Fatalf("Size %d, want %s", size, want)
	}
	// Allgather of int64 and float64.
	got := make([]int64, 2*size)
	if err := mpi.Allgather([]int64{int64(r), -int64(r)}, got); err != nil {
		t.Fatal(err)
	}
	for q := 0; q < size; q++ {
		if got[2*q] != int64(q) || got[2*q+1] != -int64(q) {
			t.Fatalf("Allgather: %v", got)
		}
	}
	gf := make([]float64, size)
	if err := mpi.Allgather([]float64{0.5 + float64(r)}, gf); err != nil {
		t.Fatal(err)
	}
	for q := range gf {
		if gf[q] != 0.5+float64(q) {
			t.Fatalf("Allgather float64: %v", gf)
		}
	}
	if err := checkGatherv(mpi.World{}); err != nil {
		t.Fatalf("Gatherv: %v", err)
	}
	// Two Allgathers in flight at once (the overlapped spike exchange).
	if err := checkIallgather(mpi.World{}); err != nil {
		t.Fatalf("Iallgather: %v", err)
	}
	// Allgatherv: rank q sends q int32 values 100q+k (rank 0 none), placed
	// in reverse rank order to exercise the displacements.
	counts, displs := make([]int, size), make([]int, size)
	total := 0
	for q := size - 1; q >= 0; q-- {
		counts[q], displs[q] = q, total
		total += q
	}
	send := make([]int32, r)
	for k := range send {
		send[k] = int32(100*r + k)
	}
	recv := make([]int32, total)
	if err := mpi.Allgatherv(send, recv, counts, displs); err != nil {
		t.Fatal(err)
	}
	for q := 0; q < size; q++ {
		for k := 0; k < q; k++ {
			if recv[displs[q]+k] != int32(100*q+k) {
				t.Fatalf("Allgatherv: %v (counts %v displs %v)", recv, counts, displs)
			}
		}
	}
	// Allreduce: sums, maxima and minima of r, in closed form.
	n := int64(size)
	for _, tc := range []struct {
		op   mpi.Op
		want int64
	}{{mpi.Sum, n * (n - 1) / 2}, {mpi.Max, n - 1}, {mpi.Min, 0}} {
		out := make([]int64, 1)
		if err := mpi.Allreduce([]int64{int64(r)}, out, tc.op); err != nil {
			t.Fatal(err)
		}
		if out[0] != tc.want {
			t.Errorf("Allreduce %v: %d, want %d", tc.op, out[0], tc.want)
		}
	}
	fs := make([]float64, 1)
	if err := mpi.Allreduce([]float64{0.25}, fs, mpi.Sum); err != nil || fs[0] != 0.25*float64(size) {
		t.Errorf("Allreduce float64 sum: %v, %v", fs, err)
	}
	// Bcast from the last rank.
	b := []byte(fmt.Sprintf("rank%03d", r))
	if err := mpi.Bcast(b, size-1); err != nil {
		t.Fatal(err)
	}
	if string(b) != fmt.Sprintf("rank%03d", size-1) {
		t.Errorf("Bcast: %q", b)
	}
	// Errors caught before MPI is called.
	if err := mpi.Allgather([]int64{1}, make([]int64, size+1)); err == nil {
		t.Error("Allgather with a wrong receive size accepted")
	}
	if err := mpi.Bcast(b, size); err == nil {
		t.Error("Bcast from a root outside the world accepted")
	}
	if err := mpi.Barrier(); err != nil {
		t.Fatal(err)
	}
}

// The benchmarks measure the per-message costs of the spike exchange's
// cost model (docs/MPI.md). They run on real ranks only, and every rank
// must run the same number of iterations: start them with a fixed count,
//
//	GOLGI_MPI_CHILD=1 mpirun -np 2 ./mpi.test -test.run XXX -test.bench . -test.benchtime 20000x

func BenchmarkAllgather16B(b *testing.B) {
	if !child() {
		b.Skip("runs under mpirun")
	}
	send := []int64{1, 2}
	recv := make([]int64, 2*mpi.Size())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := mpi.Allgather(send, recv); err != nil {
			b.Fatal(err)
		}
	}
}

func benchAllgatherv(b *testing.B, perRank int) {
	if !child() {
		b.Skip("runs under mpirun")
	}
	size := mpi.Size()
	send := make([]int32, perRank)
	recv := make([]int32, perRank*size)
	counts, displs := make([]int, size), make([]int, size)
	for r := range counts {
		counts[r], displs[r] = perRank, r*perRank
	}
	b.SetBytes(int64(4 * perRank * size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := mpi.Allgatherv(send, recv, counts, displs); err != nil {
			b.Fatal(err)
		}
	}
}

// Spike lists of 64 to 16384 (step, gid) pairs per rank.
func BenchmarkAllgatherv128(b *testing.B)   { benchAllgatherv(b, 128) }
func BenchmarkAllgatherv2048(b *testing.B)  { benchAllgatherv(b, 2048) }
func BenchmarkAllgatherv32768(b *testing.B) { benchAllgatherv(b, 32768) }

// benchIallgather starts an Iallgather of perRank int32 per rank and
// waits for it: the overlapped exchange's collective when nothing hides
// it (copies into and out of C memory included).
func benchIallgather(b *testing.B, perRank int) {
	if !child() {
		b.Skip("runs under mpirun")
	}
	send := make([]int32, perRank)
	recv := make([]int32, perRank*mpi.Size())
	b.SetBytes(int64(4 * perRank * mpi.Size()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := mpi.Iallgather(send, recv)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Wait(); err != nil {
			b.Fatal(err)
		}
	}
}

// Blocks of 256 int32 (the overlapped exchange's first block, 1 KiB) and
// 4096 (16 KiB).
func BenchmarkIallgather256(b *testing.B)  { benchIallgather(b, 256) }
func BenchmarkIallgather4096(b *testing.B) { benchIallgather(b, 4096) }

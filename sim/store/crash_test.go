package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The kill -9 test: a child process (this test binary, re-executed into
// TestCrashChild) writes sim_nums 0..crashSimNums-1 into two data_ids, as a
// --resume sweep does, then rewrites random sim_nums (as --force does)
// until the parent, which reads the files meanwhile, kills it with SIGKILL
// at a random time. After each kill, every file under a final name must
// open and hold only complete, correct groups, and no sim_num complete
// before may be lost; the next child resumes. The last child only resumes,
// and must leave every sim_num complete and no temporary file (Open removes
// those of killed writers).

const (
	crashEnv     = "GOLGI_STORE_CRASH_DIR"
	crashModeEnv = "GOLGI_STORE_CRASH_MODE" // "finish": no rewrites
	crashSimNums = 30
)

// crashMatrix is the deterministic "v" data of sim_num k: 24 x 1500 values
// that compress poorly, so a write takes a few milliseconds.
func crashMatrix(k int) Matrix32 {
	m := Matrix32{Rows: 24, Cols: 1500, Data: make([]float32, 24*1500)}
	r := rand.New(rand.NewPCG(uint64(k), 99))
	for i := range m.Data {
		m.Data[i] = float32(k) + r.Float32()
	}
	return m
}

func crashSpikes(k int) Spikes {
	n := 2000 + k
	sp := Spikes{GIDs: make([]uint64, n), TimesMs: make([]float64, n)}
	for i := range n {
		sp.GIDs[i], sp.TimesMs[i] = uint64((i*7+k)%500), float64(i)*0.1
	}
	return sp
}

// TestCrashChild is the child's body; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestKillDuringWrites")
	}
	s, err := Open(dir, "crash", nil)
	if err != nil {
		t.Fatal(err)
	}
	write := func(k int) {
		run := Run{Seed: uint64(k), Version: "test", Time: time.Now()}.Attrs()
		if err := s.WriteMatrix32(k, "v", crashMatrix(k), Attrs{AttrUnit: "mV"}, run); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteSpikes(k, "spikes", crashSpikes(k), nil, run); err != nil {
			t.Fatal(err)
		}
	}
	for k := range crashSimNums {
		done, err := s.Complete(k, "v", "spikes")
		if err != nil {
			t.Fatal(err)
		}
		if !done { // --resume skips the others
			write(k)
		}
	}
	if os.Getenv(crashModeEnv) == "finish" {
		return
	}
	r := rand.New(rand.NewPCG(uint64(os.Getpid()), 2))
	for {
		write(r.IntN(crashSimNums)) // --force, until killed
	}
}

// verifyCrashDir checks every file under a final name in the sim_id
// directory; it returns the sim_nums complete in both data_ids and the
// number of temporary files left by killed writers.
func verifyCrashDir(t *testing.T, s *Store) (complete []int, tmps int) {
	t.Helper()
	ents, err := os.ReadDir(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		n := e.Name()
		switch {
		case strings.Contains(n, tmpMarker):
			tmps++
		case n != "v_crash.h5" && n != "spikes_crash.h5":
			t.Errorf("unexpected file %s", n)
		}
	}
	have := map[string][]int{}
	for _, id := range []string{"v", "spikes"} {
		if _, err := os.Stat(s.Path(id)); errors.Is(err, os.ErrNotExist) {
			continue
		}
		fi, err := InspectFile(s.Path(id))
		if err != nil {
			t.Fatalf("final file does not open: %v", err)
		}
		for _, g := range fi.Groups {
			if g.Name == "" {
				continue
			}
			if g.SimNum < 0 || !g.Complete || len(g.Datasets) != 1 {
				t.Errorf("%s: incomplete group %+v", s.Path(id), g)
			}
			have[id] = append(have[id], g.SimNum)
			if id == "v" {
				m, _, err := s.ReadMatrix32(g.SimNum, "v")
				if err != nil {
					t.Fatal(err)
				}
				if w := crashMatrix(g.SimNum); !slices.Equal(m.Data, w.Data) {
					t.Errorf("v sim_num %d: data differs", g.SimNum)
				}
			} else {
				sp, _, err := s.ReadSpikes(g.SimNum, "spikes")
				if err != nil {
					t.Fatal(err)
				}
				if w := crashSpikes(g.SimNum); sp.Len() != w.Len() {
					t.Errorf("spikes sim_num %d: %d spikes, want %d", g.SimNum, sp.Len(), w.Len())
				}
			}
		}
	}
	for _, k := range have["v"] {
		if slices.Contains(have["spikes"], k) {
			complete = append(complete, k)
		}
	}
	slices.Sort(complete)
	return complete, tmps
}

func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test skipped in -short mode")
	}
	root := t.TempDir()
	s, err := Open(root, "crash", nil)
	if err != nil {
		t.Fatal(err)
	}
	child := func(mode string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+root, crashModeEnv+"="+mode)
		return cmd
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var reads atomic.Int64
	const rounds = 6
	killedWithTmp := 0
	last := 0
	for round := range rounds {
		cmd := child("loop")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Read the final files while the child writes them.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var readErr atomic.Value
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(round), 3))
			for {
				select {
				case <-stop:
					return
				default:
				}
				nums, err := s.SimNums("v")
				if errors.Is(err, ErrNotFound) {
					time.Sleep(time.Millisecond)
					continue
				}
				if err == nil && len(nums) > 0 {
					k := nums[rng.IntN(len(nums))]
					var m Matrix32
					m, _, err = s.ReadMatrix32(k, "v")
					if err == nil && !slices.Equal(m.Data, crashMatrix(k).Data) {
						err = fmt.Errorf("sim_num %d read while writing: data differs", k)
					}
				}
				if err != nil {
					readErr.Store(err)
					return
				}
				reads.Add(1)
			}
		}()
		// Early rounds die while adding sim_nums, later ones while
		// rewriting them.
		wait := 40 + rng.IntN(250)
		if round < rounds/2 {
			wait = 15 + rng.IntN(60)
		}
		time.Sleep(time.Duration(wait) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		close(stop)
		wg.Wait()
		if e, ok := readErr.Load().(error); ok {
			t.Errorf("round %d: reading while the child writes: %v", round, e)
		}
		complete, tmps := verifyCrashDir(t, s)
		if tmps > 0 {
			killedWithTmp++
		}
		if len(complete) < last {
			t.Errorf("round %d: %d sim_nums complete, %d before: data lost", round, len(complete), last)
		}
		last = len(complete)
		t.Logf("round %d: child %v; %d sim_nums complete, %d temporary files left", round, err, len(complete), tmps)
	}
	// The last child resumes and finishes.
	cmd := child("finish")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("last child: %v\n%s", err, out)
	}
	complete, tmps := verifyCrashDir(t, s)
	if len(complete) != crashSimNums || tmps != 0 {
		t.Errorf("after the last child: sim_nums %v complete, %d temporary files", complete, tmps)
	}
	t.Logf("%d of %d kills left a temporary file (killed mid-write); %d reads while writing", killedWithTmp, rounds, reads.Load())
}

package mech

import (
	"errors"
	"reflect"
	"testing"
)

// recorder is a point process without current that records what it
// receives and, on a NetCon event, sends itself an event back after
// echoMs (flag 2); its NET_RECEIVE INITIAL block sends one at initMs
// (flag 1) or fails with failInit.
type recorder struct {
	got      []received
	echoMs   float64
	initMs   float64
	failInit error
}

type received struct {
	t, flag, w float64
}

func (r *recorder) Name() string                    { return "recorder" }
func (r *recorder) Kind() Kind                      { return PointProcess }
func (r *recorder) Ions() []IonUse                  { return nil }
func (r *recorder) Len() int                        { return 1 }
func (r *recorder) Init(*Env)                       { r.got = nil }
func (r *recorder) Current(*Env)                    {}
func (r *recorder) State(*Env)                      {}
func (r *recorder) Var(string) []float64            { return nil }
func (r *recorder) Vars() []string                  { return nil }
func (r *recorder) SetGlobal(string, float64) error { return nil }
func (r *recorder) Receive(e *Env, k int, args []float64) {
	r.ReceiveFlag(e, k, args, 0)
}
func (r *recorder) ReceiveFlag(e *Env, k int, args []float64, flag float64) {
	r.got = append(r.got, received{e.T, flag, args[0]})
	if flag == 0 && r.echoMs > 0 {
		e.Queue.Send(e.T+r.echoMs, r, k, args, 2)
	}
}
func (r *recorder) InitNetCon(e *Env, k int, args []float64) error {
	if r.failInit != nil {
		return r.failInit
	}
	if r.initMs > 0 {
		e.Queue.Send(e.T+r.initMs, r, k, args, 1)
	}
	return nil
}

// source emits events at fixed times (an EventSource).
type source struct {
	times []float64
	next  int
	inits int
}

func (s *source) Name() string                    { return "source" }
func (s *source) Kind() Kind                      { return ArtificialCell }
func (s *source) Ions() []IonUse                  { return nil }
func (s *source) Len() int                        { return 1 }
func (s *source) Init(*Env)                       { s.next = 0; s.inits++ }
func (s *source) Current(*Env)                    {}
func (s *source) State(*Env)                      {}
func (s *source) Var(string) []float64            { return nil }
func (s *source) Vars() []string                  { return nil }
func (s *source) SetGlobal(string, float64) error { return nil }
func (s *source) Events(k int, until float64) []float64 {
	var out []float64
	for s.next < len(s.times) && s.times[s.next] <= until {
		out = append(out, s.times[s.next])
		s.next++
	}
	return out
}

// TestCompartmentEvents checks the delivery of a compartment's events:
// NetCon events of a source after their delay, Events, self events sent
// while delivering and from the NET_RECEIVE INITIAL block, each at its
// own time, in time order, in the step whose middle they precede, and the
// connection's INITIAL block run once per connection.
func TestCompartmentEvents(t *testing.T) {
	r := &recorder{echoMs: 0.01, initMs: 2}
	src := &source{times: []float64{0.5, 1.0}}
	c := NewCompartment(10, 10)
	if err := c.Insert(r); err != nil {
		t.Fatal(err)
	}
	w := []float64{7}
	c.NetCons = []*NetCon{{Source: src, DelayMs: 0.3, Target: r, Args: w}}
	c.Events = []Event{{TMs: 1.6, Target: r, Args: w}, {TMs: 0.9, Target: r, Args: []float64{5}}}
	if err := c.Init(); err != nil {
		t.Fatal(err)
	}
	if src.inits != 1 {
		t.Errorf("source initialised %d times, want 1", src.inits)
	}
	for c.T() < 3 {
		c.Step()
	}
	want := []received{
		{0.5 + 0.3, 0, 7}, {0.5 + 0.3 + 0.01, 2, 7},
		{0.9, 0, 5}, {0.9 + 0.01, 2, 5},
		{1.0 + 0.3, 0, 7}, {1.0 + 0.3 + 0.01, 2, 7},
		{1.6, 0, 7}, {1.6 + 0.01, 2, 7},
		// the INITIAL block's: once for the NetCon and the Event sharing w,
		// once for the other Event's connection
		{2, 1, 7}, {2, 1, 5},
	}
	if !reflect.DeepEqual(r.got, want) {
		t.Errorf("received\n%v\nwant\n%v", r.got, want)
	}
	// An event due just after the middle of the first step (dt/2 = 0.0125
	// ms) is delivered at the start of the second.
	r2 := &recorder{}
	c2 := NewCompartment(10, 10)
	if err := c2.Insert(r2); err != nil {
		t.Fatal(err)
	}
	// NEURON's finitialize delivers those due by dt/2.
	c2.Events = []Event{{TMs: 0.0126, Target: r2, Args: []float64{1}}, {TMs: 0.0125, Target: r2, Args: []float64{2}}}
	if err := c2.Init(); err != nil {
		t.Fatal(err)
	}
	if len(r2.got) != 1 || r2.got[0].w != 2 {
		t.Errorf("after Init: received %v, want the event at 0.0125 ms", r2.got)
	}
	c2.Step()
	if len(r2.got) != 1 {
		t.Errorf("an event at 0.0126 ms delivered in the first step")
	}
	c2.Step()
	if len(r2.got) != 2 || r2.got[1].t != 0.0126 {
		t.Errorf("an event at 0.0126 ms: received %v by the second step", r2.got)
	}
}

// TestCompartmentNetConInitError checks that Init reports the error of a
// NET_RECEIVE INITIAL block and a NetCon without a source.
func TestCompartmentNetConInitError(t *testing.T) {
	bad := errors.New("no queue")
	r := &recorder{failInit: bad}
	c := NewCompartment(10, 10)
	if err := c.Insert(r); err != nil {
		t.Fatal(err)
	}
	c.Events = []Event{{TMs: 1, Target: r, Args: []float64{1}}}
	if err := c.Init(); !errors.Is(err, bad) {
		t.Errorf("Init = %v, want the block's error", err)
	}
	c.Events = nil
	c.NetCons = []*NetCon{{Target: r, Args: []float64{1}}}
	if err := c.Init(); err == nil {
		t.Error("a NetCon without a source: no error")
	}
}

// Package netcon runs networks of multicompartment cells connected by
// NetCons, as NEURON's ParallelContext runs them with the fixed step:
// cells in CellGroups (package sim/morph), each group stepped by its own
// goroutine, spikes exchanged every interval of the shortest connection
// delay.
//
// A Connection is a NetCon: from a source cell's spike detector (the
// cell's Spike location and ThresholdMV in sim/morph) to a point process
// of a target cell (a synapse with NET_RECEIVE), with a delay (ms) and a
// weight vector, which the target's NET_RECEIVE may change and which is
// kept per connection, as NEURON keeps a NetCon's weights. A spike at t
// (the end of the step in which the detector's potential crossed the
// threshold) is an event at t + delay, delivered at the start of the
// step whose middle is at or after it.
//
// Results do not depend on how the cells are grouped or on the number of
// threads: cells are independent within a group (their solves and
// mechanism instances share nothing), and events are sent to the groups
// in one order (spike time, source, connection), whatever the grouping.
//
// Options.Trains are spike sources that are not cells (NEURON's VecStim
// playing a vector): each gid's spike times, delivered to its
// connections as a cell's spikes are, when the run reaches them, so that
// memory grows with the spikes and the connections, not their product.
//
// With Options.Gids cells are named by gids, connections name their
// sources by gid and the order is (spike time, gid); with Options.Comm
// (sim/mpi's World, or Local for in-process ranks in tests) the network
// is one rank's part of a network distributed over MPI ranks: every
// interval the ranks exchange their spikes (an Allgather of counts and
// stop flags, an Allgatherv of (time, gid) pairs) and each delivers every
// spike in (time, gid) order to its own connections, so the results do
// not depend on the number of ranks either.
package netcon

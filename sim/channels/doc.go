// Package channels provides Hodgkin-Huxley-type single-compartment (point)
// cells built from channel definitions, integrated exactly as NEURON's fixed
// time step does, with the state of many cells stored as a structure of
// arrays.
//
// # Models
//
// A Channel is one membrane mechanism: a current density with gating
// variables. The package has NEURON's built-in hh (HHNa, HHK and a Leak,
// with exact or tabulated rates), the Wang-Buzsaki interneuron currents of
// GridCellsCond (WBNa with instantaneous activation, WBK), the entorhinal
// stellate cell currents of GridCellsCond after Acker, Kopell and White
// (2003) (StellateNa with its persistent component, StellateKdr, StellateH
// with fast and slow HCN components) and GridCellsCond's sinusoidal Theta
// current. NewGeneric builds a Channel from its rate functions (alpha and
// beta, or inf and tau, for any number of gates with exponents, a
// reversal potential, a temperature factor Q10Factor and optionally
// NEURON's TABLE: rates tabulated and interpolated linearly); built from
// hh.mod's rates (HHGates) it reproduces HHNa and HHK bit for bit, with and
// without tables. MgBlock is the Jahr-Stevens magnesium block of NMDA
// receptors. A Cell is a model (capacitance, area, channels, spike threshold,
// initial potential); HH, WangBuzsaki and Stellate build the three reference
// models. A Population holds the state of n cells of one Cell: V[k] and
// each channel's gates, one slice per gate. Exp2Syn is NEURON's
// double-exponential synapse over the cells of a population, and Simulate
// runs one cell under a current-clamp and synaptic-event protocol.
//
// # Units
//
// The package works in NEURON's units and says so in every name: time ms,
// potential mV, current density mA/cm2 (outward positive for channel
// currents), conductance density S/cm2, specific capacitance uF/cm2, area
// um2, point currents nA (injected currents positive depolarising, as
// IClamp), point conductances uS, temperature degrees C (the one unsuffixed
// name, Celsius). A point current or conductance becomes a density by the
// factor PointToDensity(area) = 100/area[um2], i.e. I[mA/cm2] =
// I[nA]*1e-6/area[cm2], as NEURON divides point processes by the area of
// their segment.
//
// # Integration scheme
//
// Population.Step is NEURON's fixed step with secondorder = 0 (implicit
// Euler for the voltage, staggered exponential Euler for the gates). One
// step from t_n to t_{n+1} = t_n + dt:
//
//  1. (caller) synaptic events due by t_n + dt/2 are delivered (Exp2Syn
//     A, B += w*F), so a synapse contributes no current in its delivery step;
//  2. at t = t_n + dt/2 every channel adds its current density i(v_n) and
//     slope di/dv at fixed gates (the exact conductance for currents linear
//     in v; NEURON's finite difference (i(v+0.001) - i(v))/0.001 for WBNa,
//     whose instantaneous m_inf(v)^3 makes it nonlinear); the injected
//     current (evaluated by the caller at t_n + dt/2) and the synaptic
//     current gSyn*v - gSynE with slope gSyn are added after division by
//     the area;
//  3. the linearised implicit equation
//     C (v_{n+1} - v_n)/dt = -[i(v_n) + di/dv (v_{n+1} - v_n)] + I_inj/area
//     is solved: v_{n+1} = v_n + rhs/(C*0.001/dt + di/dv), with C in uF/cm2,
//     dt in ms and currents in mA/cm2 (NEURON's cfac = 0.001/dt);
//  4. each gate advances with the new potential by the exact solution of
//     its linear equation with rates frozen at v_{n+1} (NEURON's cnexp):
//     x <- x + (1 - exp(-dt/tau(v_{n+1})))(x_inf(v_{n+1}) - x); the caller
//     decays the Exp2Syn states, A <- A exp(-dt/tau1), B <- B exp(-dt/tau2);
//  5. a cell spikes if v_n < threshold <= v_{n+1}; the spike time is
//     t_{n+1} (NEURON's NetCon, no interpolation).
//
// The gates therefore live half a step behind the voltage: the currents of
// step n use gates advanced with v_n. This scheme is first order in dt for
// v but it is what NEURON computes, and it reproduces NEURON's voltage
// traces to rounding error (about 1e-8 mV for the HH reference, see the
// tests), including its overshoot at the first spike of a strongly driven
// Wang-Buzsaki cell, where the linearisation fails (v reaches thousands of
// mV for one step).
//
// The single-cell references of GridCellsCond are reproduced to the printed
// precision (1e-5 mV) for the stellate cell over whole 2-2.5 s runs. The
// driven Wang-Buzsaki interneuron under this scheme amplifies any
// perturbation about tenfold per spike, so rounding differences between
// NEURON (C, glibc) and Go move one of its spikes by a step after about ten
// spikes; its first spikes, spike counts and rates agree with NEURON.
//
// Rates are evaluated exactly, or (RateMode Tabulated) from NEURON's TABLE
// of 201 points over [-100, 100] mV with linear interpolation and end
// values outside, which is how NEURON runs hh, naf and kdr by default.
// GridCellsCond's interneuron needs Tabulated to reproduce NEURON's spike
// times to a step.
//
// Every Channel method works on a range [lo, hi) of cells, so the cost of
// the one interface call per channel is shared by the whole range, and
// distinct ranges of one Population can be stepped from different
// goroutines. Step does not allocate.
//
// # Driving a Population
//
// An engine keeps, per population, a Population, one Exp2Syn per synapse
// type and per-cell slices for the injected current and the synaptic
// conductance sums. For each step from t_n:
//
//	syn.Receive(k, w)                 // events due by t_n + dt/2
//	clear(g); clear(gE)
//	syn.AddConductance(lo, hi, g, gE) // for every synapse type
//	spikes = pop.Step(lo, hi, t_n, dt, channels.Input{INA: iNA, GSynUS: g, GSynEUSMV: gE}, spikes[:0])
//	syn.Decay(lo, hi, dt)
//	// spikes holds the cells that fired at t_n + dt
//
// Disjoint ranges [lo, hi) may run on different goroutines.
//
// # References
//
// Hines and Carnevale, The NEURON Book (2006), chapter 4 (fixed step).
// Hodgkin and Huxley, J Physiol 117:500 (1952); NEURON's hh.mod.
// Wang and Buzsaki, J Neurosci 16:6402 (1996).
// Acker, Kopell and White, J Comput Neurosci 15:71 (2003).
// Shaikh and Assisi, eLife 14:RP108142 (2025), code assisilab/GridCellsCond.
package channels

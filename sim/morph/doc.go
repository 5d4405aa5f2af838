// Package morph provides multicompartment neurons: morphologies read from
// SWC files or built section by section, their discretization into
// compartments exactly as NEURON does it, and a cable-equation solver that
// integrates many cells of one morphology with NEURON's fixed step.
//
// # Morphology
//
// A Morphology is a tree of Sections (NEURON's sections): unbranched
// cables given as a cylinder (L, Diam) or by 3-D points, each attached by
// its 0 end to a point ParentX of its parent. BallAndStick, AddCylinder
// and AddPoints build one in code; ReadSWC reads an SWC file following
// NEURON's Import3d: unbranched runs of points of one type become
// sections, single-point and NeuroMorpho.Org three-point somata become a
// sphere-equivalent cylinder (length = diameter), closed soma outlines
// become NEURON's contour centroid, ids may come in any order, and every
// malformed or inconsistent line (cycles, missing parents, several roots,
// zero or negative radii, unknown type codes, zero-length sections) is an
// *SWCError naming the file and line.
//
// ReadASC reads Neurolucida (.asc) files as NEURON's Import3d_Neurolucida3
// and Import3d_GUI.instantiate do, which is how the BBP templates of
// SONATA circuits load them: the CellBody contour becomes NEURON's
// 21-point contour centroid (oriented as NEURON since PR #2491; stacks of
// contours a section through their centres), each tree is attached to
// soma(0.5), a child section starts with a copy of its parent's last
// point, sections of one point are removed, markers, spines and the other
// annotations are ignored, coordinates pass through Import3d's %.8g, and
// the sections come in NEURON's order (soma, axon, dend, apic; each in
// file order), the order of SONATA's section ids. ReadH5 reads the
// MorphIO/BBP HDF5 layout (h5v1) as neurodamus's MorphIO path gives it to
// NEURON. Every morphology of the SONATA circuits of shared/ref matches
// NEURON 8.2.2 (sections, parents, lengths to 1e-4 um, areas to 1e-6,
// 3-D points in single precision; TestReadASCMatchesNEURON,
// scripts/morph-ref/morph_ref.py); malformed files are *ASCError and
// *H5Error naming the file and line, or dataset and row. docs/MORPHOLOGY.md
// lists what is reproduced and what is not.
//
// # Cell and compartments
//
// A Cell adds to a morphology its passive properties (cm, Ra, per section
// or region), membrane Mechanisms (channels of package channels: hh, pas
// as channels.NewLeak, the Wang-Buzsaki and stellate currents, or any
// channels.Channel), with densities that may depend on the distance from
// the soma, point processes (Synapses: Exp2Syn or ExpSyn, AMPA, NMDA with
// the Jahr-Stevens magnesium block; Clamps: IClamp; VClamps: SEClamp) at
// locations sec(x), a spike detector and an initial potential. Passive
// properties, cm and Ra, may also be functions of the segment. Locations
// can be chosen by distance rules: Compartments.SegmentsIn (every segment
// of a region within a distance range), AtDistance (the points at a path
// distance) and Scatter (n seeded random locations weighted by length or
// area). Channels that are not finite at the initial potential where they
// are inserted, channel names with dots, and locations beyond a section
// are errors naming the section.
//
// Compartments discretizes it as NEURON does. A section of nseg segments
// (Nseg, or NEURON's d_lambda rule) has nseg nodes at the segment centres
// (x = (i+1/2)/nseg) and a zero-area node at its 1 end; the root section
// also has a zero-area node at its 0 end; a child's 0 end joins the node
// of its parent at ParentX (x = 0 and 1: the end nodes, otherwise the
// segment containing x). Areas and axial resistances follow NEURON's
// nrn_area_ri: pi*diam*L/nseg and half-segment resistances for cylinders,
// and the trapezoidal integration of diam_from_list over the 3-D points
// (frustums, with NEURON's single-precision pt3d) otherwise. A
// zero-length section is an error, not a degenerate compartment.
//
// # Integration scheme
//
// Population holds n cells of one Cell. Step is NEURON's fixed step with
// secondorder = 0, for every cell:
//
//  1. (caller) synaptic events due by t + dt/2 are delivered (Receive or
//     Input.Events);
//  2. at t + dt/2 every channel adds its current density and slope di/dv
//     at the present v and gates; synapses add g (v - e) and g, IClamps
//     and the injected current their currents, SEClamps (vc - v)/rs and
//     1/rs, divided by the area of their node (NEURON's nrn_rhs, nrn_lhs);
//  3. with the capacitance cm/dt and NEURON's axial coefficients (a, b
//     from connection_coef), the tree's linearised implicit system is
//     solved by the Hines algorithm (triang, bksub) and v += dv;
//  4. the gates advance by the exact exponential step with the new v, the
//     synaptic states decay;
//  5. a cell spikes if the potential at its detector went from below
//     ThresholdMV to ThresholdMV or above; the spike time is t + dt.
//
// Zero-area nodes that carry nothing (a section's free end, the root's 0
// end) are left out of the linear system: their potential equals that of
// their neighbour after every step (in NEURON's reference data to the
// last digit) and V reports it. Everything else is NEURON's arithmetic:
// the references of shared/ref (a single hh soma, an hh soma with a 1 mm
// passive dendrite and a distal Exp2Syn) are reproduced to 5e-9 mV, the
// precision they were printed with.
//
// With Cell.CrankNicolson the step is NEURON's secondorder = 1 instead:
// the system of step 3 is solved with capacitance 2 cm/dt, which gives
// v(t+dt/2), and v(t+dt) = 2 v(t+dt/2) - v(t): second order in dt for the
// cable (TestCrankNicolsonOrder). As in NEURON, a zero-area node carrying a
// point process has no capacitance, and its extrapolated potential
// alternates about the true one from step to step.
//
// # Layout and speed
//
// The state is a structure of arrays over [block][node][cell]: BlockSize
// cells per block, so that each loop of a step runs over the cells of a
// block with every array in the first-level cache, and one call of a
// Channel serves a run of consecutive compartments of a whole block. Step
// costs O(compartments), allocates nothing, and distinct ranges of cells
// may be stepped from different goroutines with the same bits as one
// goroutine (cells are independent). Built with GOEXPERIMENT=simd on
// amd64, the Hines passes run four cells per instruction with the same
// IEEE operations, so results do not depend on it.
//
// # Units
//
// As package channels: ms, mV, um, uF/cm2, ohm cm, S/cm2, mA/cm2; point
// currents nA and conductances (synaptic weights) uS.
//
// # NMODL mechanisms: CellGroup
//
// A Cell may instead have a membrane of NMODL mechanisms (package
// sim/mech: .mod files translated by sim/nmodl, native mechanisms, pas):
// Inserts put density mechanisms in regions with parameters that may
// depend on the segment (distance rules), IonValues set reversal
// potentials and concentrations per region (hoc's ena = 50), and
// PointProcesses place synapses and other point processes that receive
// events. A CellGroup steps any number of such cells, of any
// morphologies, as one NEURON thread: one forest solved by the Hines
// algorithm, each mechanism one call over all its instances, ions per
// node with NEURON's ion_style, events through Send, variables through
// Probe; by backward Euler (secondorder = 0) or Crank-Nicolson
// (SetSecondOrder: NEURON's secondorder = 1 and 2). A cell of twelve
// translated neocortex channels, calcium dynamics, an IClamp and a
// synapse matches NEURON 8.2.2 within 1.3e-9 mV over 200 ms and eight
// spikes (TestCellGroupMatchesNEURON, scripts/nmodl-ref/cell_ref.py).
//
// # References
//
// Hines and Carnevale, The NEURON Book (2006), chapters 4 and 5; Hines,
// Efficient computation of branched nerve equations, Int J Biomed Comput
// 15:69 (1984); NEURON 8.2 sources (treeset.cpp, import3d). Cannon et al.,
// An on-line archive of reconstructed hippocampal neurons, J Neurosci
// Methods 84:49 (1998) for SWC.
package morph

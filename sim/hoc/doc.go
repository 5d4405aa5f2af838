// Package hoc interprets the subset of NEURON's hoc language that cell
// templates use (BluePyOpt emodel templates of SONATA circuits, MiV's
// templates), with NEURON's section model, and converts a template
// instance to a sim/morph cell.
//
// An Interp runs hoc source (LoadFile, Exec) and instantiates templates
// (NewObject, as hoc's new Name(args)). Sections have NEURON's names
// ("Cell[0].soma[0]"), topology (parent, parentx), geometry (L and diam,
// diameters per segment set by diam(x), or 3-D points), nseg (range
// variables keep their values per position when nseg changes), cm per
// segment, Ra, the density mechanisms inserted with their RANGE values
// per segment, ion variables (ena = 50) and v (indexSections writes
// section indices into v(0.0001)). Mechanisms and their variables are
// those registered with sim/mech; names like gIhbar_Ih split at the
// longest registered mechanism suffix, and a variable of a mechanism not
// inserted in the section is an error, as in NEURON. Morphologies come
// through Import3d (Import3d_Neurolucida3, Import3d_SWC_read,
// Import3d_GUI.instantiate), which calls the Interp's MorphologyLoader.
//
// Interp.Cell converts an instance to a Cell holding a *morph.Cell:
// sections in SONATA order with their ids (the indices the template
// assigned), passive properties, nseg, one morph.Insert per mechanism and
// section with its per-segment values, IonValues, and the spike detector
// and threshold of the template's connect2target.
//
// Anything outside the supported subset is an error naming the file,
// line and column and the construct, never a silent default. The
// supported subset and the decisions taken are described in docs/HOC.md.
package hoc

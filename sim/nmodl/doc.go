// Package nmodl reads NMODL, the language of NEURON's .mod files: the
// membrane mechanisms, ion accumulation, synapses and artificial cells
// that NEURON models are built from (nocmodl's and Arbor's modcc's
// input).
//
// Parse turns a .mod file into a File: its NEURON block (SUFFIX,
// POINT_PROCESS or ARTIFICIAL_CELL, USEION, RANGE, GLOBAL, ...), the
// UNITS, PARAMETER, ASSIGNED, STATE and CONSTANT declarations with their
// units, defaults and limits, and every block of statements (INITIAL,
// BREAKPOINT, DERIVATIVE, KINETIC, PROCEDURE, FUNCTION, NET_RECEIVE, ...)
// as a syntax tree with the line and column of each node. VERBATIM blocks
// (C code that no translator can follow) are kept as text with their
// position, so that a translator can refuse them by name. A syntax error
// is an *Error naming the file, line, column and what was expected.
//
// The parser follows the grammar of NEURON's nocmodl as the .mod files of
// neurodamus (Blue Brain) and MiV-Simulator use it; comments are ':' and
// '?' to the end of the line and COMMENT ... ENDCOMMENT.
package nmodl

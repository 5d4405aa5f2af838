// Package units checks the units of NMODL (.mod) files as NEURON's
// modlunit does.
//
// NEURON's translator, nocmodl, does not look at units; its separate
// checker, modlunit, does, and rejects many files NEURON runs (a time
// constant declared without (ms), a unit such as (mM) used without being
// defined in the UNITS block). So in Golgi the check is opt-in: golgi
// nmodl -check-units, or nmodl.Options.Check set to a function calling
// Check.
//
// A DB is a unit database in the format of NEURON's nrnunits.lib:
// System reads the file NEURON installs (SystemLib) and falls back to
// Builtin, Golgi's own table of the units the reference .mod files and
// NEURON's checks use (tested against nrnunits.lib where it is
// installed). DB.Parse reduces a unit expression as .mod files write it,
// (mA/cm2), (/ms), (k-mole), (joule/degC), to a Unit: a factor and the
// exponents of the base units m, kg, sec, coul, ..., K.
//
// Check follows modlunit's rules, found by running modlunit on small
// files (the probes of the tests, with modlunit's verdicts) and checked
// against modlunit's verdicts on every .mod file of the reference sets
// (testdata/modlunit_ref.txt, recorded by
// scripts/nmodl-ref/modlunit_ref.py): see Check.
package units

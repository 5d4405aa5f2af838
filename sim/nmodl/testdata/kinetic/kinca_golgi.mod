TITLE kinca: a calcium channel with a buffered calcium pool (Golgi's KINETIC test)

COMMENT
Golgi's own test of KINETIC schemes (not a model of any cell): a calcium
current with instantaneous activation feeds a calcium pool in the
segment's cross-section (COMPARTMENT; a << flux), which exchanges with a
store at the fixed concentration cainf (a reaction with a non-STATE) and
binds a buffer B (cai + B <-> CB: nonlinear, so Newton iterations to
1e-8 with negative states set to 0), the buffer conserved in amount
(CONSERVE with COMPARTMENT). INITIAL starts the pool at its steady state
(STEADYSTATE sparse, nonlinear).

One KINETIC block: NEURON 8.2.2's nocmodl miscompiles a file with two
(the first block's equations written two or three times, merged with
their CVODE form, and the saved states zeroed at every evaluation).
ENDCOMMENT

NEURON {
	SUFFIX kinca
	USEION ca READ eca WRITE ica, cai
	RANGE gbar, g, kon, koff, Btot, fc, kr, cainf
}

UNITS {
	(mV) = (millivolt)
	(mA) = (milliamp)
	(S) = (siemens)
	(mM) = (milli/liter)
	(um) = (micron)
}

PARAMETER {
	gbar = 0.0002 (S/cm2)
	kon = 100 (/mM-ms)
	koff = 0.1 (/ms)
	Btot = 0.05 (mM)
	fc = 0.01 (mM-cm2/mA-ms)
	kr = 0.05 (/ms)
	cainf = 5e-5 (mM)
}

ASSIGNED {
	v (mV)
	eca (mV)
	ica (mA/cm2)
	g (S/cm2)
	diam (um)
}

STATE { cai (mM) B (mM) CB (mM) }

INITIAL {
	B = Btot
	CB = 0
	SOLVE pool STEADYSTATE sparse
}

BREAKPOINT {
	SOLVE pool METHOD sparse
	g = gbar/(1 + exp(-(v + 20)/6))
	ica = g*(v - eca)
}

KINETIC pool {
	COMPARTMENT diam*diam/4 { cai B CB }
	~ cai << (-ica*fc*diam*diam/4)
	~ cai <-> cainf (kr, kr)
	~ cai + B <-> CB (kon, koff)
	CONSERVE B + CB = Btot*diam*diam/4
}

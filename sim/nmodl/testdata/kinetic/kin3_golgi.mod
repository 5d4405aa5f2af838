TITLE kin3: a three-state sodium-like Markov channel (Golgi's KINETIC test)

COMMENT
Golgi's own test of KINETIC schemes (not a model of any cell): closed,
open and inactivated states linked by voltage-dependent rates, solved by
NEURON's METHOD sparse (backward Euler; the scheme is linear in its
states, so one Newton iteration a step), one state's equation replaced by
the CONSERVE statement, and started at its steady state (STEADYSTATE
sparse). sim/nmodl/internal/kinmod holds its translation, compared with
NEURON 8.2 under the voltage-clamp family and the current step of
scripts/nmodl-ref/make_refs.py.
ENDCOMMENT

NEURON {
	SUFFIX kin3
	USEION na READ ena WRITE ina
	RANGE gbar, g, a1, b1, a2, b2
}

UNITS {
	(mV) = (millivolt)
	(mA) = (milliamp)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.02 (S/cm2)
}

ASSIGNED {
	v (mV)
	ena (mV)
	ina (mA/cm2)
	g (S/cm2)
	a1 (/ms)
	b1 (/ms)
	a2 (/ms)
	b2 (/ms)
}

STATE { C O I }

INITIAL {
	SOLVE scheme STEADYSTATE sparse
}

BREAKPOINT {
	SOLVE scheme METHOD sparse
	g = gbar*O
	ina = g*(v - ena)
}

KINETIC scheme {
	rates(v)
	~ C <-> O (a1, b1)
	~ O <-> I (a2, b2)
	CONSERVE C + O + I = 1
}

PROCEDURE rates(v (mV)) {
	a1 = 0.5*exp((v + 40)/10)
	b1 = 0.2*exp(-(v + 40)/20)
	a2 = 0.3*exp((v + 50)/15)
	b2 = 0.02*exp(-(v + 70)/10)
}

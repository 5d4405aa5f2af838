TITLE Single-exponential synapse, written for Golgi's translator tests

COMMENT
A conductance g (uS) that each event of weight w raises by w and that
decays with time constant tau (ms), as NEURON's ExpSyn. Golgi's
hand-written synapse of sim/morph (a Synapse with Tau1Ms = 0) implements
the same equations; the test compares the two.
ENDCOMMENT

NEURON {
    POINT_PROCESS ExpSynG
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 0.1 (ms) <1e-9,1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
}

STATE {
    g (uS)
}

INITIAL {
    g = 0
}

BREAKPOINT {
    SOLVE decay METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE decay {
    g' = -g/tau
}

NET_RECEIVE(weight (uS)) {
    g = g + weight
}

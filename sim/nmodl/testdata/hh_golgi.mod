TITLE Hodgkin-Huxley squid axon channels, written for Golgi's translator tests

COMMENT
The Hodgkin-Huxley (1952) sodium, potassium and leak currents in the
modern sign convention (rest near -65 mV), with the rate functions and
the 3^((celsius - 6.3)/10) temperature factor NEURON's built-in hh uses,
tabulated from -100 to 100 mV in 1 mV steps, with CONDUCTANCE hints (so
the slope is the sum of the conductances). Golgi's hand-written
channels.HH implements the same equations; the test compares the two.
ENDCOMMENT

NEURON {
    SUFFIX hhg
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gnabar, gkbar, gl, el, gna, gk
    GLOBAL minf, hinf, ninf, mtau, htau, ntau
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gnabar = 0.12 (S/cm2) <0,1e9>
    gkbar = 0.036 (S/cm2) <0,1e9>
    gl = 0.0003 (S/cm2) <0,1e9>
    el = -54.3 (mV)
}

STATE { m h n }

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ek (mV)
    gna (S/cm2)
    gk (S/cm2)
    ina (mA/cm2)
    ik (mA/cm2)
    il (mA/cm2)
    minf hinf ninf
    mtau (ms) htau (ms) ntau (ms)
}

BREAKPOINT {
    SOLVE gates METHOD cnexp
    CONDUCTANCE gna USEION na
    CONDUCTANCE gk USEION k
    CONDUCTANCE gl
    gna = gnabar*m*m*m*h
    ina = gna*(v - ena)
    gk = gkbar*n*n*n*n
    ik = gk*(v - ek)
    il = gl*(v - el)
}

INITIAL {
    settables(v)
    m = minf
    h = hinf
    n = ninf
}

DERIVATIVE gates {
    settables(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
    n' = (ninf - n)/ntau
}

PROCEDURE settables(u (mV)) {
    LOCAL a, b, s, tfac
    TABLE minf, mtau, hinf, htau, ninf, ntau DEPEND celsius FROM -100 TO 100 WITH 200
    UNITSOFF
    tfac = 3^((celsius - 6.3)/10)
    : sodium activation
    a = 0.1*efun(-(u + 40), 10)
    b = 4*exp(-(u + 65)/18)
    s = a + b
    mtau = 1/(tfac*s)
    minf = a/s
    : sodium inactivation
    a = 0.07*exp(-(u + 65)/20)
    b = 1/(exp(-(u + 35)/10) + 1)
    s = a + b
    htau = 1/(tfac*s)
    hinf = a/s
    : potassium activation
    a = 0.01*efun(-(u + 55), 10)
    b = 0.125*exp(-(u + 65)/80)
    s = a + b
    ntau = 1/(tfac*s)
    ninf = a/s
    UNITSON
}

: x/(exp(x/y) - 1), with its limit y(1 - x/y/2) near x = 0
FUNCTION efun(x, y) {
    if (fabs(x/y) < 1e-6) {
        efun = y*(1 - x/y/2)
    } else {
        efun = x/(exp(x/y) - 1)
    }
}

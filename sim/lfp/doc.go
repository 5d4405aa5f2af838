// Package lfp computes the extracellular potential of membrane currents
// at a point electrode by the line-source approximation (Holt and Koch
// 1999), the method of Schomburg et al. (2012) as MiV-Simulator names it.
//
// Every segment k of a cell is a straight piece of membrane from a_k to
// b_k (µm) of length Δs carrying a total transmembrane current I_k (nA,
// positive outward) spread uniformly along it. In an infinite medium of
// resistivity ρ (Ω·cm) the potential at the electrode e is
//
//	V_e(t) = Σ_k K_k I_k(t)                                   (mV)
//	K_k    = 0.01 ρ/(4π Δs) ln( ((Δs−λ) + √((Δs−λ)² + r²)) / (−λ + √(λ² + r²)) )
//
// with λ = (e − a)·û the electrode's coordinate along the segment's axis
// û = (b − a)/Δs, and r the electrode's perpendicular distance from that
// axis, floored at the segment's radius so that an electrode inside a
// segment sees a finite potential. The factor 0.01 turns Ω·cm·nA/µm into
// mV. Far from the segment K_k tends to the point source 0.01 ρ/(4π d):
// 1 nA at 10 µm in 333 Ω·cm gives 0.026499 mV.
//
// The coefficients are computed once per electrode (New from Segments,
// FromCells from sections given as NEURON's 3-D points); each step then
// costs one multiply-add per segment (LineSource.PotentialMV), with no
// allocation. A Sampler keeps the samples at t = 0, dt_lfp, 2 dt_lfp, ...
//
// Options.Compat reproduces, defect by defect, what MiV-Simulator's
// lfp.py computes at its HEAD instead (Defect: full distance for the
// perpendicular one, an off-by-one node, the absolute value of the log,
// the default section's area and coefficients shared between sections);
// docs/LFP.md explains each.
//
// The package knows nothing of model families: it takes geometry, weights
// and currents, whoever computes them.
package lfp

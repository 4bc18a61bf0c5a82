"""Revenue protection for AD/CVD (EO 13785 s.1-3; 19 U.S.C. 4321; 19 CFR Part 113).

So far: the continuous (Activity 1) bond formula and the single-transaction bond rules, and the
bond-sufficiency decision per importer (:mod:`tradeguard.revenue.bonds`).
"""

#!/usr/bin/env python3
"""Independent reference for AGGIR (DOMAIN.md §1.2), written separately
from src/domain/record/aggir.c: generates tests/golden/aggir_ranks.txt, the rank
(hex digit 1..d) of every one of the 3^10 letter grids, in base-3 order
(A=0, B=1, C=2; COH most significant)."""
import itertools, sys

VARS = "COH ORI TOI HAB ALI ELI TRA DIN DEX COM".split()
TABLE = """
A C 2000 1200 40 40 60 100 800 200 0 0
A B 0 0 16 16 20 16 120 32 0 0
B C 1500 1200 40 40 60 100 800 -80 0 0
B B 320 120 16 16 0 16 120 -40 0 0
C C 0 0 40 40 60 160 1000 400 0 0
C B 0 0 16 16 20 20 200 40 0 0
D C 0 0 0 0 2000 400 2000 200 0 0
D B 0 0 0 0 200 200 200 0 0 0
E C 400 400 400 400 400 800 800 200 0 0
E B 0 0 100 100 100 100 100 0 0 0
F C 200 200 500 500 500 500 500 200 0 0
F B 100 100 100 100 100 100 100 0 0 0
G C 150 150 300 300 500 500 400 200 0 0
G B 0 0 200 200 200 200 200 100 0 0
H C 0 0 3000 3000 3000 3000 1000 1000 0 0
H B 0 0 2000 2000 2000 2000 2000 1000 0 0
"""
COEF = {}
for line in TABLE.strip().splitlines():
    g, letter, *vals = line.split()
    COEF[(g, letter)] = [int(v) for v in vals]
THRESH = {"A": [(4380, 1), (4140, 2), (3390, 3)], "B": [(2016, 4)],
          "C": [(1700, 5), (1432, 6)], "D": [(2400, 7)], "E": [(1200, 8)],
          "F": [(800, 9)], "G": [(650, 10)], "H": [(4000, 11), (2000, 12)]}

def rank(grid):
    for g in "ABCDEFGH":
        s = sum(COEF[(g, l)][i] for i, l in enumerate(grid) if l != "A")
        for t, r in THRESH[g]:
            if s >= t:
                return r
    return 13

def gir(r):
    return {1: 1, 8: 3, 9: 3, 10: 4, 11: 4, 12: 5, 13: 6}.get(r, 2)

if __name__ == "__main__":
    out = "".join("%x" % rank(g) for g in itertools.product("ABC", repeat=10))
    assert len(out) == 59049
    examples = {"CCCCCCCCCC": 1, "CCAAAAAAAA": 2, "AACCCCCCAA": 2,
                "AACCBBBBAA": 3, "BBBBBBBBBB": 4, "AABBAAAAAA": 4,
                "AABAAAAAAA": 5, "AAAAAAABAA": 6, "AAAAAAAAAA": 6}
    for g, want in examples.items():
        assert gir(rank(g)) == want, (g, gir(rank(g)), want)
    sys.stdout.write(out + "\n")

"""MinHash signatures and LSH band keys for near-duplicate and same-story detection.

A document's shingles are the 3-grams of its indexed stems (see :mod:`marsad.corpus.search`),
so clitics, harakat and spelling variants do not hide a copy. datasketch computes the MinHash;
the LSH index lives in the store (table ``lsh_bands``), so it persists across runs and never
has to fit in memory: 32 bands of 4 rows catch pairs with Jaccard similarity 0.5 with
probability 0.87, and 0.3 with 0.23; candidates are then checked on the whole signature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Final

import numpy as np
from datasketch import MinHash

NUM_PERM: Final = 128
BANDS: Final = 32
ROWS: Final = NUM_PERM // BANDS
SHINGLE: Final = 3
# Fewer shingles than this (a headline, a caption) say too little to call two texts copies.
MIN_SHINGLES: Final = 8
_SEED: Final = 1


def signature(words: Sequence[str]) -> bytes | None:
    """The MinHash of the word 3-grams of ``words`` as bytes (128 × uint32), or None when
    the text is too short to compare."""
    grams = {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
    if len(grams) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED)
    mh.update_batch(list(grams))
    packed: bytes = mh.hashvalues.astype(np.uint32).tobytes()
    return packed


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of the hash)."""
    keys = []
    step = ROWS * 4
    for band in range(BANDS):
        digest = hashlib.blake2b(
            sig[band * step : (band + 1) * step], digest_size=8, salt=band.to_bytes(2, "big")
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal hash values)."""
    x = np.frombuffer(a, dtype=np.uint32)
    y = np.frombuffer(b, dtype=np.uint32)
    return float(np.mean(x == y))

"""The Arabic language layer, with no news domain in it: normalization with an offset map,
the one word and clitic layer, tokens, sentences, clauses, numbers and transliteration.

Every extractor under :mod:`marsad.extract` reads Arabic words through this package."""

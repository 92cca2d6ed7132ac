"""Pure functions on strings: normalization with offset maps, sentences, tokens."""

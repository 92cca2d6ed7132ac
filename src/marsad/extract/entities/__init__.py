"""Named-entity recognition: gazetteers, features, the CRF tagger, canonical names."""

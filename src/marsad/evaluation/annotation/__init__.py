"""The annotated news corpus (``eval/corpus``): selection, snippet anchoring, validation,
agreement and loading. Offsets and values live in git; article text stays in ``../shared``."""

"""Evaluation infrastructure: corpus readers, conlleval-style metrics and a baseline gate.

``conll`` reads annotated NER corpora (ANERcorp, Wojood, FANE) onto marsad's PER/ORG/LOC/MISC
labels; ``metrics`` scores label sequences or spans with conlleval semantics; ``baseline``
keeps the checked-in floors (``eval/baseline.json``) that a result must not fall below;
``ner`` scores the recognizer; ``spans`` scores time and figure spans on Wojood, with
dateparser beside them.
"""

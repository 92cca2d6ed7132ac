"""Quotes: direct and indirect statements and attributed claims (``rules.py``: cue verbs,
marks, clauses), and the component that resolves each speaker across the article and
attributes the figures inside a quote (``component.py``): ``قال الوزير: «...»``."""

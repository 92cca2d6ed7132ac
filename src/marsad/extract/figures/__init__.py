"""Figures: numbers in running text with their kind, unit, qualifier, range, change and
subject (``rules.py``), and the component that links each to the time of its clause
(``component.py``): ``أكثر من 12 ألف نازح`` → count 12000, unit نازح, qualifier ``more_than``."""

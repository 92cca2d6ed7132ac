"""marsad (مرصد): Arabic news to a source-attributed record of who did what, where, when, how many."""

__version__ = "0.1.0"

"""marsad (مرصد): Arabic news to a source-attributed record of who did what, where and when."""

__version__ = "0.1.0"

"""Times: absolute, relative, Hijri and partial date expressions resolved against the
publication date to an ISO value, a granularity and an interval (``rules.py``), and their
component (``component.py``): ``أمس الأول`` → publication date − 2 days."""

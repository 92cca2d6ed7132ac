"""Scale-out adapter: ``marsad spark run`` (needs the ``spark`` extra: pyspark)."""

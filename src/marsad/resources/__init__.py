"""Data files only (lexicons, gazetteers, models), loaded lazily."""

"""Arabic → English name transliteration model (data only); see README.md."""

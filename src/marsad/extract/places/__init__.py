"""Geocoding: the place gazetteer and Arabic toponym resolution.

>>> from marsad.extract.places import Geocoder
>>> Geocoder().resolve("قصفت الطائرات مدينة الميادين", 20, 28).entry.name_en
'Al Mayadin'
"""

from marsad.extract.places.gazetteer import Gazetteer, GeoEntry, GeoKind, normalize_key
from marsad.extract.places.geocode import Context, Geocoder, Resolution, strip_clitics

__all__ = [
    "Context",
    "Gazetteer",
    "GeoEntry",
    "GeoKind",
    "Geocoder",
    "Resolution",
    "normalize_key",
    "strip_clitics",
]

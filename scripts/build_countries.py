"""Build ``src/marsad/resources/places/countries.tsv``: ISO codes, ACLED's English country
name and ACLED's region for every country of the gazetteer (what the ACLED export writes in
``iso``, ``country`` and ``region``).

Sources: ``../shared/data/gazetteer-mena/countries_ar_en.tsv`` (ISO alpha-2/alpha-3, GeoNames
English name and continent; GeoNames, CC BY 4.0) and the ISO 3166-1 numeric codes of PyPI
``pycountry`` (Debian iso-codes data); ACLED's names and regions where they differ are written
out below. Run: ``python scripts/build_countries.py`` (needs pycountry).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "gazetteer-mena" / "countries_ar_en.tsv"
OUT = ROOT / "src" / "marsad" / "resources" / "places" / "countries.tsv"

# ACLED's spelling where it differs from GeoNames'.
NAMES = {
    "PS": "Palestine",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CZ": "Czech Republic",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "MK": "North Macedonia",
    "TR": "Turkey",
    "CV": "Cape Verde",
    "FM": "Micronesia",
    "VA": "Vatican City",
    "CI": "Ivory Coast",
    "MM": "Myanmar",
    "BN": "Brunei",
    "LA": "Laos",
    "VN": "Vietnam",
    "KR": "South Korea",
    "KP": "North Korea",
    "RU": "Russia",
    "SY": "Syria",
    "IR": "Iran",
    "GM": "Gambia",
    "BS": "Bahamas",
    "ST": "Sao Tome and Principe",
    "VC": "Saint Vincent and the Grenadines",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
}
# ACLED's regions, by country; the rest follow the GeoNames continent (EU Europe, SA South
# America, OC Oceania, AN Antarctica).
REGIONS = {
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW IO TF",
    "Southern Africa": "BW SZ LS NA ZA",
    "Middle East": "BH IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN CX CC",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "North America": "US CA GL BM PM",
    "Central America": "MX GT BZ SV HN NI CR PA",
    "Europe": "CY RU",
}
CONTINENTS = {
    "EU": "Europe", "SA": "South America", "OC": "Oceania", "AN": "Antarctica",
    "NA": "Caribbean",
}  # fmt: skip


def main() -> int:
    region_of = {c: r for r, codes in REGIONS.items() for c in codes.split()}
    rows = []
    with SOURCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            iso2 = row["iso2"]
            found = pycountry.countries.get(alpha_2=iso2)
            # Kosovo has no ISO numeric code; ACLED writes 0 for it.
            numeric = int(found.numeric) if found else 0
            region = region_of.get(iso2) or CONTINENTS.get(row["continent"])
            if region is None:
                print(f"no region for {iso2} ({row['continent']})", file=sys.stderr)
                return 1
            name = NAMES.get(iso2, row["name_en_geonames"])
            rows.append((iso2, row["iso3"], str(numeric), name, region))
    with OUT.open("w", encoding="utf-8", newline="") as out:
        out.write(
            "# Countries for the ACLED export (corpus/acled.py): ISO 3166-1 codes, ACLED's\n"
            "# English name and region. Built by scripts/build_countries.py from GeoNames (CC BY\n"
            "# 4.0, geonames.org) and ISO 3166-1 numeric codes; see README.md here.\n"
        )
        out.write("iso2\tiso3\tnumeric\tname\tregion\n")
        for r in sorted(rows):
            out.write("\t".join(r) + "\n")
    print(f"{len(rows)} countries -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

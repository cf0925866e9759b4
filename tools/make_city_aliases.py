#!/usr/bin/env python3
"""Derive src/extract/data/city_aliases.tsv from the GeoNames places file in ../shared/data/names/.

Usage: python3 tools/make_city_aliases.py ../shared/data/names/geonames_places.tsv > src/extract/data/city_aliases.tsv

Keeps the cities of at least 100,000 people (about 10,000) with the other names GeoNames gives them in Latin
script ("München", "Monachium" and "Munique" for Munich). These are the places extraction trusts in articles that
are not in English, and the other names map to one canonical name in every language. An alias is dropped when it
could be taken for an ordinary word or another place: shorter than four letters, written in lower case, a function
word of a language newsdex detects (src/extract/data/function_words.tsv), an ordinary English word
(src/extract/data/lower_words.txt), or the name or alias of another city in the list.
"""
import collections, os, sys

MIN_POPULATION = 100_000
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "src", "extract", "data")

def words_of(path, col=None):
    out = set()
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        text = line.rstrip("\n").split("\t")[col] if col is not None else line
        out.update(w.lower() for w in text.split())
    return out

function_words = words_of(os.path.join(data, "function_words.tsv"), 1)
lower_words = words_of(os.path.join(data, "lower_words.txt"))

rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#"):
        continue
    name, _type, aliases, pop, _id, feature, country, _codes = line.rstrip("\n").split("\t")
    if feature in ("COUNTRY", "ADM1") or int(pop) < MIN_POPULATION:
        continue
    rows.append((name, country, int(pop), [a for a in aliases.split("|") if a]))

# A name or alias used by two cities says nothing on its own: keep it only for the bigger city, and never as an
# alias of a city when it is another city's main name.
owners = collections.defaultdict(list)
for name, country, pop, aliases in rows:
    for n in {name, *aliases}:
        owners[n.lower()].append(pop)
main_names = {name.lower() for name, _, _, _ in rows}

def ok(alias, name, pop):
    low = alias.lower()
    if alias == name or len(alias) < 4 or not any(c.isalpha() for c in alias) or alias == low:
        return False
    if low in function_words or low in lower_words or low in main_names:
        return False
    return max(owners[low]) == pop

print("# Cities of at least 100,000 people with their other names in Latin script, from GeoNames (geonames.org,")
print("# CC BY 4.0) via ../shared/data/names/geonames_places.tsv; derived by tools/make_city_aliases.py.")
print("# name\tcountry code\tpopulation\tother names (|-separated)")
for name, country, pop, aliases in sorted(rows, key=lambda r: (-r[2], r[0])):
    kept = sorted({a for a in aliases if ok(a, name, pop)})
    print(f"{name}\t{country}\t{pop}\t{'|'.join(kept)}")

#!/usr/bin/env python3
"""Derive src/extract/data/first_names.txt from the GMB training file.

Usage: python3 tools/make_first_names.py ../shared/data/ner/gmb.train.conll > src/extract/data/first_names.txt

A first name is the first word of a person span of two or more words (after leading titles are removed) seen at
least three times. Only the training file is read, never the development or evaluation files.
"""
import collections, sys

TITLES = set("""mr. mrs. ms. dr. mr mrs ms dr president vice prime minister foreign defense interior finance secretary
general gen. senator sen. king queen prince princess pope chancellor sheikh ayatollah lieutenant lt. colonel col.
captain capt. major maj. sergeant sgt. admiral adm. commander governor gov. rep. representative judge justice
ambassador envoy chief premier leader spokesman spokeswoman mayor cardinal bishop archbishop reverend rev. saint
st. sir lord lady emir sultan crown former acting deputy opposition rebel cleric""".split())

counts = collections.Counter()
span = []

def flush():
    words = list(span)
    while words and words[0].lower() in TITLES:
        words.pop(0)
    if len(words) >= 2:
        counts[words[0]] += 1

for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 2:
        flush(); span = []; continue
    word, tag = parts[0], parts[-1]
    if tag == "B-per":
        flush(); span = [word]
    elif tag == "I-per":
        span.append(word)
    else:
        flush(); span = []
flush()
print("# First names derived from the GMB training data (see tools/make_first_names.py).")
for name in sorted(n for n, k in counts.items() if k >= 3 and n[:1].isupper() and n.replace("-", "").isalpha()):
    print(name)

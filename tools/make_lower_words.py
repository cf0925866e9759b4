#!/usr/bin/env python3
"""Derive src/extract/data/lower_words.txt from the GMB training file: words seen in lower case at least three
times (ordinary words, as opposed to names). Only the training file is read.

Usage: python3 tools/make_lower_words.py ../shared/data/ner/gmb.train.conll > src/extract/data/lower_words.txt
"""
import collections, sys

counts = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 2:
        continue
    w = parts[0]
    if w.isalpha() and w.islower():
        counts[w] += 1
print("# Words seen in lower case at least three times in the GMB training data (tools/make_lower_words.py).")
for w in sorted(w for w, c in counts.items() if c >= 3):
    print(w)

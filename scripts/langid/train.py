#!/usr/bin/env python3
"""Train Parley's language-identification model: `Sources/ParleyLanguage/Resources/langid.model`.

Reproducible: `scripts/langid/make-model.sh` fetches the sources with the ordinary package clients
and runs this script. The model is a naive-Bayes table of character n-grams (1..MAX_ORDER, over
words padded with a space on each side) and whole words, with per-language log-probabilities. It
only covers languages that share a script; languages that own their script (ko, am, hi, ...) are
decided by ICU's script analysis at run time and need no table.

Sources (see `scripts/langid/SOURCES.md` for licences and attribution):
- wordfreq 3.1.1 word-frequency lists (data CC-BY-SA 4.0): en es vi fil(tl) pt fr de it pl ru uk ar fa zh ja;
- shared/data/ht-train.txt (CMU Haitian Creole newswire sentences): ht;
- lingua-language-detector 2.1.1 n-gram figures (Apache-2.0), extracted by extract_lingua.py: so.

Never trains on shared/eval/ (the development set is for measuring only).

The feature keys are 64-bit FNV-1a hashes over the feature's Unicode scalar values; Swift computes the
same hash (`FeatureHash.swift`). Keep both in step, and bump FORMAT_VERSION on any change.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import math
import os
import struct
import sys
import unicodedata

import msgpack
import regex

FORMAT_VERSION = 1
MAX_ORDER = 4
WORD_FEATURE_MARK = "\u0001"
# Kept per language: n-grams per order, and whole words.
TOP_NGRAMS = {1: 400, 2: 2500, 3: 8000, 4: 10000}
TOP_WORDS = 12000
# Weight of the accent-free spelling of a word (SMS often drops diacritics).
ACCENT_FREE_WEIGHT = 0.25
# Quantization of -ln(p): q = round(-ln(p) * SCALE), 255 means "not in this language's table".
SCALE = 8.0
ABSENT = 255
# Class flags: the class has a whole-word table (classes built from n-gram figures alone do not).
FLAG_HAS_WORDS = 1

WORDFREQ_CODES = {
    "en": "en", "es": "es", "vi": "vi", "tl": "fil", "pt": "pt", "fr": "fr", "de": "de",
    "it": "it", "pl": "pl", "ru": "ru", "uk": "uk", "ar": "ar", "fa": "fa", "zh": "zh", "ja": "ja",
}
LATIN = {"en", "es", "vi", "tl", "pt", "fr", "de", "it", "pl", "ht", "so"}
WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1


def feature_hash(text: str) -> int:
    """FNV-1a over Unicode scalar values (one step per scalar), as in FeatureHash.swift."""
    h = FNV_OFFSET
    for ch in text:
        h ^= ord(ch)
        h = (h * FNV_PRIME) & MASK
    return h


def fold(text: str) -> str:
    """Approximates ICU's NFKC_Casefold, which the Swift side applies."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def accent_free(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def ngrams(word: str):
    padded = f" {word} "
    for n in range(1, MAX_ORDER + 1):
        for i in range(len(padded) - n + 1):
            gram = padded[i:i + n]
            if gram != " ":
                yield n, gram


class Counts:
    def __init__(self) -> None:
        self.grams = {n: collections.Counter() for n in range(1, MAX_ORDER + 1)}
        self.words = collections.Counter()
        self.has_words = True

    def add_word(self, word: str, weight: float, latin: bool) -> None:
        self._add(word, weight)
        if latin:
            plain = accent_free(word)
            if plain != word:
                self._add(plain, weight * ACCENT_FREE_WEIGHT)

    def _add(self, word: str, weight: float) -> None:
        self.words[word] += weight
        for n, gram in ngrams(word):
            self.grams[n][gram] += weight


def read_wordfreq(path: str):
    """Yields (word, frequency) from a wordfreq cB msgpack list."""
    data = msgpack.unpackb(gzip.open(path).read(), raw=False)
    header, bins = data[0], data[1:]
    assert header.get("format") == "cB", header
    for centibels, words in enumerate(bins):
        frequency = 10 ** (-centibels / 100)
        for word in words:
            yield word, frequency


def counts_from_wordfreq(path: str, latin: bool) -> Counts:
    counts = Counts()
    for raw, frequency in read_wordfreq(path):
        for word in WORD.findall(fold(raw)):
            counts.add_word(word, frequency, latin)
    return counts


def counts_from_text(path: str, latin: bool) -> Counts:
    counts = Counts()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            for word in WORD.findall(fold(line)):
                counts.add_word(word, 1.0, latin)
    return counts


def counts_from_lingua(path: str) -> Counts:
    """Reads extract_lingua.py output (order 1: P(c); order n > 1: P(last | prefix)) and rebuilds the
    padded n-gram counts of this script's feature space.

    Joint counts follow the prefix chain: C(abc) = P(c | ab) * C(ab). Lingua counts n-grams inside
    words only, so word boundaries are derived: the count of words that start with g is
    C(g) - sum over x of C(xg), and of words that end with g is C(g) - sum over x of C(gx).
    Whole-word features cannot be derived: the class has no word table.
    """
    conditional: dict[int, dict[str, float]] = collections.defaultdict(dict)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            gram, value = line.rstrip("\n").split("\t")[:2]
            conditional[len(gram)][gram] = float(value)
    joint: dict[int, dict[str, float]] = {1: {g: p * 1e9 for g, p in conditional[1].items()}}
    top = max(conditional)
    for n in range(2, top + 1):
        joint[n] = {g: p * joint[n - 1].get(g[:-1], 0.0) for g, p in conditional[n].items()}
    following = {n: collections.Counter() for n in range(1, top)}
    preceding = {n: collections.Counter() for n in range(1, top)}
    for n in range(2, top + 1):
        for gram, count in joint[n].items():
            following[n - 1][gram[:-1]] += count
            preceding[n - 1][gram[1:]] += count
    counts = Counts()
    counts.has_words = False
    for n in range(1, MAX_ORDER + 1):
        for gram, count in joint[n].items():
            counts.grams[n][fold(gram)] += count
        if n >= 2 and n - 1 < top:
            for gram, count in joint[n - 1].items():
                starts = count - preceding[n - 1][gram]
                ends = count - following[n - 1][gram]
                if starts > 0:
                    counts.grams[n][" " + fold(gram)] += starts
                if ends > 0:
                    counts.grams[n][fold(gram) + " "] += ends
    return counts


def log_table(counter: collections.Counter, top: int):
    total = sum(counter.values())
    kept = counter.most_common(top)
    table = {key: math.log(value / total) for key, value in kept}
    floor = (min(table.values()) if table else math.log(1e-9)) - math.log(2)
    return table, floor


def build(sources: dict[str, Counts]):
    languages = sorted(sources)
    features: dict[int, dict[int, int]] = collections.defaultdict(dict)
    texts: dict[int, str] = {}
    floors = []
    for index, language in enumerate(languages):
        counts = sources[language]
        language_floors = []
        word_table, word_floor = log_table(counts.words, TOP_WORDS) if counts.has_words else ({}, 0.0)
        language_floors.append(word_floor)
        tables = [(WORD_FEATURE_MARK + word, logp) for word, logp in word_table.items()]
        for n in range(1, MAX_ORDER + 1):
            table, floor = log_table(counts.grams[n], TOP_NGRAMS[n])
            language_floors.append(floor)
            tables.extend(table.items())
        floors.append(language_floors)
        for text, logp in tables:
            key = feature_hash(text)
            previous = texts.setdefault(key, text)
            if previous != text:
                sys.exit(f"hash collision: {previous!r} and {text!r}")
            features[key][index] = min(ABSENT - 1, round(-logp * SCALE))
    flags = [FLAG_HAS_WORDS if sources[language].has_words else 0 for language in languages]
    return languages, flags, floors, features


def write(path: str, languages, flags, floors, features) -> None:
    keys = sorted(features)
    with open(path, "wb") as out:
        out.write(b"PLID")
        out.write(struct.pack("<HHBBH", FORMAT_VERSION, len(languages), MAX_ORDER, 0, 0))
        out.write(struct.pack("<f", SCALE))
        for language, language_flags in zip(languages, flags):
            encoded = language.encode("ascii")
            out.write(struct.pack("<B", len(encoded)) + encoded + struct.pack("<B", language_flags))
        for language_floors in floors:
            out.write(struct.pack(f"<{MAX_ORDER + 1}f", *language_floors))
        out.write(struct.pack("<I", len(keys)))
        out.write(struct.pack(f"<{len(keys)}Q", *keys))
        row = bytearray(len(languages))
        for key in keys:
            for index in range(len(languages)):
                row[index] = features[key].get(index, ABSENT)
            out.write(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", required=True, help="folder with the fetched sources")
    parser.add_argument("--ht", required=True, help="path of shared/data/ht-train.txt")
    parser.add_argument("--out", required=True, help="model file to write")
    args = parser.parse_args()

    sources: dict[str, Counts] = {}
    data = os.path.join(args.cache, "wordfreq", "wordfreq", "data")
    for language, code in WORDFREQ_CODES.items():
        path = os.path.join(data, f"small_{code}.msgpack.gz")
        sources[language] = counts_from_wordfreq(path, language in LATIN)
        print(f"{language}: {len(sources[language].words)} words", file=sys.stderr)
    sources["ht"] = counts_from_text(args.ht, latin=True)
    lingua_somali = os.path.join(args.cache, "lingua", "so.tsv")
    if os.path.exists(lingua_somali):
        sources["so"] = counts_from_lingua(lingua_somali)
    else:
        print(f"warning: {lingua_somali} missing; the model has no Somali", file=sys.stderr)

    languages, flags, floors, features = build(sources)
    write(args.out, languages, flags, floors, features)
    digest = hashlib.sha256(open(args.out, "rb").read()).hexdigest()
    print(f"wrote {args.out}: {len(languages)} languages, {len(features)} features, "
          f"{os.path.getsize(args.out)} bytes, sha256 {digest}", file=sys.stderr)


if __name__ == "__main__":
    main()

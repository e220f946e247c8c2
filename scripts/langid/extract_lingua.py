#!/usr/bin/env python3
"""Extract lingua's character n-gram language models from its PyPI wheel.

The PyPI wheel ``lingua-language-detector==2.1.1`` ships a Rust extension
module (``lingua/lingua.cpython-311-x86_64-linux-gnu.so``).  The language
models are embedded in it with the ``include_dir`` crate: each language has a
directory of brotli-compressed JSON files (``unigrams.json.br`` ...
``fivegrams.json.br``, plus ``unique_*`` and ``mostcommon_*`` files that are
not extracted here).  ``include_dir`` stores every file as a static record
``(path: &str, contents: &[u8])`` in ``.data.rel.ro``; because the module is
position independent, the two pointers are zero in the file and their values
live in ``R_X86_64_RELATIVE`` entries of ``.rela.dyn``.  This script

1. reads the ``.so`` straight out of the wheel (zip) without installing it,
2. parses the ELF section/program headers and the RELATIVE relocations,
3. finds every 8-byte slot of ``.data.rel.ro`` that is relocated to a string
   named ``{uni,bi,tri,quadri,five}grams.json.br`` and whose next slots hold a
   relocated pointer + length for the contents,
4. brotli-decompresses those contents; each JSON looks like
   ``{"language":"SOMALI","ngrams":{"808141/3054878":"a", "1/1":"ço èr ...", ...}}``
   (key = exact fraction, value = space-separated n-grams), and uses the
   ``language`` field of the JSON itself to know which language it belongs to,
5. writes ``OUT/<iso639-1>.tsv`` per requested language.

Meaning of the numbers (checked on the data, see ``--check``):

* order 1: P(c) = count(c) / count(all unigrams); they sum to 1.
* order n >= 2: conditional P(last char | first n-1 chars)
  = count(ngram) / count(prefix as an (n-1)-gram).  Sums over n-grams
  sharing a prefix are <= 1 (typically ~0.9-1.0; the rest is the prefix
  occurring at the end of a word, where no longer n-gram continues it).

No code of lingua is used or copied; only its data is read.  The models are
part of lingua (https://github.com/pemistahl/lingua-py / lingua-rs),
Copyright Peter M. Stahl, licensed under the Apache License 2.0; the
extracted TSV files are derived from that data and stay under Apache-2.0
(keep this attribution with them).

Requirements: Python >= 3.8, ``pip install brotli``.

Usage::

    extract_lingua.py --wheel lingua_language_detector-2.1.1-...whl --out DIR
    # wheel: pip download --no-deps lingua-language-detector==2.1.1 -d DIR
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
import time
import zipfile
from fractions import Fraction

try:
    import brotli
except ImportError:  # pragma: no cover
    sys.exit("this script needs the 'brotli' package: pip install brotli")

# lingua language name -> ISO 639-1 code (file name of the output)
DEFAULT_LANGUAGES = {
    "SOMALI": "so",
    "TAGALOG": "tl",
    "VIETNAMESE": "vi",
    "ENGLISH": "en",
    "SPANISH": "es",
    "PORTUGUESE": "pt",
    "FRENCH": "fr",
    "GERMAN": "de",
    "ITALIAN": "it",
    "POLISH": "pl",
    "RUSSIAN": "ru",
    "UKRAINIAN": "uk",
    "ARABIC": "ar",
    "PERSIAN": "fa",
}

ORDER_FILES = {
    b"unigrams.json.br": 1,
    b"bigrams.json.br": 2,
    b"trigrams.json.br": 3,
    b"quadrigrams.json.br": 4,
    b"fivegrams.json.br": 5,
}

R_X86_64_RELATIVE = 8
SO_NAME_RE = re.compile(r"^lingua/lingua\.cpython-[^/]*\.so$")
LANG_RE = re.compile(rb'^\s*\{\s*"language"\s*:\s*"([A-Z_]+)"')


class Elf:
    """Just enough of an ELF64 little-endian reader for this job."""

    def __init__(self, data: bytes):
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ValueError("not an ELF64 little-endian file")
        self.data = data
        (e_phoff, e_shoff) = struct.unpack_from("<QQ", data, 0x20)
        (e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx) = struct.unpack_from(
            "<HHHHH", data, 0x36
        )
        self.loads = []  # (vaddr, filesz, offset)
        for i in range(e_phnum):
            p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
                "<IIQQQQ", data, e_phoff + i * e_phentsize
            )
            if p_type == 1:  # PT_LOAD
                self.loads.append((p_vaddr, p_filesz, p_offset))
        raw = []
        for i in range(e_shnum):
            (name, stype, _flags, addr, off, size, _link, _info, _align, entsize) = (
                struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
            )
            raw.append((name, stype, addr, off, size, entsize))
        stroff = raw[e_shstrndx][3]
        self.sections = {}
        for name, stype, addr, off, size, entsize in raw:
            end = data.index(b"\0", stroff + name)
            sname = data[stroff + name : end].decode()
            self.sections[sname] = (stype, addr, off, size, entsize)

    def v2o(self, va: int) -> int | None:
        for vaddr, filesz, offset in self.loads:
            if vaddr <= va < vaddr + filesz:
                return va - vaddr + offset
        return None

    def relative_relocs(self) -> dict[int, int]:
        out = {}
        for sname, (stype, _addr, off, size, entsize) in self.sections.items():
            if stype != 4:  # SHT_RELA
                continue
            entsize = entsize or 24
            for pos in range(off, off + size, entsize):
                r_offset, r_info, r_addend = struct.unpack_from("<QQq", self.data, pos)
                if r_info & 0xFFFFFFFF == R_X86_64_RELATIVE:
                    out[r_offset] = r_addend
        return out


def find_model_blobs(elf: Elf):
    """Yield (order, compressed_bytes) for every embedded n-gram model file."""
    data = elf.data
    rel = elf.relative_relocs()
    _t, base, _off, size, _e = elf.sections[".data.rel.ro"]
    maxlen = max(len(k) for k in ORDER_FILES)
    for va in range(base, base + size - 31, 8):
        ptr = rel.get(va)
        if ptr is None:
            continue
        slen = struct.unpack_from("<Q", data, elf.v2o(va + 8))[0]
        if not 0 < slen <= maxlen:
            continue
        so = elf.v2o(ptr)
        if so is None:
            continue
        order = ORDER_FILES.get(data[so : so + slen])
        if order is None:
            continue
        cptr = rel.get(va + 16)
        if cptr is None:
            continue
        clen = struct.unpack_from("<Q", data, elf.v2o(va + 24))[0]
        co = elf.v2o(cptr)
        if co is None or elf.v2o(cptr + clen - 1) is None:
            continue
        yield order, data[co : co + clen]


def peek_language(blob: bytes) -> str | None:
    """Decompress only the start of a blob to read its "language" field."""
    d = brotli.Decompressor()
    head = b""
    for start in range(0, len(blob), 4096):
        try:
            head += d.process(blob[start : start + 4096])
        except brotli.error:
            return None
        if len(head) >= 64:
            break
    m = LANG_RE.match(head)
    return m.group(1).decode() if m else None


def parse_model(blob: bytes, expect_lang: str, order: int) -> dict[str, Fraction]:
    doc = json.loads(brotli.decompress(blob))
    if doc.get("language") != expect_lang:
        raise ValueError(f"language mismatch: {doc.get('language')} != {expect_lang}")
    out: dict[str, Fraction] = {}
    for frac, ngrams in doc["ngrams"].items():
        value = Fraction(frac)
        for g in ngrams.split(" "):
            if len(g) != order:
                raise ValueError(f"{expect_lang}: {g!r} is not a {order}-gram")
            if g in out:
                raise ValueError(f"{expect_lang}: duplicate n-gram {g!r}")
            out[g] = value
    return out


def check(lang: str, models: dict[int, dict[str, Fraction]]) -> str:
    """Sanity statistics supporting the documented meaning of the numbers."""
    parts = []
    uni = models.get(1, {})
    parts.append(f"sum(P1)={float(sum(uni.values())):.6f}")
    for n in range(2, 6):
        m = models.get(n)
        if not m:
            continue
        groups: dict[str, Fraction] = {}
        for g, v in m.items():
            groups[g[:-1]] = groups.get(g[:-1], 0) + v
        sums = sorted(groups.values())
        parts.append(
            f"{n}: prefix-sums min/med/max="
            f"{float(sums[0]):.3f}/{float(sums[len(sums) // 2]):.3f}/{float(sums[-1]):.3f}"
        )
        if sums[-1] > 1:
            raise ValueError(f"{lang}: order {n} prefix sum > 1, not conditional?")
    return "; ".join(parts)


HEADER = """\
# lingua-language-detector {version} character n-gram model for {lang} ({iso}), orders {orders}
# source: {wheel}; data (c) Peter M. Stahl, Apache License 2.0
# columns: ngram<TAB>value{fraccol}; n = number of characters of the ngram
# n=1: value = P(c) = count(c)/count(all unigrams) (sums to 1)
# n>=2: value = P(last char | first n-1 chars) = count(ngram)/count(prefix as (n-1)-gram)
#       (conditional; sums over a prefix are <= 1, the rest is end-of-word)
# counts per order: {counts}
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", required=True, help="lingua-language-detector wheel (.whl)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument(
        "--languages",
        default=",".join(DEFAULT_LANGUAGES),
        help="comma-separated lingua language names (default: %(default)s)",
    )
    ap.add_argument(
        "--fractions", action="store_true", help="add a third column with the exact fraction"
    )
    ap.add_argument("--check", action="store_true", help="print sanity statistics")
    args = ap.parse_args(argv)

    t0 = time.time()
    wanted = [x.strip().upper() for x in args.languages.split(",") if x.strip()]
    for w in wanted:
        if w not in DEFAULT_LANGUAGES:
            ap.error(f"unknown language {w}; extend DEFAULT_LANGUAGES with its ISO 639-1 code")

    version = "?"
    m = re.match(r"lingua_language_detector-([^-]+)-", os.path.basename(args.wheel))
    if m:
        version = m.group(1)
    with zipfile.ZipFile(args.wheel) as z:
        names = [n for n in z.namelist() if SO_NAME_RE.match(n)]
        if len(names) != 1:
            sys.exit(f"expected one lingua extension module in the wheel, found {names}")
        so = z.read(names[0])
    elf = Elf(so)

    blobs: dict[tuple[str, int], bytes] = {}
    seen_langs = set()
    for order, blob in find_model_blobs(elf):
        lang = peek_language(blob)
        if lang is None:
            continue
        seen_langs.add(lang)
        if lang in wanted:
            key = (lang, order)
            if key in blobs and blobs[key] != blob:
                sys.exit(f"two different {order}-gram models for {lang}")
            blobs[key] = blob
    print(f"found models for {len(seen_langs)} languages in {names[0]}", file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    status = 0
    for lang in wanted:
        iso = DEFAULT_LANGUAGES[lang]
        models = {}
        for order in range(1, 6):
            if (lang, order) in blobs:
                models[order] = parse_model(blobs[(lang, order)], lang, order)
        if not models:
            print(f"{lang}: no models found", file=sys.stderr)
            status = 1
            continue
        counts = ", ".join(f"{n}:{len(models[n])}" for n in sorted(models))
        path = os.path.join(args.out, f"{iso}.tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(
                HEADER.format(
                    version=version,
                    lang=lang,
                    iso=iso,
                    orders=",".join(map(str, sorted(models))),
                    wheel=os.path.basename(args.wheel),
                    fraccol="<TAB>exact_fraction" if args.fractions else "",
                    counts=counts,
                )
            )
            for order in sorted(models):
                # order, then most frequent first, ties by code point: deterministic
                for g, v in sorted(models[order].items(), key=lambda kv: (-kv[1], kv[0])):
                    line = f"{g}\t{float(v)!r}"
                    if args.fractions:
                        line += f"\t{v.numerator}/{v.denominator}"
                    fh.write(line + "\n")
        msg = f"{lang} -> {path} ({counts})"
        if args.check:
            msg += "\n    " + check(lang, models)
        print(msg, file=sys.stderr)
    print(f"done in {time.time() - t0:.1f}s", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())

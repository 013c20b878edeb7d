"""Cross-lingual matching: remove each language's mean direction from its embeddings.

multilingual-e5-small places texts of one language close together whatever they say, so a Chinese
query prefers an unrelated Chinese patent to a matching English one. Subtracting the mean embedding of
each language (separately for passages and for queries) and re-normalising removes most of that
offset (language-mean centring). The means are computed from real abstracts of the shared data set by
`patentbridge build-language-centroids` and shipped in `centroids.npz`, keyed by the model version.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

CENTROIDS = Path(__file__).resolve().parent / "data" / "centroids.npz"
LANGUAGES = ("zh", "en", "ja", "ko")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def language_of(text: str) -> str:
    sample = text[:300]
    if _HANGUL.search(sample):
        return "ko"
    if _KANA.search(sample):
        return "ja"
    han = len(_HAN.findall(sample))
    return "zh" if han >= max(4, len(sample) // 10) else "en"


@lru_cache(maxsize=1)
def _centroids() -> dict[str, np.ndarray]:
    if not CENTROIDS.exists():
        return {}
    with np.load(CENTROIDS) as data:
        return {key: data[key] if key == "model" else data[key].astype(np.float32) for key in data.files}


def centroids_model() -> str:
    model = _centroids().get("model")
    return str(model.tobytes().decode()) if model is not None else ""


def centre(vectors: np.ndarray, languages: list[str], kind: str) -> np.ndarray:
    """Subtract each row's language mean (`kind` is 'passage' or 'query') and re-normalise."""
    means = _centroids()
    out = np.array(vectors, dtype=np.float32, copy=True)
    for i, language in enumerate(languages):
        mean = means.get(f"{kind}_{language}")
        if mean is not None:
            out[i] -= mean
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)

"""Chinese-first text processing: jieba segmentation with a domain dictionary, stopwords, highlighting."""

from __future__ import annotations

import logging
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# jieba logs "Building prefix dict …" / "Loading model cost …" to stderr at DEBUG on every start: routine, not news.
jieba.setLogLevel(logging.WARNING)

# Words that every patent text has: they carry no meaning for matching or for explanations.
STOPWORDS = frozenset(
    "一种 本发明 本实用新型 本外观设计 本申请 本公开 所述 其特征 特征 在于 其中 以及 进行 通过 用于 提供 涉及 具有 实现 "
    "包括 设置 设有 得到 可以 能够 从而 使得 采用 根据 相应 对应 至少 一个 多个 第一 第二 第三 一端 另一端 "
    "the a an of and or to in for with on by is are be as at from that this which said wherein "
    "的 了 和 与 及 或 在 是 为 对 将 从 并 该 其 等 中 上 下 内 外 个 由 于 被 有 使 且 之 所".split()
)
# What an explanation leaves out of "matched words": the stopwords-iso Chinese list (data/README.md) and the
# words every demand is phrased with. Tokens and scores keep them, so the indexes need no rebuild.
FILLER_WORDS = STOPWORDS | frozenset(
    (Path(__file__).with_name("data") / "stopwords-zh.txt").read_text(encoding="utf-8").split()
) | frozenset("需要 需求 希望 寻求 要求 我们 我司 本公司 公司 企业 解决 问题 相关 方面 一些 希望能".split())
_TERM_SPLIT = re.compile(r"[；;，,、（）()《》“”\"'：:。\[\]【】\s/]+")
_CJK = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")
_lock = threading.Lock()


def userdict_terms() -> list[str]:
    """Technical terms from the Chinese IPC titles (subclass and main-group level): 2–8 CJK characters."""
    from patentbridge.patents.models import IpcEntry

    terms: set[str] = set()
    titles = IpcEntry.objects.filter(level__in=["subclass", "main_group"]).values_list("title_zh", flat=True)
    for title in titles:
        for piece in _TERM_SPLIT.split(title or ""):
            if _CJK.match(piece) and piece not in STOPWORDS:
                terms.add(piece)
    return sorted(terms)


def _userdict_path() -> Path:
    return Path(settings.VAR_DIR) / "search" / "userdict.txt"


def write_userdict() -> Path:
    """Rebuild this host's copy from the IPC table in the database (the same terms on every host), written to a
    temporary file and renamed, so that another process on the host never loads half of it."""
    path = _userdict_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    terms = userdict_terms()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text("".join(f"{term} 10 n\n" for term in terms), encoding="utf-8")
    temporary.replace(path)
    return path


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer with the IPC domain dictionary (built on first use, then cached under var/)."""
    with _lock:
        instance = jieba.Tokenizer()
        instance.initialize()
        path = _userdict_path()
        if not path.exists():
            write_userdict()
        instance.load_userdict(str(path))
        return instance


# Hangul and kana have no dictionary here, and jieba cuts them into single syllables that match every text in
# the language (particles, endings); overlapping character pairs match across word forms instead, as Lucene's
# CJK analyser does (a one-character run stays a token). Kanji stay with jieba. Bump TOKENS_VERSION whenever
# tokens() changes: stored tokens are recomputed when it differs (patents on the next `reindex`).
_PAIRED_SCRIPTS = re.compile(
    "[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"  # Hangul syllables and jamo
    "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]+"  # kana (not ・), half-width too
)
TOKENS_VERSION = "2"


def _pairs(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def tokens(text: str) -> list[str]:
    """Search tokens: jieba's search-mode segmentation, lower-cased, without stopwords and punctuation; character
    pairs for Hangul and kana."""
    text = text or ""
    runs = _PAIRED_SCRIPTS.findall(text)
    if runs:
        text = _PAIRED_SCRIPTS.sub(" ", text)
    words = tokenizer().cut_for_search(text)
    kept = [w for w in (word.strip().lower() for word in words) if w and w not in STOPWORDS and _TOKEN_OK.search(w)]
    return kept + [pair for run in runs for pair in _pairs(run)]


def highlight(text: str, terms: set[str], limit: int = 240) -> SafeString:
    """The text (cut around the first match) with matched terms wrapped in <mark>; everything escaped."""
    if not text:
        return mark_safe("")
    usable = sorted((t for t in terms if len(t) > 1 or not t.isascii()), key=len, reverse=True)
    if not usable:
        return mark_safe(escape(text[:limit]))
    pattern = re.compile("|".join(re.escape(t) for t in usable), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - limit // 4) if first else 0
    window = text[start:start + limit]
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last:match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + limit < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)

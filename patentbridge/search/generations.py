"""Index generations shared through the database: a worker publishes a built index's files as chunks; a web process
on any host fetches the newest published generation into its local cache folder, checks it and serves it.

Chunks are bytea rows (BinaryField), not PostgreSQL large objects: they work the same on SQLite, are written and
deleted in ordinary transactions (a retired generation's chunks go with a DELETE, where large objects would need
lo_unlink or vacuumlo), and pg_dump and the backup command carry them like any table. Each chunk stays at most
SEARCH_GENERATION_CHUNK_BYTES (8 MB), far below bytea's 1 GB, so neither side holds a whole index in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from patentbridge.search.models import IndexGeneration, IndexGenerationChunk

logger = logging.getLogger(__name__)
# A generation left `building` this long ago belongs to a publisher that died: its chunks are removed.
ABANDONED_AFTER = dt.timedelta(hours=6)
RESERVE_ATTEMPTS = 20


class GenerationUnusable(Exception):
    """The stored generation could not be fetched whole and intact (a corrupt or missing chunk)."""


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def checksum(directory: Path) -> tuple[str, int]:
    """SHA-256 over every file's relative name, length and bytes (in name order), and the total size."""
    digest, size = hashlib.sha256(), 0
    for path in _files(directory):
        length = path.stat().st_size
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + length.to_bytes(8, "big"))
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        size += length
    return digest.hexdigest(), size


def latest_number(kind: str) -> int:
    return IndexGeneration.objects.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0


def reserve(kind: str) -> IndexGeneration:
    """The next number of a kind, taken before the build reads the database: the highest number then always holds
    the latest data. Two publishers racing cannot take the same one (the unique constraint refuses the second)."""
    for _attempt in range(RESERVE_ATTEMPTS):
        latest = latest_number(kind)
        try:
            with transaction.atomic():
                return IndexGeneration.objects.create(kind=kind, number=latest + 1)
        except IntegrityError:
            continue
    raise RuntimeError(f"no free {kind} generation number after {RESERVE_ATTEMPTS} attempts")


def publish(generation: IndexGeneration, directory: Path, *, documents: int, model: str = "") -> IndexGeneration:
    """Store the folder's files as chunks, then mark the generation published and retire the old ones, in one
    transaction: a reader sees either the previous generation or this one whole."""
    digest, size = checksum(directory)
    limit = settings.SEARCH_GENERATION_CHUNK_BYTES
    for path in _files(directory):
        name = path.relative_to(directory).as_posix()
        with path.open("rb") as handle:
            seq = 0
            while True:
                data = handle.read(limit)
                if not data and seq:
                    break
                IndexGenerationChunk.objects.create(generation=generation, name=name, seq=seq, data=data)
                seq += 1
                if len(data) < limit:
                    break
    with transaction.atomic():
        IndexGeneration.objects.filter(pk=generation.pk).update(
            state=IndexGeneration.State.PUBLISHED, built_at=timezone.now(), documents=documents, model=model,
            checksum=digest, size=size)
        retire_old(generation.kind)
    generation.refresh_from_db()
    return generation


def retire_old(kind: str, keep: int | None = None) -> int:
    """Keep the newest `keep` published generations (SEARCH_GENERATIONS_KEPT); drop the chunks of the others and
    of builds abandoned long ago. The rows stay (as retired) so that numbers are never used twice."""
    keep = settings.SEARCH_GENERATIONS_KEPT if keep is None else keep
    published = IndexGeneration.objects.filter(kind=kind, state=IndexGeneration.State.PUBLISHED)
    kept = list(published.order_by("-number").values_list("pk", flat=True)[:keep])
    old = list(published.exclude(pk__in=kept).values_list("pk", flat=True))
    abandoned = list(IndexGeneration.objects.filter(kind=kind, state=IndexGeneration.State.BUILDING,
                                                    reserved_at__lt=timezone.now() - ABANDONED_AFTER)
                     .values_list("pk", flat=True))
    IndexGenerationChunk.objects.filter(generation_id__in=old + abandoned).delete()
    IndexGeneration.objects.filter(pk__in=old + abandoned).update(state=IndexGeneration.State.RETIRED)
    return len(old) + len(abandoned)


def newest(kind: str) -> IndexGeneration | None:
    """The newest published generation of a kind (the web processes' check)."""
    return (IndexGeneration.objects.filter(kind=kind, state=IndexGeneration.State.PUBLISHED)
            .only("pk", "kind", "number", "checksum", "built_at", "documents", "model", "size")
            .order_by("-number").first())


def folder_name(generation: IndexGeneration) -> str:
    """The local cache folder of a generation; the checksum is in the name because a number alone may name other
    contents after a rolled-back transaction (tests) or a restored backup."""
    return f"{generation.kind}-{generation.number:08d}-{generation.checksum[:12]}"


def fetch(generation: IndexGeneration, root: Path) -> Path:
    """The generation's local folder under `root`, downloaded first when this host lacks it.

    The files are written to a temporary folder, checked against the stored checksum and only then renamed into
    place (atomic on one file system), so no process on this host ever opens a half-written generation."""
    target = root / folder_name(generation)
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=f".incoming-{generation.kind}-", dir=root))
    try:
        _download(generation, incoming)
        digest, size = checksum(incoming)
        if digest != generation.checksum or size != generation.size:
            raise GenerationUnusable(f"{generation}: checksum {digest[:12]} ≠ stored {generation.checksum[:12]}")
        try:
            incoming.rename(target)
        except OSError:  # another process on this host put the same generation in place first
            if not target.is_dir():
                raise
        return target
    finally:
        shutil.rmtree(incoming, ignore_errors=True)


def _download(generation: IndexGeneration, into: Path) -> None:
    rows = (IndexGenerationChunk.objects.filter(generation_id=generation.pk).order_by("name", "seq")
            .values_list("name", "seq", "data"))
    handle, current, expected = None, None, 0
    try:
        for name, seq, data in rows.iterator(chunk_size=4):
            if name != current:
                if handle:
                    handle.close()
                path = into / name
                if not path.resolve().is_relative_to(into.resolve()):
                    raise GenerationUnusable(f"{generation}: a chunk names a path outside its folder")
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, current, expected = path.open("wb"), name, 0
            if seq != expected:
                raise GenerationUnusable(f"{generation}: {name} lacks chunk {expected}")
            handle.write(bytes(data))
            expected += 1
    finally:
        if handle:
            handle.close()


def adopt(generation: IndexGeneration, built: Path, root: Path) -> Path:
    """Move the publisher's own build folder into its cache as the published generation (no download needed)."""
    target = root / folder_name(generation)
    try:
        built.rename(target)
    except OSError:
        shutil.rmtree(built, ignore_errors=True)
    return target


def prune_local(kind: str, root: Path, keep: set[Path]) -> None:
    """Remove this host's older folders of a kind (a process still reading one keeps its open mapping on Linux)."""
    for folder in root.glob(f"{kind}-*"):
        if folder.is_dir() and folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    (root / f"current-{kind}.json").unlink(missing_ok=True)  # the pointer of the one-host scheme before generations


def discard(generation: IndexGeneration) -> None:
    """A build that failed: its chunks go, its number stays used."""
    IndexGenerationChunk.objects.filter(generation_id=generation.pk).delete()
    IndexGeneration.objects.filter(pk=generation.pk, state=IndexGeneration.State.BUILDING).update(
        state=IndexGeneration.State.RETIRED)


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)

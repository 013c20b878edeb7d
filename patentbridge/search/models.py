"""The search side of each patent: its tokens and its embedding (the system of record for both indexes)."""

from __future__ import annotations

from django.db import models

from patentbridge.patents.models import Patent


class SearchDocument(models.Model):
    patent = models.OneToOneField(Patent, primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    text_hash = models.CharField(max_length=40)
    tokens = models.TextField(help_text="space-separated search tokens (jieba, search mode)")
    vector = models.BinaryField(null=True, blank=True, help_text="float16 embedding of the passage text")
    vector_model = models.CharField(max_length=80, blank=True, db_index=True)
    vector_text_hash = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"search document of patent {self.patent_id}"


class IndexGeneration(models.Model):
    """One built generation of an index (`lexical`, `vectors`), its files stored in the database in chunks, so
    that every web process on every host serves the same generation (docs/scaling.md)."""

    class Kind(models.TextChoices):
        LEXICAL = "lexical", "lexical"
        VECTORS = "vectors", "vectors"

    class State(models.TextChoices):
        BUILDING = "building", "building"
        PUBLISHED = "published", "published"
        RETIRED = "retired", "retired"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.BUILDING)
    reserved_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)
    model = models.CharField(max_length=120, blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 over the files' names and contents")
    size = models.BigIntegerField(default=0, help_text="bytes, all files together")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="search_generation_unique_number")]
        # The web processes' check: the newest published number of a kind (one index scan, every few seconds).
        indexes = [models.Index(fields=["kind", "state", "-number"], name="search_generation_newest")]

    def __str__(self) -> str:
        return f"{self.kind} index generation {self.number} ({self.state})"


class IndexGenerationChunk(models.Model):
    """A piece (at most SEARCH_GENERATION_CHUNK_BYTES) of one file of a generation."""

    generation = models.ForeignKey(IndexGeneration, on_delete=models.CASCADE, related_name="chunks")
    name = models.CharField(max_length=200, help_text="the file's path inside the generation's folder")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["generation", "name", "seq"],
                                               name="search_generation_chunk_unique")]

    def __str__(self) -> str:
        return f"{self.name}#{self.seq} of {self.generation}"


class RankerRun(models.Model):
    """One fitting of the learned re-ranker: what it learned from, its weights and its figures on held-out queries."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True, help_text="who or which command fitted it")
    source = models.CharField(max_length=40, help_text="register (its citations and answers) or a benchmark folder")
    features = models.JSONField(help_text="feature names, in the order of the weights")
    weights = models.JSONField(help_text="one weight per feature, then the bias (raw, unstandardised features)")
    training = models.JSONField(default=dict, help_text="queries and pairs fitted on and held out")
    held_out = models.JSONField(default=dict, help_text="R@10, R@100, nDCG@10, MRR of this run on the held-out half")
    compared_with = models.JSONField(default=dict, help_text="the same figures of the ranker current at fitting time")
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True),
                                               name="one_current_ranker_run")]

    def __str__(self) -> str:
        return f"ranker v{self.version}"

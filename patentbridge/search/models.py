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

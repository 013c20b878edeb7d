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

"""Demo data of the register's own: the bundled citations that touch the bundled patents."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from patentbridge.patents.citations import CitationImport, citations_import

CITATIONS = Path(settings.BASE_DIR) / "data" / "patents" / "citations" / "energy_recovery_citations_touching_register.csv.gz"


def seed_demo() -> CitationImport:
    """Import the bundled citations (idempotent: known pairs are skipped) and link them to the register."""
    return citations_import(CITATIONS, source="energy_recovery_patents_gp (Google Patents scrape)")

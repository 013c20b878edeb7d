"""The register reacting to its own committed changes."""

from __future__ import annotations

from typing import Any

from patentbridge.patents.citations import citations_link


def link_citations_of_new_patents(sender: Any, patent_ids: list[int], new_ids: list[int] | None = None,
                                  **kwargs: Any) -> None:
    """A patent that joins the register takes up the citations already imported for its numbers."""
    if new_ids:
        citations_link(new_ids)

"""Imports started from the upload page or the API: storing the upload, scoping, visibility."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.orgs.permissions import import_scope_for, is_platform_admin
from patentbridge.patents.importing.layouts import LayoutError, parse_mapping
from patentbridge.patents.importing.readers import UnreadableFile, detect_format
from patentbridge.patents.importing.runner import import_file
from patentbridge.patents.models import ImportBatch


def import_upload(*, user: Any, upload: UploadedFile, mapping_text: str = "", sheet: str = "",
                  header_row: str = "") -> ImportBatch:
    """Run an import of an uploaded file for this user; problems with the file itself raise ValidationFailed."""
    name = Path(upload.name or "upload").name
    if upload.size and upload.size > settings.IMPORT_UPLOAD_MAX_BYTES:
        raise ValidationFailed(gettext("the file is too large"),
                               details={"file": gettext("At most %(size)s MB") % {
                                   "size": settings.IMPORT_UPLOAD_MAX_BYTES // (1024 * 1024)}})
    try:
        detect_format(name)
        mapping = parse_mapping([line for line in mapping_text.splitlines() if line.strip()])
    except (UnreadableFile, LayoutError) as exc:
        raise ValidationFailed(str(exc), details={"file": str(exc)}) from exc
    scope, organisation = import_scope_for(user)
    with tempfile.TemporaryDirectory(prefix="pb-upload-") as directory:
        path = Path(directory) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            outcome = import_file(path, user=user, organisation=organisation, mapping=mapping or None,
                                  scope=scope, display_name=name, sheet=sheet.strip() or None,
                                  header_row=header_row.strip() or None)
        except (UnreadableFile, LayoutError) as exc:
            raise ValidationFailed(str(exc), details={"file": str(exc)}) from exc
    return outcome.batch


def imports_visible_to(user: Any):
    queryset = ImportBatch.objects.select_related("created_by", "organisation")
    if is_platform_admin(user):
        return queryset
    return queryset.filter(created_by=user)


def import_visible_or_404(user: Any, import_id: int) -> ImportBatch:
    batch = imports_visible_to(user).filter(pk=import_id).first()
    if batch is None:
        raise NotFound(gettext("no such import"), details={"id": import_id})
    return batch



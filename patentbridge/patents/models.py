"""The patent register and its reference tables (IPC, GB/T 4754-2017)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.core.language import in_reader_language
from patentbridge.orgs.models import City, Organisation


class IpcEntry(models.Model):
    """One IPC symbol with its Chinese (CNIPA 2026.01) and English (WIPO) titles."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        CLASS = "class", _("Class")
        SUBCLASS = "subclass", _("Subclass")
        MAIN_GROUP = "main_group", _("Main group")
        SUBGROUP = "subgroup", _("Subgroup")

    code = models.CharField(max_length=20, primary_key=True, verbose_name=_("code"))
    level = models.CharField(max_length=12, choices=Level.choices, db_index=True, verbose_name=_("level"))
    parent = models.CharField(max_length=20, blank=True, db_index=True, verbose_name=_("parent"))
    title_zh = models.TextField(blank=True, verbose_name=_("Chinese title"))
    title_en = models.TextField(blank=True, verbose_name=_("English title"))
    in_current_edition = models.BooleanField(default=True, verbose_name=_("in the current edition"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("IPC entry")
        verbose_name_plural = _("IPC entries")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        """The title in the active language (the other one when that is missing): one language on screen."""
        return in_reader_language(self.title_zh, self.title_en)


class Industry(models.Model):
    """GB/T 4754-2017 national economic industry classification (with amendment No. 1, 2019)."""

    code = models.CharField(max_length=4, primary_key=True, verbose_name=_("code"))
    level = models.CharField(max_length=4, verbose_name=_("level"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    parent = models.CharField(max_length=4, blank=True, db_index=True, verbose_name=_("parent"))
    section = models.CharField(max_length=1, db_index=True, verbose_name=_("section"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PatentType(models.TextChoices):
    INVENTION = "invention", _("Invention")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design")


class LegalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_FORCE = "in_force", _("In force")
    LAPSED_FEES = "lapsed_fees", _("Lapsed (annual fee unpaid)")
    EXPIRED = "expired", _("Expired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ABANDONED = "abandoned", _("Abandoned")
    INVALIDATED = "invalidated", _("Invalidated")
    LAPSED = "lapsed", _("Lapsed")
    UNKNOWN = "unknown", _("Unknown")


VALID_STATUSES = (LegalStatus.IN_FORCE,)


LAYOUT_LABELS = {
    "cnipa_full_schema": _("CNIPA full-schema export"),
    "titles_ipc": _("titles with IPC classes"),
    "db_export": _("patent-database export"),
    "recognised_headers": _("columns recognised by their headers"),
    "custom": _("columns mapped by hand"),
}


class ImportBatch(models.Model):
    """One run of the importer over one file: who, what, and the outcome counts."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(max_length=300, verbose_name=_("file name"))
    file_sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("file SHA-256"))
    file_format = models.CharField(max_length=10, verbose_name=_("file format"))
    layout = models.CharField(max_length=40, verbose_name=_("layout"))
    source_label = models.CharField(max_length=200, blank=True, verbose_name=_("source label"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by"))
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("organisation"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING, verbose_name=_("status"))
    rows_read = models.PositiveIntegerField(default=0, verbose_name=_("rows read"))
    rows_created = models.PositiveIntegerField(default=0, verbose_name=_("rows created"))
    rows_updated = models.PositiveIntegerField(default=0, verbose_name=_("rows updated"))
    rows_unchanged = models.PositiveIntegerField(default=0, verbose_name=_("rows unchanged"))
    rows_rejected = models.PositiveIntegerField(default=0, verbose_name=_("rows rejected"))
    # Where the table was found: the worksheet (of how many) and the header's first row and depth (2: split header).
    sheet_name = models.CharField(max_length=100, blank=True, verbose_name=_("sheet name"))
    sheet_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("sheet count"))
    header_row = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("header row"))
    header_depth = models.PositiveSmallIntegerField(default=1, verbose_name=_("header depth"))
    report_path = models.CharField(max_length=500, blank=True, verbose_name=_("report path"))
    message = models.TextField(blank=True, verbose_name=_("message"))
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def table_location(self) -> str:
        """Which sheet and header row the importer read, in words (empty for JSONL, which has neither)."""
        if self.header_row is None:
            return ""
        if self.header_depth > 1:
            rows = _("header in rows %(first)s–%(last)s (split over two rows, read as one)") % {
                "first": self.header_row, "last": self.header_row + self.header_depth - 1}
        else:
            rows = _("header in row %(row)s") % {"row": self.header_row}
        if not self.sheet_name:
            return rows
        return _("sheet “%(sheet)s” (of %(count)s), %(rows)s") % {"sheet": self.sheet_name,
                                                                  "count": self.sheet_count, "rows": rows}

    @property
    def summary(self) -> str:
        return _("%(read)s rows read: %(created)s added, %(updated)s updated, %(rejected)s rejected") % {
            "read": self.rows_read, "created": self.rows_created, "updated": self.rows_updated,
            "rejected": self.rows_rejected}

    @property
    def layout_label(self) -> str:
        """The layout in words; an unknown name (from an older importer) is shown as it is."""
        return str(LAYOUT_LABELS.get(self.layout, self.layout))


class ImportRejection(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField()
    field = models.CharField(max_length=60)
    reason = models.CharField(max_length=500)
    value = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["line", "id"]


# What shows in place of a name whose processing stopped after an erasure request (PIPL Art 47 ¶2).
WITHHELD_NAME = _("(withheld at the person's request)")


class Patent(models.Model):
    application_number = models.CharField(_("application number"), max_length=16, unique=True, null=True, blank=True)
    publication_number = models.CharField(_("publication number"), max_length=16, unique=True, null=True, blank=True)
    publication_kind = models.CharField(max_length=2, blank=True, verbose_name=_("publication kind"))
    grant_number = models.CharField(_("grant number"), max_length=16, unique=True, null=True, blank=True)
    grant_kind = models.CharField(max_length=2, blank=True, verbose_name=_("grant kind"))
    patent_type = models.CharField(_("type"), max_length=16, choices=PatentType.choices, db_index=True)
    title = models.CharField(_("title"), max_length=500)
    abstract = models.TextField(_("abstract"), blank=True)
    first_claim = models.TextField(_("first claim"), blank=True)
    ipc_main = models.CharField(_("main IPC"), max_length=20, blank=True, db_index=True)
    ipc_codes = models.JSONField(_("IPC"), default=list, blank=True)
    cpc_codes = models.JSONField(_("CPC"), default=list, blank=True)
    inventors = models.JSONField(_("inventors"), default=list, blank=True)
    # Inventors who had their personal information erased while the register keeps their names (PIPL Art 47 ¶2:
    # stored, no longer shown or used); privacy.services.erase fills it.
    inventors_withheld = models.JSONField(_("inventors withheld"), default=list, blank=True, editable=False)
    applicant_names = models.JSONField(_("applicants"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province = models.CharField(_("province"), max_length=20, blank=True)
    city = models.ForeignKey(City, null=True, blank=True, on_delete=models.PROTECT, related_name="patents", verbose_name=_("city"))
    application_date = models.DateField(_("application date"), null=True, blank=True, db_index=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True, db_index=True)
    legal_status = models.CharField(
        _("legal status"), max_length=16, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN, db_index=True
    )
    legal_status_raw = models.CharField(max_length=100, blank=True, verbose_name=_("legal status as imported"))
    industry_codes = models.JSONField(_("industries"), default=list, blank=True)
    emerging_industry = models.CharField(max_length=200, blank=True, verbose_name=_("emerging industry"))
    family_size = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("family size"))
    backward_citations = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("backward citations"))
    forward_citations = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("forward citations"))
    # The patent agency (专利代理机构) that filed it, as the export names it: the firm, not the agent.
    agency = models.CharField(_("patent agency"), max_length=200, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_rank = models.CharField(max_length=12, blank=True, editable=False, verbose_name=_("source rank"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-application_date", "-id"]
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        constraints = [
            models.CheckConstraint(
                condition=Q(application_number__isnull=False) | Q(publication_number__isnull=False)
                | Q(grant_number__isnull=False),
                name="patent_has_a_number",
            ),
            models.CheckConstraint(
                condition=Q(grant_date__isnull=True) | Q(application_date__isnull=True)
                | Q(grant_date__gte=F("application_date")),
                name="patent_grant_not_before_filing",
            ),
        ]
        indexes = [models.Index(fields=["legal_status", "patent_type"])]

    def __str__(self) -> str:
        return f"{self.display_number} {self.title}"

    @property
    def inventors_shown(self) -> list[str]:
        """The inventors in their order, a withheld one as WITHHELD_NAME."""
        return [str(WITHHELD_NAME) if name in self.inventors_withheld else name for name in self.inventors]

    @property
    def inventors_usable(self) -> list[str]:
        """The inventors whose names may still be used (prefilled, edited): the withheld ones left out."""
        return [name for name in self.inventors if name not in self.inventors_withheld]

    @property
    def display_number(self) -> str:
        if self.application_number:
            return f"CN{self.application_number}"
        return self.publication_number or self.grant_number or ""

    @property
    def patent_number(self) -> str:
        """ZL + application number, for granted patents."""
        if self.application_number and (self.grant_number or self.legal_status == LegalStatus.IN_FORCE):
            return f"ZL{self.application_number}"
        return ""

    @property
    def lookup_number(self) -> str:
        return self.application_number or self.publication_number or self.grant_number or ""

    def owner_org_ids(self) -> list[int]:
        return [link.organisation_id for link in self.applicant_links.all() if link.organisation_id]

    def has_owner_off_platform(self) -> bool:
        """A co-owner named on the register that no organisation on the platform stands for."""
        return any(link.organisation_id is None for link in self.applicant_links.all())


class PatentClassification(models.Model):
    """One IPC symbol of a patent, split by level so filters at any level use an index."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="classifications")
    code = models.CharField(max_length=20)
    subclass = models.CharField(max_length=4, db_index=True)
    is_main = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patent", "code"], name="classification_unique")]


class PatentApplicant(models.Model):
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="applicant_links")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="patent_links"
    )

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["patent", "position"], name="applicant_position_unique")]


class LegalEvent(models.Model):
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="legal_events")
    date = models.DateField(null=True, blank=True)
    code = models.CharField(max_length=40, blank=True)
    description = models.CharField(max_length=500)
    source = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["patent", "date", "description"], name="legal_event_unique"),
        ]


class PatentRecordSource(models.Model):
    """Provenance: which import batch and line created or changed a patent."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="record_sources")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="record_sources")
    line = models.PositiveIntegerField()
    action = models.CharField(max_length=10)

    class Meta:
        ordering = ["-batch_id", "line"]


class PatentCitation(models.Model):
    """One patent citing another (prior art), kept by number so that either side may join the register later."""

    citing_number = models.CharField(_("citing publication"), max_length=24)
    cited_number = models.CharField(_("cited publication"), max_length=24)
    # The numbers as the register is searched by them (patents.citations.citation_key): country and serial.
    citing_key = models.CharField(max_length=30, db_index=True, editable=False)
    cited_key = models.CharField(max_length=30, db_index=True, editable=False)
    citing = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations_out",
                               verbose_name=_("citing patent"))
    cited = models.ForeignKey(Patent, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations_in",
                              verbose_name=_("cited patent"))
    examiner_cited = models.BooleanField(_("cited by the examiner"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["citing_number", "cited_number"]
        verbose_name = _("patent citation")
        verbose_name_plural = _("patent citations")
        constraints = [
            models.UniqueConstraint(fields=["citing_number", "cited_number"], name="patent_citation_once"),
            models.CheckConstraint(condition=~Q(citing_number=F("cited_number")), name="patent_citation_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.citing_number} → {self.cited_number}"

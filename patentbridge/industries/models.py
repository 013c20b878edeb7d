"""The reference classifications a patent or product is counted under: the 2019 patent-intensive industries (7 classes,
31 middle classes over 188 GB/T 4754-2017 small classes) and the strategic emerging industries with their IPC
concordance (CNIPA 2021, trial)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation
from patentbridge.patents.models import Industry, Patent


class IntensiveCategory(models.Model):
    """A class (大类, e.g. PA01) or middle class (中类, e.g. PA101) of the 2019 patent-intensive classification.
    The PA codes are the bundled source's, not NBS's (data/reference/patent_intensive_industries_2019/SOURCE.md)."""

    class Level(models.TextChoices):
        CLASS = "class", _("class")
        MIDDLE = "middle", _("middle class")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    level = models.CharField(_("level"), max_length=6, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("class"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("patent-intensive industry category")
        verbose_name_plural = _("patent-intensive industry categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IntensiveIndustry(models.Model):
    """A GB/T 4754-2017 small class (小类) counted as patent-intensive, under its middle class."""

    industry = models.OneToOneField(Industry, primary_key=True, on_delete=models.PROTECT, related_name="intensive",
                                    verbose_name=_("industry"))
    category = models.ForeignKey(IntensiveCategory, on_delete=models.PROTECT, related_name="industries",
                                 verbose_name=_("middle class"))

    class Meta:
        ordering = ["industry"]
        verbose_name = _("patent-intensive industry")
        verbose_name_plural = _("patent-intensive industries")

    def __str__(self) -> str:
        return f"{self.industry_id} → {self.category_id}"


class SeiIndustry(models.Model):
    """A second-level strategic emerging industry (e.g. 1.1 下一代信息网络产业) under its top-level one."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    top_code = models.CharField(_("top-level code"), max_length=2)
    top_name = models.CharField(_("top-level industry"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("strategic emerging industry")
        verbose_name_plural = _("strategic emerging industries")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SeiRule(models.Model):
    """One row of the SEI ↔ IPC concordance: the IPC it takes (prefixes for wildcards, exact codes otherwise), the
    IPC it leaves out, and the activity it describes (keywords; empty for IPC-only rows)."""

    sei = models.ForeignKey(SeiIndustry, on_delete=models.CASCADE, related_name="rules",
                            verbose_name=_("strategic emerging industry"))
    rule_no = models.PositiveSmallIntegerField(_("rule"))
    include = models.JSONField(_("IPC included"), default=list)  # [[pattern, is_prefix], …]
    exclude = models.JSONField(_("IPC excluded"), default=list, blank=True)
    keywords = models.TextField(_("activity"), blank=True)

    class Meta:
        ordering = ["sei", "rule_no"]
        verbose_name = _("SEI ↔ IPC rule")
        verbose_name_plural = _("SEI ↔ IPC rules")
        constraints = [models.UniqueConstraint(fields=["sei", "rule_no"], name="sei_rule_unique")]

    def __str__(self) -> str:
        return f"{self.sei_id} #{self.rule_no}"


class Route(models.TextChoices):
    """How a patent came to be counted in an industry, most trusted first."""

    APPLICANT = "applicant", _("Applicant's declared industry")
    CONCORDANCE = "concordance", _("Strategic-emerging-industry concordance")
    EMPIRICAL = "empirical", _("Learned IPC → industry table")


class PatentIndustry(models.Model):
    """A patent counted in a GB/T 4754-2017 small class by one route, with the weight of fractional counting (one
    patent's weights over its industries of one route sum to 1)."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="industry_links",
                               verbose_name=_("patent"))
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="patent_links",
                                 verbose_name=_("industry"))
    route = models.CharField(_("route"), max_length=12, choices=Route.choices)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=4)
    classified_at = models.DateTimeField(_("classified at"), auto_now=True)

    class Meta:
        ordering = ["patent", "route", "-weight"]
        verbose_name = _("patent's industry")
        verbose_name_plural = _("patents' industries")
        constraints = [
            models.UniqueConstraint(fields=["patent", "industry", "route"], name="patent_industry_once_per_route"),
            models.CheckConstraint(condition=models.Q(weight__gt=0) & models.Q(weight__lte=1),
                                   name="patent_industry_weight_fraction"),
        ]

    def __str__(self) -> str:
        return f"{self.patent_id} → {self.industry_id} ({self.route})"


class DeclaredIndustry(models.Model):
    """A GB/T 4754-2017 small class an organisation's administrator declares it works in; its patents are counted
    there by the applicant route (several declared classes share a patent equally)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="declared_industries",
                                     verbose_name=_("organisation"))
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="declarations",
                                 verbose_name=_("industry"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("declared by"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "industry"]
        verbose_name = _("declared industry")
        verbose_name_plural = _("declared industries")
        constraints = [models.UniqueConstraint(fields=["organisation", "industry"], name="declared_industry_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.industry_id}"


class LearnedWeight(models.Model):
    """One row of the empirical IPC → GB/T 4754 table learned from incoPat's industry codes: of the training
    patents carrying an IPC key (a main group such as G06F40, or a subclass such as G06F), the share that incoPat
    put in the industry."""

    class Level(models.TextChoices):
        MAIN_GROUP = "main_group", _("main group")
        SUBCLASS = "subclass", _("subclass")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    ipc_key = models.CharField(_("IPC"), max_length=12)
    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="+", verbose_name=_("industry"))
    share = models.DecimalField(_("share"), max_digits=5, decimal_places=4)
    support = models.PositiveIntegerField(_("training patents"))

    class Meta:
        ordering = ["level", "ipc_key", "-share"]
        verbose_name = _("learned IPC → industry weight")
        verbose_name_plural = _("learned IPC → industry weights")
        constraints = [models.UniqueConstraint(fields=["level", "ipc_key", "industry"], name="learned_weight_once")]
        indexes = [models.Index(fields=["ipc_key"])]

    def __str__(self) -> str:
        return f"{self.ipc_key} → {self.industry_id} {self.share}"

"""What binds each patent today: the grants made of it (open-licence declarations, licences by kind, territory and
period, transfers and equity contributions), registered pledges, suspended procedures and the annual-fee status.

Every app that moves or reads rights writes here through `rights.services` and reads through `rights.selectors`;
this app imports none of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patentbridge.orgs.models import Organisation, Region
from patentbridge.patents.models import Patent

MONEY = {"max_digits": 14, "decimal_places": 2}


class GrantKind(models.TextChoices):
    OPEN_DECLARATION = "open_declaration", _("Open-licence declaration")
    OPEN_LICENCE = "open_licence", _("Licence taken under an open licence")
    ORDINARY_LICENCE = "ordinary_licence", _("Ordinary licence")
    SOLE_LICENCE = "sole_licence", _("Sole licence")
    EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
    TRANSFER = "transfer", _("Transfer of the patent right")
    APPLICATION_RIGHT_TRANSFER = "application_right_transfer", _("Transfer of the application right")
    EQUITY = "equity", _("Equity contribution")


# Sole and exclusive licences exclude every other licence of the same territory and period (SPC interpretation
# Art 25); ordinary licences, open licences and a standing declaration exclude only those.
EXCLUDING = (GrantKind.SOLE_LICENCE, GrantKind.EXCLUSIVE_LICENCE)
LICENSING = (GrantKind.OPEN_DECLARATION, GrantKind.OPEN_LICENCE, GrantKind.ORDINARY_LICENCE, *EXCLUDING)
LICENCES = (GrantKind.OPEN_LICENCE, GrantKind.ORDINARY_LICENCE, *EXCLUDING)
# Kinds that move the patent (or the application) itself: they take effect when registered (Patent Law Art 10).
OWNERSHIP = (GrantKind.TRANSFER, GrantKind.APPLICATION_RIGHT_TRANSFER, GrantKind.EQUITY)


class GrantStatus(models.TextChoices):
    BINDING = "binding", _("Binding")
    ENDED = "ended", _("Ended")


class Grant(models.Model):
    """One grant of a right in a patent, from signing (or declaration) until it ends. A licence's period is its
    own; a declaration runs from its day until withdrawn (open-ended while it stands); a transfer has no end."""

    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="grants")
    kind = models.CharField(_("kind"), max_length=30, choices=GrantKind.choices)
    grantor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants_given")
    grantee = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="grants_received")
    territory = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("territory"))
    # The territory's code interval, copied so that PostgreSQL can exclude overlapping grants by itself.
    territory_lo = models.PositiveIntegerField(editable=False)
    territory_hi = models.PositiveIntegerField(editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"))
    recorded_on = models.DateField(_("recorded or registered on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.BINDING)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    pledgee_consent = models.BooleanField(_("the pledgee consents"), default=False)
    co_owners_consent = models.BooleanField(_("every co-owner consents"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        indexes = [models.Index(fields=["patent", "status"], name="grant_patent_status")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="grant_period_ordered"),
            models.CheckConstraint(condition=Q(territory_lo__lte=F("territory_hi")), name="grant_territory_span"),
            models.CheckConstraint(condition=Q(kind="open_declaration") | Q(grantee__isnull=False),
                                   name="grant_has_grantee"),
            models.CheckConstraint(condition=~Q(grantee=F("grantor")), name="grant_between_two_parties"),
            models.CheckConstraint(condition=~Q(kind__in=[k.value for k in LICENCES]) | Q(ends_on__isnull=False),
                                   name="licence_grant_has_an_end"),
            models.CheckConstraint(condition=Q(status="binding", ended_on__isnull=True)
                                   | Q(status="ended", ended_on__isnull=False), name="grant_ended_when_ended"),
            models.UniqueConstraint(fields=["patent"], condition=Q(kind="open_declaration", status="binding"),
                                    name="one_standing_declaration_per_patent"),
            # Two signed transfers of one patent awaiting registration would sell it twice.
            models.UniqueConstraint(fields=["patent"], condition=Q(kind__in=[k.value for k in OWNERSHIP],
                                                                   status="binding", recorded_on__isnull=True),
                                    name="one_pending_transfer_per_patent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.patent_id} → {self.grantee_id or '—'}"

    @property
    def excluding(self) -> bool:
        return self.kind in EXCLUDING


class Pledge(models.Model):
    """A pledge of the patent right registered with CNIPA (专利权质押登记), until its release is registered."""

    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="pledges")
    pledgor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pledges_given")
    pledgee = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="pledges_held")
    pledgee_name = models.CharField(_("pledgee"), max_length=200)
    amount = models.DecimalField(_("secured amount (RMB)"), **MONEY)
    registration_number = models.CharField(_("registration number"), max_length=60)
    registered_on = models.DateField(_("registered on"))
    ends_on = models.DateField(_("secured debt falls due on"), null=True, blank=True)
    released_on = models.DateField(_("release registered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registered_on", "pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(condition=Q(released_on__isnull=True) | Q(released_on__gte=F("registered_on")),
                                   name="pledge_released_after_registration"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("registered_on")),
                                   name="pledge_period_ordered"),
            models.UniqueConstraint(fields=["registration_number"], name="pledge_registration_unique"),
        ]


class SuspensionGround(models.TextChoices):
    OWNERSHIP_DISPUTE = "ownership_dispute", _("Ownership dispute (IR Art 103)")
    PRESERVATION = "preservation", _("Court preservation order (IR Art 104)")


class Suspension(models.Model):
    """Procedures on the patent suspended by CNIPA at a party's request or a court's order, until lifted."""

    patent = models.ForeignKey(Patent, on_delete=models.PROTECT, related_name="suspensions")
    ground = models.CharField(_("ground"), max_length=20, choices=SuspensionGround.choices)
    reference = models.CharField(_("notice or court order number"), max_length=100)
    started_on = models.DateField(_("suspended from"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [models.CheckConstraint(condition=Q(lifted_on__isnull=True)
                                              | Q(lifted_on__gte=F("started_on")), name="suspension_lifted_after")]


class FeeStatus(models.Model):
    """The annual-fee position of a patent whose payments are recorded on the platform: the next unpaid fee's due
    date and the end of its six-month late window. The pool, which keeps the fee schedule and the payments, writes
    it whenever a payment or the schedule changes."""

    patent = models.OneToOneField(Patent, on_delete=models.CASCADE, related_name="fee_status")
    next_year = models.PositiveSmallIntegerField(_("next unpaid patent year"), null=True, blank=True)
    next_due_on = models.DateField(_("next fee due on"), null=True, blank=True)
    late_until = models.DateField(_("late window ends on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual-fee status")
        verbose_name_plural = _("annual-fee statuses")
        constraints = [models.CheckConstraint(condition=Q(next_due_on__isnull=True)
                                              | Q(late_until__gte=F("next_due_on")), name="fee_late_after_due")]

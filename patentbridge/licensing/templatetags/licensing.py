"""The patent page's rights panel: what binds the patent today, its open licence and what the viewer may do."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from patentbridge.licensing import eligibility
from patentbridge.licensing.selectors import standing_declarations
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.orgs.permissions import (
    Action,
    Capability,
    is_allowed,
    is_platform_admin,
    org_ids_with,
    signing_enterprise_of,
    signing_patentee_org_ids,
)
from patentbridge.patents.models import LegalStatus
from patentbridge.rights.models import SuspensionGround
from patentbridge.rights.selectors import rights_of
from patentbridge.rights.views import FORM_STATE_KEY as RIGHTS_FORM_STATE_KEY

register = template.Library()


@register.inclusion_tag("licensing/_rights_panel.html", takes_context=True)
def rights_panel(context: dict[str, Any], patent: Any) -> dict[str, Any]:
    user = context["request"].user
    refused = context["request"].session.pop(RIGHTS_FORM_STATE_KEY, None) or {}
    declaration = standing_declarations().filter(patent=patent).first()
    is_owner = bool(signing_patentee_org_ids(user, patent))
    signatory_of = signing_enterprise_of(user)
    today = timezone.localdate()
    rights = rights_of(patent, today, user)
    blocked = eligibility.patent_refusals(patent, today) if is_owner and declaration is None else []
    bank = (Organisation.objects.filter(pk__in=org_ids_with(user, Capability.COMMIT), kind=OrgKind.FINANCIAL)
            .order_by("pk").first())
    return {
        "bank": bank, "can_record_pledge": is_owner or bank is not None or is_platform_admin(user),
        "releasable": [p.pk for p in rights.pledges if is_allowed(user, Action.PLEDGE_RELEASE, p)],
        "can_record_suspension": is_allowed(user, Action.SUSPENSION_RECORD, patent),
        "grounds": SuspensionGround.choices,
        "request": context["request"], "csrf_token": context.get("csrf_token"), "patent": patent,
        "rights": rights, "declaration": declaration,
        "pledge_form": refused if refused.get("form") == "pledge" else {},
        "suspension_form": refused if refused.get("form") == "suspension" else {},
        "declaration_live": declaration is not None and patent.legal_status == LegalStatus.IN_FORCE,
        "can_declare": is_owner and declaration is None and not blocked, "not_declarable": blocked,
        "can_withdraw": is_owner and declaration is not None,
        "can_open_deal": bool(org_ids_with(user, Capability.PROPOSE)),
        "can_take": signatory_of is not None and declaration is not None and not is_owner
        and patent.legal_status == LegalStatus.IN_FORCE and signatory_of.pk not in patent.owner_org_ids(),
    }

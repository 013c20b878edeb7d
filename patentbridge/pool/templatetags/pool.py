"""{% pool_panel patent %}: the patent page's value, tier, pool state, public-list marks and market feedback."""

from typing import Any

from django import template

from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import enterprise_of
from patentbridge.pool import selectors
from patentbridge.pool.models import MarketFeedback, PoolEntry, Rating

register = template.Library()


@register.inclusion_tag("pool/_patent_panel.html", takes_context=True)
def pool_panel(context: dict[str, Any], patent) -> dict[str, Any]:
    user = context["request"].user
    try:
        assessment = selectors.assessment_for(patent)
    except NotFound:
        assessment = None
    entry = PoolEntry.objects.filter(patent=patent).first()
    visible_entry = entry if entry and selectors.entries_visible_to(user).filter(pk=entry.pk).exists() else None
    enterprise = enterprise_of(user)
    own_feedback = (MarketFeedback.objects.filter(patent=patent, organisation=enterprise).first()
                    if enterprise else None)
    return {
        "request": context["request"], "patent": patent, "assessment": assessment, "entry": entry,
        "visible_entry": visible_entry, "can_give_feedback": enterprise is not None, "own_feedback": own_feedback,
        "ratings": Rating.choices, "feedback": patent.market_feedback.select_related("organisation")
        if visible_entry else None, "standards": patent.standard_declarations.all(),
        "csrf_token": context.get("csrf_token"),
    }

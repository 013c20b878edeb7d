"""Shared by the migrations of the apps above that give their existing deals and licences a grant."""

from django.db import IntegrityError, transaction


def china(Region):
    region, _ = Region.objects.get_or_create(code="CN", defaults={"name_zh": "中国", "name_en": "China", "lo": 0,
                                                                  "hi": 999_999, "aliases": ["中华人民共和国"]})
    return region


def create_grant(Grant, **fields):
    """A binding grant, or an ended one where an existing record already clashes (it cannot bind twice)."""
    try:
        with transaction.atomic():
            return Grant.objects.create(**fields)
    except IntegrityError:
        fields.update(status="ended", ended_on=fields.get("ended_on") or fields["signed_on"])
        return Grant.objects.create(**fields)

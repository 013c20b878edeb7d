"""The back office: every admin page opens, in Chinese, without a drop-down of every patent or organisation."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.functional import Promise

from patentbridge.orgs.tests.factories import UserFactory

# Reference tables of a few hundred rows at most: a plain drop-down is the better widget for them.
SMALL_TABLES = {"auth.Group", "auth.Permission", "contenttypes.ContentType", "orgs.City", "orgs.Region",
                "revenue.JurisdictionFloor"}


def _editable_relations(model_admin):
    readonly = set(model_admin.readonly_fields)
    parent = getattr(model_admin, "fk_name", None)
    for field in model_admin.model._meta.get_fields():
        if field.concrete and field.editable and field.is_relation and field.name not in readonly | {parent}:
            yield field


def _admins():
    for model, model_admin in admin.site._registry.items():
        yield model_admin
        yield from (inline(model, admin.site) for inline in model_admin.inlines)


def test_every_admin_picks_a_patent_organisation_or_user_by_search_not_from_a_list():
    offenders = [
        f"{type(model_admin).__name__}.{field.name}"
        for model_admin in _admins() if _may_edit(model_admin)
        for field in _editable_relations(model_admin)
        if field.related_model._meta.label not in SMALL_TABLES
        and field.name not in (*model_admin.autocomplete_fields, *model_admin.raw_id_fields)
        and not _is_parent_of_inline(model_admin, field)
    ]
    assert offenders == []


def _may_edit(model_admin) -> bool:
    defaults = (admin.ModelAdmin.has_change_permission, admin.options.InlineModelAdmin.has_change_permission)
    return type(model_admin).has_change_permission in defaults


def _is_parent_of_inline(model_admin, field) -> bool:
    return isinstance(model_admin, admin.options.InlineModelAdmin) and field.related_model is model_admin.parent_model


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _add_urls():
    for model, model_admin in admin.site._registry.items():
        if type(model_admin).has_add_permission is admin.ModelAdmin.has_add_permission:
            yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(_add_urls()))
def test_every_admin_add_page_opens(superuser_client, url):
    assert superuser_client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_admin_index_reads_in_chinese(superuser_client):
    page = superuser_client.get("/admin/").content.decode()
    assert "PatentBridge 管理后台" in page
    assert "专利" in page and "机构" in page


def test_every_model_and_field_shown_in_the_admin_has_a_translated_name():
    untranslated = [
        f"{model._meta.label}.{name}" for model in admin.site._registry if model.__module__.startswith("patentbridge.")
        for name, text in [("", model._meta.verbose_name), ("(plural)", model._meta.verbose_name_plural),
                           *((f.name, f.verbose_name) for f in model._meta.get_fields()
                             if hasattr(f, "verbose_name") and not f.auto_created)]
        if not isinstance(text, Promise)
    ]
    assert untranslated == []


def test_user_model_is_searchable_for_autocomplete():
    assert admin.site._registry[get_user_model()].search_fields

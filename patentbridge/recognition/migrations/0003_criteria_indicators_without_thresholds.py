"""The indicators of both standards, with every threshold left empty: neither standard's figures were retrieved
(rules.md §7, rules-round2.md §7), so the administrator enters them. GB/T 46961-2025 (effective 2025-12-31) is
active; T/PPAC 402-2022, which it probably supersedes, is kept inactive for earlier years."""

from django.db import migrations

UNITS = {"patent_share": "%", "sales": "元", "invention_patents": "件", "ip_input_ratio": "%"}
NOTE = "Threshold not verified: the standard's figure is to be entered by the administrator."
ACTIVE = {"GB/T 46961-2025": True, "T/PPAC 402-2022": False}


def add_indicators(apps, schema_editor):
    Criterion = apps.get_model("recognition", "Criterion")
    Settings = apps.get_model("recognition", "RecognitionSettings")
    for standard, active in ACTIVE.items():
        for indicator, unit in UNITS.items():
            Criterion.objects.get_or_create(standard=standard, indicator=indicator, category="", defaults={
                "comparator": "gte", "threshold": None, "unit": unit, "active": active, "note": NOTE})
    Settings.objects.get_or_create(pk=1, defaults={"notice_days": 7})


def remove_indicators(apps, schema_editor):
    apps.get_model("recognition", "Criterion").objects.filter(threshold__isnull=True, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("recognition", "0002_criteria_objections_settings_lapse")]
    operations = [migrations.RunPython(add_indicators, remove_indicators)]

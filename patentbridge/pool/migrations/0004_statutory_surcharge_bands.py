"""Publish the statutory late-surcharge bands (rules.md §10.3) over an untouched per-month fee configuration.

A version an administrator edited is left active: it still loads, its per-month surcharge read as bands.
"""

from django.db import migrations

OLD_DEFAULT = {"surcharge_per_month": "0.05", "surcharge_free_months": 0}
STATUTORY_BANDS = [[1, "0"], [2, "0.05"], [3, "0.10"], [4, "0.15"], [5, "0.20"], [6, "0.25"]]


def publish_bands(apps, schema_editor):
    config_version = apps.get_model("pool", "ConfigVersion")
    active = config_version.objects.filter(kind="fees", is_active=True).first()
    if active is None or active.data.get("late_months") != 6:
        return
    if any(active.data.get(key) != value for key, value in OLD_DEFAULT.items()):
        return
    data = {key: value for key, value in active.data.items() if key not in OLD_DEFAULT}
    data["surcharge_bands"] = STATUTORY_BANDS
    last = config_version.objects.filter(kind="fees").order_by("-version").first()
    config_version.objects.filter(pk=active.pk).update(is_active=False)
    config_version.objects.create(kind="fees", version=last.version + 1, data=data, is_active=True,
                                  note="statutory late-surcharge bands (rules.md §10.3)")


class Migration(migrations.Migration):

    dependencies = [
        ("pool", "0003_funded_alert"),
    ]

    operations = [migrations.RunPython(publish_bands, migrations.RunPython.noop)]

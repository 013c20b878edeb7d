"""Stored expiry dates were the anniversary of filing, one day after the term ends (PL Art 42): recompute them."""

from django.db import migrations

BATCH = 2000


def store_last_day(apps, schema_editor):
    from patentbridge.patents.terms import last_day

    patent_model = apps.get_model("patents", "Patent")
    patents = patent_model.objects.filter(application_date__isnull=False).only("patent_type", "application_date",
                                                                              "expiry_date")
    changed = []
    for patent in patents.iterator(chunk_size=BATCH):
        end = last_day(patent.patent_type, patent.application_date)
        if end != patent.expiry_date:
            patent.expiry_date = end
            changed.append(patent)
    patent_model.objects.bulk_update(changed, ["expiry_date"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("patents", "0001_initial"),
    ]

    operations = [migrations.RunPython(store_last_day, migrations.RunPython.noop)]

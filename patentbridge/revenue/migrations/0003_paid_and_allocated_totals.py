"""Running totals the database can check: what each share has been paid, what each income has allocated.

Filled from the existing payments and shares before the constraints are added. Rows already past their limit (paid
beyond a share, shares beyond a pool: what the concurrency bug could leave) stop the migration with their ids, so
that someone reconciles the money by hand rather than the migration hiding it."""

from django.db import migrations, models
from django.db.models import Sum


def fill_totals(apps, schema_editor):
    share_model, income_model = apps.get_model("revenue", "InventorShare"), apps.get_model("revenue", "Income")
    over = []
    for share in share_model.objects.annotate(total=Sum("payments__amount")).filter(total__isnull=False):
        share_model.objects.filter(pk=share.pk).update(paid=share.total)
        if share.total > share.amount:
            over.append(f"InventorShare {share.pk}: paid {share.total} of {share.amount}")
    for income in income_model.objects.annotate(total=Sum("shares__amount")).filter(total__isnull=False):
        income_model.objects.filter(pk=income.pk).update(allocated=income.total)
        if income.total > income.reward_pool:
            over.append(f"Income {income.pk}: allocated {income.total} of {income.reward_pool}")
    if over:
        raise RuntimeError("Overpaid or over-allocated rows; reconcile them before migrating: " + "; ".join(over))


class Migration(migrations.Migration):

    dependencies = [("revenue", "0002_floors")]

    operations = [
        migrations.AddField(
            model_name="income",
            name="allocated",
            field=models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=14,
                                      verbose_name="allocated to inventors"),
        ),
        migrations.AddField(
            model_name="inventorshare",
            name="paid",
            field=models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=14, verbose_name="paid"),
        ),
        migrations.RunPython(fill_totals, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="income",
            constraint=models.CheckConstraint(
                condition=models.Q(("allocated__gte", 0), ("allocated__lte", models.F("reward_pool"))),
                name="income_allocated_within_pool"),
        ),
        migrations.AddConstraint(
            model_name="inventorshare",
            constraint=models.CheckConstraint(condition=models.Q(("paid__gte", 0), ("paid__lte", models.F("amount"))),
                                              name="share_paid_within_amount"),
        ),
    ]

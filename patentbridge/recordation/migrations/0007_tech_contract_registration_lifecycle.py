import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OWNERSHIP = ("transfer", "application_right_transfer", "equity")


def forwards(apps, schema_editor):
    """Contracts made before: the amount agreed is their amount, their type and date come from their grant."""
    Contract = apps.get_model("recordation", "TechContractRegistration")
    for contract in Contract.objects.select_related("grant", "patent").order_by("pk"):
        contract.agreed_amount = contract.contract_amount
        contract.subject = (contract.patent.title if contract.patent_id else "")[:200]
        if contract.grant_id:
            contract.signed_on = contract.grant.signed_on
            contract.contract_type = "transfer" if contract.grant.kind in OWNERSHIP else "licence"
        contract.save(update_fields=["agreed_amount", "subject", "signed_on", "contract_type"])


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0004_organisation_city_label'),
        ('patents', '0002_expiry_is_the_last_day'),
        ('recordation', '0006_filings_no_filed_status'),
        ('rights', '0002_grant_exclusion_constraints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RoyaltyReceipt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=14)),
                ('received_on', models.DateField()),
                ('reference', models.CharField(max_length=60)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['received_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='TechContractTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(choices=[('pending', 'Awaiting registration'), ('counted', 'Registered'), ('held', "Held for the regulator's confirmation"), ('rejected', 'Not counted (rejected by the regulator)'), ('cancelled', 'Registration cancelled')], max_length=10)),
                ('to_status', models.CharField(choices=[('pending', 'Awaiting registration'), ('counted', 'Registered'), ('held', "Held for the regulator's confirmation"), ('rejected', 'Not counted (rejected by the regulator)'), ('cancelled', 'Registration cancelled')], max_length=10)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='techcontractregistration',
            options={'verbose_name': 'technology-contract registration', 'verbose_name_plural': 'technology-contract registrations'},
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='agreed_amount',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='amount agreed at signing (RMB)'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='cancellation_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='reason for cancellation'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='cancelled_on',
            field=models.DateField(blank=True, null=True, verbose_name='registration cancelled on'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='contract_type',
            field=models.CharField(choices=[('development', 'Technology development'), ('transfer', 'Technology transfer'), ('licence', 'Technology licence'), ('consulting', 'Technology consulting'), ('service', 'Technology service')], default='licence', max_length=12, verbose_name='contract type'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='ended_early_on',
            field=models.DateField(blank=True, null=True, verbose_name='contract ended early on'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='registered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='registration_number',
            field=models.CharField(blank=True, max_length=30, verbose_name='registration number'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='royalties_received',
            field=models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=14, verbose_name='royalties received (RMB)'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='signed_on',
            field=models.DateField(blank=True, null=True, verbose_name='signed on'),
        ),
        migrations.AddField(
            model_name='techcontractregistration',
            name='subject',
            field=models.CharField(blank=True, max_length=200, verbose_name='project name'),
        ),
        migrations.AlterField(
            model_name='techcontractregistration',
            name='patent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tech_contracts', to='patents.patent'),
        ),
        migrations.AlterField(
            model_name='techcontractregistration',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting registration'), ('counted', 'Registered'), ('held', "Held for the regulator's confirmation"), ('rejected', 'Not counted (rejected by the regulator)'), ('cancelled', 'Registration cancelled')], db_index=True, default='pending', max_length=10),
        ),
        migrations.AddConstraint(
            model_name='techcontractregistration',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'cancelled'), _negated=True), models.Q(('cancelled_on__isnull', False), models.Q(('cancellation_reason', ''), _negated=True)), _connector='OR'), name='tech_contract_cancellation_stated'),
        ),
        migrations.AddConstraint(
            model_name='techcontractregistration',
            constraint=models.CheckConstraint(condition=models.Q(('agreed_amount__gte', 0), ('royalties_received__gte', 0)), name='tech_contract_amounts_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='techcontractregistration',
            constraint=models.UniqueConstraint(condition=models.Q(('registration_number', ''), _negated=True), fields=('registration_number',), name='tech_contract_number_unique'),
        ),
        migrations.AddField(
            model_name='royaltyreceipt',
            name='contract',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='royalties', to='recordation.techcontractregistration'),
        ),
        migrations.AddField(
            model_name='techcontracttransition',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='techcontracttransition',
            name='contract',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='recordation.techcontractregistration'),
        ),
        migrations.AddConstraint(
            model_name='royaltyreceipt',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='royalty_receipt_positive'),
        ),
        migrations.AddConstraint(
            model_name='royaltyreceipt',
            constraint=models.UniqueConstraint(fields=('contract', 'reference'), name='one_receipt_per_reference'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

"""Deals become every technology contract a technology office signs (Civil Code Art 843): application-right
transfers, and development, consulting and service contracts, which need no patent; each signed deal points at its
technology-contract registration (existing ones through their grant)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    Deal, Contract = apps.get_model("deals", "Deal"), apps.get_model("recordation", "TechContractRegistration")
    for deal in Deal.objects.filter(grant__isnull=False).order_by("pk"):
        contract = Contract.objects.filter(grant_id=deal.grant_id).first()
        if contract is not None:
            deal.contract = contract
            deal.save(update_fields=["contract"])


class Migration(migrations.Migration):

    dependencies = [
        ('deals', '0005_grants'),
        ('orgs', '0004_organisation_city_label'),
        ('patents', '0002_expiry_is_the_last_day'),
        ('recordation', '0007_tech_contract_registration_lifecycle'),
        ('rights', '0002_grant_exclusion_constraints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='deal',
            name='contract',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='deal', to='recordation.techcontractregistration'),
        ),
        migrations.AddField(
            model_name='deal',
            name='deliverables',
            field=models.TextField(blank=True, verbose_name='deliverables'),
        ),
        migrations.AddField(
            model_name='deal',
            name='payment_mode',
            field=models.CharField(choices=[('fixed', 'Fixed price, paid at once or in instalments'), ('royalty', 'Running royalty'), ('entry_plus_royalty', 'Entry fee plus running royalty')], default='fixed', max_length=20, verbose_name='payment'),
        ),
        migrations.AddField(
            model_name='deal',
            name='results_owner',
            field=models.CharField(blank=True, choices=[('developer', 'The developer'), ('client', 'The commissioning party'), ('joint', 'Both parties jointly')], max_length=10, verbose_name='right to apply for patents on the results'),
        ),
        migrations.AddField(
            model_name='deal',
            name='results_terms',
            field=models.TextField(blank=True, verbose_name='use and transfer of technical secrets and sharing of benefits'),
        ),
        migrations.AddField(
            model_name='deal',
            name='subject',
            field=models.CharField(blank=True, max_length=200, verbose_name='project name'),
        ),
        migrations.AlterField(
            model_name='deal',
            name='kind',
            field=models.CharField(choices=[('ordinary_licence', 'Ordinary licence'), ('sole_licence', 'Sole licence'), ('exclusive_licence', 'Exclusive licence'), ('transfer', 'Transfer (assignment)'), ('application_right_transfer', 'Transfer of the application right'), ('equity', 'Equity investment'), ('development_commissioned', 'Technology development (commissioned)'), ('development_cooperative', 'Technology development (cooperative)'), ('consulting', 'Technology consulting'), ('service', 'Technology service')], max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='deal',
            name='patent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='deals', to='patents.patent'),
        ),
        migrations.AddConstraint(
            model_name='deal',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['development_commissioned', 'development_cooperative', 'consulting', 'service']), ('patent__isnull', False), _connector='OR'), name='deal_right_names_its_patent'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

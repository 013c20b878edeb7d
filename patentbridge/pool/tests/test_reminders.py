import datetime as dt

from django.core import mail

from patentbridge.orgs.models import Role
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import FeePayment
from patentbridge.pool.reminders import fee_reminders_send
from patentbridge.pool.tests.factories import PoolEntryFactory


def _office_patent(make_member):
    user, org = make_member(Role.TECH_TRANSFER_MANAGER)
    user.email = "tto@example.edu.cn"
    user.save()
    patent = PatentFactory(owner=org, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    PoolEntryFactory(patent=patent, organisation=org)
    return user, patent


def test_a_fee_due_within_30_days_is_reminded_once(make_member):
    _, patent = _office_patent(make_member)
    assert fee_reminders_send(dt.date(2026, 12, 20)) == 1  # year 9 is due on 2027-01-15
    assert "第 9 年" in mail.outbox[0].body and patent.title in mail.outbox[0].body
    assert fee_reminders_send(dt.date(2026, 12, 21)) == 0


def test_the_7_day_and_overdue_reminders_follow(make_member):
    _office_patent(make_member)
    fee_reminders_send(dt.date(2026, 12, 20))
    assert fee_reminders_send(dt.date(2027, 1, 10)) == 1
    assert fee_reminders_send(dt.date(2027, 2, 1)) == 1
    assert "已逾期" in mail.outbox[-1].body


def test_a_paid_fee_is_not_reminded(make_member):
    _, patent = _office_patent(make_member)
    FeePayment.objects.create(patent=patent, year=9, amount=2000, paid_on=dt.date(2026, 12, 1))
    assert fee_reminders_send(dt.date(2026, 12, 20)) == 0


def test_office_and_regulator_are_alerted_once_to_an_unused_funded_patent(make_member):
    from patentbridge.orgs.models import OrgKind
    from patentbridge.pool import maintenance_services

    user, patent = _office_patent(make_member)
    regulator, _ = make_member(Role.REGULATOR, OrgKind.REGULATOR)
    regulator.email = "ip@amr.gd.gov.cn"
    regulator.save()
    maintenance_services.funded_project_declare(actor=user, patent=patent, project_name="省重点领域研发计划",
                                                funder="广东省科学技术厅")
    from patentbridge.pool.reminders import unused_funded_alerts_send

    assert unused_funded_alerts_send(dt.date(2026, 6, 1)) == 2
    assert {m.to[0] for m in mail.outbox} == {"tto@example.edu.cn", "ip@amr.gd.gov.cn"}
    assert unused_funded_alerts_send(dt.date(2026, 6, 2)) == 0

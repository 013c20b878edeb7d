import datetime as dt

import factory

from patentbridge.patents.models import LegalStatus, Patent, PatentApplicant, PatentClassification, PatentType
from patentbridge.patents.numbers import check_character
from patentbridge.patents.terms import expiry_date


def application_number(n: int, year: int = 2021, type_digit: str = "1") -> str:
    digits = f"{year}{type_digit}{n:07d}"
    return f"{digits}.{check_character(digits)}"


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent
        skip_postgeneration_save = True

    application_number = factory.Sequence(lambda n: application_number(n + 1))
    patent_type = PatentType.INVENTION
    title = factory.Sequence(lambda n: f"一种测试装置{n}")
    ipc_main = "H04R1/28"
    ipc_codes = factory.LazyAttribute(lambda p: [p.ipc_main])
    application_date = dt.date(2021, 3, 1)
    legal_status = LegalStatus.IN_FORCE
    expiry_date = factory.LazyAttribute(lambda p: expiry_date(p.patent_type, p.application_date))

    @factory.post_generation
    def classifications(self, create, extracted, **kwargs):
        if create:
            PatentClassification.objects.bulk_create(
                [PatentClassification(patent=self, code=c, subclass=c[:4], is_main=c == self.ipc_main)
                 for c in self.ipc_codes]
            )

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        """`PatentFactory(owner=organisation)` makes the organisation the first applicant."""
        if create and extracted is not None:
            Patent.objects.filter(pk=self.pk).update(applicant_names=[extracted.name])
            self.applicant_names = [extracted.name]
            PatentApplicant.objects.create(patent=self, position=0, name=extracted.name, organisation=extracted)

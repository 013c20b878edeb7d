import factory
from django.contrib.auth import get_user_model

from patentbridge.orgs.models import Membership, Organisation, OrgKind, Role
from patentbridge.orgs.names import normalize_name


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Str0ng!Passw0rd#")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试大学{n}号")
    name_normalized = factory.LazyAttribute(lambda o: normalize_name(o.name))
    kind = OrgKind.UNIVERSITY
    address = factory.Sequence(lambda n: f"广州市天河区测试路{n}号")  # a recordation names both parties' addresses


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.TECH_TRANSFER_MANAGER


def member_of(organisation: Organisation, role: str = Role.TECH_TRANSFER_MANAGER):
    """A new user holding the role in the organisation."""
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def signer_of(organisation: Organisation):
    """A new user who may commit the organisation: its office for an institution, a signatory otherwise."""
    institution = organisation.kind in (OrgKind.UNIVERSITY, OrgKind.INSTITUTE)
    return member_of(organisation, Role.TECH_TRANSFER_MANAGER if institution else Role.SIGNATORY)

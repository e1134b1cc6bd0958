"""factory_boy factories for the organisation. Build people through the services so that
their object permissions are what production would give them."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from members.models import Member
from organisation.models import Body, Committee, Department, Sector, SectorGroup, Term
from portal.models import User

PASSWORD = "Lz-test-pass-2026"


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试市政协{n}")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    level = Body.Level.MUNICIPAL


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    body = factory.SubFactory(BodyFactory)
    number = 4
    name = "第四届"
    start_date = dt.date(2022, 1, 1)
    end_date = dt.date(2026, 12, 31)


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"专门委员会{n}")
    kind = Committee.Kind.OTHER


class SectorGroupFactory(DjangoModelFactory):
    class Meta:
        model = SectorGroup

    body = factory.SelfAttribute("committee.body")
    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"界别活动组{n}")


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector

    body = factory.SelfAttribute("group.body")
    group = factory.SubFactory(SectorGroupFactory)
    name = factory.Sequence(lambda n: f"界别{n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"市某某局{n}")
    kind = Department.Kind.GOVERNMENT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(DjangoModelFactory):
    """A member record only; use `seat_member` for one in a term and a committee."""

    class Meta:
        model = Member

    body = factory.SelfAttribute("sector.body")
    sector = factory.SubFactory(SectorFactory)
    code = factory.Sequence(lambda n: f"W{n:04d}")
    name = factory.Sequence(lambda n: f"委员{n}")
    gender = Member.Gender.MALE
    affiliation = Member.Affiliation.NON_PARTY
    phone = factory.Sequence(lambda n: f"139{n:08d}")

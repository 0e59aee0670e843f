import factory
from stdnum.jp import cn

from kyodo.accounts.models import Membership, Role, User, Vendor


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@town.example")
    full_name = factory.Faker("name", locale="ja_JP")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.MUNICIPALITY_STAFF


def _corporate_number(n: int) -> str:
    base = f"{9_000_000_000 + n:012d}"
    return cn.calc_check_digit(base) + base


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    legal_name = factory.Sequence(lambda n: f"株式会社テスト情報{n}")
    legal_name_kana = factory.Sequence(lambda n: f"カブシキガイシャテストジョウホウ{n}")
    corporate_number = factory.Sequence(_corporate_number)
    address = "大分県大分市"
    contact_name = "担当者"
    contact_email = factory.Sequence(lambda n: f"info{n}@vendor.example")

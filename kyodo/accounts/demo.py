"""Demo accounts for trying Kyodo out. They exist, and may sign in, only while DEBUG is on.

The demo vendor is fictional; its 法人番号 has a valid check digit but belongs to no
real company.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import (
    Membership,
    QualificationCategory,
    Role,
    User,
    Vendor,
    VendorQualification,
    VendorStatus,
)
from kyodo.audit.services import audit_record
from tenants.models import Municipality

DEMO_PASSWORD = "kyodo-demo-2026"  # noqa: S105 (documented demo password, refused without DEBUG)
DEMO_VENDOR = {
    "corporate_number": "3944000012345",
    "legal_name": "株式会社おおいたデモシステムズ",
    "legal_name_kana": "カブシキガイシャオオイタデモシステムズ",
    "address": "大分県大分市府内町一丁目1番1号",
    "contact_name": "共同 花子",
    "contact_email": "vendor@vendor.example",
    "contact_phone": "097-000-0000",
}
DEMO_QUALIFICATION_CATEGORIES = [QualificationCategory.INFORMATION_SYSTEMS,
                                 QualificationCategory.SERVICES]


def demo_qualification_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The two-年度 競争入札参加資格 period that holds `today` (令和7・8年度 from 2025-04-01,
    then 令和9・10年度 …), so the demo vendor may bid whenever the demo is started."""
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    first = fiscal_year - (fiscal_year - 2025) % 2
    return datetime.date(first, 4, 1), datetime.date(first + 2, 3, 31)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    organisation: str  # "prefecture", "vendor", or a municipality's lg_code
    role: str


def demo_accounts() -> list[DemoAccount]:
    return [
        DemoAccount("coordinator@pref-oita.example", "県 DX推進課 コーディネーター", "prefecture",
                    Role.PREFECTURE_COORDINATOR),
        DemoAccount("staff@beppu.example", "別府市 DX推進担当", "442020", Role.MUNICIPALITY_LEAD),
        DemoAccount("staff@himeshima.example", "姫島村 総務課 DX担当", "443221",
                    Role.MUNICIPALITY_LEAD),
        DemoAccount("vendor@vendor.example", "共同 花子", "vendor", Role.VENDOR_ADMIN),
        DemoAccount("specialist@talent.example", "デジタル 太郎", "prefecture", Role.SPECIALIST),
    ]


DEMO_EMAILS = frozenset(account.email for account in demo_accounts())


def _demo_vendor() -> Vendor:
    vendor, created = Vendor.objects.get_or_create(
        corporate_number=DEMO_VENDOR["corporate_number"],
        defaults={**DEMO_VENDOR, "status": VendorStatus.APPROVED,
                  "approved_at": datetime.datetime.now(datetime.UTC)},
    )
    if created:
        vendor.full_clean()
        valid_from, valid_until = demo_qualification_period(timezone.localdate())
        for category in DEMO_QUALIFICATION_CATEGORIES:
            VendorQualification.objects.create(vendor=vendor, category=category,
                                               valid_from=valid_from, valid_until=valid_until)
        audit_record(actor=None, action="vendor.create_demo", target=vendor,
                     after={"corporate_number": vendor.corporate_number},
                     tenant_schema=get_public_schema_name())
    return vendor


def _organisation(account: DemoAccount) -> dict:
    if account.organisation == "vendor":
        return {"vendor": _demo_vendor()}
    if account.organisation == "prefecture":
        return {"municipality": Municipality.objects.get(schema_name=get_public_schema_name())}
    return {"municipality": Municipality.objects.get(lg_code=account.organisation)}


def demo_memberships() -> list[tuple[DemoAccount, Membership]]:
    """Each demo account with the membership it signs in for (organisation and role)."""
    return [(account, Membership.objects.select_related("municipality", "vendor").get(
        user__email=account.email, role=account.role, **_organisation(account)))
        for account in demo_accounts()]


def demo_accounts_create() -> list[User]:
    """Create (or reset) the demo accounts and their memberships. Refused without DEBUG."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo accounts are created only when DEBUG is on.")
    users = []
    with transaction.atomic():
        for account in demo_accounts():
            organisation = _organisation(account)
            user, created = User.objects.get_or_create(
                email=account.email, defaults={"full_name": account.full_name}
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            membership, joined = Membership.objects.get_or_create(
                user=user, role=account.role, **organisation
            )
            if created or joined:
                audit_record(
                    actor=None,
                    action="membership.create_demo",
                    target=membership,
                    after={"user": user.email, "organisation": str(membership.organisation),
                           "role": account.role},
                    tenant_schema=get_public_schema_name(),
                )
            users.append(user)
    return users


def demo_town_lead(town: Municipality) -> User:
    """The town's lead who acts in each module's demo data: the demo account where there
    is one, otherwise an account for the town's DX office that cannot sign in."""
    existing = Membership.objects.filter(municipality=town, role=Role.MUNICIPALITY_LEAD).first()
    if existing:
        return existing.user
    user, _ = User.objects.get_or_create(
        email=f"dx-office@{town.slug}.example",
        defaults={"full_name": f"{town.name} DX担当", "password": make_password(None)})
    Membership.objects.get_or_create(user=user, municipality=town,
                                     defaults={"role": Role.MUNICIPALITY_LEAD})
    return user

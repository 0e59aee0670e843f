"""Demo accounts for trying Kyodo out. They exist only while DEBUG is on."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from kyodo.accounts.models import Membership, Role, User
from kyodo.audit.services import audit_record
from tenants.models import Municipality

DEMO_PASSWORD = "kyodo-demo-2026"  # noqa: S105 (documented demo password, refused without DEBUG)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    lg_code: str | None  # None: the prefecture (public tenant)
    role: str


def demo_accounts() -> list[DemoAccount]:
    return [
        DemoAccount("coordinator@pref-oita.example", "県 DX推進課 コーディネーター", None,
                    Role.PREFECTURE_COORDINATOR),
        DemoAccount("staff@beppu.example", "別府市 DX推進担当", "442020", Role.MUNICIPALITY_LEAD),
        DemoAccount("staff@himeshima.example", "姫島村 総務課 DX担当", "443221",
                    Role.MUNICIPALITY_LEAD),
    ]


DEMO_EMAILS = frozenset(account.email for account in demo_accounts())


def demo_accounts_create() -> list[User]:
    """Create (or reset) the demo accounts and their memberships. Refused without DEBUG."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo accounts are created only when DEBUG is on.")
    users = []
    with transaction.atomic():
        for account in demo_accounts():
            municipality = (
                Municipality.objects.get(schema_name="public")
                if account.lg_code is None
                else Municipality.objects.get(lg_code=account.lg_code)
            )
            user, created = User.objects.get_or_create(
                email=account.email, defaults={"full_name": account.full_name}
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            _, joined = Membership.objects.get_or_create(
                user=user, municipality=municipality, role=account.role
            )
            if created or joined:
                audit_record(
                    actor=None,
                    action="membership.create_demo",
                    target=user,
                    after={"municipality": municipality.lg_code, "role": account.role},
                    tenant_schema=municipality.schema_name,
                )
            users.append(user)
    return users

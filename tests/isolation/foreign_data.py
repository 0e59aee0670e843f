"""The world the isolation walk runs in: both sides' data, who may see it, who may change it.

Our side is 姫島村 and vendor A, where the walk's roles belong; the foreign side is
別府市 and vendors B, C and D, with people of their own. A module that adds data adds,
here and nowhere else:

- its objects, planted in `build_world` (on the foreign side, and on our side where a
  role may act on its own organisation's objects), each listed in `foreign` or `own`
  so that their ids fill the routes' path parameters;
- a `Marker` for each private text it plants, saying which roles may see it;
- a `Guarded` entry for each piece of state, saying which roles may change it.

Ids: every planted object takes its id from FOREIGN_IDS or OWN_IDS, whatever its kind,
so a route's `<int:pk>` is tried with a handful of numbers and still names one object
of every kind (the first foreign vendor, user, membership, invitation and token are all
900001). Objects made by a service are renumbered straight after (`numbered`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db.models import Model, QuerySet
from django.utils import timezone
from django_tenants.utils import tenant_context

from api.models import ApiToken
from api.services import api_token_create
from joint_targets.models import Indicator, IndicatorSnapshot, JointTarget
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Milestone,
    OrganisationMeasure,
    Procedure,
    ResidentSurvey,
)
from kyodo.accounts.models import (
    Membership,
    Role,
    User,
    Vendor,
    VendorQualification,
    VendorStatus,
)
from kyodo.audit.models import AuditEvent
from kyodo.fiscal import fiscal_year_of
from kyodo.invitations.models import Invitation
from kyodo.invitations.notices import VENDOR_REGISTRATION_CHANGED
from kyodo.invitations.tokens import nonce_hash, nonce_new
from kyodo.notifications.models import EmailDelivery, Notification, NotificationPreference
from kyodo.notifications.services import notify
from shared_services.lifecycle import AdoptionStatus
from shared_services.models import (
    AdoptionAttachment,
    AdoptionComment,
    AdoptionRequest,
    AdoptionTransition,
    AllocationLine,
    AllocationVersion,
    CommonSystem,
    SpecificationDocument,
    Subscription,
    SystemStatus,
)
from tenants.models import Municipality, PublishedContact
from tenants.workspace.models import TownProfile
from tests.factories import UserFactory, VendorFactory
from tests.mfa import activate_totp, add_security_key

FOREIGN_IDS = (900001, 900002, 900003)
OWN_IDS = (800001, 800002, 800003)

ROLES = [
    "anonymous", "prefecture_coordinator", "prefecture_operator", "municipality_lead",
    "municipality_staff", "vendor_admin", "vendor_member", "specialist", "no_membership",
]
SIGNED_IN_ROLES = ROLES[1:]

NOBODY = frozenset()
COORDINATORS = frozenset({"prefecture_coordinator"})
PREFECTURE_STAFF = frozenset({"prefecture_coordinator", "prefecture_operator"})
HIMESHIMA = frozenset({"municipality_lead", "municipality_staff"})
VENDOR_A = frozenset({"vendor_admin", "vendor_member"})

BEPPU_NOTES = "ISOLATION-別府市の庁内メモ-7f3a"
BEPPU_LEAD_EMAIL = "isolation-lead@beppu.example"
BEPPU_STAFF_EMAIL = "isolation-staff@beppu.example"
BEPPU_INVITEE_EMAIL = "isolation-invitee@beppu.example"
BEPPU_TOKEN_NAME = "ISOLATION-別府市の内部ツール"
BEPPU_KEY_NAME = "ISOLATION-別府市の鍵"
VENDOR_B_EMAIL = "isolation-contact@vendor-b.example"
VENDOR_B_ADDRESS = "ISOLATION-福岡県福岡市他社町1-1"
VENDOR_B_ADMIN_EMAIL = "isolation-admin@vendor-b.example"
VENDOR_B_MEMBER_EMAIL = "isolation-member@vendor-b.example"
VENDOR_C_ADDRESS = "ISOLATION-熊本県熊本市申請中町2-2"
HIMESHIMA_NOTES = "ISOLATION-姫島村の庁内メモ-2c9e"
HIMESHIMA_INVITEE_EMAIL = "isolation-invitee@himeshima.example"
VENDOR_A_ADDRESS = "ISOLATION-大分県姫島村自社町3-3"
BEPPU_NOTICE = "ISOLATION-別府市宛てのお知らせ-5d1b"
BEPPU_REQUEST_REASON = "ISOLATION-別府市の導入申請の理由-41c2"
BEPPU_DRAFT_REASON = "ISOLATION-別府市の申請の下書き-8e07"
BEPPU_COMMENT = "ISOLATION-別府市と県のやりとり-a3f9"
BEPPU_ATTACHMENT = "ISOLATION-別府市の添付.pdf"
BEPPU_CHARGE = "7,654,321"  # 別府市's share in the planted allocation: no other town sees it
HIMESHIMA_DRAFT_REASON = "ISOLATION-姫島村の申請の下書き-6b1d"
DRAFT_SYSTEM_NAME = "ISOLATION-下書きの共通システム-0c4e"
BEPPU_PROCEDURE = "ISOLATION-別府市の行政手続き-93d0"
HIMESHIMA_PROCEDURE = "ISOLATION-姫島村の行政手続き-1f7a"
BEPPU_EVIDENCE = "ISOLATION-別府市のCIO任命の辞令-5e21"
HIMESHIMA_EVIDENCE = "ISOLATION-姫島村のDX推進方針-c84b"
# 別府市's published value: the prefecture's staff see it; the open data, where 別府市 is
# the only 一般市 that published, must not show it (nor any page of the other roles).
BEPPU_PUBLISHED_VALUE = "83.7"
BEPPU_AUTOMATION = "ISOLATION-別府市の自動化業務-2b7e"
HIMESHIMA_AUTOMATION = "ISOLATION-姫島村の自動化業務-9d31"
BEPPU_MILESTONE = "ISOLATION-別府市の工程表-6a0f"
HIMESHIMA_MILESTONE = "ISOLATION-姫島村の工程表-e4c2"
# Counts no page shows unless it shows the row (as the pages write them, with commas).
BEPPU_DECIDED, HIMESHIMA_DECIDED = 7_345_219, 6_123_457
BEPPU_RESPONDENTS, HIMESHIMA_RESPONDENTS = 5_432_187, 4_321_763
# Evidence planted in each town's schema, by the same ids; every text a marker.
TOWN_RECORDS = (AutomatedProcess, ApprovalMonth, ResidentSurvey, Milestone)


@dataclass(frozen=True)
class Marker:
    """A text planted in private data, and the roles that may see it on a page."""

    text: str
    seen_by: frozenset[str]


MARKERS = [
    # A town's private notes never leave its schema.
    Marker(BEPPU_NOTES, NOBODY),
    Marker(HIMESHIMA_NOTES, HIMESHIMA),
    # A town's people and invitations: the town itself and the prefecture's staff.
    Marker(BEPPU_LEAD_EMAIL, PREFECTURE_STAFF),
    Marker(BEPPU_STAFF_EMAIL, PREFECTURE_STAFF),
    Marker(BEPPU_INVITEE_EMAIL, PREFECTURE_STAFF),
    Marker(HIMESHIMA_INVITEE_EMAIL, HIMESHIMA | PREFECTURE_STAFF),
    # A vendor's registration and people: its own members and the prefecture's staff.
    Marker(VENDOR_B_EMAIL, PREFECTURE_STAFF),
    Marker(VENDOR_B_ADDRESS, PREFECTURE_STAFF),
    Marker(VENDOR_B_ADMIN_EMAIL, PREFECTURE_STAFF),
    Marker(VENDOR_B_MEMBER_EMAIL, PREFECTURE_STAFF),
    Marker(VENDOR_C_ADDRESS, PREFECTURE_STAFF),
    Marker(VENDOR_A_ADDRESS, VENDOR_A | PREFECTURE_STAFF),
    # A person's API tokens and security keys: their owner only.
    Marker(BEPPU_TOKEN_NAME, NOBODY),
    Marker(BEPPU_KEY_NAME, NOBODY),
    # A person's notifications: their recipient only.
    Marker(BEPPU_NOTICE, NOBODY),
    # A town's adoption requests, their thread and files: the town itself, and the
    # prefecture's staff once submitted; a draft is the town's alone.
    Marker(BEPPU_REQUEST_REASON, PREFECTURE_STAFF),
    Marker(BEPPU_COMMENT, PREFECTURE_STAFF),
    Marker(BEPPU_ATTACHMENT, PREFECTURE_STAFF),
    Marker(BEPPU_DRAFT_REASON, NOBODY),
    Marker(HIMESHIMA_DRAFT_REASON, HIMESHIMA),
    # What a town pays: the town and the prefecture's staff.
    Marker(BEPPU_CHARGE, PREFECTURE_STAFF),
    # A draft catalog entry: the prefecture's staff until it is published.
    Marker(DRAFT_SYSTEM_NAME, PREFECTURE_STAFF),
    # A town's procedure inventory never leaves its schema: only computed values do.
    Marker(BEPPU_PROCEDURE, NOBODY),
    Marker(HIMESHIMA_PROCEDURE, HIMESHIMA),
    # So does its organisation checklist's evidence.
    Marker(BEPPU_EVIDENCE, NOBODY),
    Marker(HIMESHIMA_EVIDENCE, HIMESHIMA),
    # A single town's published value: the prefecture's staff (matrix, polarisation,
    # needs-support), never the open data nor another town.
    Marker(BEPPU_PUBLISHED_VALUE, PREFECTURE_STAFF),
    # And its automation register, approval counts, resident surveys and roadmap.
    Marker(BEPPU_AUTOMATION, NOBODY),
    Marker(HIMESHIMA_AUTOMATION, HIMESHIMA),
    Marker(BEPPU_MILESTONE, NOBODY),
    Marker(HIMESHIMA_MILESTONE, HIMESHIMA),
    Marker(f"{BEPPU_DECIDED:,}", NOBODY),
    Marker(f"{HIMESHIMA_DECIDED:,}", HIMESHIMA),
    Marker(f"{BEPPU_RESPONDENTS:,}", NOBODY),
    Marker(f"{HIMESHIMA_RESPONDENTS:,}", HIMESHIMA),
]


@dataclass
class World:
    """Both sides, and everyone the walk signs in: the roles, and the other side's
    people who are the legitimate users of its pages (`owners`)."""

    prefecture: Municipality
    beppu: Municipality
    himeshima: Municipality
    vendor_a: Vendor
    vendor_b: Vendor
    people: dict[str, User]  # the walk's roles, and the foreign side's and the admin's people
    foreign: list[Model] = field(default_factory=list)  # objects of the other side
    own: list[Model] = field(default_factory=list)  # objects of the roles' own side

    def person(self, key: str) -> User | None:
        return self.people.get(key)

    def accounts(self, *keys: str) -> tuple:
        """These people's accounts (password, e-mail addresses, second factors), as rows."""
        users = [self.people[key] for key in keys]
        return (rows(User.objects.filter(pk__in=[user.pk for user in users]),
                     volatile=("last_login",)),
                rows(EmailAddress.objects.filter(user__in=users)),
                rows(Authenticator.objects.filter(user__in=users), volatile=("last_used_at",)))

    def others(self) -> list[User]:
        """The other side's people."""
        return [self.people[key] for key in ("beppu_lead", "beppu_staff", "vendor_b_admin")]

    def api_tokens(self, *keys: str) -> tuple:
        return rows(ApiToken.objects.filter(user__in=[self.people[key] for key in keys]),
                    volatile=("last_used_at",))


@dataclass(frozen=True)
class Guarded:
    """A piece of state, read as rows, and the roles that may change it."""

    name: str
    state: Callable[[World], object]
    changed_by: frozenset[str]


def rows(queryset: QuerySet, volatile=()) -> tuple:
    """The queryset's rows with every column, except those that change on mere use."""
    return tuple(tuple(value for name, value in sorted(row.items()) if name not in volatile)
                 for row in queryset.order_by("pk").values())


def town_rows(town: Municipality, model) -> tuple:
    with tenant_context(town):
        return rows(model.objects.all())


def _foreign_vendors(world):
    return Vendor.objects.filter(pk__in=FOREIGN_IDS)


GUARDED = [
    # The other side: only a coordinator, who acts for every organisation, may change
    # its memberships, invitations and vendors' standing; nobody changes its private data.
    Guarded("別府市の団体プロフィール", lambda w: town_rows(w.beppu, TownProfile), NOBODY),
    Guarded("別府市が県に公開した連絡先",
            lambda w: rows(PublishedContact.objects.filter(municipality=w.beppu)), NOBODY),
    Guarded("別府市の所属", lambda w: rows(Membership.objects.filter(municipality=w.beppu)),
            COORDINATORS),
    Guarded("別府市への招待", lambda w: rows(Invitation.objects.filter(municipality=w.beppu)),
            COORDINATORS),
    Guarded("他社の登録と資格", lambda w: (
        rows(_foreign_vendors(w)),
        rows(VendorQualification.objects.filter(vendor__in=_foreign_vendors(w)))), COORDINATORS),
    Guarded("他社の所属", lambda w: rows(Membership.objects.filter(vendor__in=_foreign_vendors(w))),
            COORDINATORS),
    Guarded("他社への招待",
            lambda w: rows(Invitation.objects.filter(vendor__in=_foreign_vendors(w))),
            COORDINATORS),
    Guarded("他の団体の人のアカウント",
            lambda w: w.accounts("beppu_lead", "beppu_staff", "vendor_b_admin"), NOBODY),
    # A token acts for a membership: ending the membership (a coordinator may) ends it.
    Guarded("他の団体の人のAPIトークン",
            lambda w: w.api_tokens("beppu_lead", "beppu_staff", "vendor_b_admin"), COORDINATORS),
    Guarded("管理サイトの権限グループ", lambda w: rows(Group.objects.all()), NOBODY),
    # The catalog: the coordinators curate it and decide requests, which may write new
    # allocation versions; a town changes its own requests, a draft only while it is one.
    Guarded("共通システムと負担金", lambda w: (
        rows(CommonSystem.objects.all()), rows(SpecificationDocument.objects.all()),
        rows(AllocationVersion.objects.all()), rows(AllocationLine.objects.all()),
        rows(Subscription.objects.all())), COORDINATORS),
    Guarded("別府市の導入申請", lambda w: (
        rows(AdoptionRequest.objects.filter(municipality=w.beppu), volatile=("updated_at",)),
        rows(AdoptionTransition.objects.filter(request__municipality=w.beppu)),
        rows(AdoptionComment.objects.filter(request__municipality=w.beppu)),
        rows(AdoptionAttachment.objects.filter(request__municipality=w.beppu))), COORDINATORS),
    Guarded("姫島村の導入申請", lambda w: (
        rows(AdoptionRequest.objects.filter(municipality=w.himeshima), volatile=("updated_at",)),
        rows(AdoptionComment.objects.filter(request__municipality=w.himeshima)),
        rows(AdoptionAttachment.objects.filter(request__municipality=w.himeshima))),
        COORDINATORS | HIMESHIMA),
    # New notifications to them are the side effects of others' legitimate acts; what
    # nobody may do is read, mark or change the ones they have, or their preference.
    Guarded("他の団体の人のお知らせと設定", lambda w: (
        rows(Notification.objects.filter(recipient__in=w.others(), pk__in=FOREIGN_IDS)),
        rows(NotificationPreference.objects.filter(user__in=w.others()))), NOBODY),
    # A town's procedure inventory: its own members keep it; what it publishes only
    # changes after a change of its evidence is committed.
    Guarded("別府市の行政手続きと公開された指標値", lambda w: (
        town_rows(w.beppu, Procedure), town_rows(w.beppu, OrganisationMeasure),
        rows(IndicatorSnapshot.objects.filter(municipality=w.beppu))), NOBODY),
    # A suggestion of support to a town behind a target is the coordinators' to send.
    Guarded("県から団体への支援の提案", lambda w: rows(
        AuditEvent.objects.filter(action__startswith="support_suggestion.")), COORDINATORS),
    Guarded("別府市の自動化業務・決裁件数・住民アンケート・工程表", lambda w: tuple(
        town_rows(w.beppu, model) for model in TOWN_RECORDS), NOBODY),
    # Our side: what each role may change in its own organisation.
    Guarded("姫島村の団体プロフィール", lambda w: town_rows(w.himeshima, TownProfile), HIMESHIMA),
    Guarded("姫島村の行政手続きと推進体制", lambda w: (
        town_rows(w.himeshima, Procedure), town_rows(w.himeshima, OrganisationMeasure)),
        HIMESHIMA),
    Guarded("姫島村の自動化業務・決裁件数・住民アンケート・工程表", lambda w: tuple(
        town_rows(w.himeshima, model) for model in TOWN_RECORDS), HIMESHIMA),
    Guarded("姫島村の所属", lambda w: rows(Membership.objects.filter(municipality=w.himeshima)),
            COORDINATORS | {"municipality_lead"}),
    Guarded("姫島村への招待",
            lambda w: rows(Invitation.objects.filter(municipality=w.himeshima)),
            COORDINATORS | {"municipality_lead"}),
    # A vendor's administrator keeps its registration and qualifications current.
    Guarded("自社の登録と資格", lambda w: (
        rows(Vendor.objects.filter(pk=w.vendor_a.pk)),
        rows(VendorQualification.objects.filter(vendor=w.vendor_a))),
        COORDINATORS | {"vendor_admin"}),
    Guarded("自社の所属", lambda w: rows(Membership.objects.filter(vendor=w.vendor_a)),
            COORDINATORS | {"vendor_admin"}),
    Guarded("自社への招待", lambda w: rows(Invitation.objects.filter(vendor=w.vendor_a)),
            COORDINATORS | {"vendor_admin"}),
    Guarded("県の所属", lambda w: rows(Membership.objects.filter(municipality=w.prefecture)),
            COORDINATORS),
    Guarded("県への招待", lambda w: rows(Invitation.objects.filter(municipality=w.prefecture)),
            COORDINATORS),
    # Each person's own account and tokens: theirs alone.
    *[Guarded(f"{role} のアカウント", lambda w, role=role: (w.accounts(role), w.api_tokens(role)),
              frozenset({role})) for role in SIGNED_IN_ROLES],
]


def owners(world: World) -> list[tuple[str, str]]:
    """Who legitimately uses each part of the site, by path prefix (first match wins).

    The walk posts to a route the body this person's forms give, after proving that
    this person's post is accepted.
    """
    return [
        (f"/m/{world.beppu.slug}/", "beppu_lead"),
        ("/targets/needs-support/", "prefecture_coordinator"),
        (f"/m/{world.himeshima.slug}/", "municipality_lead"),
        ("/console/", "prefecture_coordinator"),
        ("/catalog/", "prefecture_coordinator"),
        # A vendor bids, asks and withdraws for itself: vendor A's administrator.
        *[(f"/procurement/{pk}/{action}/", "vendor_admin") for pk in (
            *FOREIGN_IDS, *OWN_IDS, world.beppu.pk, world.himeshima.pk)
          for action in ("bid", "questions", "reasons")],
        ("/procurement/bids/", "vendor_admin"),
        *[(f"/api/v1/procurement/tenders/{pk}/{action}/", "vendor_admin") for pk in (
            *FOREIGN_IDS, *OWN_IDS, world.beppu.pk, world.himeshima.pk)
          for action in ("bids", "clarifications", "reasons")],
        ("/api/v1/procurement/", "prefecture_coordinator"),
        ("/procurement/", "prefecture_coordinator"),
        ("/api/v1/catalog/", "prefecture_coordinator"),
        # The specialist's own page and actions; the rest of /talent/ is the coordinators'.
        ("/specialist/", "specialist"),
        ("/talent/me/", "specialist"),
        ("/talent/", "prefecture_coordinator"),
        # The pool's API: the specialist offers slots and logs hours; the rest (profiles,
        # proposals) is the coordinators'.
        ("/api/v1/talent/slots/", "specialist"),
        ("/api/v1/talent/time-entries/", "specialist"),
        ("/api/v1/talent/", "prefecture_coordinator"),
        ("/admin/", "superuser"),
        (f"/vendors/{world.vendor_b.pk}/", "vendor_b_admin"),
        ("/vendors/members/", "vendor_b_admin"),
        (f"/vendors/{world.vendor_a.pk}/", "vendor_admin"),
        ("/vendors/register/", "anonymous"),
        ("/", "beppu_lead"),  # the rest is for anyone signed in: 別府市's lead, with MFA
    ]


def numbered(instance: Model, pk: int) -> Model:
    """Give an object a service has just made the id the walk fills parameters with."""
    type(instance).objects.filter(pk=instance.pk).update(**{instance._meta.pk.name: pk})
    instance.pk = pk
    return instance


def _invitation(pk: int, email: str, invited_by: User, **organisation) -> Invitation:
    if "vendor" in organisation:
        role = Role.VENDOR_MEMBER
    elif organisation["municipality"].is_public:
        role = Role.PREFECTURE_OPERATOR
    else:
        role = Role.MUNICIPALITY_STAFF
    return Invitation.objects.create(pk=pk, email=email, role=role, invited_by=invited_by,
                                     token_hash=nonce_hash(nonce_new()), **organisation)


def _person(email: str, pk: int, membership_pk: int | None = None,
            **membership) -> tuple[User, list]:
    """Someone of the other side, and their membership, both numbered `pk` unless the
    membership is given another number."""
    user = UserFactory(email=email, pk=pk)
    return user, [user, Membership.objects.create(pk=membership_pk or pk, user=user,
                                                  **membership)]


def build_world(*, prefecture, beppu, himeshima) -> World:
    f1, f2, f3 = FOREIGN_IDS
    o1, o2, o3 = OWN_IDS
    vendor_a = VendorFactory(pk=o1, address=VENDOR_A_ADDRESS, status=VendorStatus.APPROVED)
    vendor_b = VendorFactory(pk=f1, address=VENDOR_B_ADDRESS, contact_email=VENDOR_B_EMAIL,
                             status=VendorStatus.APPROVED)
    vendor_c = VendorFactory(pk=f2, address=VENDOR_C_ADDRESS, status=VendorStatus.PENDING)
    vendor_d = VendorFactory(pk=f3, status=VendorStatus.SUSPENDED)
    for vendor in (vendor_a, vendor_b):
        today = timezone.localdate()
        VendorQualification.objects.create(vendor=vendor, category="information_systems",
                                           valid_from=today,
                                           valid_until=today + datetime.timedelta(days=700))
    world = World(prefecture=prefecture, beppu=beppu, himeshima=himeshima,
                  vendor_a=vendor_a, vendor_b=vendor_b, people={},
                  foreign=[beppu, vendor_b, vendor_c, vendor_d], own=[himeshima, vendor_a])

    # The other side's people: 別府市's lead (with an authenticator app, a security key
    # and an API token) and a colleague, and vendor B's administrator and a colleague of
    # theirs, whose membership (numbered f3) the administrator may change or end; the
    # administrator's own membership takes an id no parameter is tried with.
    beppu_lead, made = _person(BEPPU_LEAD_EMAIL, f1, municipality=beppu,
                               role=Role.MUNICIPALITY_LEAD)
    world.foreign += made
    beppu_staff, made = _person(BEPPU_STAFF_EMAIL, f2, municipality=beppu,
                                role=Role.MUNICIPALITY_STAFF)
    world.foreign += made
    vendor_b_admin, made = _person(VENDOR_B_ADMIN_EMAIL, f3, membership_pk=700005,
                                   vendor=vendor_b, role=Role.VENDOR_ADMIN)
    world.foreign += made
    _, made = _person(VENDOR_B_MEMBER_EMAIL, 700006, membership_pk=f3, vendor=vendor_b,
                      role=Role.VENDOR_MEMBER)
    world.foreign += made
    world.people |= {"beppu_lead": beppu_lead, "beppu_staff": beppu_staff,
                     "vendor_b_admin": vendor_b_admin}
    world.foreign += [
        EmailAddress.objects.create(pk=f1, user=beppu_lead, email=BEPPU_LEAD_EMAIL,
                                    verified=True, primary=True),
        numbered(activate_totp(beppu_lead), f1),
        numbered(add_security_key(beppu_lead, name=BEPPU_KEY_NAME), f2),
        numbered(api_token_create(actor=beppu_lead, membership=beppu_lead.memberships.get(),
                                  name=BEPPU_TOKEN_NAME).token, f1),
        _invitation(f1, BEPPU_INVITEE_EMAIL, beppu_lead, municipality=beppu),
        _invitation(f2, "isolation-invitee@vendor-b.example", vendor_b_admin, vendor=vendor_b),
        AuditEvent.objects.filter(actor=beppu_lead).latest("pk"),
        Group.objects.create(pk=f1, name="ISOLATION-権限グループ"),
        PublishedContact.objects.create(pk=f1, municipality=beppu, department="別府市 DX推進課",
                                        contact_email="dx@beppu.example",
                                        published_at=timezone.now()),
        numbered(notify(recipients=[beppu_lead], kind=VENDOR_REGISTRATION_CHANGED,
                        params={"vendor": BEPPU_NOTICE, "fields": ["address"]},
                        url="/console/", organisation_label=BEPPU_NOTICE)[0], f1),
        NotificationPreference.objects.create(pk=f1, user=beppu_lead,
                                              email_delivery=EmailDelivery.DAILY_DIGEST),
    ]
    with tenant_context(beppu):
        TownProfile.objects.create(department="別府市 DX推進課", notes=BEPPU_NOTES)

    # Our side: one person per role, in 姫島村, vendor A or the prefecture. The
    # memberships someone of the same organisation must not end (the lead's, the vendor
    # administrator's, the coordinator's) take our side's ids; the others take ids no
    # parameter is tried with, so that no town's id (also tried) happens to name one.
    organisations = {
        "prefecture_coordinator": {"municipality": prefecture, "pk": o3},
        "prefecture_operator": {"municipality": prefecture, "pk": 700001},
        "specialist": {"municipality": prefecture, "pk": 700002},
        "municipality_lead": {"municipality": himeshima, "pk": o1},
        "municipality_staff": {"municipality": himeshima, "pk": 700003},
        "vendor_admin": {"vendor": vendor_a, "pk": o2},
        "vendor_member": {"vendor": vendor_a, "pk": 700004},
    }
    for role in SIGNED_IN_ROLES:
        user = UserFactory(email=f"{role}@isolation.test")
        world.people[role] = user
        if role in organisations:
            membership = Membership.objects.create(user=user, role=role, **organisations[role])
            if membership.pk in OWN_IDS:
                world.own.append(membership)
            activate_totp(user)
    world.own += [
        _invitation(o1, HIMESHIMA_INVITEE_EMAIL, world.people["municipality_lead"],
                    municipality=himeshima),
        _invitation(o2, "isolation-invitee@vendor-a.example", world.people["vendor_admin"],
                    vendor=vendor_a),
        _invitation(o3, "isolation-invitee@pref.example", world.people["prefecture_coordinator"],
                    municipality=prefecture),
    ]
    with tenant_context(himeshima):
        TownProfile.objects.create(department="姫島村 総務課", notes=HIMESHIMA_NOTES)
    _plant_catalog(world)
    procurement_data.plant(world, foreign_ids=FOREIGN_IDS, own_ids=OWN_IDS,
                           vendor_b_admin=vendor_b_admin)
    _plant_targets(world)
    talent_data.plant(world, foreign_ids=FOREIGN_IDS, own_ids=OWN_IDS)

    # The admin's own user, for the admin's forms: no role of the walk may use the admin.
    superuser = UserFactory(email="superuser@isolation.test", is_staff=True, is_superuser=True)
    activate_totp(superuser)
    world.people["superuser"] = superuser
    return world


def _plant_catalog(world: World) -> None:
    """A published system 別府市 uses (its line in the allocation names a share nobody
    else may read) and a draft one; 別府市's submitted request with a comment and a file,
    and its draft; 姫島村's draft."""
    f1, f2, f3 = FOREIGN_IDS
    o1, o2, o3 = OWN_IDS
    next_year = fiscal_year_of(timezone.localdate()) + 1
    coordinator = world.person("prefecture_coordinator")
    published = CommonSystem.objects.create(
        pk=f1, name="ISOLATION-公開中の共通システム", category="e_application",
        delivery="lgwan_asp", annual_cost=9_000_000, provider=world.vendor_b,
        status=SystemStatus.PUBLISHED)
    draft = CommonSystem.objects.create(pk=f2, name=DRAFT_SYSTEM_NAME, category="rpa",
                                        delivery="internet", annual_cost=1_000_000)
    other = CommonSystem.objects.create(pk=f3, name="ISOLATION-二つ目の共通システム",
                                        category="ai_ocr", delivery="internet",
                                        annual_cost=3_000_000, provider=world.vendor_b,
                                        status=SystemStatus.PUBLISHED)
    # One that no town has requested yet (numbered from our side's ids, which name no
    # system otherwise), so a request for it can be made.
    CommonSystem.objects.create(pk=o1, name="ISOLATION-申請できる共通システム",
                                category="web_meeting", delivery="internet",
                                annual_cost=2_000_000, provider=world.vendor_b,
                                status=SystemStatus.PUBLISHED)
    SpecificationDocument.objects.create(pk=f1, system=draft, version=1, title=DRAFT_SYSTEM_NAME,
                                         file="catalog/isolation.pdf", sha256="0" * 64, size=1,
                                         uploaded_by=coordinator)
    requests = {}
    # Every state a request can be acted on in: 別府市's submitted and approved requests and
    # its draft; 姫島村's draft, an approved and an active one.
    for pk, town, system, status, reason in (
            (f1, world.beppu, published, AdoptionStatus.SUBMITTED, BEPPU_REQUEST_REASON),
            (f2, world.beppu, draft, AdoptionStatus.DRAFT, BEPPU_DRAFT_REASON),
            (f3, world.beppu, other, AdoptionStatus.APPROVED, BEPPU_REQUEST_REASON),
            (o1, world.himeshima, published, AdoptionStatus.DRAFT, HIMESHIMA_DRAFT_REASON),
            (o2, world.himeshima, other, AdoptionStatus.APPROVED, "姫島村の承認済みの申請"),
            (o3, world.himeshima, other, AdoptionStatus.ACTIVE, "姫島村の利用中の申請")):
        requests[pk] = AdoptionRequest.objects.create(
            pk=pk, municipality=town, system=system, status=status,
            start_fiscal_year=next_year, start_month=4, reason=reason,
            created_by=world.person("beppu_lead") if town == world.beppu
            else world.person("municipality_lead"),
            submitted_at=None if status == AdoptionStatus.DRAFT else timezone.now())
    AdoptionComment.objects.create(pk=f1, request=requests[f1], author=world.person("beppu_lead"),
                                   side="town", body=BEPPU_COMMENT)
    with tenant_context(world.beppu):
        attachment = AdoptionAttachment(pk=f1, request=requests[f1], name=BEPPU_ATTACHMENT,
                                        size=3, sha256="0" * 64,
                                        uploaded_by=world.person("beppu_lead"))
        attachment.file.save(BEPPU_ATTACHMENT, ContentFile(b"pdf"), save=False)
        attachment.save()
    subscription = Subscription.objects.create(pk=f1, municipality=world.beppu, system=published,
                                               first_month=datetime.date(2026, 4, 1))
    Subscription.objects.create(pk=o1, municipality=world.himeshima, system=other,
                                request=requests[o3], first_month=datetime.date(2026, 4, 1))
    version = AllocationVersion.objects.create(
        pk=f1, system=published, fiscal_year=2026, version=1, reason="ISOLATION-当初配分",
        total=9_000_000, equal_weight=50, population_weight=50, usage_weight=0, taper=1,
        rounding_unit=1)
    AllocationLine.objects.create(pk=f1, version=version, municipality=world.beppu,
                                  amount=7_654_321, months=12, population=1, usage=0,
                                  equal_part=0, population_part=0, usage_part=0)
    world.foreign += [published, draft, other, requests[f1], requests[f2], requests[f3],
                      attachment, subscription, version]
    world.own += [requests[o1], requests[o2], requests[o3]]


# --- Joint procurement (tests/isolation/procurement_data.py) -----------------------------
from tests.isolation import procurement_data  # noqa: E402  (it reads this module's helpers)

_AWARD_SEEN_BY = PREFECTURE_STAFF | VENDOR_A | HIMESHIMA
MARKERS += [
    # Sealed: before the opening nobody but the bidder learns a price (vendor B's admin,
    # the only one who may, is not a role of the walk).
    *[Marker(text, NOBODY) for price in (procurement_data.B_SEALED_PRICE,
                                         procurement_data.DUE_PRICE)
      for text in (f"{price:,}", str(price))],
    *[Marker(text, VENDOR_A) for text in (f"{procurement_data.A_SEALED_PRICE:,}",
                                          str(procurement_data.A_SEALED_PRICE))],
    # Opened: the prefecture's staff during evaluation; after the award the bidders and
    # the towns that joined too.
    *[Marker(text, PREFECTURE_STAFF) for text in (f"{procurement_data.EVALUATED_PRICE:,}",
                                                   str(procurement_data.EVALUATED_PRICE))],
    # The winning price is public once awarded (落札金額; the OCDS award release); a losing
    # bid's price is for the staff, the bidders and the towns that joined.
    *[Marker(text, _AWARD_SEEN_BY) for text in (f"{procurement_data.AWARDED_PRICE + 1:,}",
                                                 str(procurement_data.AWARDED_PRICE + 1))],
    Marker(procurement_data.DRAFT_TITLE, PREFECTURE_STAFF),
    Marker(procurement_data.BEPPU_SURVEY_NOTE, PREFECTURE_STAFF),
    # A question waiting for its answer: the coordinators who answer it (never the asker's
    # name to anyone else, and never another vendor's question before it is answered).
    Marker(procurement_data.B_QUESTION, COORDINATORS),
]
GUARDED += [
    Guarded("共同調達（公告・開札・落札・契約）", lambda w: procurement_data.procurement_state(),
            COORDINATORS),
    Guarded("事業者の質問と理由の説明の求め", lambda w: procurement_data.vendor_requests(),
            COORDINATORS | VENDOR_A),
    Guarded("他社の入札", lambda w: procurement_data.bids_of(w.vendor_b.pk), COORDINATORS),
    Guarded("自社の入札", lambda w: procurement_data.bids_of(w.vendor_a.pk),
            COORDINATORS | VENDOR_A),
    Guarded("別府市の参加意向", lambda w: procurement_data.survey_answers(w.beppu), NOBODY),
    Guarded("姫島村の参加意向", lambda w: procurement_data.survey_answers(w.himeshima),
            COORDINATORS | {"municipality_lead"}),
]
def _plant_targets(world: World) -> None:
    """A procedure and a checklist item in each town's schema (numbered the same way), and
    a value 別府市 has published."""
    f1 = FOREIGN_IDS[0]
    o1 = OWN_IDS[0]
    for town, pk, name, evidence in ((world.beppu, f1, BEPPU_PROCEDURE, BEPPU_EVIDENCE),
                                     (world.himeshima, o1, HIMESHIMA_PROCEDURE,
                                      HIMESHIMA_EVIDENCE)):
        with tenant_context(town):
            Procedure.objects.create(pk=pk, fiscal_year=fiscal_year_of(timezone.localdate()),
                                     name=name, department="ISOLATION-市民課", annual_cases=100,
                                     online_available=True, online_cases=10)
            OrganisationMeasure.objects.create(pk=pk, measure="cio", evidence=evidence,
                                               since=datetime.date(2024, 4, 1))
    _plant_town_records(world)
    with tenant_context(world.beppu):
        beppu_procedure = Procedure.objects.get(pk=f1)
    this_year = fiscal_year_of(timezone.localdate())
    usage_rate = Indicator.objects.get(code="online_usage_rate")
    snapshot = IndicatorSnapshot.objects.create(
        pk=f1, municipality=world.beppu, indicator=usage_rate, fiscal_year=this_year,
        value=BEPPU_PUBLISHED_VALUE, computed_at=timezone.now())
    # A target 別府市 is behind on, so that the needs-support list offers suggestions.
    JointTarget.objects.create(pk=f1, indicator=usage_rate, fiscal_year=this_year, value=90,
                               programme="ISOLATION-共同目標")
    world.foreign += [beppu_procedure, snapshot]


def _plant_town_records(world: World) -> None:
    """One row of each town record (automation register, approval month, resident survey,
    roadmap milestone) in each town's schema, numbered as the procedures are."""
    for town, pk, automation, milestone, decided, respondents in (
            (world.beppu, FOREIGN_IDS[0], BEPPU_AUTOMATION, BEPPU_MILESTONE, BEPPU_DECIDED,
             BEPPU_RESPONDENTS),
            (world.himeshima, OWN_IDS[0], HIMESHIMA_AUTOMATION, HIMESHIMA_MILESTONE,
             HIMESHIMA_DECIDED, HIMESHIMA_RESPONDENTS)):
        current = fiscal_year_of(timezone.localdate())
        with tenant_context(town):
            AutomatedProcess.objects.create(pk=pk, name=automation, department="ISOLATION-企画課",
                                            tool="rpa", started_on=datetime.date(2024, 4, 1),
                                            hours_saved=321)
            ApprovalMonth.objects.create(pk=pk, year=current, month=4, decided=decided,
                                         electronic=decided // 2)
            ResidentSurvey.objects.create(pk=pk, fiscal_year=current, respondents=respondents,
                                          satisfied=respondents // 2)
            Milestone.objects.create(pk=pk, step="policy", title=milestone,
                                     owner="ISOLATION-企画課", due_on=datetime.date(2025, 3, 31))


# --- The talent pool (tests/isolation/talent_data.py) ------------------------------------
from tests.isolation import talent_data  # noqa: E402

_OUR_SPECIALIST, _OTHER_SPECIALIST = OWN_IDS[0], FOREIGN_IDS[0]
MARKERS += [
    # A town's request is the town's and the coordinators' once submitted; a draft is the
    # town's alone; a rating is for the coordinators only, never the town's own pages.
    Marker(talent_data.BEPPU_TALENT_REASON, COORDINATORS),
    Marker(talent_data.BEPPU_TALENT_DRAFT, NOBODY),
    Marker(talent_data.HIMESHIMA_TALENT_DRAFT, HIMESHIMA),
    Marker(talent_data.BEPPU_RATING_COMMENT, COORDINATORS),
    # Another specialist's notes and another town's consultation: nobody of the walk.
    Marker(talent_data.BEPPU_HOURS_NOTE, NOBODY),
    Marker(talent_data.BEPPU_BOOKING_QUESTION, NOBODY),
    Marker(talent_data.OWN_HOURS_NOTE, frozenset({"specialist"})),
    Marker(talent_data.OTHER_CERTIFICATION, COORDINATORS),
    Marker(talent_data.OWN_CERTIFICATION, COORDINATORS | {"specialist"}),
]
GUARDED += [
    Guarded("別府市の支援要請と支援", lambda w: talent_data.requests_of(w.beppu), COORDINATORS),
    Guarded("別府市の支援の稼働記録", lambda w: talent_data.hours_of(w.beppu), NOBODY),
    Guarded("姫島村の支援要請と支援", lambda w: talent_data.requests_of(w.himeshima),
            COORDINATORS | HIMESHIMA),
    Guarded("姫島村の支援の稼働記録", lambda w: talent_data.hours_of(w.himeshima),
            frozenset({"specialist"})),
    Guarded("他のデジタル人材のプロフィール",
            lambda w: talent_data.specialist_rows(_OTHER_SPECIALIST), COORDINATORS),
    Guarded("自分のプロフィール", lambda w: talent_data.specialist_rows(_OUR_SPECIALIST),
            COORDINATORS | {"specialist"}),
    Guarded("スキルの分類", lambda w: talent_data.skills(), COORDINATORS),
    Guarded("割当て案", lambda w: (talent_data.proposals(), talent_data.matches_of(w.beppu)),
            COORDINATORS),
    # A town that withdraws its request drops the undecided match made for it.
    Guarded("姫島村の要請への割当て案", lambda w: talent_data.matches_of(w.himeshima),
            COORDINATORS | {"municipality_lead"}),
    Guarded("他のデジタル人材の相談枠", lambda w: talent_data.slots_of(_OTHER_SPECIALIST), NOBODY),
    Guarded("自分の相談枠", lambda w: talent_data.slots_of(_OUR_SPECIALIST),
            frozenset({"specialist"})),
    Guarded("別府市のスポット相談の予約", lambda w: talent_data.bookings_of(w.beppu), NOBODY),
    Guarded("姫島村のスポット相談の予約", lambda w: talent_data.bookings_of(w.himeshima),
            HIMESHIMA | {"specialist"}),
]

"""Open Contracting Data Standard (OCDS 1.1.5) releases of one joint procurement.

One release per step, each with a stable id (`<ocid>-<step>`) and dated by the timestamp
stored for that step: the planning release when the survey closes (the aggregated
demand only: how many towns and how many people, never a town's own answer), the
tender release at publication, a tenderAmendment release per amendment, a tenderUpdate
release at the opening (the first to carry the number of tenderers), a
tenderCancellation release when it is cancelled, then the award and the contract.
The tender and each amendment's release carry the terms as that version published them
(later amendments' changes undone from their record); later releases, the terms in force.

Nothing sealed is published before the opening: no count of bids, no bidder, no price
other than a ceiling the tender itself publishes. Drafts and surveys still open have no
release at all.

Identifiers: the prefecture and the towns by their 地方公共団体コード under the scheme
"JP-LGCODE" (not registered in org-id.guide, which lists no scheme for these codes);
suppliers by their 法人番号 under "JP-CN".
"""

import datetime
import functools

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone, translation

from procurement.evaluation import Method
from procurement.lifecycle import Stage
from procurement.models import Procurement
from procurement.selectors import demand_of
from tenants.master_data import prefecture_record

LGCODE_SCHEME = "JP-LGCODE"
CORPORATE_NUMBER_SCHEME = "JP-CN"
CURRENCY = "JPY"
PUBLISHED_STAGES = [stage for stage in Stage if stage != Stage.DRAFT]
PUBLISHED_TERMS = ("method", "ceiling_price", "ceiling_published", "clarification_deadline",
                   "bid_deadline", "opening_at")
TIMELINE = ("clarification_deadline", "bid_deadline", "opening_at")


def ocid_of(procurement: Procurement) -> str:
    return f"{settings.KYODO_OCDS_PREFIX}-{procurement.pk}"


def procurement_of_ocid(ocid: str) -> Procurement | None:
    """The procurement an ocid names, if it is one of ours and not a draft."""
    prefix = f"{settings.KYODO_OCDS_PREFIX}-"
    number = ocid.removeprefix(prefix)
    if not (ocid.startswith(prefix) and number.isascii() and number.isdigit()
            and len(number) <= 18) or number != str(int(number)):
        return None
    return Procurement.objects.filter(pk=int(number), stage__in=PUBLISHED_STAGES).first()


def public_procurements(now: datetime.datetime | None = None):
    """The procurements that have at least one release, oldest first."""
    now = now or timezone.now()
    return Procurement.objects.filter(stage__in=PUBLISHED_STAGES).filter(
        Q(published_at__isnull=False) | Q(survey_deadline__lte=now)).exclude(
        stage=Stage.CANCELLED, published_at__isnull=True,
        updated_at__lt=F("survey_deadline")).order_by("pk")


@functools.cache
def _prefecture(name: str) -> dict:
    record = prefecture_record(name)
    return _organisation(record.lg_code, record.name, ["buyer", "procuringEntity"])


def _organisation(lg_code: str, name: str, roles: list[str]) -> dict:
    return {"id": f"{LGCODE_SCHEME}-{lg_code}", "name": name,
            "identifier": {"scheme": LGCODE_SCHEME, "id": lg_code, "legalName": name},
            "roles": roles}


def _reference(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


def _moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _day_start(day: datetime.date) -> str:
    return _moment(timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)))


def _day_end(day: datetime.date) -> str:
    return _moment(timezone.make_aware(datetime.datetime.combine(
        day, datetime.time(23, 59, 59))))


def _survey_closed(procurement: Procurement, now: datetime.datetime) -> bool:
    deadline = procurement.survey_deadline
    return deadline is not None and now >= deadline


def _terms_at(procurement: Procurement, amendments, version: int | None) -> dict:
    """The published terms as of `version` (None: as they are now): today's, with the
    change each later amendment recorded (field → [before, after]) undone."""
    terms = {name: getattr(procurement, name) for name in PUBLISHED_TERMS}
    if version is None:
        return terms
    for amendment in sorted(amendments, key=lambda amendment: -amendment.version):
        if amendment.version <= version:
            break
        for name, (before, _after) in amendment.changes.items():
            if name in TIMELINE:
                terms[name] = datetime.datetime.fromisoformat(before) if before else None
            elif name in terms:
                terms[name] = before
    return terms


def _supplier(vendor) -> dict:
    return {"id": f"{CORPORATE_NUMBER_SCHEME}-{vendor.corporate_number}",
            "name": vendor.legal_name,
            "identifier": {"scheme": CORPORATE_NUMBER_SCHEME, "id": vendor.corporate_number,
                           "legalName": vendor.legal_name},
            "roles": ["supplier"]}


class _Builder:
    """Builds the releases of one procurement as things stand at `now`."""

    def __init__(self, procurement: Procurement, now: datetime.datetime):
        self.procurement = procurement
        self.now = now
        self.ocid = ocid_of(procurement)
        self.buyer = _prefecture(settings.KYODO_PREFECTURE)
        self.payers = [_organisation(invitation.municipality.lg_code,
                                     invitation.municipality.name, ["payer"])
                       for invitation in procurement.invitations.filter(joins=True)
                       .select_related("municipality")]
        award = getattr(procurement, "award", None) if procurement.stage in (
            Stage.AWARDED, Stage.CONTRACTED) else None
        self.award = award
        self.supplier = _supplier(award.bid.vendor) if award else None
        self.amendments = list(procurement.amendments.all())

    def release(self, step: str, date, tags: list[str], *, tender_status: str,
                opened: bool = False, version: int | None = None, **sections) -> dict:
        parties = [self.buyer, *self.payers]
        if "awards" in sections:
            parties.append(self.supplier)
        return {"ocid": self.ocid, "id": f"{self.ocid}-{step}", "date": _moment(date),
                "tag": tags, "initiationType": "tender", "language": "ja",
                "parties": parties, "buyer": _reference(self.buyer),
                "tender": self.tender(tender_status, opened=opened, version=version),
                **sections}

    def tender(self, status: str, *, opened: bool, version: int | None) -> dict:
        procurement = self.procurement
        terms = _terms_at(procurement, self.amendments, version)
        tender = {"id": str(procurement.pk), "title": procurement.title,
                  "description": procurement.need, "status": status,
                  "procuringEntity": _reference(self.buyer)}
        if procurement.published_at is None:
            return tender
        method = Method(terms["method"])
        with translation.override("ja"):
            method_text = str(method.label)
        tender |= {
            "procurementMethod": "open",
            "procurementMethodDetails": method_text,
            "awardCriteria": "priceOnly" if method == Method.PRICE_ONLY else "ratedCriteria",
            "awardCriteriaDetails": method_text,
            "tenderPeriod": {"startDate": _moment(procurement.published_at),
                             "endDate": _moment(terms["bid_deadline"])},
            "enquiryPeriod": {"startDate": _moment(procurement.published_at),
                              "endDate": _moment(terms["clarification_deadline"])},
            "awardPeriod": {"startDate": _moment(terms["opening_at"])},
        }
        if terms["ceiling_published"] and terms["ceiling_price"] is not None:
            tender["value"] = {"amount": terms["ceiling_price"], "currency": CURRENCY}
        if status == "cancelled" and procurement.cancel_reason:
            tender["statusDetails"] = procurement.cancel_reason
        if opened and not procurement.sealed:
            tender["numberOfTenderers"] = procurement.bids.filter(
                opening__isnull=False).values("vendor").distinct().count()
        return tender

    def planning(self) -> dict:
        demand = demand_of(self.procurement)
        return {"rationale": (f"参加団体数 {demand['towns']}団体、"
                              f"対象人口 {demand['population']}人（参加意向調査による）")}

    def releases(self) -> list[dict]:
        procurement = self.procurement
        if procurement.stage == Stage.DRAFT:
            return []
        releases = []
        planning = self.planning()
        cancelled = procurement.stage == Stage.CANCELLED
        if _survey_closed(procurement, min(self.now, procurement.updated_at) if cancelled
                          else self.now):
            releases.append(self.release("planning", procurement.survey_deadline, ["planning"],
                                         tender_status="planning", planning=planning))
        if procurement.published_at is not None:
            releases.append(self.release("tender", procurement.published_at, ["tender"],
                                         tender_status="active", version=1,
                                         planning=planning))
            releases += [self.amendment(amendment, planning) for amendment in self.amendments]
        if not procurement.sealed:
            status = "unsuccessful" if procurement.stage == Stage.UNSUCCESSFUL else "active"
            releases.append(self.release("opening", procurement.opened_at, ["tenderUpdate"],
                                         tender_status=status, opened=True,
                                         planning=planning))
        if cancelled and releases:
            # A cancelled procurement is never saved again: its last change is the cancellation.
            releases.append(self.release("cancellation", procurement.updated_at,
                                         ["tenderCancellation"], tender_status="cancelled",
                                         opened=True, planning=planning))
        if self.award is not None:
            releases.append(self.release("award", self.award.decided_at, ["award"],
                                         tender_status="complete", opened=True,
                                         planning=planning, awards=[self.award_section()]))
        if procurement.stage == Stage.CONTRACTED:
            releases.append(self.release(
                "contract", procurement.contract.created_at, ["contract"],
                tender_status="complete", opened=True, planning=planning,
                awards=[self.award_section()], contracts=[self.contract_section()]))
        return releases

    def amendment(self, amendment, planning: dict) -> dict:
        release = self.release(f"amendment-{amendment.version}", amendment.created_at,
                               ["tenderAmendment"], tender_status="active",
                               version=amendment.version, planning=planning)
        release["tender"]["amendments"] = [{
            "id": str(amendment.version), "date": _moment(amendment.created_at),
            "rationale": amendment.summary, "releaseID": release["id"]}]
        return release

    def award_section(self) -> dict:
        award = self.award
        return {"id": str(award.pk), "title": self.procurement.title, "status": "active",
                "date": _moment(award.decided_at),
                "value": {"amount": award.bid.opening.price, "currency": CURRENCY},
                "suppliers": [_reference(self.supplier)]}

    def contract_section(self) -> dict:
        contract = self.procurement.contract
        return {"id": str(contract.pk), "awardID": str(self.award.pk),
                "title": self.procurement.title, "status": "active",
                "value": {"amount": contract.value, "currency": CURRENCY},
                "period": {"startDate": _day_start(contract.starts_on),
                           "endDate": _day_end(contract.ends_on)},
                "dateSigned": _day_start(contract.signed_on)}


def releases_of(procurement: Procurement, now: datetime.datetime | None = None) -> list[dict]:
    """The procurement's releases, oldest first; none for a draft or an open survey."""
    return _Builder(procurement, now or timezone.now()).releases()


def release_package(procurement: Procurement, *, uri: str,
                    now: datetime.datetime | None = None) -> dict | None:
    """The release package published at `uri`, or None when nothing is public yet."""
    releases = releases_of(procurement, now)
    if not releases:
        return None
    return {"uri": uri, "version": "1.1",
            "publishedDate": max(release["date"] for release in releases),
            "publisher": {"name": settings.KYODO_OFFICE_NAME},
            "releases": releases}

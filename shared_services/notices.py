"""What the towns and the prefecture are told about adoption requests and cost shares
(kyodo.notifications): every lifecycle step tells the other side, every comment too, and
each town whose share changes learns its new amount and why."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kyodo.fiscal import fiscal_year_label
from kyodo.notifications.kinds import NotificationKind, register
from kyodo.notifications.recipients import prefecture_coordinators, town_members
from kyodo.notifications.services import notify
from shared_services.lifecycle import AdoptionAction, AdoptionStatus, Side

ADOPTION_SUBMITTED = register(NotificationKind(
    code="adoption.submitted", title=_("導入申請が届きました"),
    body=_("%(town)sが%(system)sの導入を申請しました。")))
ADOPTION_RETURNED = register(NotificationKind(
    code="adoption.returned", title=_("導入申請が差し戻されました"),
    body=_("%(system)sの導入申請が県から差し戻されました。理由：%(comment)s")))
ADOPTION_APPROVED = register(NotificationKind(
    code="adoption.approved", title=_("導入申請が承認されました"),
    body=_("%(system)sの導入申請が承認されました。利用の開始は県が登録します。")))
ADOPTION_REJECTED = register(NotificationKind(
    code="adoption.rejected", title=_("導入申請が却下されました"),
    body=_("%(system)sの導入申請は承認されませんでした。理由：%(comment)s")))
ADOPTION_ACTIVATED = register(NotificationKind(
    code="adoption.activated", title=_("共通システムの利用が始まりました"),
    body=_("%(system)sの利用が始まりました。負担金明細で負担額を確認できます。")))
ADOPTION_ENDED = register(NotificationKind(
    code="adoption.ended", title=_("共通システムの利用が終了しました"),
    body=_("%(system)sの利用が終了しました。")))
ADOPTION_WITHDRAWN = register(NotificationKind(
    code="adoption.withdrawn", title=_("導入申請が取り下げられました"),
    body=_("%(town)sが%(system)sの導入申請を取り下げました。%(comment)s")))
ADOPTION_COMMENTED = register(NotificationKind(
    code="adoption.commented", title=_("導入申請にコメントがありました"),
    body=_("%(author)s（%(side)s）：%(comment)s")))
ALLOCATION_CHANGED = register(NotificationKind(
    code="allocation.changed", title=_("負担額が変わりました"),
    body=_("%(system)sの%(year)sの負担額が%(before)sから%(after)sになりました。"
           "理由：%(reason)s")))

TOWN_NOTICES = {
    AdoptionAction.RETURN: ADOPTION_RETURNED, AdoptionAction.APPROVE: ADOPTION_APPROVED,
    AdoptionAction.REJECT: ADOPTION_REJECTED, AdoptionAction.ACTIVATE: ADOPTION_ACTIVATED,
    AdoptionAction.END: ADOPTION_ENDED,
}


def _town_url(request) -> str:
    return town_url(request.municipality, "workspace:catalog_request", request.pk)


def town_url(town, name: str, *args) -> str:
    """A page of a town's workspace, reversed against that town's URLConf."""
    from tenants.middleware import workspace_urlconf

    return reverse(name, urlconf=workspace_urlconf(town.slug), args=args)


def _prefecture_url(request) -> str:
    return reverse("catalog:request", urlconf="kyodo.urls", args=[request.pk])


def adoption_acted(*, actor, request, action: str, previous: str, comment: str) -> None:
    """Tell the other side: the prefecture of the town's steps, the town of the prefecture's.
    A draft withdrawn before it was ever submitted concerns nobody but the town."""
    if action == AdoptionAction.SUBMIT:
        notify(recipients=prefecture_coordinators(), kind=ADOPTION_SUBMITTED, actor=actor,
               params={"town": request.municipality.name, "system": request.system.name},
               url=_prefecture_url(request), organisation_label=request.municipality.name)
    elif action == AdoptionAction.WITHDRAW:
        if previous != AdoptionStatus.DRAFT:
            notify(recipients=prefecture_coordinators(), kind=ADOPTION_WITHDRAWN, actor=actor,
                   params={"town": request.municipality.name, "system": request.system.name,
                           "comment": comment}, url=_prefecture_url(request),
                   organisation_label=request.municipality.name)
    else:
        kind = TOWN_NOTICES[action]
        params = {"system": request.system.name}
        if "comment" in kind.placeholders:
            params["comment"] = comment
        notify(recipients=town_members(request.municipality), kind=kind, actor=actor,
               params=params, url=_town_url(request), organisation_label=request.system.name)


def adoption_commented(*, actor, request, comment) -> None:
    if request.status == AdoptionStatus.DRAFT:
        return  # the town's own work in progress: nobody outside it is told
    params = {"author": str(actor), "side": str(Side(comment.side).label),
              "comment": comment.body[:200]}
    if comment.side == Side.TOWN:
        notify(recipients=prefecture_coordinators(), kind=ADOPTION_COMMENTED, actor=actor,
               params=params, url=_prefecture_url(request),
               organisation_label=request.municipality.name)
    else:
        notify(recipients=town_members(request.municipality), kind=ADOPTION_COMMENTED,
               actor=actor, params=params, url=_town_url(request),
               organisation_label=request.system.name)


def allocation_changed(*, version, previous, lg_codes: set[str]) -> None:
    """Each town whose amount changed, with its old and new amount and the reason."""
    from tenants.models import Municipality

    new = dict(version.lines.values_list("municipality__lg_code", "amount"))
    old = dict(previous.lines.values_list("municipality__lg_code", "amount")) if previous \
        else {}
    for town in Municipality.objects.filter(lg_code__in=lg_codes):
        notify(recipients=town_members(town), kind=ALLOCATION_CHANGED,
               params={"system": version.system.name,
                       "year": str(fiscal_year_label(version.fiscal_year)),
                       "before": _yen(old.get(town.lg_code)), "after": _yen(new.get(town.lg_code)),
                       "reason": version.reason},
               url=town_url(town, "workspace:catalog_charges")
               + f"?fiscal_year={version.fiscal_year}",
               organisation_label=version.system.name)


def _yen(amount: int | None) -> str:
    return f"{amount or 0:,}円"

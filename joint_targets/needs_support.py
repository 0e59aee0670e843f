"""Which towns need support: those behind a target of the year, by the progress matrix's
own reckoning (joint_targets.progress), and what the coordinators can suggest to them.

A suggestion is a notice to the town's members with a link that opens the town's own form
already filled in: the catalog's adoption request for a system
(/m/<slug>/catalog/requests/new/?system=<id>) or a support request for a specialist
(/m/<slug>/talent/new/?theme=…&title=…). The coordinators cannot write in a town's name,
so the town decides whether to draft and submit it (docs/joint_targets.md).
"""

from django.core.exceptions import PermissionDenied

from joint_targets.adoptions import CATEGORIES_MOVING
from joint_targets.progress import Progress
from joint_targets.selectors import progress_matrix
from kyodo.accounts.policy import can_view_needs_support

# The support request's theme (talent_pool Theme codes) for an indicator; "other" else.
SPECIALIST_THEMES = {
    "cio": "dx_planning", "cio_adviser": "dx_planning", "dx_policy": "dx_planning",
    "whole_organisation": "dx_planning", "external_talent": "dx_planning",
    "e_approval_rate": "bpr", "rpa_adoption": "bpr", "rpa_hours_saved": "bpr",
    "online_procedures": "online_application", "online_procedure_rate": "online_application",
    "online_usage_rate": "online_application", "card_auth_procedures": "online_application",
}


def needs_support_list(*, actor, fiscal_year: int, band: str = "") -> list[dict]:
    """The towns (of a band, or all) behind at least one of the year's targets, most
    targets behind first (then by 地方公共団体コード), each with the cells it is behind on
    and how many indicators it has not reported."""
    if not can_view_needs_support(actor):
        raise PermissionDenied
    matrix = progress_matrix(actor=actor, fiscal_year=fiscal_year, band=band)
    rows = []
    for row in matrix["rows"]:
        behind = [cell for cell in row["cells"] if cell["progress"] == Progress.BEHIND]
        if behind:
            rows.append({"town": row["town"], "behind": behind, "not_reported": sum(
                1 for cell in row["cells"] if cell["progress"] == Progress.NOT_REPORTED)})
    rows.sort(key=lambda row: -len(row["behind"]))
    return rows


def systems_for(indicator_code: str, systems: list) -> list:
    """The published systems to offer for an indicator: those of the categories that move
    it. None for an indicator no system moves (CIOの任命, say): a specialist is the help
    to offer there, and a list of unrelated systems would only mislead."""
    categories = CATEGORIES_MOVING.get(indicator_code, ())
    return [system for system in systems if system.category in categories]

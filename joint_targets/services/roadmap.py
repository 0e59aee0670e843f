"""Changes to a town's roadmap (工程表): its milestones on the four steps of the
自治体DX全体手順書. Kept like the evidence (services/evidence.py): audited as
`milestone.create|update|delete`; nothing of it is published."""

from joint_targets.services.evidence import Record, record_create, record_delete, record_update
from joint_targets.workspace.models import Milestone
from tenants.models import Municipality

ROADMAP = Record(Milestone, "milestone", publishes=False)


def milestone_create(*, actor, municipality: Municipality, data: dict) -> Milestone:
    return record_create(ROADMAP, actor=actor, municipality=municipality, data=data)


def milestone_update(*, actor, municipality: Municipality, pk: int, data: dict) -> Milestone:
    return record_update(ROADMAP, actor=actor, municipality=municipality, pk=pk, data=data)


def milestone_delete(*, actor, municipality: Municipality, pk: int) -> None:
    record_delete(ROADMAP, actor=actor, municipality=municipality, pk=pk)

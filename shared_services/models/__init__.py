"""The catalog (catalog.py), towns' adoption requests (adoption.py), and what each
adopting town is billed (charges.py)."""

from shared_services.models.adoption import (
    AdoptionAttachment,
    AdoptionComment,
    AdoptionRequest,
    AdoptionTransition,
    Subscription,
)
from shared_services.models.catalog import (
    Category,
    CommonSystem,
    Delivery,
    SpecificationDocument,
    StandaloneCharge,
    StandardArea,
    SystemStatus,
    SystemStatusChange,
)
from shared_services.models.charges import AllocationLine, AllocationVersion

__all__ = [
    "AdoptionAttachment", "AdoptionComment", "AdoptionRequest", "AdoptionTransition",
    "AllocationLine", "AllocationVersion", "Category", "CommonSystem", "Delivery",
    "SpecificationDocument", "StandaloneCharge", "StandardArea", "Subscription", "SystemStatus",
    "SystemStatusChange",
]

"""What the catalog tells the rest of the platform.

`subscriptions_changed` is sent, inside the transaction that made the change, whenever
towns start or stop using a common system (an adoption activated or ended, a joint
contract's participants entered as adopters). Modules that derive something from a
town's use of systems (joint_targets: the indicators a system moves) listen to it
instead of the catalog knowing them. Arguments: `system` and `municipalities`.
"""

from django.dispatch import Signal

subscriptions_changed = Signal()

"""What a town is told when a coordinator suggests support (kyodo.notifications)."""

from django.utils.translation import gettext_lazy as _

from kyodo.notifications.kinds import NotificationKind, register

SYSTEM_SUGGESTED = register(NotificationKind(
    code="joint_targets.system_suggested", title=_("県から共通システムの導入の提案があります"),
    body=_("%(year)s年度の「%(indicator)s」が共同目標に届いていないため、県のコーディネーターが"
           "共通システム「%(system)s」の導入を提案しました。リンク先から導入申請の下書きを"
           "作成できます。")))
SPECIALIST_SUGGESTED = register(NotificationKind(
    code="joint_targets.specialist_suggested",
    title=_("県からデジタル人材の活用の提案があります"),
    body=_("%(year)s年度の「%(indicator)s」が共同目標に届いていないため、県のコーディネーターが"
           "デジタル人材の支援要請を提案しました。リンク先から支援要請の下書きを作成できます。")))

"""Why an invitation link is refused: one stable code, one message and one status each."""

from django.utils.translation import gettext_lazy as _

from kyodo.errors import DomainError, ErrorCode

REFUSALS = {
    ErrorCode.INVITATION_INVALID: (
        400, _("招待のリンクが正しくありません。メールに記載されたリンクを、省略せずに"
               "そのまま開いてください。")),
    ErrorCode.INVITATION_EXPIRED: (
        410, _("この招待は有効期限が過ぎています。招待した方に、改めて招待を送るよう"
               "依頼してください。")),
    ErrorCode.INVITATION_USED: (
        410, _("この招待は既に使用されています。招待を受けたアカウントでログインして"
               "ください。")),
    ErrorCode.INVITATION_REVOKED: (
        410, _("この招待は取り消されています。必要な場合は、招待した方にお問い合わせ"
               "ください。")),
    ErrorCode.INVITATION_WRONG_EMAIL: (
        403, _("この招待は別のメールアドレス宛てです。ログアウトしてから、招待された"
               "メールアドレスで招待を受けてください。")),
}


def invitation_refused(code: ErrorCode) -> DomainError:
    status, message = REFUSALS[code]
    return DomainError(code, str(message), status=status)


def already_member(membership) -> DomainError:
    """Someone is invited into an organisation they already belong to: their role is
    changed on the members list instead, so nobody is listed twice."""
    name = membership.user.full_name or membership.user.email
    return DomainError(ErrorCode.ALREADY_MEMBER, str(_(
        "%(name)sさんは既に%(organisation)sの%(role)sです。役割を変える場合は、メンバーの一覧で"
        "変更してください。") % {"name": name, "organisation": membership.organisation,
                             "role": membership.get_role_display()}), status=409)

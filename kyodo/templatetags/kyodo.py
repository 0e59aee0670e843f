"""Template tags shared by every page."""

import secrets
from decimal import Decimal

from django import forms, template
from django.conf import settings
from django.urls import reverse

from kyodo.forms import ReasonForm

register = template.Library()


@register.simple_tag
def public_url(name: str, *args, **kwargs) -> str:
    """Reverse a prefecture-level URL, also from inside a town's workspace.

    Workspace requests resolve against the workspace URLConf, which does not know
    the prefecture's URL names, so those are reversed against the public URLConf.
    """
    return reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF, args=args, kwargs=kwargs)


@register.inclusion_tag("forms/error_summary.html")
def error_summary(*forms_and_formsets) -> dict:
    """Every error of the page's forms in one list at the top, each linked to its field.

    Accepts forms and formsets (None is skipped). kyodo.js moves the focus to the
    summary when the page loads, so a screen reader announces it first.
    """
    errors = []
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            errors += [{"message": error} for error in item.non_form_errors()]
            for form in item.forms:
                errors += _form_errors(form)
        else:
            errors += _form_errors(item)
    return {"errors": errors}


def _form_errors(form) -> list[dict]:
    if not form.is_bound:
        return []
    errors = [{"message": error} for error in form.non_field_errors()]
    for field in form:
        # A group of radio buttons or checkboxes has no single input: link to its first.
        anchor = field.id_for_label or next(
            (choice.id_for_label for choice in field.subwidgets if choice.id_for_label), None)
        errors += [{"message": error, "label": field.label, "anchor": anchor}
                   for error in field.errors]
    return errors


@register.inclusion_tag("includes/confirm.html", takes_context=True)
def confirm_action(context, *, action: str, label: str, title: str, confirm: str, body: str = "",
                   reason: str = "", reason_label: str = "", reason_hint: str = "",
                   next: str = "") -> dict:
    """A destructive action behind a confirmation dialog.

    `reason` is "required", "optional" or "" (none asked). The reason is posted as the
    field `reason` (kyodo.forms.ReasonForm), stored and shown to the person affected.
    """
    return {
        "csrf_token": context.get("csrf_token"),
        "dialog_id": f"confirm-{secrets.token_hex(4)}",
        "action": action, "label": label, "title": title, "confirm": confirm, "body": body,
        "reason": reason, "reason_label": reason_label or ReasonForm.base_fields["reason"].label,
        "reason_hint": reason_hint, "reason_max_length": ReasonForm.MAX_LENGTH, "next": next,
    }


@register.filter
def hours(value) -> str:
    """Hours as people write them: 2.5, 40, 0.25 (no trailing zeros, no exponent)."""
    if value is None or value == "":
        return "0"
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

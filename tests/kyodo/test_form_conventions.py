"""The form conventions every page follows (kyodo.forms, forms/fields.html, error_summary)."""

import re
from pathlib import Path

import allauth
import django
import pytest
from django import forms
from django.utils import translation

from kyodo.forms import (
    DigitsField,
    EmailAddressField,
    KyodoForm,
    NumberLikeField,
    YenField,
    normalize_number_like,
)
from kyodo.invitations.forms import ConsoleInvitationForm
from tenants.workspace.models import TownProfile

KYODO_JA = Path(__file__).resolve().parents[2] / "kyodo" / "locale" / "ja" / "LC_MESSAGES"
MSGID = re.compile(r'^msgid ((?:"[^\n]*"\n)+)', re.M)


def msgids(po: Path) -> set[str]:
    return {"".join(re.findall(r'"(.*)"', quoted)) for quoted in MSGID.findall(po.read_text())}


def test_every_message_kyodo_rewords_exists_in_django_or_allauth():
    upstream = set()
    for package in (django, allauth):
        for po in Path(package.__file__).parent.rglob("locale/ja/LC_MESSAGES/django.po"):
            upstream |= msgids(po)

    ours = msgids(KYODO_JA / "django.po") - {""}

    assert ours
    assert sorted(ours - upstream) == []


class Sample(KyodoForm):
    name = forms.CharField(max_length=10)
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    count = forms.IntegerField(min_value=1)


def test_djangos_default_messages_read_in_kyodos_japanese():
    with translation.override("ja"):
        form = Sample({"name": "あ" * 12, "count": "0"})
        form.is_valid()

        assert form.errors["name"] == ["10文字以内で入力してください（現在 12文字）。"]
        assert form.errors["count"] == ["1以上の値を入力してください。"]
        assert Sample({}).errors["name"] == ["この項目は必須です。"]


def test_a_blank_choice_reads_please_select_not_dashes():
    with translation.override("ja"):
        html = str(Sample()["choice"])

    assert "選択してください" in html
    assert "---------" not in html


@pytest.mark.parametrize(("typed", "normalised"), [
    ("０９７８－８７－２１１１", "0978-87-2111"),
    ("0978ー87ー2111", "0978-87-2111"),
    ("0978−87−2111", "0978-87-2111"),
    ("0978‐87‐2111", "0978-87-2111"),
    ("0978 87 2111", "0978872111"),
    ("ＡＢＣ１２３", "ABC123"),
])
def test_number_like_text_is_normalised_the_same_way_everywhere(typed, normalised):
    assert normalize_number_like(typed) == normalised
    assert NumberLikeField().clean(typed) == normalised


def test_digits_fields_drop_the_separators():
    assert DigitsField().clean("３－９４４０－０００１－２３４５") == "3944000012345"


@pytest.mark.parametrize("typed", ["１２，０００円", "¥12,000", "12000", " 12,000 "])
def test_amounts_accept_full_width_digits_commas_and_the_yen_sign(typed):
    assert YenField().clean(typed) == 12000


def test_an_amount_that_is_not_a_number_gets_a_japanese_error():
    with translation.override("ja"), pytest.raises(forms.ValidationError) as error:
        YenField().clean("一万円")

    assert error.value.messages == ["整数で入力してください。"]


def test_an_email_typed_with_a_japanese_input_method_is_normalised():
    assert EmailAddressField().clean("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ") == "taro@example.jp"


@pytest.mark.django_db
def test_the_coordinators_invitation_form_makes_the_role_a_deliberate_choice(prefecture, beppu):
    form = ConsoleInvitationForm(prefecture=prefecture, municipalities=[beppu], vendors=[])
    roles = [value for value, _ in form.fields["role"].choices]

    assert form["role"].value() in (None, "")
    assert roles[0] == ""
    assert roles[1:3] == ["municipality_staff", "municipality_lead"]
    assert roles[-1] == "prefecture_coordinator"


@pytest.mark.django_db
def test_a_form_page_marks_required_and_optional_fields(client, beppu, beppu_staff):
    client.force_login(beppu_staff)

    with translation.override("ja"):
        page = client.get("/m/beppu/profile/edit/").content.decode()

    assert page.count('class="optional"') == len(TownProfile.AUDITED_FIELDS)
    assert "novalidate" in page


@pytest.mark.django_db
def test_bad_input_gets_an_error_summary_linked_to_each_field_and_saves_nothing(
        client, beppu, beppu_staff, in_schema):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"contact_phone": "でんわ", "notes": "x"})
    page = response.content.decode()

    assert response.status_code == 200
    assert 'class="error-summary" role="alert" tabindex="-1"' in page
    assert 'href="#id_contact_phone"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_contact_phone_helptext id_contact_phone_error"' in page
    with in_schema(beppu):
        assert not TownProfile.objects.exists()


@pytest.mark.django_db
def test_a_phone_number_typed_full_width_is_saved_half_width(client, beppu, beppu_staff,
                                                              in_schema):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"contact_phone": "０９７７ー２１ー１１１１"})

    assert response.status_code == 302
    with in_schema(beppu):
        assert TownProfile.objects.get().contact_phone == "0977-21-1111"


def test_a_missing_choice_among_radio_buttons_is_named_and_linked_in_the_summary():
    from django import forms as django_forms

    from kyodo.templatetags.kyodo import error_summary

    class Answer(django_forms.Form):
        joins = django_forms.ChoiceField(label="参加の意向", widget=django_forms.RadioSelect,
                                         choices=[("yes", "参加する"), ("no", "参加しない")])

    [error] = error_summary(Answer(data={}))["errors"]

    assert (error["label"], error["anchor"]) == ("参加の意向", "id_joins_0")

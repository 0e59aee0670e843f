"""Input and output serializers of the API, one pair per operation."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tenants.bands import PopulationBand
from tenants.kinds import MunicipalityKind
from tenants.master_data import prefecture_names
from tenants.models import Municipality


class MunicipalityFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/v1/municipalities/. Unknown values are a 400."""

    prefecture = serializers.ChoiceField(
        choices=[(name, name) for name in prefecture_names()], required=False,
        help_text=_("都道府県名（例: 大分県）"),
    )
    band = serializers.ChoiceField(
        choices=[c for c in PopulationBand.choices if c[0] != PopulationBand.PREFECTURE],
        required=False, help_text=_("団体区分"),
    )
    kind = serializers.ChoiceField(
        choices=[c for c in MunicipalityKind.choices if c[0] != MunicipalityKind.PREFECTURE],
        required=False, help_text=_("団体の種類"),
    )


class MunicipalityOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = [
            "lg_code",
            "slug",
            "name",
            "name_kana",
            "kind",
            "prefecture",
            "population",
            "population_as_of",
            "population_source",
            "population_band",
            "mynumber_card_rate",
            "mynumber_card_rate_as_of",
        ]
        read_only_fields = fields

"""The known django-tenants leak paths are closed: content types, cache keys, media."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django_tenants.utils import tenant_context

from tenants.workspace.models import TownProfile

pytestmark = pytest.mark.django_db


def test_content_types_have_one_id_in_every_schema(beppu, himeshima):
    public_id = ContentType.objects.get_for_model(TownProfile).pk
    ContentType.objects.clear_cache()
    with tenant_context(beppu):
        beppu_id = ContentType.objects.get_for_model(TownProfile).pk
    ContentType.objects.clear_cache()
    with tenant_context(himeshima):
        himeshima_id = ContentType.objects.get_for_model(TownProfile).pk

    assert public_id == beppu_id == himeshima_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{beppu.schema_name}.django_content_type"])
        assert cursor.fetchone()[0] is None


def test_a_cached_value_of_one_town_is_not_seen_by_another(beppu, himeshima):
    with tenant_context(beppu):
        cache.set("dashboard", "別府市の集計")
    with tenant_context(himeshima):
        assert cache.get("dashboard") is None
    with tenant_context(beppu):
        assert cache.get("dashboard") == "別府市の集計"


def test_uploaded_files_are_stored_under_the_towns_schema(beppu, himeshima, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        with tenant_context(beppu):
            name = default_storage.save("plans/dx-plan.pdf", ContentFile(b"%PDF beppu"))
            beppu_url = default_storage.url(name)
        with tenant_context(himeshima):
            assert not default_storage.exists(name)

    assert (tmp_path / beppu.schema_name / "plans" / "dx-plan.pdf").read_bytes() == b"%PDF beppu"
    assert beppu_url.startswith(f"/media/{beppu.schema_name}/")

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from kyodo.audit.models import AuditEvent
from tenants.master_data import CARD_FILE, LOCALGOV_FILE
from tenants.models import Domain, Municipality

pytestmark = pytest.mark.django_db


def provision(*args, **kwargs) -> str:
    from io import StringIO

    out = StringIO()
    call_command("provision_municipalities", *args, no_progress=True, stdout=out, **kwargs)
    return out.getvalue()


def test_provisioning_oita_creates_every_town_once_and_a_second_run_creates_nothing():
    first = provision(prefecture="大分県")
    towns = Municipality.objects.filter(prefecture="大分県").exclude(schema_name="public")

    # 3 exist from the session fixture
    assert "15 provisioned, 0 with changed master data updated, 3 unchanged" in first
    assert towns.count() == 18
    assert all(schema_exists(town.schema_name) for town in towns)
    assert Domain.objects.filter(tenant__in=towns).count() == 18

    second = provision(prefecture="大分県")

    assert "0 provisioned, 0 with changed master data updated, 18 unchanged" in second
    assert towns.count() == 18


def test_a_new_town_schema_is_a_clone_of_the_template_at_the_latest_migration(beppu):
    provision(prefecture="大分県")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables"
            " WHERE table_schema = 'lg_444626' AND table_name = 'workspace_townprofile'"
        )
        assert cursor.fetchone()[0] == 1  # 玖珠町 has the workspace tables
        cursor.execute("SELECT name FROM lg_444626.django_migrations WHERE app = 'workspace'")
        from_clone = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT name FROM municipality_template.django_migrations"
                       " WHERE app = 'workspace'")
        assert from_clone == {row[0] for row in cursor.fetchall()} != set()


def test_a_changed_population_is_updated_and_audited(tmp_path, beppu):
    text = CARD_FILE.read_text(encoding="utf-8-sig")
    old_row = next(line for line in text.splitlines() if line.endswith(",442020"))
    new_row = old_row.replace('"別府市",', '"別府市",', 1).split(",")
    new_row[3] = "111111"
    changed = tmp_path / CARD_FILE.name
    changed.write_text(text.replace(old_row, ",".join(new_row)), encoding="utf-8-sig")

    output = provision(prefecture="大分県", card_file=changed, localgov_file=LOCALGOV_FILE)

    beppu.refresh_from_db()
    assert beppu.population == 111111
    assert "1 with changed master data updated" in output
    event = AuditEvent.objects.get(action="municipality.update_master_data",
                                   target_id=str(beppu.pk))
    assert event.before["population"] != 111111
    assert event.after == {"population": 111111}


def test_a_bad_code_in_the_import_file_stops_the_run_before_anything_is_created(tmp_path):
    text = LOCALGOV_FILE.read_text(encoding="utf-8-sig")
    broken = tmp_path / LOCALGOV_FILE.name
    broken.write_text(text.replace(",444626\n", ",444627\n"), encoding="utf-8-sig")
    before = Municipality.objects.count()

    with pytest.raises(CommandError) as error:
        provision(prefecture="大分県", localgov_file=broken)

    message = str(error.value)
    assert "localgovjp-utf8.csv:" in message and "444627: bad_check_digit" in message
    assert Municipality.objects.count() == before
    assert not schema_exists("lg_444618")


def test_an_unknown_prefecture_is_a_clear_error():
    with pytest.raises(CommandError, match="No municipalities of 大分市"):
        provision(prefecture="大分市")


@pytest.mark.parametrize("replay", [True, False], ids=["replay", "django-tenants clone"])
def test_a_failure_while_creating_one_town_leaves_nothing_of_it_behind(
        monkeypatch, settings, replay):
    from django_tenants import models as tenant_models

    from tenants import schema_replay

    def fail(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute('CREATE SCHEMA "lg_442038"')
        raise RuntimeError("disk full")

    settings.KYODO_SCHEMA_REPLAY = replay
    monkeypatch.setattr(schema_replay, "replay", fail)
    monkeypatch.setattr(tenant_models.CloneSchema, "clone_schema", fail)
    with pytest.raises(RuntimeError):
        provision(prefecture="大分県")

    assert not Municipality.objects.filter(lg_code="442038").exists()  # 中津市
    assert not schema_exists("lg_442038")
    assert not Domain.objects.filter(domain="nakatsu").exists()


def test_master_data_values_land_in_the_municipality(himeshima):
    assert himeshima.name == "姫島村"
    assert himeshima.name_kana == "ひめしまむら"
    assert himeshima.kind == "village"
    assert himeshima.population == 1878
    assert himeshima.mynumber_card_rate == Decimal(
        next(line for line in CARD_FILE.read_text("utf-8-sig").splitlines()
             if line.endswith(",443221")).split(",")[5])

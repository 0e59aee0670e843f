from django.db import migrations

from talent_pool.seed import skills_load


def load(apps, schema_editor):
    skills_load(apps.get_model("talent_pool", "Skill"))


class Migration(migrations.Migration):

    dependencies = [("talent_pool", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

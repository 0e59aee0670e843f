from django.db import migrations

from joint_targets.seed import indicators_load


def load(apps, schema_editor):
    indicators_load(apps.get_model("joint_targets", "Indicator"))


class Migration(migrations.Migration):

    dependencies = [("joint_targets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

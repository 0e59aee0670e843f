"""Town notes get a limit of 4,000 characters (varchar in the database).

Notes saved before the limit could be of any length. Longer ones are cut to the limit
first, or changing the column's type would fail; each cut note's full text stays in
the audit log, whose town_profile.update rows kept notes whole until this release.
"""

from django.db import migrations, models
from django.db.models.functions import Left, Length

NOTES_MAX_LENGTH = 4000


def cut_long_notes(apps, schema_editor):
    TownProfile = apps.get_model("workspace", "TownProfile")
    TownProfile.objects.annotate(length=Length("notes")).filter(
        length__gt=NOTES_MAX_LENGTH
    ).update(notes=Left("notes", NOTES_MAX_LENGTH))


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(cut_long_notes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='townprofile',
            name='notes',
            field=models.CharField(blank=True, help_text='県には公開されません。4,000文字まで入力できます。', max_length=4000, verbose_name='メモ（庁内のみ）'),
        ),
    ]

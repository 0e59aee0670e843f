"""One membership per person per organisation.

Inviting someone who already belonged to a town with another role used to create a second
membership, listing the person twice. Where that happened, the earliest membership stays;
the later ones are removed (their API tokens go with them, as when a lead removes a member).
"""

from django.db import migrations, models
from django.db.models import Min


def keep_the_first_membership(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    for organisation in ("municipality", "vendor"):
        duplicated = (Membership.objects.filter(**{f"{organisation}__isnull": False})
                      .values("user", organisation).annotate(first=Min("pk")))
        for row in duplicated:
            Membership.objects.filter(user=row["user"], **{organisation: row[organisation]}) \
                .exclude(pk=row["first"]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_vendor_status_reason")]

    operations = [
        migrations.RunPython(keep_the_first_membership, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="membership", name="membership_unique_role"),
        migrations.RemoveConstraint(model_name="membership", name="membership_unique_vendor_role"),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("municipality__isnull", False)),
                fields=("user", "municipality"), name="membership_one_per_municipality"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("vendor__isnull", False)),
                fields=("user", "vendor"), name="membership_one_per_vendor"),
        ),
    ]

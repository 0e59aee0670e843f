"""Towns whose schema django-tenants cloned got procedure_unique_in_year under the default
name PostgreSQL gives a unique constraint: its clone function re-creates the constraint
without its name. A later migration that alters the constraint by name would fail on
those towns, so the name is put right wherever it is wrong. Towns made since by the DDL
replay (tenants/schema_replay.py), and the template, already have it.
"""

from django.db import migrations

RENAME = """
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_constraint
               WHERE conrelid = to_regclass('joint_targets_workspace_procedure')
                 AND conname = 'joint_targets_workspace_procedu_fiscal_year_department_name_key')
    THEN
        ALTER TABLE joint_targets_workspace_procedure RENAME CONSTRAINT
            joint_targets_workspace_procedu_fiscal_year_department_name_key
            TO procedure_unique_in_year;
    END IF;
END $$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("joint_targets_workspace", "0003_evidence_and_roadmap"),
    ]

    operations = [migrations.RunSQL(RENAME, migrations.RunSQL.noop)]

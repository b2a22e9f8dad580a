from django.db import migrations


def seed(apps, schema_editor):
    from policy import leave_seed

    leave_seed.seed(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("policy", "0013_leave_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

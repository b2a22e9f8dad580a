from django.db import migrations


def seed(apps, schema_editor):
    from attendance import rules_seed

    DeductionRule = apps.get_model("attendance", "DeductionRule")
    SanctionLevel = apps.get_model("attendance", "SanctionLevel")
    for row in rules_seed.deduction_rules():
        DeductionRule.objects.get_or_create(code=row.pop("code"), defaults=row)
    if not SanctionLevel.objects.exists():
        SanctionLevel.objects.bulk_create(SanctionLevel(**row) for row in rules_seed.sanction_levels())


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

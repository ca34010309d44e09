"""Entrance tickets (issue #12): each registration gets its own ticket secret. AddField gives
every existing row the same default, so each one is given a fresh secret of its own."""

import secrets

from django.db import migrations, models

import wspolnie.meetings.models


def give_each_registration_its_own_secret(apps, schema_editor):
    Registration = apps.get_model("meetings", "Registration")
    for pk in Registration.objects.values_list("pk", flat=True).iterator():
        Registration.objects.filter(pk=pk).update(ticket_secret=secrets.token_hex(16))


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_event_latitude_event_longitude'),
    ]

    operations = [
        migrations.AddField(
            model_name='registration',
            name='ticket_secret',
            field=models.CharField(default=wspolnie.meetings.models.new_ticket_secret, editable=False, max_length=32),
        ),
        migrations.RunPython(give_each_registration_its_own_secret, migrations.RunPython.noop),
    ]

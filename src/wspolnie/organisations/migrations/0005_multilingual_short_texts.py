"""The short description, and a place's opening hours and accessibility notes, become texts in
several languages ({code: text}) like the description. The text written so far moves to the
default language (Polish); going back keeps the default language's text (else any one)."""

from django.conf import settings
from django.db import migrations, models

import wspolnie.directory.models
import wspolnie.organisations.models

#: (model, field) pairs that change, with the old field's help text where it had one.
FIELDS = [
    ("organisation", "short_description"),
    ("location", "opening_hours"),
    ("location", "accessibility"),
]


def _new(name: str) -> str:
    return f"{name}_translations"


def _constraints_now(schema_editor) -> None:
    """PostgreSQL: check the foreign keys of the rows updated below at once, so that no
    deferred check is pending when the same transaction then alters the tables."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _constraints_deferred(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def to_translations(apps, schema_editor) -> None:
    _constraints_now(schema_editor)
    for model_name, name in FIELDS:
        model = apps.get_model("organisations", model_name)
        for row in model.objects.exclude(**{name: ""}).only("pk", name):
            text = getattr(row, name).strip()
            if text:
                model.objects.filter(pk=row.pk).update(
                    **{_new(name): {settings.LANGUAGE_CODE: text}}
                )
    _constraints_deferred(schema_editor)


def to_text(apps, schema_editor) -> None:
    _constraints_now(schema_editor)
    for model_name, name in FIELDS:
        model = apps.get_model("organisations", model_name)
        for row in model.objects.only("pk", _new(name)):
            values = getattr(row, _new(name)) or {}
            text = values.get(settings.LANGUAGE_CODE) or next(
                (t for t in values.values() if isinstance(t, str) and t.strip()), ""
            )
            if text:
                model.objects.filter(pk=row.pk).update(**{name: text})
    _constraints_deferred(schema_editor)


def check_constraints_now(apps, schema_editor) -> None:
    """PostgreSQL: the rows updated above leave deferred foreign-key checks pending, and a table
    with pending trigger events cannot be altered in the same transaction. Run them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _json(verbose_name: str, **kwargs) -> models.JSONField:
    return models.JSONField(
        blank=True,
        default=dict,
        validators=[
            wspolnie.directory.models.validate_translations,
            wspolnie.organisations.models.validate_short_texts,
        ],
        verbose_name=verbose_name,
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_joinrequest"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="short_description_translations",
            field=_json("short description",
                        help_text="Who you are and what you do, in a few sentences."),
        ),
        migrations.AddField(
            model_name="location",
            name="opening_hours_translations",
            field=_json("opening hours"),
        ),
        migrations.AddField(
            model_name="location",
            name="accessibility_translations",
            field=_json("accessibility",
                        help_text="Step-free entrance, lift, toilet, induction loop, … "),
        ),
        migrations.RunPython(check_constraints_now, check_constraints_now),
        migrations.RunPython(to_translations, to_text),
        migrations.RunPython(check_constraints_now, check_constraints_now),
        migrations.RemoveField(model_name="organisation", name="short_description"),
        migrations.RemoveField(model_name="location", name="opening_hours"),
        migrations.RemoveField(model_name="location", name="accessibility"),
        migrations.RenameField(
            model_name="organisation",
            old_name="short_description_translations",
            new_name="short_description",
        ),
        migrations.RenameField(
            model_name="location",
            old_name="opening_hours_translations",
            new_name="opening_hours",
        ),
        migrations.RenameField(
            model_name="location",
            old_name="accessibility_translations",
            new_name="accessibility",
        ),
    ]

"""Co-organisers of a series confirm first (issue #17 point 10): the plain many-to-many's table
becomes the SeriesCoOrganiser model (same table, same columns) with a status. Co-organisers
named before this migration never consented, so they wait for confirmation like new ones."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        ('organisations', '0006_description_per_language_limit'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SeriesCoOrganiser',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='series_co_organiser_links', to='organisations.organisation', verbose_name='organisation')),
                        ('series', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_organiser_links', to='meetings.series', verbose_name='series')),
                    ],
                    options={
                        'verbose_name': 'co-organiser of a series',
                        'verbose_name_plural': 'co-organisers of series',
                        'db_table': 'meetings_series_co_organisers',
                        'ordering': ['series', 'organisation__name'],
                    },
                ),
                migrations.AlterField(
                    model_name='series',
                    name='co_organisers',
                    field=models.ManyToManyField(blank=True, related_name='co_organised_series', through='meetings.SeriesCoOrganiser', to='organisations.organisation', verbose_name='co-organisers'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='seriescoorganiser',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for confirmation'), ('confirmed', 'Confirmed'), ('declined', 'Declined')], db_index=True, default='pending', max_length=16, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='seriescoorganiser',
            name='answered_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='answered'),
        ),
        migrations.AddConstraint(
            model_name='seriescoorganiser',
            constraint=models.UniqueConstraint(fields=('series', 'organisation'), name='meetings_series_co_organiser_unique'),
        ),
    ]

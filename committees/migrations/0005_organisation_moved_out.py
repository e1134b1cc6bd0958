"""The organisation's models (bodies, terms, committees, sectors, sector groups, party
groups, departments, their history and object-permission tables) moved to the
`organisation` app. Their tables stay where they are; this app only forgets them (state
only), after every foreign key has been pointed at the new app. organisation/0002 then
renames the tables."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0004_reminder_schedule'),
        ('evaluation', '0004_organisation_moved'),
        ('members', '0004_organisation_moved'),
        ('organisation', '0001_initial'),
        ('portal', '0003_organisation_moved'),
        ('proposals', '0005_organisation_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='body',
            name='parent',
        ),
        migrations.RemoveField(
            model_name='historicalsectorgroup',
            name='body',
        ),
        migrations.AlterField(
            model_name='activity',
            name='body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='organisation.body', verbose_name='政协组织'),
        ),
        migrations.AlterField(
            model_name='historicalofficeplan',
            name='body',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.body', verbose_name='政协组织'),
        ),
        migrations.RemoveField(
            model_name='committee',
            name='body',
        ),
        migrations.RemoveField(
            model_name='sectorgroup',
            name='body',
        ),
        migrations.RemoveField(
            model_name='historicalsector',
            name='body',
        ),
        migrations.RemoveField(
            model_name='historicalbody',
            name='parent',
        ),
        migrations.RemoveField(
            model_name='historicalterm',
            name='body',
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='body',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.body', verbose_name='政协组织'),
        ),
        migrations.RemoveField(
            model_name='historicalcommittee',
            name='body',
        ),
        migrations.RemoveField(
            model_name='historicaldepartment',
            name='body',
        ),
        migrations.RemoveField(
            model_name='department',
            name='body',
        ),
        migrations.RemoveField(
            model_name='bodyuserobjectpermission',
            name='content_object',
        ),
        migrations.AlterField(
            model_name='officeplan',
            name='body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisation.body', verbose_name='政协组织'),
        ),
        migrations.RemoveField(
            model_name='term',
            name='body',
        ),
        migrations.RemoveField(
            model_name='sector',
            name='body',
        ),
        migrations.AlterUniqueTogether(
            name='bodyuserobjectpermission',
            unique_together=None,
        ),
        migrations.RemoveField(
            model_name='bodyuserobjectpermission',
            name='permission',
        ),
        migrations.RemoveField(
            model_name='bodyuserobjectpermission',
            name='user',
        ),
        migrations.RemoveField(
            model_name='committee',
            name='counterpart_departments',
        ),
        migrations.RemoveField(
            model_name='committee',
            name='counterparts',
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='owner_committee',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.committee', verbose_name='负责专委会'),
        ),
        migrations.RemoveField(
            model_name='sectorgroup',
            name='committee',
        ),
        migrations.RemoveField(
            model_name='historicalcommittee_counterpart_departments',
            name='committee',
        ),
        migrations.AlterField(
            model_name='historicalactivity',
            name='committee',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.committee', verbose_name='组织专委会'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='owner_committee',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='owned_activities', to='organisation.committee', verbose_name='负责专委会'),
        ),
        migrations.AlterField(
            model_name='workplan',
            name='committee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='work_plans', to='organisation.committee', verbose_name='专门委员会'),
        ),
        migrations.AlterField(
            model_name='historicalworkplan',
            name='committee',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.committee', verbose_name='专门委员会'),
        ),
        migrations.RemoveField(
            model_name='committeeuserobjectpermission',
            name='content_object',
        ),
        migrations.AlterField(
            model_name='activity',
            name='committee',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organised_activities', to='organisation.committee', verbose_name='组织专委会'),
        ),
        migrations.RemoveField(
            model_name='historicalsectorgroup',
            name='committee',
        ),
        migrations.AlterUniqueTogether(
            name='committeeuserobjectpermission',
            unique_together=None,
        ),
        migrations.RemoveField(
            model_name='committeeuserobjectpermission',
            name='permission',
        ),
        migrations.RemoveField(
            model_name='committeeuserobjectpermission',
            name='user',
        ),
        migrations.AlterField(
            model_name='activityparticipant',
            name='department',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisation.department', verbose_name='所在单位（本级单位库）'),
        ),
        migrations.RemoveField(
            model_name='historicalcommittee_counterpart_departments',
            name='department',
        ),
        migrations.AlterField(
            model_name='historicalactivityparticipant',
            name='department',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='所在单位（本级单位库）'),
        ),
        migrations.RemoveField(
            model_name='departmentuserobjectpermission',
            name='content_object',
        ),
        migrations.AlterUniqueTogether(
            name='departmentuserobjectpermission',
            unique_together=None,
        ),
        migrations.RemoveField(
            model_name='departmentuserobjectpermission',
            name='permission',
        ),
        migrations.RemoveField(
            model_name='departmentuserobjectpermission',
            name='user',
        ),
        migrations.RemoveField(
            model_name='historicalbody',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalcommittee',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalcommittee_counterpart_departments',
            name='history',
        ),
        migrations.RemoveField(
            model_name='historicaldepartment',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalpartygroup',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalpartygroup',
            name='leader',
        ),
        migrations.RemoveField(
            model_name='historicalpartygroup',
            name='sector_group',
        ),
        migrations.RemoveField(
            model_name='historicalsector',
            name='group',
        ),
        migrations.RemoveField(
            model_name='historicalsector',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalsectorgroup',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='historicalterm',
            name='history_user',
        ),
        migrations.RemoveField(
            model_name='partygroup',
            name='leader',
        ),
        migrations.RemoveField(
            model_name='partygroup',
            name='sector_group',
        ),
        migrations.RemoveField(
            model_name='sector',
            name='group',
        ),
        migrations.AlterField(
            model_name='historicalactivity_sector_groups',
            name='sectorgroup',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.sectorgroup'),
        ),
        migrations.AlterField(
            model_name='historicalplanitem_sector_groups',
            name='sectorgroup',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.sectorgroup'),
        ),
        migrations.AlterField(
            model_name='historicalworkplan',
            name='term',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.term', verbose_name='届次'),
        ),
        migrations.AlterField(
            model_name='workplan',
            name='term',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.term', verbose_name='届次'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='sector_groups',
            field=models.ManyToManyField(blank=True, related_name='activities', to='organisation.sectorgroup', verbose_name='组织界别活动组'),
        ),
        migrations.AlterField(
            model_name='planitem',
            name='sector_groups',
            field=models.ManyToManyField(blank=True, related_name='plan_items', to='organisation.sectorgroup', verbose_name='参与界别活动组'),
        ),
        migrations.DeleteModel(
            name='Body',
        ),
        migrations.DeleteModel(
            name='BodyUserObjectPermission',
        ),
        migrations.DeleteModel(
            name='Committee',
        ),
        migrations.DeleteModel(
            name='CommitteeUserObjectPermission',
        ),
        migrations.DeleteModel(
            name='Department',
        ),
        migrations.DeleteModel(
            name='DepartmentUserObjectPermission',
        ),
        migrations.DeleteModel(
            name='HistoricalBody',
        ),
        migrations.DeleteModel(
            name='HistoricalCommittee',
        ),
        migrations.DeleteModel(
            name='HistoricalCommittee_counterpart_departments',
        ),
        migrations.DeleteModel(
            name='HistoricalDepartment',
        ),
        migrations.DeleteModel(
            name='HistoricalPartyGroup',
        ),
        migrations.DeleteModel(
            name='HistoricalSector',
        ),
        migrations.DeleteModel(
            name='HistoricalSectorGroup',
        ),
        migrations.DeleteModel(
            name='HistoricalTerm',
        ),
        migrations.DeleteModel(
            name='PartyGroup',
        ),
        migrations.DeleteModel(
            name='Sector',
        ),
        migrations.DeleteModel(
            name='SectorGroup',
        ),
        migrations.DeleteModel(
            name='Term',
        ),
                ]),
    ]

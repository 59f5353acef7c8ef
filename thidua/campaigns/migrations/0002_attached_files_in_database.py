"""Attached files move from disk into the database (docs/adr/0006-attached-files-in-the-database.md).

A movement's documents keep their bytes, name and type in their own row; a response's plan file
moves into its own table (ResponsePlanFile), so that reading responses never reads the bytes. Any
file already on disk (under THIDUA_UPLOAD_DIR/phong-trao/) is copied into its row; a record whose
file is missing stops the migration, naming it, rather than leave a record without its file. The
files on disk are left in place: remove the folder once the migration has been applied.
Reversible: the bytes are written back to the folder.
"""
from __future__ import annotations

from pathlib import PurePosixPath

import django.db.models.deletion
from django.db import migrations, models

from thidua.campaigns.models import document_storage

UNKNOWN_TYPE = "application/octet-stream"


def _read(storage, name: str, what: str) -> bytes:
    if not storage.exists(name):
        raise RuntimeError(
            f"{what}: the file {name!r} is missing from {storage.location}; restore it (or clear the record) and migrate again."
        )
    with storage.open(name, "rb") as handle:
        return handle.read()


def _content_type(data: bytes) -> str:
    from thidua.core import files

    return next((kind.content_type for kind in files.KINDS if kind.starts(data[:files.HEAD_BYTES])), UNKNOWN_TYPE)


def files_into_rows(apps, schema_editor):
    storage = document_storage()
    MovementDocument = apps.get_model("campaigns", "MovementDocument")
    MovementResponse = apps.get_model("campaigns", "MovementResponse")
    ResponsePlanFile = apps.get_model("campaigns", "ResponsePlanFile")
    for document in MovementDocument.objects.exclude(file=""):
        data = _read(storage, document.file.name, f"Movement document {document.pk}")
        document.name = PurePosixPath(document.file.name).name[:255]
        document.data, document.size = data, len(data)
        document.save(update_fields=["name", "data", "size"])
    for response in MovementResponse.objects.exclude(plan_file_on_disk=""):
        data = _read(storage, response.plan_file_on_disk.name, f"Plan file of movement response {response.pk}")
        ResponsePlanFile.objects.create(response=response, name=PurePosixPath(response.plan_file_on_disk.name).name[:255],
                                        content_type=_content_type(data), size=len(data), data=data)


def rows_into_files(apps, schema_editor):
    from django.core.files.base import ContentFile

    MovementDocument = apps.get_model("campaigns", "MovementDocument")
    ResponsePlanFile = apps.get_model("campaigns", "ResponsePlanFile")
    for document in MovementDocument.objects.all():
        document.file.save(document.name or "tai-lieu", ContentFile(bytes(document.data)), save=False)
        document.save(update_fields=["file"])
    for plan in ResponsePlanFile.objects.select_related("response"):
        plan.response.plan_file_on_disk.save(plan.name or "ke-hoach", ContentFile(bytes(plan.data)), save=False)
        plan.response.save(update_fields=["plan_file_on_disk"])


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="movementdocument",
            name="name",
            field=models.CharField(default="", max_length=255, verbose_name="tên tệp"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="movementdocument",
            name="data",
            field=models.BinaryField(default=b"", verbose_name="nội dung"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="movementdocument",
            name="content_type",
            field=models.CharField(max_length=100, verbose_name="loại tệp"),
        ),
        # The new table's reverse name, plan_file, is the old column's: rename the column first.
        migrations.RenameField(model_name="movementresponse", old_name="plan_file", new_name="plan_file_on_disk"),
        migrations.CreateModel(
            name="ResponsePlanFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255, verbose_name="tên tệp")),
                ("content_type", models.CharField(max_length=100, verbose_name="loại tệp")),
                ("size", models.PositiveIntegerField(verbose_name="dung lượng (byte)")),
                ("data", models.BinaryField(verbose_name="nội dung")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("response", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="plan_file",
                                                  to="campaigns.movementresponse", verbose_name="bản hưởng ứng")),
            ],
            options={
                "verbose_name": "tệp kế hoạch hưởng ứng",
                "verbose_name_plural": "tệp kế hoạch hưởng ứng",
            },
        ),
        migrations.RunPython(files_into_rows, rows_into_files, elidable=False),
        # Blank before it goes, so that reversing can add the column back to existing rows.
        migrations.AlterField(
            model_name="movementdocument",
            name="file",
            field=models.FileField(blank=True, max_length=255, storage=document_storage, upload_to="van-ban/%Y/",
                                   verbose_name="tệp"),
        ),
        migrations.RemoveField(model_name="movementdocument", name="file"),
        migrations.RemoveField(model_name="movementresponse", name="plan_file_on_disk"),
    ]

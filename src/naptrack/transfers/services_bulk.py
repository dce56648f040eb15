"""Bulk imports of values: check a file (nothing written), apply it on confirmation, or both at once.

The checks and writes themselves are in transfers.bulk; here the file is kept with its ImportBatch,
the permission to import at all is asked, and the batch records what was found and done.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from naptrack.core.services import require
from naptrack.frameworks.models import Plan
from naptrack.organizations.permissions import is_platform_admin
from naptrack.transfers import bulk
from naptrack.transfers.models import BatchKind, BatchState, ImportBatch

log = logging.getLogger(__name__)


def max_bytes() -> int:
    return settings.NAPTRACK_IMPORT_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is too large: the limit is %(limit)s MB.") % {
        "limit": settings.NAPTRACK_IMPORT_MAX_MB
    }


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _check_file(file) -> int:
    if file is None or not hasattr(file, "read") or not hasattr(file, "seek"):
        raise ValidationError({"file": _("Choose a file to upload.")})
    size = _size(file)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > max_bytes():
        raise ValidationError({"file": too_large_message()})
    return size


def _stored_name(original_name: str) -> str:
    base = get_valid_filename(Path(original_name or "values").name)[-100:] or "values"
    return base


def _record(batch: ImportBatch, result: bulk.ImportResult) -> None:
    batch.file_format = result.format
    batch.encoding = result.encoding
    batch.summary = result.summary()
    batch.errors = result.errors
    batch.changes = result.changes
    if result.plans and len(result.plans) == 1 and batch.plan_id is None:
        batch.plan = Plan.objects.filter(code=result.plans[0]).first()


def _may_import(actor) -> None:
    require(
        bulk.Importer.may_import(actor),
        _("Only coordinators of a plan and agencies' reporters can import values."),
    )


def _run(batch: ImportBatch, actor, stream: IO[bytes], *, dry_run: bool) -> bulk.ImportResult:
    stream.seek(0)
    return bulk.run_import(
        actor=actor,
        stream=stream,
        name=batch.original_name,
        dry_run=dry_run,
        reason=batch.reason,
        plan=batch.plan,
        token=batch.token,
    )


def _new_batch(actor, original_name: str, size: int, reason: str, plan: Plan | None):
    return ImportBatch(
        token=secrets.token_hex(16),
        kind=BatchKind.BULK,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        plan=plan,
        original_name=Path(original_name or "").name[:255],
        size=size,
        reason=(reason or "").strip(),
        state=BatchState.CHECKED,
    )


def bulk_check(
    *, actor, file, original_name: str, reason: str = "", plan: Plan | None = None
) -> ImportBatch:
    """Keep the file and check every row of it; nothing is written. CHECKED, or INVALID with errors."""
    _may_import(actor)
    size = _check_file(file)
    batch = _new_batch(actor, original_name, size, reason, plan)
    batch.file.save(_stored_name(original_name), File(file), save=False)
    with batch.file.open("rb") as stored:
        result = _run(batch, actor, stored, dry_run=True)
    _record(batch, result)
    batch.state = BatchState.CHECKED if result.ok else BatchState.INVALID
    batch.save()
    return batch


def can_use_batch(actor, batch: ImportBatch) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return batch.uploaded_by_id == getattr(actor, "pk", None) or is_platform_admin(actor)


def bulk_apply(*, actor, batch: ImportBatch, reason: str | None = None) -> ImportBatch:
    """Apply a checked file: checked again inside the transaction (data may have changed), then
    written all at once, or not at all (INVALID with the problems found now)."""
    _may_import(actor)
    require(can_use_batch(actor, batch), _("Only the person who uploaded the file can apply it."))
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
            if batch.state != BatchState.CHECKED:
                raise ValidationError(
                    _("This file cannot be applied: it is %(state)s.")
                    % {"state": batch.get_state_display().lower()}
                )
            if reason is not None and reason.strip():
                batch.reason = reason.strip()
            with batch.file.open("rb") as stored:
                result = _run(batch, actor, stored, dry_run=False)
            _record(batch, result)
            if result.applied:
                batch.state = BatchState.APPLIED
                batch.applied_at = timezone.now()
            else:
                batch.state = BatchState.INVALID
            batch.save()
    except ValidationError:
        raise
    except Exception:
        log.exception("Import %s failed", batch.token)
        ImportBatch.objects.filter(pk=batch.pk).update(
            state=BatchState.FAILED,
            errors=[
                {"row": 0, "column": "", "message": _("The import failed: nothing was written.")}
            ],
        )
        batch.refresh_from_db()
    return batch


def bulk_discard(*, actor, batch: ImportBatch) -> ImportBatch:
    """Drop a file that was checked and not applied; the stored copy goes too."""
    require(can_use_batch(actor, batch), _("Only the person who uploaded the file can discard it."))
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if batch.state not in (BatchState.CHECKED, BatchState.INVALID):
            raise ValidationError(_("Only a file that was not applied can be discarded."))
        stored = batch.file.name if batch.file else ""
        storage = batch.file.storage if batch.file else None
        batch.state = BatchState.DISCARDED
        batch.file = ""
        batch.save(update_fields=["state", "file"])
        if stored and storage is not None:
            transaction.on_commit(lambda: storage.delete(stored))
    return batch


def bulk_import(
    *,
    actor,
    path_or_file,
    dry_run: bool = False,
    reason: str = "",
    plan: Plan | None = None,
    original_name: str = "",
    keep_file: bool = False,
) -> ImportBatch:
    """Check and (unless dry_run) apply a file in one step, for the command and the API.

    The batch records the outcome: APPLIED, CHECKED (a dry run without problems) or INVALID.
    """
    _may_import(actor)
    if isinstance(path_or_file, (str, os.PathLike)):
        path = Path(path_or_file)
        if not path.is_file():
            raise ValidationError({"file": _("There is no file at %(path)s.") % {"path": path}})
        with path.open("rb") as file:
            return bulk_import(
                actor=actor,
                path_or_file=file,
                dry_run=dry_run,
                reason=reason,
                plan=plan,
                original_name=original_name or path.name,
                keep_file=keep_file,
            )
    file = path_or_file
    size = _check_file(file)
    batch = _new_batch(actor, original_name or getattr(file, "name", "") or "", size, reason, plan)
    if keep_file:
        batch.file.save(_stored_name(batch.original_name), File(file), save=False)
    file.seek(0)
    if dry_run:
        result = _run(batch, actor, file, dry_run=True)
        _record(batch, result)
        batch.state = BatchState.CHECKED if result.ok else BatchState.INVALID
        batch.save()
        return batch
    with transaction.atomic():
        result = _run(batch, actor, file, dry_run=False)
        _record(batch, result)
        if result.applied:
            batch.state = BatchState.APPLIED
            batch.applied_at = timezone.now()
        else:
            batch.state = BatchState.INVALID
        batch.save()
    return batch

"""``/v1/ingest``: upload a file; it is validated and loaded by the same readers as
``tradeguard load`` (rejected rows come back with line, field and reason)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from tradeguard.api import service
from tradeguard.api.deps import ERRORS, Caller, Ctx
from tradeguard.api.models import FieldErrorOut, LoadReportOut

router = APIRouter(prefix="/v1/ingest", tags=["ingest"], responses=ERRORS)


@router.post("", response_model=LoadReportOut, status_code=201)
def ingest(
    ctx: Ctx,
    principal: Caller,
    file: Annotated[UploadFile, File(description="A file in one of the documented shapes.")],
    kind: Annotated[
        str | None, Form(max_length=40, description="Its kind, if the name does not say.")
    ] = None,
) -> LoadReportOut:
    """Validate and load one file (role: analyst, supervisor)."""
    r = service.ingest_upload(ctx, principal, file.filename or "", file.file, kind)
    return LoadReportOut(
        kind=r.kind,
        source=r.source,
        batch_id=r.batch_id,
        already_loaded_as=r.already_loaded_as,
        rows_read=r.rows_read,
        rows_loaded=r.rows_loaded,
        rows_already_present=r.rows_already_present,
        rows_rejected=r.rows_rejected,
        rejected=[FieldErrorOut.of(e) for e in r.rejected[:200]],
    )

"""Issuing documents: store the PDF once, keyed by its SHA-256, with an audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction

from ipenforce.core import audit
from ipenforce.documents.models import IssuedDocument
from ipenforce.documents.render import sha256_hex


@transaction.atomic
def issue_document(
    *,
    pdf: bytes,
    kind: str,
    title: str,
    actor: Any,
    related: models.Model | None = None,
    pdf_standard: str = "",
) -> IssuedDocument:
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("not a PDF document")
    digest = sha256_hex(pdf)
    doc = IssuedDocument(
        kind=kind,
        title=title[:300],
        sha256=digest,
        size=len(pdf),
        pdf_standard=pdf_standard,
        issued_by=actor if getattr(actor, "pk", None) and not isinstance(actor, str) else None,
    )
    if related is not None:
        doc.content_type = ContentType.objects.get_for_model(related)
        doc.object_id = str(related.pk)
    doc.file.save(f"{digest}.pdf", ContentFile(pdf), save=False)
    doc.save()
    audit.record(
        actor=actor,
        action="document.issue",
        obj=doc,
        after={"kind": kind, "title": doc.title, "sha256": digest, "size": len(pdf)},
    )
    return doc


def documents_for(obj: models.Model) -> models.QuerySet[IssuedDocument]:
    ct = ContentType.objects.get_for_model(obj)
    return IssuedDocument.objects.filter(content_type=ct, object_id=str(obj.pk))


def verify(digest: str) -> IssuedDocument | None:
    digest = digest.strip().lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return IssuedDocument.objects.filter(sha256=digest).order_by("issued_at").first()

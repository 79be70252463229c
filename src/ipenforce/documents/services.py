"""Issuing documents: store the PDF once, keyed by its SHA-256, with an audit entry.

`issue_document` issues one document (one audit entry for it); `issue_documents` issues many
at once for batch jobs: one file write each, one INSERT for all of them and **one** audit entry
listing every document (id, title, SHA-256, size), attached to the object the batch is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction

from ipenforce.core import audit
from ipenforce.core.audit import user_or_none
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
        issued_by=user_or_none(actor),
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


@transaction.atomic
def issue_documents(
    pdfs: Sequence[bytes],
    *,
    kind: str,
    titles: Sequence[str],
    actor: Any,
    related_objects: Sequence[models.Model | None] | None = None,
    pdf_standard: str = "",
    audit_obj: models.Model | None = None,
) -> list[IssuedDocument]:
    """Issue many PDFs at once; returns the saved documents (with ids) in input order.

    Same storage as `issue_document` (file `documents/<ab>/<sha256>.pdf`, SHA-256, size, related
    object), but the rows are bulk-inserted and a single `document.issue.batch` audit entry,
    on `audit_obj` if given, lists every document issued. Files are written before the rows, so
    a rolled-back transaction can leave orphan files, never rows without a file.
    """
    if len(titles) != len(pdfs):
        raise ValueError("one title per PDF")
    if related_objects is not None and len(related_objects) != len(pdfs):
        raise ValueError("one related object (or None) per PDF")
    for pdf in pdfs:
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF document")
    if not pdfs:
        return []
    field = IssuedDocument._meta.get_field("file")
    assert isinstance(field, models.FileField)
    storage = field.storage
    issued_by = user_or_none(actor)
    docs: list[IssuedDocument] = []
    for index, pdf in enumerate(pdfs):
        digest = sha256_hex(pdf)
        doc = IssuedDocument(
            kind=kind,
            title=titles[index][:300],
            sha256=digest,
            size=len(pdf),
            pdf_standard=pdf_standard,
            issued_by=issued_by,
        )
        related = related_objects[index] if related_objects is not None else None
        if related is not None:
            doc.content_type = ContentType.objects.get_for_model(related)
            doc.object_id = str(related.pk)
        name = field.generate_filename(doc, f"{digest}.pdf")
        doc.file.name = storage.save(name, ContentFile(pdf), max_length=field.max_length)
        docs.append(doc)
    IssuedDocument.objects.bulk_create(docs)
    if any(doc.pk is None for doc in docs):  # every supported database returns the ids
        raise RuntimeError("the database did not return the ids of the issued documents")
    audit.record(
        actor=actor,
        action="document.issue.batch",
        obj=audit_obj,
        after={
            "kind": kind,
            "count": len(docs),
            "documents": [
                {"id": doc.pk, "title": doc.title, "sha256": doc.sha256, "size": doc.size}
                for doc in docs
            ],
        },
    )
    return docs


def documents_for(obj: models.Model) -> models.QuerySet[IssuedDocument]:
    ct = ContentType.objects.get_for_model(obj)
    return IssuedDocument.objects.filter(content_type=ct, object_id=str(obj.pk))


def verify(digest: str) -> IssuedDocument | None:
    digest = digest.strip().lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return IssuedDocument.objects.filter(sha256=digest).order_by("issued_at").first()

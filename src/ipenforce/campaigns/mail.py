"""Letters by e-mail: the PDF attached to a short Spanish message, over Django's mail (SMTP).

A dispatch on the e-mail channel is sent once: it is sent while it is pending and has no
`emailed_at`, which is set (with a note for people, "Enviada por correo electrónico a …") right
after the server accepts it. If the worker dies between those two steps, that one message may go
twice; nothing else can. A recipient the server refuses outright is recorded as returned, with
the server's answer. Notes are stored as Spanish msgids with their values (core.stored_text) and
shown in each reader's language.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from ipenforce.campaigns.letters import reply_url
from ipenforce.campaigns.models import Campaign, Dispatch, DispatchChannel, DispatchStatus
from ipenforce.core import audit
from ipenforce.core.stored_text import stored_text

SENT_NOTE = gettext_noop("Enviada por correo electrónico a %(email)s el %(when)s")
REFUSED_NOTE = gettext_noop("Rechazada por el servidor: %(detail)s")

BODY = """Señores
{name}

Adjuntamos la carta de la Dirección de Derecho de Autor del INDECOPI dirigida a su empresa.

Puede responder en línea, sin registrarse, en {url}
con el código de respuesta {code}.

Este mensaje se envía automáticamente; por favor no lo responda.

Dirección de Derecho de Autor
INDECOPI
"""


def pending_emails(campaign: Campaign) -> QuerySet[Dispatch]:
    return (
        Dispatch.objects.filter(
            target__campaign=campaign,
            channel=DispatchChannel.EMAIL,
            status=DispatchStatus.PENDING,
            emailed_at__isnull=True,
        )
        .select_related("target", "target__arm", "document")
        .order_by("id")
    )


def letter_message(
    dispatch: Dispatch, *, base_url: str, connection: BaseEmailBackend | None = None
) -> EmailMessage:
    target = dispatch.target
    subject = target.arm.letter_subject or "Carta de la Dirección de Derecho de Autor"
    message = EmailMessage(
        subject=f"INDECOPI: {subject}",
        body=BODY.format(
            name=target.name, url=reply_url(target.reply_code, base_url), code=target.reply_code
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[target.email],
        connection=connection,
        headers={"X-IPEnforce-Reply-Code": target.reply_code},
    )
    if dispatch.document is not None:
        with dispatch.document.file.open("rb") as fh:
            message.attach(f"carta-{target.reply_code}.pdf", fh.read(), "application/pdf")
    return message


def send_pending_emails(
    campaign: Campaign,
    *,
    base_url: str,
    actor: object = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Send every e-mail letter of the campaign not yet sent; return (sent, refused).

    Connection failures propagate (the job fails and is resumed later); a refused recipient
    becomes a returned dispatch.
    """
    sent = refused = 0
    connection = get_connection()
    connection.open()
    try:
        for dispatch in pending_emails(campaign).iterator(chunk_size=200):
            message = letter_message(dispatch, base_url=base_url, connection=connection)
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as exc:
                detail = "; ".join(f"{code} {text!r}" for code, text in exc.recipients.values())
                note = stored_text(REFUSED_NOTE, detail=detail[:300])
                _mark(dispatch, DispatchStatus.RETURNED, note, actor)
                refused += 1
                continue
            now = timezone.now()
            when = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
            note = stored_text(SENT_NOTE, email=dispatch.target.email, when=when)
            _mark(dispatch, DispatchStatus.PENDING, note, actor, emailed_at=now)
            sent += 1
            if progress:
                progress(sent + refused)
    finally:
        connection.close()
    return sent, refused


def _mark(
    dispatch: Dispatch,
    status: str,
    note: dict[str, Any],
    actor: object,
    *,
    emailed_at: dt.datetime | None = None,
) -> None:
    before = {"status": dispatch.status, "status_note": dispatch.status_note_spanish()}
    fields = Dispatch.note_fields(note)
    if emailed_at is not None:
        fields["emailed_at"] = emailed_at
    Dispatch.objects.filter(pk=dispatch.pk).update(status=status, **fields)
    for name, value in fields.items():
        setattr(dispatch, name, value)
    audit.record(
        actor=actor,
        action="dispatch.email",
        obj=dispatch,
        before=before,
        after={"status": status, "status_note": dispatch.status_note_spanish()},
    )

"""Staff pages that run a campaign: create, targets, arms, letters, approval, letter batch,
dispatch statuses, replies and licence reports. Views are thin: the rules are in
`services.operations`, `targeting`, `letters` and `tasks`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipenforce.campaigns import forms, letters
from ipenforce.campaigns.models import (
    Arm,
    Campaign,
    CampaignStatus,
    Dispatch,
    LicencePurchase,
    LicenceReport,
    Response,
    ResponseChannel,
    Target,
)
from ipenforce.campaigns.services import operations as ops
from ipenforce.campaigns.targeting import eligible_firms
from ipenforce.core import selectors as core_selectors
from ipenforce.core.permissions import permission_required
from ipenforce.documents.render import render_pdf
from ipenforce.documents.services import documents_for

VIEW = "campaigns.view_campaign"
CHANGE = "campaigns.change_campaign"


def _campaign(pk: int) -> Campaign:
    return get_object_or_404(Campaign, pk=pk)


def _fail(request: HttpRequest, exc: ops.OperationError) -> None:
    messages.error(request, str(exc))


def _back(campaign: Campaign) -> HttpResponse:
    return redirect("campaigns:ops_overview", campaign.pk)


# --- create, edit, overview -----------------------------------------------------------------------


@permission_required("campaigns.add_campaign")
def create(request: HttpRequest) -> HttpResponse:
    form = forms.CampaignForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        campaign = ops.create_campaign(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Campaña creada. Ahora elija las empresas objetivo."))
        return redirect("campaigns:ops_targets", campaign.pk)
    return render(request, "campaigns/ops_form.html", {"form": form, "campaign": None})


@permission_required(CHANGE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    form = forms.CampaignForm(request.POST or None, instance=campaign)
    if campaign.status != CampaignStatus.DRAFT:
        messages.error(request, _("Solo se modifica una campaña en borrador."))
        return _back(campaign)
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in ops.EDITABLE_FIELDS}
        campaign.refresh_from_db()
        try:
            ops.update_campaign(campaign, actor=request.user, **changes)
        except ops.OperationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Campaña actualizada."))
        return _back(campaign)
    return render(request, "campaigns/ops_form.html", {"form": form, "campaign": campaign})


@permission_required(VIEW)
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    task_id = ops.latest_batch_task_id(campaign)
    figures = ops.campaign_figures(campaign)
    letter_rows = [f for f in figures if not f["arm"].is_control]
    licensed = sum(f["licensed"] for f in letter_rows)
    context = {
        "campaign": campaign,
        "arms": ops.arm_counts(campaign),
        "figures": figures,
        "estimated_pcs": licensed * campaign.avg_pcs_per_firm,
        "estimated_value": licensed * campaign.avg_pcs_per_firm * campaign.avg_licence_value_usd,
        "licensed_letter_firms": licensed,
        "problems": ops.readiness_problems(campaign)
        if campaign.status == CampaignStatus.DRAFT
        else [],
        "job": core_selectors.job(task_id) if task_id else None,
        "print_documents": [doc for arm in campaign.arms.all() for doc in documents_for(arm)],
        "responses": ops.response_counts(campaign),
        "non_targets": ops.non_target_purchases(campaign).count(),
        "review_form": forms.ReviewForm(),
        "is_author": campaign.created_by_id == request.user.pk,
    }
    return render(request, "campaigns/ops_overview.html", context)


# --- targets --------------------------------------------------------------------------------------


@permission_required(VIEW)
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = forms.TargetFilterForm(data)
    eligible = None
    if form.is_bound and form.is_valid():
        found = eligible_firms(campaign, form.filters())
        if request.method == "POST":
            if not request.user.has_perm(CHANGE):
                raise Http404
            try:
                added = ops.add_targets(
                    campaign, form.filters(), actor=request.user, limit=form.cleaned_data["limit"]
                )
            except ops.OperationError as exc:
                _fail(request, exc)
            else:
                messages.success(
                    request,
                    _("Se añadieron %(n)s empresas y se asignaron los brazos.") % {"n": added},
                )
            return redirect("campaigns:ops_targets", campaign.pk)
        eligible = {
            "count": found.count(),
            "sample": found.select_related("district__province__department")[:20],
        }
    chosen = campaign.targets.select_related("arm").order_by("target_id")
    page = Paginator(chosen, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/ops_targets.html",
        {"campaign": campaign, "form": form, "eligible": eligible, "page": page},
    )


@require_POST
@permission_required(CHANGE)
def remove_target(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=target_pk, campaign_id=pk)
    try:
        ops.remove_target(target, actor=request.user)
    except ops.OperationError as exc:
        _fail(request, exc)
    return redirect("campaigns:ops_targets", pk)


# --- arms -----------------------------------------------------------------------------------------


@permission_required(VIEW)
def arms(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    current = ops.arm_counts(campaign)
    initial = {
        "letter_arms": ", ".join(a.name for a in current if not a.is_control) or "letter",
        "control_share": campaign.control_share,
        "seed": campaign.assignment_seed,
    }
    form = forms.ArmsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise Http404
        if form.is_valid():
            try:
                ops.configure_arms(
                    campaign,
                    letter_arms=form.arm_names(),
                    control_share=form.cleaned_data["control_share"],
                    seed=form.cleaned_data["seed"],
                    actor=request.user,
                )
            except ops.OperationError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Brazos asignados."))
                return redirect("campaigns:ops_arms", campaign.pk)
    baseline_form = forms.BaselineForm(request.GET or None)
    baseline = Decimal("10")
    if baseline_form.is_bound and baseline_form.is_valid():
        baseline = baseline_form.cleaned_data["baseline"] or baseline
    mdes = [
        {
            "arm": name,
            "n_letter": n_letter,
            "n_control": n_control,
            "mde": None if mde is None else mde * 100,
            "rate": None if mde is None else float(baseline) + mde * 100,
        }
        for name, n_letter, n_control, mde in ops.minimum_detectable_effects(
            campaign, float(baseline) / 100
        )
    ]
    return render(
        request,
        "campaigns/ops_arms.html",
        {
            "campaign": campaign,
            "arms": current,
            "form": form,
            "baseline_form": baseline_form,
            "baseline": baseline,
            "mdes": mdes,
            "record": campaign.assignment_record,
        },
    )


# --- letters --------------------------------------------------------------------------------------


def _arm(pk: int, arm_pk: int) -> Arm:
    return get_object_or_404(Arm.objects.select_related("campaign"), pk=arm_pk, campaign_id=pk)


def _letter_preview(arm: Arm, subject: str, body: str) -> dict[str, Any]:
    campaign = arm.campaign
    problems = letters.check_letter(subject, body, letters.available_fields(campaign))
    sample = letters.sample_target(arm)
    context = letters.letter_context(
        sample,
        base_url=letters.public_base_url(),
        day=timezone.localdate(),
        campaign=campaign,
    )
    result: dict[str, Any] = {
        "problems": problems,
        "sample": sample,
        "fields": sorted(letters.available_fields(campaign)),
    }
    if not problems:
        result["subject_html"] = letters.preview_html(subject, context)
        result["body_html"] = letters.preview_html(body, context)
    return result


@permission_required(VIEW)
def letter(request: HttpRequest, pk: int, arm_pk: int) -> HttpResponse:
    arm = _arm(pk, arm_pk)
    if arm.is_control:
        raise Http404
    initial = {"letter_subject": arm.letter_subject, "letter_body": arm.letter_body}
    form = forms.LetterForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise Http404
        if form.is_valid():
            try:
                ops.save_letter(
                    arm,
                    subject=form.cleaned_data["letter_subject"],
                    body=form.cleaned_data["letter_body"],
                    actor=request.user,
                )
            except ops.OperationError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Carta guardada."))
                return redirect("campaigns:ops_letter", pk, arm.pk)
    subject = request.POST.get("letter_subject", arm.letter_subject)
    body = request.POST.get("letter_body", arm.letter_body)
    context = {"campaign": arm.campaign, "arm": arm, "form": form}
    context.update(_letter_preview(arm, subject, body))
    return render(request, "campaigns/ops_letter.html", context)


@require_POST
@permission_required(VIEW)
def letter_check(request: HttpRequest, pk: int, arm_pk: int) -> HttpResponse:
    """HTMX: the preview fragment for the text being typed (nothing is saved)."""
    arm = _arm(pk, arm_pk)
    subject = request.POST.get("letter_subject", "")[:300]
    body = request.POST.get("letter_body", "")[:20_000]
    context = {"campaign": arm.campaign, "arm": arm}
    context.update(_letter_preview(arm, subject, body))
    return render(request, "campaigns/ops_letter_preview.html", context)


@require_POST
@permission_required(VIEW)
def letter_pdf(request: HttpRequest, pk: int, arm_pk: int) -> HttpResponse:
    """The letter being edited as a PDF for the sample target (opened in a new tab)."""
    arm = _arm(pk, arm_pk)
    subject = request.POST.get("letter_subject", arm.letter_subject)[:300]
    body = request.POST.get("letter_body", arm.letter_body)[:20_000]
    campaign = arm.campaign
    if letters.check_letter(subject, body, letters.available_fields(campaign)):
        return HttpResponse(
            _("La carta tiene errores; corríjalos para ver el PDF."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    context = letters.letter_context(
        letters.sample_target(arm),
        base_url=letters.public_base_url(request.build_absolute_uri("/")),
        day=timezone.localdate(),
        campaign=campaign,
    )
    preview = Arm(campaign=campaign, name=arm.name, letter_subject=subject, letter_body=body)
    pdf = render_pdf(letters.layout_for(preview), body, context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vista-previa-{arm.name}.pdf"'
    return response


# --- approval and batch ---------------------------------------------------------------------------


@require_POST
@permission_required(CHANGE)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    try:
        ops.submit_for_approval(campaign, actor=request.user)
    except ops.OperationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Campaña enviada a aprobación."))
    return _back(campaign)


@require_POST
@permission_required("campaigns.approve_campaign")
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    form = forms.ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        ops.approve_campaign(campaign, actor=request.user, note=note)
    except ops.OperationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Campaña aprobada: ya se pueden enviar las cartas."))
    return _back(campaign)


@require_POST
@permission_required(VIEW)
def return_to_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The director returns it with observations, or the analyst withdraws it."""
    campaign = _campaign(pk)
    if not (request.user.has_perm("campaigns.approve_campaign") or request.user.has_perm(CHANGE)):
        raise Http404
    form = forms.ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        ops.return_to_draft(campaign, actor=request.user, note=note)
    except ops.OperationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("La campaña volvió a borrador."))
    return _back(campaign)


@require_POST
@permission_required(CHANGE)
def start_batch(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    try:
        ops.start_letter_batch(
            campaign,
            actor=request.user,
            base_url=letters.public_base_url(request.build_absolute_uri("/")),
        )
    except ops.OperationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("Lote de cartas encolado. El proceso `ipenforce worker` lo ejecutará.")
        )
    return _back(campaign)


# --- dispatches -----------------------------------------------------------------------------------


@permission_required(VIEW)
def dispatches(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    rows = Dispatch.objects.filter(target__campaign=campaign).select_related(
        "target", "target__arm", "document"
    )
    status = request.GET.get("estado", "")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("target__target_id", "id"), 50).get_page(request.GET.get("page"))
    counts = dict(
        Dispatch.objects.filter(target__campaign=campaign)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return render(
        request,
        "campaigns/ops_dispatches.html",
        {
            "campaign": campaign,
            "page": page,
            "status": status,
            "counts": counts,
            "upload_form": forms.CsvUploadForm(),
            "import_errors": [],
        },
    )


@require_POST
@permission_required(CHANGE)
def courier_import(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    form = forms.CsvUploadForm(request.POST, request.FILES)
    errors: list[tuple[int, str]] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = ops.import_courier_file(
                campaign, upload.read(), file_name=upload.name, actor=request.user
            )
        except ops.ImportFileError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Archivo del courier importado: %(rows)s filas, %(changed)s cambios de estado.")
                % {"rows": result.rows, "changed": result.changed},
            )
            return redirect("campaigns:ops_dispatches", campaign.pk)
    rows = Dispatch.objects.filter(target__campaign=campaign).select_related(
        "target", "target__arm"
    )
    return render(
        request,
        "campaigns/ops_dispatches.html",
        {
            "campaign": campaign,
            "page": Paginator(rows.order_by("target__target_id"), 50).get_page(1),
            "status": "",
            "counts": {},
            "upload_form": form,
            "import_errors": errors,
        },
        status=400,
    )


@require_POST
@permission_required(CHANGE)
def dispatch_status(request: HttpRequest, pk: int, dispatch_pk: int) -> HttpResponse:
    dispatch = get_object_or_404(Dispatch, pk=dispatch_pk, target__campaign_id=pk)
    form = forms.DispatchStatusForm(request.POST)
    if form.is_valid():
        ops.set_dispatch_status(
            dispatch,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Estado del envío actualizado."))
    else:
        messages.error(request, _("Estado no válido."))
    return redirect("campaigns:ops_dispatches", pk)


# --- responses ------------------------------------------------------------------------------------


@permission_required(VIEW)
def responses(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    form = forms.StaffResponseForm(
        request.POST or None, request.FILES or None, initial={"responded_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not request.user.has_perm("campaigns.add_response"):
            raise Http404
        if form.is_valid():
            code = form.cleaned_data["code"].strip()
            target = campaign.targets.filter(
                Q(reply_code=ops.normalise_code(code)) | Q(target_id=code)
            ).first()
            if target is None:
                form.add_error("code", _("No hay ninguna empresa de esta campaña con ese código."))
            else:
                ops.record_response(
                    target,
                    kind=form.cleaned_data["kind"],
                    channel=ResponseChannel.POST,
                    actor=request.user,
                    responded_on=form.cleaned_data["responded_on"],
                    message=form.cleaned_data["message"],
                    attachment=form.cleaned_data["attachment"],
                )
                messages.success(request, _("Respuesta registrada."))
                return redirect("campaigns:ops_responses", campaign.pk)
    rows = (
        Response.objects.filter(target__campaign=campaign)
        .select_related("target", "target__arm")
        .order_by("-responded_on", "-id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/ops_responses.html",
        {"campaign": campaign, "page": page, "form": form},
    )


@permission_required(VIEW)
def response_attachment(request: HttpRequest, pk: int, response_pk: int) -> FileResponse:
    response = get_object_or_404(Response, pk=response_pk, target__campaign_id=pk)
    if not response.attachment:
        raise Http404
    name = (response.attachment.name or "adjunto").rsplit("/", 1)[-1]
    return FileResponse(response.attachment.open("rb"), as_attachment=True, filename=name)


# --- licence reports ------------------------------------------------------------------------------


def _licence_campaigns() -> Any:
    return Campaign.objects.filter(
        status__in=[CampaignStatus.SENDING, CampaignStatus.SENT, CampaignStatus.CLOSED]
    ).order_by("-start_date", "name")


@permission_required("campaigns.add_licencereport")
def licence_upload(request: HttpRequest) -> HttpResponse:
    """Rights holders (and analysts) upload licence-sale reports for a campaign."""
    campaign_pk = request.GET.get("campana")
    initial = {"campaign": campaign_pk} if campaign_pk else {}
    form = forms.LicenceUploadForm(
        request.POST or None,
        request.FILES or None,
        campaigns=_licence_campaigns(),
        initial=initial,
    )
    errors: list[tuple[int, str]] = []
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = ops.import_licence_report(
                form.cleaned_data["campaign"],
                upload.read(),
                file_name=upload.name,
                actor=request.user,
            )
        except ops.ImportFileError as exc:
            errors = exc.errors
    status = 400 if errors else 200
    return render(
        request,
        "campaigns/ops_licence_upload.html",
        {"form": form, "errors": errors, "result": result, "columns": ops.LICENCE_COLUMNS},
        status=status,
    )


@permission_required(VIEW)
def licences(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    purchases = LicencePurchase.objects.filter(report__campaign=campaign).select_related(
        "target", "target__arm", "report"
    )
    return render(
        request,
        "campaigns/ops_licences.html",
        {
            "campaign": campaign,
            "reports": LicenceReport.objects.filter(campaign=campaign).annotate(
                n=Count("purchases")
            ),
            "linked": purchases.filter(target__isnull=False).order_by("target__target_id", "line"),
            "non_targets": purchases.filter(target__isnull=True).order_by("report", "line"),
        },
    )

"""Campaign pages: the list, the impact report of a campaign or a programme, its exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from ipenforce.campaigns import exports, reporting, selectors
from ipenforce.campaigns.models import Campaign
from ipenforce.core.permissions import permission_required


@permission_required("campaigns.view_campaign")
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.campaigns(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "page": page,
            "rows": selectors.campaign_rows(list(page.object_list)),
            "programmes": reporting.programme_names(),
        },
    )


@permission_required("campaigns.view_impact_report")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    report = reporting.impact_report(campaign)
    context = {"campaign": campaign, **selectors.report_page(report)}
    return render(request, "campaigns/campaign_report.html", context)


def _download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("campaigns.view_impact_report")
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    data = reporting.impact_report(campaign).to_dict()
    name = f"informe-{slugify(campaign.name)[:60] or campaign.pk}.csv"
    return _download(exports.to_csv(data), "text/csv; charset=utf-8", name)


@permission_required("campaigns.view_impact_report")
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    data = reporting.impact_report(campaign).to_dict()
    name = f"informe-{slugify(campaign.name)[:60] or campaign.pk}.xlsx"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(exports.to_xlsx(data), xlsx, name)


@permission_required("campaigns.view_impact_report")
def programme_detail(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("nombre", "")
    campaigns = reporting.programme_campaigns(name) if name else []
    if not campaigns:
        raise Http404
    report = reporting.programme_impact(name)
    data = reporting.programme_dict(report)
    return render(
        request,
        "campaigns/programme_report.html",
        {
            "programme": name,
            "r": data,
            "rows": list(zip(campaigns, data["per_campaign"], strict=True)),
            "checks": selectors.checks_for_language(data),
        },
    )

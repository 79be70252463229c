"""Queries over the SUNAT mirror for pages (the firm page's SUNAT section)."""

from __future__ import annotations

from dataclasses import dataclass

from ipenforce.parties.models import Firm, SunatImport, SunatTaxpayer, SunatTaxpayerChange


@dataclass
class FirmSunat:
    taxpayer: SunatTaxpayer | None
    changes: list[SunatTaxpayerChange]
    last_import: SunatImport | None


def sunat_for_firm(firm: Firm, *, history: int = 20) -> FirmSunat | None:
    """The firm's record in the latest padrón and the history of its RUC; None without RUC."""
    if not firm.ruc:
        return None
    taxpayer = (
        SunatTaxpayer.objects.select_related("district__province__department", "last_import")
        .filter(ruc=firm.ruc)
        .first()
    )
    changes = list(
        SunatTaxpayerChange.objects.filter(ruc=firm.ruc).select_related("sunat_import")[:history]
    )
    last_import = SunatImport.objects.filter(status="done").order_by("-finished_at").first()
    return FirmSunat(taxpayer=taxpayer, changes=changes, last_import=last_import)

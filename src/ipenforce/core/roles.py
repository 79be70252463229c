"""Roles are Django groups; their permissions are declared here, as data.

A data migration creates the groups; after every migrate, `sync_roles` gives each group exactly
the permissions listed (permissions themselves are created by Django after migrations run, so
they cannot be assigned inside a migration). Apps add their permissions to ROLES as they land.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    slug: str
    group: str
    label: Any
    staff: bool
    permissions: tuple[str, ...]
    all_permissions: bool = False


_STAFF_COMMON = (
    "parties.view_firm",
    "core.view_jobs",
    "core.view_auditentry",
    "documents.view_issueddocument",
)

# Rights holders' lists, review queue and merges: read access for staff who oversee them.
_LIST_STAFF = (
    "parties.view_listimport",
    "parties.view_all_listimport",
    "parties.view_rightsholder",
    "parties.view_sourcerecord",
    "parties.view_reviewitem",
    "parties.view_firmmerge",
    "parties.view_sunatimport",
)

ROLES: tuple[Role, ...] = (
    Role(
        "analyst",
        "Analista",
        _("Analista (Dirección de Derecho de Autor)"),
        staff=False,
        permissions=(
            *_STAFF_COMMON,
            "parties.add_firm",
            "parties.change_firm",
            "campaigns.view_campaign",
            "campaigns.add_campaign",
            "campaigns.change_campaign",
            "campaigns.view_impact_report",
            "campaigns.add_response",
            "campaigns.add_licencereport",
            *_LIST_STAFF,
            "parties.add_listimport",
            "parties.commit_listimport",
            "parties.add_rightsholder",
            "parties.change_reviewitem",
            "parties.add_firmmerge",
            "parties.add_sunatimport",
        ),
    ),
    Role(
        "legal_officer",
        "Oficial legal",
        _("Oficial legal"),
        staff=False,
        permissions=(*_STAFF_COMMON, "cases.view_finecalculation", "cases.add_finecalculation"),
    ),
    Role(
        "director",
        "Director",
        _("Director / miembro de comisión"),
        staff=False,
        permissions=(
            *_STAFF_COMMON,
            "campaigns.view_campaign",
            "campaigns.approve_campaign",
            "campaigns.view_impact_report",
            "cases.view_finecalculation",
            *_LIST_STAFF,
        ),
    ),
    Role(
        "outreach_officer",
        "Oficial de difusión",
        _("Oficial de difusión y educación"),
        staff=False,
        permissions=("parties.view_firm",),
    ),
    Role(
        "administrator",
        "Administrador",
        _("Administrador"),
        staff=True,
        permissions=(),
        all_permissions=True,
    ),
    Role(
        "rights_holder",
        "Titular de derechos",
        _("Titular de derechos (socio externo)"),
        staff=False,
        permissions=(
            "campaigns.add_licencereport",
            "parties.add_listimport",
            "parties.view_listimport",
        ),
    ),
)

ROLE_BY_SLUG = {role.slug: role for role in ROLES}


def _split(perm: str) -> tuple[str, str]:
    app_label, codename = perm.split(".", 1)
    return app_label, codename


def sync_roles() -> list[str]:
    """Give each role's group exactly its declared permissions; return the ones not found."""
    from django.contrib.auth.models import Group, Permission

    missing: list[str] = []
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group)
        if role.all_permissions:
            group.permissions.set(Permission.objects.all())
            continue
        perms = []
        for perm in role.permissions:
            app_label, codename = _split(perm)
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None:
                missing.append(perm)
            else:
                perms.append(found)
        group.permissions.set(perms)
    return missing


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Run once, after the last app's post_migrate has created its permissions.
    from django.apps import apps

    last = list(apps.get_app_configs())[-1]
    if sender is last or getattr(sender, "label", "") == last.label:
        sync_roles()

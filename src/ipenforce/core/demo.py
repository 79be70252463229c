"""Demo data loaded by `make run` (idempotent: a second run changes nothing)."""

from __future__ import annotations

from importlib import import_module

from django.contrib.auth.models import Group
from django.db import transaction

from ipenforce.core.roles import ROLES, sync_roles

# Each app that has demo data adds its loader here, in dependency order.
LOADERS = [
    "ipenforce.core.demo.load_users",
    "ipenforce.parties.demo.load_firms",
    "ipenforce.campaigns.demo.load_2012_campaigns",
]

DEMO_USERS = {
    "analyst": ("analista", "Ana", "Quispe"),
    "legal_officer": ("legal", "Luis", "Mendoza"),
    "director": ("director", "Diana", "Salazar"),
    "outreach_officer": ("difusion", "Daniel", "Huamán"),
    "administrator": ("admin", "Alicia", "Torres"),
    "rights_holder": ("titular", "Tomás", "Rivera"),
}


def demo_password(username: str) -> str:
    return f"demo-{username}-2026"


def load_users() -> list[str]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    sync_roles()
    lines = []
    for role in ROLES:
        username, first, last = DEMO_USERS[role.slug]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.pe"},
        )
        if created:
            user.set_password(demo_password(username))
        user.is_staff = role.staff
        user.is_superuser = role.all_permissions
        user.save()
        user.groups.add(Group.objects.get(name=role.group))
        lines.append(f"  {username:<10} {demo_password(username):<22} {role.label}")
    return lines


@transaction.atomic
def load_all() -> list[str]:
    lines: list[str] = []
    for dotted in LOADERS:
        module_name, func_name = dotted.rsplit(".", 1)
        result = getattr(import_module(module_name), func_name)()
        if isinstance(result, list):
            lines.extend(result)
    return lines

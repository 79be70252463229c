"""Fixtures shared by every app's tests: users per role, a logged-in client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

TEST_PASSWORD = "pw-test-12345"  # noqa: S105 - test accounts only


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from ipenforce.core.roles import ROLE_BY_SLUG, sync_roles

    sync_roles()
    counter = {"n": 0}

    def factory(role: str | None = None, **fields: Any) -> Any:
        counter["n"] += 1
        User = get_user_model()
        username = fields.pop("username", f"{role or 'outsider'}{counter['n']}")
        user = User.objects.create_user(username=username, password=TEST_PASSWORD, **fields)
        if role:
            spec = ROLE_BY_SLUG[role]
            user.groups.add(Group.objects.get(name=spec.group))
            user.is_staff = spec.staff
            user.is_superuser = spec.all_permissions
            user.save()
        return user

    return factory


@pytest.fixture
def client_for(client: Any, make_user: Callable[..., Any]) -> Callable[..., Any]:
    """A test client logged in as a new user of the given role (None: no role at all)."""

    def login(role: str | None) -> Any:
        client.force_login(make_user(role))
        return client

    return login


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request: Any) -> None:
    """Transactional tests end with a flush of every table, which also empties the reference
    data that migrations load (ubigeo). pytest-django runs those tests after all the others, so
    reloading it (committed) at the start of each transactional test is enough."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType

    from ipenforce.core.reference_data import ensure_reference_data

    ContentType.objects.clear_cache()  # a flush re-creates content types with new ids
    from django.contrib.auth.models import Permission

    if not Permission.objects.exists():
        # A test with serialized_rollback ends with a flush that does not send post_migrate:
        # content types, permissions and the roles' groups are gone for the next test.
        from django.core.management.sql import emit_post_migrate_signal

        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Any:
    """A request in English leaves English active in the thread (the middleware activates the
    reader's language and nothing restores it); the next test starts in the default, Spanish."""
    yield
    from django.utils import translation

    translation.deactivate()

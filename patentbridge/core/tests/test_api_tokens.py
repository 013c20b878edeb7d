"""API tokens stop working when the account is locked out, its password changes or it is deactivated."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from patentbridge.core.models import ApiToken, SecurityEvent
from patentbridge.core.services import api_token_create
from patentbridge.orgs.tests.factories import UserFactory

PASSWORD = "Str0ng!Passw0rd#"  # what UserFactory sets
NEW_PASSWORD = "Lantern river copper mango 2026!"


def token_get(token: str, client: Client | None = None):
    return (client or Client()).get("/api/v1/notifications", HTTP_AUTHORIZATION=f"Bearer {token}")


def lock_out(username: str, client: Client, limit: int) -> None:
    for _ in range(limit):
        client.post("/accounts/login/", {"username": username, "password": "wrong"})


def live_tokens(user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


@pytest.mark.django_db
def test_token_works_for_an_account_in_good_standing():
    user = UserFactory()
    assert token_get(api_token_create(user=user, name="t")).status_code == 200


@pytest.mark.django_db
def test_token_is_refused_while_the_account_is_locked_out(settings):
    user = UserFactory()
    token = api_token_create(user=user, name="t")
    client = Client()
    lock_out(user.username, client, settings.AXES_FAILURE_LIMIT)
    response = token_get(token, client)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.django_db
def test_token_refused_for_a_locked_out_account_is_recorded(settings):
    user = UserFactory()
    token = api_token_create(user=user, name="t")
    client = Client()
    lock_out(user.username, client, settings.AXES_FAILURE_LIMIT)
    token_get(token, client)
    assert SecurityEvent.objects.filter(kind="token_refused", user=user).exists()


@pytest.mark.django_db
def test_token_works_again_after_the_lockout_is_reset(settings):
    from axes.utils import reset

    user = UserFactory()
    token = api_token_create(user=user, name="t")
    client = Client()
    lock_out(user.username, client, settings.AXES_FAILURE_LIMIT)
    reset(username=user.username)
    assert token_get(token, client).status_code == 200


@pytest.mark.django_db
def test_setting_a_new_password_revokes_the_users_tokens():
    user = UserFactory()
    token = api_token_create(user=user, name="t")
    user.set_password(NEW_PASSWORD)
    user.save()
    assert live_tokens(user) == 0
    assert token_get(token).status_code == 401


@pytest.mark.django_db
def test_password_change_leaves_other_users_tokens_alone():
    user, other = UserFactory(), UserFactory()
    api_token_create(user=other, name="t")
    user.set_password(NEW_PASSWORD)
    user.save()
    assert live_tokens(other) == 1


@pytest.mark.django_db
def test_saving_the_user_without_a_password_change_keeps_the_tokens():
    user = UserFactory()
    api_token_create(user=user, name="t")
    user.first_name = "伟"
    user.save()
    assert live_tokens(user) == 1


@pytest.mark.django_db
def test_signing_in_keeps_the_tokens():
    user = UserFactory()
    api_token_create(user=user, name="t")
    Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert live_tokens(user) == 1


@pytest.mark.django_db
def test_rehashing_the_password_on_sign_in_keeps_the_tokens(settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = UserFactory()
    get_user_model().objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    api_token_create(user=user, name="t")
    Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert get_user_model().objects.get(pk=user.pk).password.startswith("md5$")
    assert live_tokens(user) == 1


@pytest.mark.django_db
def test_token_revocation_is_recorded_with_the_reason():
    user = UserFactory()
    api_token_create(user=user, name="t")
    user.set_password(NEW_PASSWORD)
    user.save()
    event = SecurityEvent.objects.get(kind="tokens_revoked", user=user)
    assert "password" in event.detail


@pytest.mark.django_db
def test_password_change_view_revokes_the_users_tokens():
    user = UserFactory()
    api_token_create(user=user, name="t")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content
    assert live_tokens(user) == 0


@pytest.mark.django_db
def test_admin_password_change_revokes_the_users_tokens():
    admin = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory()
    api_token_create(user=user, name="t")
    client = Client()
    client.force_login(admin)
    response = client.post(f"/admin/auth/user/{user.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.content
    assert live_tokens(user) == 0


@pytest.mark.django_db
def test_changepassword_command_revokes_the_users_tokens():
    user = UserFactory()
    api_token_create(user=user, name="t")
    with mock.patch("getpass.getpass", return_value=NEW_PASSWORD):
        call_command("changepassword", user.username, stdout=mock.MagicMock())
    assert live_tokens(user) == 0


@pytest.mark.django_db
def test_deactivating_the_user_revokes_the_users_tokens():
    user = UserFactory()
    api_token_create(user=user, name="t")
    user.is_active = False
    user.save()
    assert live_tokens(user) == 0


@pytest.mark.django_db
def test_reactivating_the_user_does_not_bring_tokens_back():
    user = UserFactory()
    token = api_token_create(user=user, name="t")
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert token_get(token).status_code == 401


@pytest.mark.django_db
def test_password_change_ends_the_users_other_sessions():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    fresh = get_user_model().objects.get(pk=user.pk)
    fresh.set_password(NEW_PASSWORD)
    fresh.save()
    assert client.get("/api/v1/notifications").status_code == 401

"""Sign-in hardening for a level-3 (等保 2.0) system: lockout, password policy, idle timeout, audit."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from patentbridge.core.models import SecurityEvent
from patentbridge.orgs.tests.factories import UserFactory

PASSWORD = "Str0ng!Passw0rd#"


def sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_successful_sign_in_is_recorded():
    user = UserFactory()
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302
    assert SecurityEvent.objects.filter(kind="login", user=user).exists()


@pytest.mark.django_db
def test_failed_sign_in_is_recorded_with_the_username():
    user = UserFactory()
    sign_in(Client(), user.username, "wrong")
    assert SecurityEvent.objects.filter(kind="login_failed", username=user.username).exists()


@pytest.mark.django_db
def test_account_is_locked_after_repeated_failures(settings):
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong")
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="locked_out", username=user.username).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["short1!A", "alllowercase123!", "NoDigitsHere!!", "NoSymbols12345", "12345678901234"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak, UserFactory())


@pytest.mark.django_db
@pytest.mark.parametrize("guessable", ["Password123!", "Qwerty123456!", "Aa1!Aa1!Aa1!"])
def test_guessable_passwords_that_meet_the_character_rules_are_refused(guessable):
    with pytest.raises(ValidationError):
        validate_password(guessable, UserFactory())


def strength_validator():
    from django.contrib.auth.password_validation import get_default_password_validators

    return next(v for v in get_default_password_validators() if type(v).__name__ == "ZxcvbnPasswordValidator")


@pytest.mark.django_db
def test_strength_check_counts_the_users_own_name_and_username_as_guessable():
    user = UserFactory(username="wxm_scut", first_name="Xuemei", last_name="Wen", email="xuemei.wen@scut.edu.cn")
    strength_validator().validate("XuemeiWxm_scut", UserFactory())
    with pytest.raises(ValidationError):
        strength_validator().validate("XuemeiWxm_scut", user)


@pytest.mark.django_db
def test_guessable_password_is_explained_in_chinese():
    with pytest.raises(ValidationError) as refused:
        validate_password("Password123!", UserFactory())
    assert any("密码" in message for message in refused.value.messages)


@pytest.mark.django_db
def test_policy_compliant_password_is_accepted():
    validate_password("Gd-Patent#2026x", UserFactory())


@pytest.mark.django_db
def test_long_passphrase_is_accepted():
    validate_password("Lantern river copper mango 2026!", UserFactory())


@pytest.mark.django_db
def test_idle_session_expires(settings):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/patents/imports/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/patents/imports/").status_code == 302


def test_session_timeout_slides_with_activity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 1800

"""Roles in the admin: curator and reader groups, create_curator, staff only, lockout."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive.models import Article

from ..factories import make_article

pytestmark = pytest.mark.django_db
PASSWORD = "kuai-ju-2021-duanka"


@pytest.fixture
def article():
    return make_article(title="打击电信网络诈骗", body="公安部开展“断卡”行动。")


def make(username, *, reader=False, monkeypatch):
    monkeypatch.setenv("ARCHIVE_CURATOR_PASSWORD", PASSWORD)
    call_command("create_curator", username, *(["--reader"] if reader else []))
    return get_user_model().objects.get(username=username)


def test_the_migration_creates_both_groups():
    curator = set(Group.objects.get(name="curator").permissions.values_list("codename", flat=True))
    reader = set(Group.objects.get(name="reader").permissions.values_list("codename", flat=True))
    assert {"change_article", "delete_alias", "add_campaignmention", "import_articles"} <= curator
    assert "view_article" in reader and not any(c.split("_")[0] in {"add", "change", "delete"} for c in reader)
    assert "import_articles" not in reader


def test_create_curator_reads_the_password_from_the_environment(monkeypatch):
    user = make("zhang", monkeypatch=monkeypatch)
    assert user.is_staff and not user.is_superuser and user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["curator"]
    with pytest.raises(CommandError, match="exists"):
        call_command("create_curator", "zhang")


def test_create_curator_asks_twice_and_refuses_a_mismatch_or_a_weak_password(monkeypatch):
    monkeypatch.delenv("ARCHIVE_CURATOR_PASSWORD", raising=False)
    answers = iter([PASSWORD, "something-else"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("create_curator", "li")
    monkeypatch.setattr("getpass.getpass", lambda prompt: "123")
    with pytest.raises(CommandError):
        call_command("create_curator", "li")
    assert not get_user_model().objects.filter(username="li").exists()
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    call_command("create_curator", "li")
    assert get_user_model().objects.get(username="li").check_password(PASSWORD)


def test_curator_edits_and_reader_only_views(client, article, monkeypatch):
    change = reverse("admin:archive_article_change", args=[article.pk])
    client.force_login(make("reader1", reader=True, monkeypatch=monkeypatch))
    assert client.get(change).status_code == 200
    assert client.post(change, {"title": "改了"}).status_code == 403
    assert client.get(reverse("admin:archive_alias_add")).status_code == 403
    client.force_login(make("curator1", monkeypatch=monkeypatch))
    assert client.get(reverse("admin:archive_alias_add")).status_code == 200
    url = reverse("admin:archive_article_changelist")
    client.post(url, {"action": "withdraw", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN


def test_only_staff_reach_the_admin(client):
    get_user_model().objects.create_user("visitor", password=PASSWORD)
    client.force_login(get_user_model().objects.get(username="visitor"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_repeated_failed_logins_lock_the_account_out(client, monkeypatch, settings):
    make("wang", monkeypatch=monkeypatch)
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "wang", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post(login, {"username": "wang", "password": "wrong"}).status_code == 429
    # Locked: even the right password is refused now.
    assert client.post(login, {"username": "wang", "password": PASSWORD}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_good_login_gets_in(client, monkeypatch):
    make("zhao", monkeypatch=monkeypatch)
    response = client.post(reverse("admin:login"), {"username": "zhao", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"]

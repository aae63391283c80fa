"""``socialtui login mastodon``: token on stdin, the OAuth out-of-band flow, several accounts."""

from __future__ import annotations

import io
import stat

from socialtui.cli import main
from socialtui.store import Store


def _all_text(folder):
    return "".join(p.read_text(errors="ignore") for p in folder.rglob("*") if p.is_file())


def test_token_stdin_stores_the_account_and_a_private_token(server, login, tmp_path, capsys):
    store = login()
    out = capsys.readouterr().out
    assert "Logged in as @kestrel" in out and "brand-token" not in out
    account = store.get_account("kestrel")
    assert account.platform == "mastodon" and account.extra["instance"] == server.base_url
    assert account.extra["account_id"] and account.name == "Kestrel Mobile"
    [token_file] = (tmp_path / "config" / "tokens").glob("*.token")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert "brand-token" not in _all_text(tmp_path / "data")  # never in the store


def test_oauth_out_of_band_flow(server, tmp_path, monkeypatch, capsys):
    prompts = []

    def paste(prompt):
        prompts.append(prompt)
        return "mockcode_anna"  # what the instance shows after approval (mastodon-mock's code format)

    monkeypatch.setattr("builtins.input", paste)
    assert main(["login", "mastodon", server.base_url]) == 0
    out = capsys.readouterr().out
    assert f"{server.base_url}/oauth/authorize?" in out and "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in out
    assert "scope=read+write" in out and prompts == ["Code: "]
    assert "Logged in as @anna" in out
    assert Store(tmp_path / "data").get_account("anna").extra["instance"] == server.base_url


def test_an_empty_code_saves_nothing(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    assert main(["login", "mastodon", server.base_url]) == 2
    assert "No code entered" in capsys.readouterr().err
    assert Store(tmp_path / "data").list_accounts() == []


def test_several_accounts_can_be_logged_in(login):
    login("brand-token")
    store = login("anna-token")
    assert {"kestrel", "anna"} <= set(store.list_accounts())


def test_empty_stdin_and_bad_url_are_usage_errors(server, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["login", "mastodon", server.base_url, "--token-stdin"]) == 2
    assert "No token on standard input" in capsys.readouterr().err
    assert main(["login", "mastodon", "ftp://x", "--token-stdin"]) == 2
    for bad in ("notaurl", "https://exa mple.com", "http://mastodon.example"):  # the last: cleartext
        monkeypatch.setattr("sys.stdin", io.StringIO("brand-token\n"))
        assert main(["login", "mastodon", bad, "--token-stdin"]) == 2, bad


def test_an_unreachable_instance_says_to_run_the_login_again(server, api, tmp_path, monkeypatch, capsys):
    api.fault({"match": {"path": "/api/v1/accounts/verify_credentials"}, "effect": {"type": "status", "status": 503}})
    monkeypatch.setattr("socialtui.sources.mastodon.client.MastodonClient.backoff_delay", lambda self, attempt: 0.0)
    monkeypatch.setattr("sys.stdin", io.StringIO("brand-token\n"))
    assert main(["login", "mastodon", server.base_url, "--token-stdin"]) == 4  # NetworkError, as for sync
    err = capsys.readouterr().err
    assert "Login failed, nothing was saved" in err and "server error 503" in err
    assert f"run again: socialtui login mastodon {server.base_url} --token-stdin" in err
    assert "socialtui sync" not in err and "brand-token" not in err
    assert Store(tmp_path / "data").list_accounts() == []


def test_the_loopback_test_server_is_accepted_over_http(server):
    assert server.base_url.startswith("http://127.0.0.1:")  # what every login test here relies on
    from socialtui.cli.login import normalise_instance

    assert normalise_instance(server.base_url) == server.base_url

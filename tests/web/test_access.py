"""Sign-in by the intranet's proxy and roles, over real HTTP: the real app
(real model, real index) under uvicorn, clients connecting from a trusted
proxy's address (127.0.0.2) and from an untrusted one (127.0.0.3).

Every cell of route x identity x (login required or not) is a request."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from served import Served

from assistant.config import Settings
from assistant.answering.contract import answer_json
from assistant.errors import AssistantError
from assistant.governance.identity import Policy, read_tokens, shown_address
from assistant.web.app import create_app

PROXY, ELSEWHERE = "127.0.0.2", "127.0.0.3"
QUESTION = "Vem är socialchef i Vårgårda?"
READER_TOKEN = "reader-" + "r" * 30
ADMIN_TOKEN = "admin-" + "a" * 30

# identity -> (source address, headers)
IDENTITIES = {
    "anonymous": (PROXY, {}),
    "forged-admin": (ELSEWHERE, {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin"}),
    "reader": (PROXY, {"X-Remote-User": "anna"}),
    "editor": (PROXY, {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}),
    "admin": (PROXY, {"X-Remote-User": "eva", "X-Remote-Groups": "Personal, IT-admin"}),
    "token-reader": (ELSEWHERE, {"Authorization": f"Bearer {READER_TOKEN}"}),
    "token-admin": (ELSEWHERE, {"Authorization": f"Bearer {ADMIN_TOKEN}"}),
    "bad-token": (PROXY, {"Authorization": "Bearer nej-det-har-ar-ingen-nyckel-alls"}),
}
SIGNED_IN = {"reader", "editor", "admin", "token-reader", "token-admin"}
ADMINS = {"admin", "token-admin"}
EDITORS = {"editor"} | ADMINS

# (method, path, who may: open | reader | editor | admin, status when allowed)
ROUTES = [
    ("GET", "/healthz", "open", 200),
    ("GET", "/integritet", "open", 200),
    ("GET", "/", "reader", 200),
    ("GET", "/config", "reader", 200),
    ("GET", "/theme.css", "reader", 200),
    ("POST", "/gradio_api/call/ask", "reader", 200),
    ("GET", "/docs", "reader", 200),
    ("GET", "/openapi.json", "reader", 200),
    ("POST", "/api/ask", "reader", 200),
    ("POST", "/api/feedback", "reader", 201),
    ("GET", "/api/me", "reader", 200),
    ("GET", "/api/no-such-route", "reader", 404),
    ("GET", "/api/articles", "reader", 200),
    ("GET", "/api/articles/004-vargarda-socialtjanst", "reader", 200),
    ("GET", "/artiklar", "reader", 200),
    ("GET", "/artiklar/004-vargarda-socialtjanst?start=0&end=10", "reader", 200),
    ("GET", "/tillganglighet", "open", 200),
    ("GET", "/sidor/sida.css", "reader", 200),
    ("GET", "/sidor/sida.js", "reader", 200),
    # the editors' API and pages (editor_api.py, editor_page.py): nothing here changes the corpus
    ("POST", "/api/articles", "editor", 415),
    ("PATCH", "/api/articles/004-vargarda-socialtjanst", "editor", 422),
    ("DELETE", "/api/articles/no-such-article", "editor", 404),
    ("GET", "/redaktion", "editor", 200),
    ("GET", "/redaktion/saknas", "editor", 200),
    ("GET", "/sidor/redaktion.css", "reader", 200),
    ("GET", "/sidor/redaktion.js", "reader", 200),
    # feeds, refresh and other places (routes/sources.py): none changes the shipped corpus
    # (no article there has a web address; no such article; no action)
    ("POST", "/api/articles/no-such-article/places", "editor", 422),
    ("POST", "/api/refresh", "editor", 200),
    ("GET", "/api/sources", "editor", 200),
    ("POST", "/redaktion/kallor", "editor", 303),
    # "Spara svaret", "Kopiera svaret" (routes/saved.py): no body, so a Swedish 422
    ("POST", "/api/answer/document", "reader", 422),
    ("POST", "/api/answer/text", "reader", 422),
    # `assistant editors link` (local_sign_in.py): without its code the link is refused
    ("GET", "/redaktion/logga-in", "reader", 403),
    ("GET", "/api/feedback", "admin", 200),
    ("DELETE", "/api/feedback?from=2001-01-01&to=2001-01-31", "admin", 200),
    ("GET", "/api/audit", "admin", 200),
    ("GET", "/metrics", "admin", 200),
]


def expected(who: str, identity: str, login: bool, allowed: int) -> int:
    if identity == "bad-token":
        return 401
    if who == "open":
        return allowed
    if who == "reader":
        return allowed if identity in SIGNED_IN or not login else 401
    if identity in (EDITORS if who == "editor" else ADMINS):
        return allowed
    return 403 if identity in SIGNED_IN else 401


def access_settings(base: Settings, tmp, login: bool) -> Settings:
    tokens = tmp / "tokens.txt"
    tokens.write_text(f"# integrations\nintranet-sok reader {READER_TOKEN}\n"
                      f"statistik admin {ADMIN_TOKEN}\n", encoding="utf-8")
    return replace(base, trusted_proxies=(PROXY,), admin_groups=("IT-admin",),
                   editor_groups=("Redaktion",), require_login=login, tokens_file=tokens,
                   feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3")


@pytest.fixture(scope="module", params=[False, True], ids=["open", "login-required"])
def server(request, shipped, tmp_path_factory):
    settings = access_settings(shipped.settings, tmp_path_factory.mktemp("access"), request.param)
    served = Served(create_app(shipped, settings), settings).start()
    yield served, request.param
    served.stop()


def body_for(method: str, path: str, shipped, client):
    if path == "/api/ask":
        return {"question": QUESTION, "k": 1}
    if path == "/api/feedback" and method == "POST":
        # feedback is only taken on an answer the server signed (answer_id)
        asked = client.post("/api/ask", json={"question": QUESTION, "k": 1})
        answer = asked.json() if asked.status_code == 200 else answer_json(shipped.ask(QUESTION, k=1))
        return {"answer": answer, "verdict": "helpful"}
    if path == "/gradio_api/call/ask":
        return {"data": [QUESTION, "Alla", "Alla"]}
    return None


@pytest.mark.parametrize("identity", list(IDENTITIES))
def test_every_route_for_every_identity(server, identity, shipped):
    served, login = server
    source, headers = IDENTITIES[identity]
    failures = []
    with served.client(source, headers=headers) as client:
        for method, path, who, allowed in ROUTES:
            body = body_for(method, path, shipped, client)
            r = client.request(method, path, json=body)
            want = expected(who, identity, login, allowed)
            if r.status_code != want:
                failures.append(f"{method} {path}: {r.status_code}, expected {want}")
            elif r.status_code in (401, 403) and (path.startswith("/api/") or path == "/metrics"):
                assert "error" in r.json(), path
    assert not failures, f"{identity}, login {'required' if login else 'not required'}: {failures}"


def test_every_route_of_the_app_is_in_the_table(shipped, tmp_path):
    """A new route must get a row (and so a decision on who may use it)."""
    app = create_app(shipped, access_settings(shipped.settings, tmp_path, False))
    tabled = {(m, p.split("?")[0]) for m, p, _, _ in ROUTES}

    def in_table(method: str, template: str) -> bool:
        # "/api/articles/{article_id}" is tabled by a concrete "/api/articles/004-..."
        pattern = re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template.rstrip("/") or "/")))
        return any(m == method and pattern.fullmatch(p) for m, p in tabled)

    catch_all = {"/api/{rest:path}", "/api"}  # every method: a Swedish 404/405
    missing = []
    for path, ops in app.openapi()["paths"].items():
        missing += [(m.upper(), path) for m in ops if not in_table(m.upper(), path)]
    for route in _plain_routes(app.routes):
        for m in sorted(getattr(route, "methods", None) or ()):
            if m != "HEAD" and route.path not in catch_all and not in_table(m, route.path):
                missing.append((m, route.path))
    assert not missing


def _plain_routes(routes):
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's included router
            yield from _plain_routes(route.original_router.routes)
        elif hasattr(route, "path") and hasattr(route, "methods"):
            yield route


def test_sign_in_page_is_swedish_and_api_gets_json(server):
    served, login = server
    with served.client(ELSEWHERE, headers={"X-Remote-User": "eva"}) as client:
        page = client.get("/", headers={"Accept": "text/html"})
        api = client.post("/api/ask", json={"question": QUESTION})
    if not login:  # open: the chat itself
        assert page.status_code == 200 and api.status_code == 200
        return
    assert page.status_code == 401 and page.headers["content-type"].startswith("text/html")
    assert "Du behöver logga in" in page.text and 'lang="sv"' in page.text
    assert page.headers["content-security-policy"]  # Edge's headers on the refusal too
    assert api.status_code == 401 and "logga in" in api.json()["error"]


def test_me_says_who_and_which_roles(server):
    served, login = server
    cases = {"admin": ("eva", ["reader", "editor", "admin"], "proxy"),
             "editor": ("erik", ["reader", "editor"], "proxy"),
             "reader": ("anna", ["reader"], "proxy"),
             "token-admin": ("statistik", ["reader", "editor", "admin"], "token"),
             "forged-admin": (None, ["reader"], "anonymous")}
    for identity, (name, roles, via) in cases.items():
        if login and identity == "forged-admin":
            continue
        source, headers = IDENTITIES[identity]
        with served.client(source, headers=headers) as client:
            me = client.get("/api/me").json()
        assert (me["user"], me["roles"], me["via"]) == (name, roles, via), identity


def test_headers_from_an_untrusted_address_change_nothing(server):
    """The same identity headers: believed from the proxy, ignored elsewhere."""
    served, _ = server
    headers = {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin"}
    with served.client(PROXY, headers=headers) as trusted, \
            served.client(ELSEWHERE, headers=headers) as untrusted:
        assert trusted.get("/api/audit").status_code == 200
        assert untrusted.get("/api/audit").status_code == 401
        assert untrusted.get("/api/me").status_code in (200, 401)
        if untrusted.get("/api/me").status_code == 200:
            assert untrusted.get("/api/me").json()["user"] is None


def test_without_any_setting_the_app_is_open_as_before(shipped, tmp_path):
    settings = replace(shipped.settings, feedback_db=tmp_path / "f.sqlite3",
                       audit_db=tmp_path / "a.sqlite3")
    assert Settings.from_env(env={}).trusted_proxies == ()
    served = Served(create_app(shipped, settings), settings).start()
    try:
        with served.client("127.0.0.5", headers={"X-Remote-User": "eva"}) as client:
            assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
            assert client.get("/").status_code == 200
            assert client.get("/api/me").json() == {"user": None, "roles": ["reader"],
                                                    "via": "anonymous", "groups": []}
            assert client.get("/api/feedback").status_code == 401  # admins only, and none
    finally:
        served.stop()


def test_bad_settings_are_refused_with_the_variable_named(shipped, tmp_path):
    for field, value, name in [("trusted_proxies", ("intranet",), "ASSISTANT_TRUSTED_PROXIES"),
                               ("user_header", "X Remote", "ASSISTANT_USER_HEADER"),
                               ("client_address", "some", "ASSISTANT_CLIENT_ADDRESS")]:
        with pytest.raises(AssistantError, match=name):
            Policy.from_settings(replace(shipped.settings, **{field: value}))
    bad = tmp_path / "tokens.txt"
    bad.write_text("api superuser " + "x" * 30 + "\n", encoding="utf-8")
    with pytest.raises(AssistantError, match="rad 1"):
        read_tokens(bad)
    bad.write_text("api reader kort\n", encoding="utf-8")
    with pytest.raises(AssistantError, match="för kort"):
        read_tokens(bad)
    with pytest.raises(AssistantError, match="ASSISTANT_REQUIRE_LOGIN"):
        Settings.from_env(env={"ASSISTANT_REQUIRE_LOGIN": "kanske"})


def test_hashed_tokens_work_like_plain_ones(tmp_path):
    import hashlib

    secret = "en-lång-hemlig-nyckel-för-tester"
    path = tmp_path / "tokens.txt"
    path.write_text(f"ci admin sha256:{hashlib.sha256(secret.encode()).hexdigest()}\n",
                    encoding="utf-8")
    (token,) = read_tokens(path)
    assert token.name == "ci" and token.role == "admin"
    assert token.digest == hashlib.sha256(secret.encode()).digest()


@pytest.mark.parametrize("address, mode, shown", [
    ("10.1.2.3", "truncated", "10.1.2.0/24"), ("10.1.2.3", "full", "10.1.2.3"),
    ("10.1.2.3", "off", "-"), ("2001:db8:1:2::5", "truncated", "2001:db8:1::/48"),
    (None, "full", "-")])
def test_client_addresses_are_kept_as_set(address, mode, shown):
    assert shown_address(address, mode) == shown


def test_other_authorization_schemes_and_a_proxys_own_header_are_left_alone(server):
    served, login = server
    with served.client(ELSEWHERE, headers={"Authorization": "Basic ZXZhOmhlbWxpZ3Q="}) as basic:
        assert basic.get("/api/me").status_code == (401 if login else 200)
    signed_in = {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin",
                 "Authorization": "Bearer the-sso-s-own-token-not-ours"}
    with served.client(PROXY, headers=signed_in) as proxied:
        assert proxied.get("/api/me").json()["user"] == "eva"


@pytest.mark.parametrize("headers", [
    [("X-Remote-User", "anna"), ("X-Remote-User", "eva"), ("X-Remote-Groups", "IT-admin")],
    [("X-Remote-User", "eva"), ("X-Remote-Groups", "IT-admin"), ("X-Remote-Groups", "Personal")],
], ids=["user-twice", "groups-twice"])
def test_identity_headers_sent_twice_are_refused(server, headers):
    """A proxy that appends its header to the browser's must not let the
    browser's value (sent first) decide who the user is."""
    served, _ = server
    with served.client(PROXY) as client:
        me = client.get("/api/me", headers=headers)
        audit = client.get("/api/audit", headers=headers)
        page = client.get("/", headers=headers + [("Accept", "text/html")])
    assert me.status_code == 400 and "Inloggningen kan inte avgöras" in me.json()["error"]
    assert audit.status_code == 400
    assert page.status_code == 400 and 'lang="sv"' in page.text
    assert "Inloggningen kan inte avgöras" in page.text


@pytest.mark.parametrize("name", ["ev\x01a", "eva\x7f", "e\u200bva", "eva\u202e"])
def test_a_user_name_with_a_control_character_is_refused_not_changed(server, name):
    served, _ = server
    with served.client(PROXY) as client:
        r = client.get("/api/me", headers={"X-Remote-User": name.encode("utf-8"),
                                           "X-Remote-Groups": "IT-admin"})
        groups = client.get("/api/me", headers={"X-Remote-User": "eva",
                                                "X-Remote-Groups": f"Personal, {name}".encode()})
    assert r.status_code == 400, r.text  # not signed in as "eva"
    assert "Inloggningen kan inte avgöras" in r.json()["error"]
    assert groups.status_code == 400, groups.text


def test_blanks_around_identity_values_are_still_fine(server):
    served, _ = server
    with served.client(PROXY) as client:
        me = client.get("/api/me", headers={"X-Remote-User": "eva",
                                            "X-Remote-Groups": "Personal,\tIT-admin"}).json()
    assert me["user"] == "eva" and me["groups"] == ["Personal", "IT-admin"]


def test_a_forwarded_for_line_of_the_browsers_own_does_not_name_the_client(server):
    """A proxy that adds its own X-Forwarded-For line (HAProxy's `option
    forwardfor`) after the one the browser sent: the lines are one list, read
    from the nearest hop; the browser's line (first) named the client, so
    anyone could pass as any address (per-client limits, the audit log)."""
    served, _ = server
    admin = [("X-Remote-User", "eva"), ("X-Remote-Groups", "IT-admin")]
    forwarded = [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-For", "198.51.100.7")]
    with served.client(PROXY) as client:
        assert client.get("/api/feedback", headers=admin + forwarded).status_code == 200
        entries = client.get("/api/audit", headers=admin).json()["entries"]
    read = [e for e in entries if e["action"] == "feedback.read"][-1]
    assert read["address"] == "198.51.100.0/24", read

"""A stand-in intranet for the browser tests: HTML pages by path on their
own loopback server (`pages_app`), a page that frames the app as the README
says (`frame_page`), and the reverse proxy the README's nginx example
describes (`prefix_proxy`). tests/conftest.py's `framing_site` serves them
around the app; tests/served.py serves any of them on a free port."""

from __future__ import annotations

import httpx


def pages_app(pages: dict[str, str]):
    """A stand-in intranet: HTML pages by path."""

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return await _lifespan(receive, send)
        body = pages.get(scope["path"], "not found").encode("utf-8")
        await send({"type": "http.response.start", "status": 200 if scope["path"] in pages else 404,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.body", "body": body})

    return app


HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"te", b"trailer", b"upgrade",
              b"content-length"}


def prefix_proxy(prefix: str, upstream: str):
    """What nginx does with the README's nginx example: requests under
    `prefix` go to `upstream` with the prefix stripped, Host kept, and
    X-Forwarded-Host/-Proto/-For added; responses (event streams too) are
    passed through as they arrive. Anything else is a 404 from the proxy."""
    client: list[httpx.AsyncClient] = []

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return await _lifespan(receive, send)
        if not scope["path"].startswith(prefix + "/"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            return await send({"type": "http.response.body", "body": b"proxy: not here"})
        if not client:
            client.append(httpx.AsyncClient(base_url=upstream, timeout=None))
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        host = dict(scope["headers"]).get(b"host", b"")
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in HOP_BY_HOP]
        headers += [(b"x-forwarded-host", host), (b"x-forwarded-proto", b"http"),
                    (b"x-forwarded-for", scope["client"][0].encode())]
        target = scope["path"][len(prefix):]
        if scope["query_string"]:
            target += "?" + scope["query_string"].decode()
        request = client[0].build_request(scope["method"], target, headers=headers, content=body)
        response = await client[0].send(request, stream=True)
        try:
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(k, v) for k, v in response.headers.raw
                                    if k.lower() not in HOP_BY_HOP]})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()

    return app


async def _lifespan(receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            return await send({"type": "lifespan.shutdown.complete"})


def frame_page(src: str) -> str:
    """An intranet page with the iframe snippet from the README."""
    return f"""<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Intranätet</title>
<style>body {{ font-family: system-ui, sans-serif; margin: 0; color: #1f2937; }}
header {{ background: #1f4e79; color: white; padding: 0.8rem 1.5rem; font-size: 1.2rem; }}
main {{ padding: 1rem 1.5rem; }} iframe {{ border: 1px solid #9ca3af; }}</style></head>
<body><header>Kommunens intranät · Socialtjänst och äldreomsorg</header><main>
<p>Fråga artiklarna om ledning och samverkan i andra kommuner:</p>
<iframe src="{src}" title="Samverkansassistenten" width="900" height="700"
        style="max-width: 100%"></iframe></main></body></html>"""

"""A municipality's web site on 127.0.0.1 for the feed, copy and refresh
tests and bench/refresh.py: news pages, an RSS and an Atom feed, sitemaps,
ETag and Last-Modified with 304, pages that can be changed or taken down
(404, 410), a redirect, a slow and a huge answer, an XML bomb, pages held
until the test lets them go (`held`, `gate`). Every request is logged
(path, conditional or not) so a test can count them."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

WORDS = ("hemtjänst omsorg samverkan nämnd förvaltning brukare anhöriga personal chef "
         "enhet planering uppföljning kvalitet trygghet larm besök vård stöd boende "
         "kommun region vårdcentral sjukhus team arbetsmiljö rekrytering budget beslut "
         "utbildning digital tillsyn insats bistånd handläggare mottagning vecka möte "
         "ansvar uppdrag resultat mål satsning utveckling rutin samordning natt dag "
         "kväll helg sommar vinter trafik färdtjänst mat måltid aktivitet träffpunkt "
         "förebyggande hälsa rehabilitering hjälpmedel demens minne språk tolk "
         "information telefon webb enkät synpunkt klagomål förbättring lärande").split()
LAST_MODIFIED = "Wed, 02 Dec 2026 08:00:00 GMT"


def article_text(n: int, words: int = 90) -> tuple[str, list[str]]:
    """(title, paragraphs) of news item `n`: words drawn at random, so two
    items share next to no 3-word runs."""
    rng = random.Random(n)
    paragraphs = []
    for size in (words // 3,) * 3:
        sentence = [rng.choice(WORDS) for _ in range(size)]
        paragraphs.append(" ".join(sentence).capitalize() + ".")
    return f"Nyhet {n} om omsorgen", paragraphs


def page_html(title: str, paragraphs: list[str], frame: str = "") -> str:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{escape(title)}'
            f'</title></head><body><header><nav><a href="/">Start</a></nav></header><main>'
            f"<article><h1>{escape(title)}</h1>{frame}\n{body}</article></main>"
            "<footer>Kommunen</footer></body></html>")


class Site:
    """The site's content: `pages[path] = (status, content type, body)`;
    `etags`: answer with ETag and Last-Modified, and 304 when they match."""

    def __init__(self, items: int = 5):
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.redirects: dict[str, str] = {}
        self.requests: list[tuple[str, bool]] = []  # (path, conditional)
        self.etags = True
        self.slow: set[str] = set()
        self.held: set[str] = set()  # answered only once `gate` is set (at most 60 s)
        self.gate = threading.Event()
        self.lock = threading.Lock()
        for n in range(items):
            self.set_article(n)
        self.server = None

    def set_article(self, n: int, paragraphs: list[str] | None = None, frame: str = "",
                    path: str | None = None) -> str:
        title, text = article_text(n)
        path = path or f"/nyheter/{n}"
        self.pages[path] = (200, "text/html; charset=utf-8",
                            page_html(title, paragraphs or text, frame).encode("utf-8"))
        return path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def rss(self, paths: list[str], name: str = "/rss.xml") -> str:
        items = "".join(f"<item><title>Nyhet {i}</title><link>{self.url(p)}</link>"
                        f"<pubDate>{LAST_MODIFIED}</pubDate></item>" for i, p in enumerate(paths))
        self.pages[name] = (200, "application/rss+xml", (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Nyheter</title>{items}</channel></rss>").encode("utf-8"))
        return self.url(name)

    def atom(self, paths: list[str], name: str = "/atom.xml") -> str:
        entries = "".join(f'<entry><title>Nyhet {i}</title><link rel="alternate" href="{p}"/>'
                          f"<updated>2026-12-02T08:00:00Z</updated></entry>"
                          for i, p in enumerate(paths))  # relative links, resolved by the reader
        self.pages[name] = (200, "application/atom+xml", (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Nyheter</title>{entries}</feed>").encode("utf-8"))
        return self.url(name)

    def sitemap(self, paths: list[str], name: str = "/sitemap.xml") -> str:
        urls = "".join(f"<url><loc>{self.url(p)}</loc><lastmod>2026-12-02</lastmod></url>"
                       for p in paths)
        self.pages[name] = (200, "application/xml", (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{urls}</urlset>').encode("utf-8"))
        return self.url(name)

    def sitemap_index(self, sitemaps: list[str], name: str = "/sitemap-index.xml") -> str:
        maps = "".join(f"<sitemap><loc>{s}</loc></sitemap>" for s in sitemaps)
        self.pages[name] = (200, "text/xml", (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{maps}</sitemapindex>').encode("utf-8"))
        return self.url(name)

    def count(self, prefix: str = "/nyheter/") -> int:
        with self.lock:
            return sum(1 for p, _ in self.requests if p.startswith(prefix))

    def start(self) -> "Site":
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                tag = self.headers.get("If-None-Match")
                since = self.headers.get("If-Modified-Since")
                with site.lock:
                    site.requests.append((path, bool(tag or since)))
                if path in site.held:
                    site.gate.wait(60)
                if path in site.redirects:
                    self.send_response(301)
                    self.send_header("Location", site.redirects[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, kind, body = site.pages.get(path, (404, "text/plain", b"finns inte"))
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if site.etags and status == 200 and tag == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if site.etags and status == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if path in site.slow:  # a byte every 0.2 s
                    for byte in body[:100]:
                        try:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(0.2)
                    return
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

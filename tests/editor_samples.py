"""A saved municipal news page ("Webbsida, endast HTML") for the editors'
tests: menus, a cookie banner, a footer around the article. The site's name
is not given and the text names two municipalities, so no municipality is
guessed: the editor has to set it."""

from __future__ import annotations

NEWS_ID_WORDS = "trygghetsteam"
QUESTION = "Vem leder det nya trygghetsteamet i Herrljunga?"
ANSWER = "Trygghetsteamet leds av enhetschefen Mira Johansson"

NEWS_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8">
<title>Nytt trygghetsteam stärker hemtjänsten – Nyheter</title>
<meta property="og:title" content="Nytt trygghetsteam stärker hemtjänsten">
<meta name="description" content="Ett nytt trygghetsteam i hemtjänsten.">
{canonical}
</head><body>
<div id="cookie-banner">Vi använder kakor för att förbättra webbplatsen. <button>Godkänn</button></div>
<header><nav><ul><li><a href="/">Start</a></li><li><a href="/omsorg">Omsorg och stöd</a></li>
<li><a href="/nyheter">Nyheter</a></li><li><a href="/kontakt">Kontakta oss</a></li></ul></nav>
<form role="search"><input name="q" placeholder="Sök"></form></header>
<main><article>
<h1>Nytt trygghetsteam stärker hemtjänsten</h1>
<p class="published">Publicerad: 2026-11-12</p>
<p>Från och med januari får hemtjänsten ett eget trygghetsteam som arbetar dygnet runt med
larm, nattbesök och stöd efter sjukhusvistelse. Teamet är ett samarbete mellan Herrljunga och
Vårgårda, där Herrljunga är värdkommun och ansvarar för personalen.</p>
<p>Trygghetsteamet leds av enhetschefen Mira Johansson, som tidigare arbetat med
hemsjukvård i tio år. Hon beskriver uppdraget som att ge äldre en trygg första tid hemma.</p>
<p>Teamet har tolv medarbetare och utgår från vårdcentralen. Samverkan med
primärvården och den kommunala hemsjukvården sker genom gemensamma planeringsmöten varje
vecka, där varje brukares behov gås igenom.</p>
<p>Socialnämnden beslutade om satsningen i oktober. Den följs upp efter ett år med en
enkät till brukare och anhöriga.</p>
</article></main>
<aside><h2>Relaterade nyheter</h2><ul><li><a href="/n1">Ny förskola invigd</a></li></ul></aside>
<footer><p>Kommunen, Torget 1. Telefon växel. Följ oss på sociala medier.</p></footer>
</body></html>
"""


def news_page(canonical: str | None = None) -> str:
    tag = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return NEWS_PAGE.replace("{canonical}", tag)

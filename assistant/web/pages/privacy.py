"""The privacy notice at /integritet, in Swedish: what is stored, for how
long, and who can read it, from the settings the app runs with."""

from __future__ import annotations

import html

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

PATH = "/integritet"
TITLE = "Så hanteras dina uppgifter"

_ADDRESS = {
    "off": "Din IP-adress sparas inte.",
    "truncated": "Din IP-adress sparas bara förkortad till nätet den hör till (till exempel "
                 "10.1.2.0/24), inte hel.",
    "full": "Din IP-adress sparas hel.",
}


def privacy_html(settings) -> str:
    e = html.escape
    days = int(settings.retention_days)
    address = _ADDRESS.get(settings.client_address, _ADDRESS["truncated"])
    admins = ", ".join(settings.admin_groups)
    readers = (f"administratörer (medlemmar i {e(admins)})" if admins
               else "administratörer, och bara om kommunen har ställt in inloggning")
    if settings.gaps:
        asked = (f"Frågor som assistenten inte kan besvara sparas utan personuppgifter i {days} "
                 "dagar så att redaktionen ser vad artiklarna saknar.",
                 "Bara frågans text sparas, med dag och vecka, aldrig vem som frågade. Andra "
                 "frågor används för att söka i artiklarna och glöms sedan, om du inte ger "
                 "återkoppling.")
        kept = "Obesvarade frågor, återkoppling och granskningsloggen"
        report = ("<p>De obesvarade frågorna kan läsas av redaktörer och administratörer, "
                  "utan uppgift om vem som frågade.</p>")
    else:
        asked = ("Dina frågor sparas inte, om du inte ger återkoppling.",
                 "En fråga används för att söka i artiklarna och glöms sedan, också en fråga "
                 "som assistenten inte kan besvara.")
        kept = "Återkoppling och granskningsloggen"
        report = ""
    signed_in = ("Du loggar in via intranätet. Ditt användarnamn används för att avgöra vad du får "
                 "göra och skrivs i granskningsloggen när du läser eller ändrar andras uppgifter, "
                 "men aldrig tillsammans med dina frågor."
                 if settings.trusted_proxies or settings.tokens_file else
                 "Assistenten känner inte till vem du är: ingen inloggning är inställd.")
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{TITLE} – Samverkansassistenten</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;
color:#1f2937;line-height:1.55}}a{{color:#1f4e79}}h2{{margin-top:1.6em}}</style></head><body>
<main>
<h1>{TITLE}</h1>
<p>Samverkansassistenten svarar med citat ur publicerade artiklar. Den behöver inga uppgifter
om dig eller om enskilda personer.</p>

<h2>Det här sparas</h2>
<ul>
<li><strong>Frågor med personuppgifter avvisas innan något sparas.</strong> En fråga med
ett personnummer, samordningsnummer, telefonnummer eller en e-postadress söks inte, sparas inte
och loggas inte. Du får veta varför och kan fråga igen utan uppgiften.</li>
<li><strong>{asked[0]}</strong> {asked[1]} Serverns loggar innehåller aldrig frågans text. Samtalet
finns bara kvar i din webbläsarflik.</li>
<li><strong>Återkoppling.</strong> Om du ger återkoppling på ett svar (hjälpte, hjälpte inte,
citatet är fel) sparas frågan och svaret tillsammans med den i {days} dagar, utan ditt namn och
utan din adress. Återkopplingen används för att förbättra svaren.</li>
<li><strong>Åtkomstloggen</strong> visar tid, adressen som anropades (utan frågan) och om det
gick bra. {address}</li>
<li><strong>Granskningsloggen</strong> skriver vem som läser eller raderar återkoppling, läser
granskningsloggen eller ändrar artiklarna, när och varifrån. {address}</li>
</ul>
<p>{signed_in}</p>

<h2>Så länge sparas det</h2>
<p>{kept} raderas automatiskt efter {days} dagar. En administratör
kan också radera all återkoppling från en viss period tidigare än så. Hur länge åtkomstloggen
sparas bestämmer kommunens IT-avdelning.</p>

<h2>Vem kan läsa det</h2>
<p>Återkoppling och granskningsloggen kan läsas av {readers}, och av IT-personal med
behörighet till servern. Varje gång en administratör läser dem skrivs det i granskningsloggen.
Ingen uppgift skickas till någon annan: assistenten körs helt på kommunens egen server.</p>
{report}

<h2>Frågor</h2>
<p>Har du frågor om hur uppgifterna hanteras, kontakta kommunens dataskyddsombud.</p>
<p><a href="./">Tillbaka till assistenten</a></p>
</main>
</body></html>"""


def make_router(settings) -> APIRouter:
    router = APIRouter()

    @router.get(PATH, include_in_schema=False)
    def privacy() -> HTMLResponse:
        return HTMLResponse(privacy_html(settings))

    return router

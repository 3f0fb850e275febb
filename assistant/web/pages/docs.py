"""The API's documentation page at /docs: plain HTML rendered on the server
from the OpenAPI schema, with no scripts and nothing fetched from elsewhere
(FastAPI's Swagger UI would load from a CDN)."""

from __future__ import annotations

import html


def docs_page(schema: dict) -> str:
    """The API's documentation as plain HTML, from its OpenAPI schema: no
    scripts and nothing fetched from elsewhere (Swagger UI would load from a CDN)."""
    e = html.escape
    comps = schema.get("components", {}).get("schemas", {})

    def fields(ref: str) -> str:
        model = comps.get(ref.rsplit("/", 1)[-1], {})
        required = set(model.get("required", []))
        rows = []
        for name, prop in model.get("properties", {}).items():
            kinds = [t.get("type") or t.get("$ref", "").rsplit("/", 1)[-1]
                     for t in prop.get("anyOf", [prop])]
            kind = " eller ".join(k for k in kinds if k and k != "null") or "objekt"
            need = "krävs" if name in required else "valfritt"
            rows.append(f"<tr><td><code>{e(name)}</code></td><td>{e(kind)}</td><td>{need}</td>"
                        f"<td>{e(prop.get('description', ''))}</td></tr>")
        return ("<table><tr><th>fält</th><th>typ</th><th></th><th>betydelse</th></tr>"
                + "".join(rows) + "</table>")

    parts = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(f"<h2><code>{e(method.upper())} {e(path)}</code></h2>")
            parts.append(f"<p>{e(op.get('description') or op.get('summary', ''))}</p>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if "$ref" in body.get("schema", {}):
                parts.append(fields(body["schema"]["$ref"]))
            codes = "".join(f"<li><code>{e(code)}</code> {e(r.get('description', ''))}</li>"
                            for code, r in op.get("responses", {}).items())
            parts.append(f"<ul>{codes}</ul>")
    title = e(schema.get("info", {}).get("title", "API"))
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title} – API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1f2937;line-height:1.5}}code{{background:#f3f4f6;padding:0 .2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #9ca3af;padding:.3em .6em;text-align:left;vertical-align:top}}
a{{color:#1f4e79}}</style></head><body>
<h1>{title} – JSON-API</h1>
<p>Maskinläsbar beskrivning: <a href="openapi.json">openapi.json</a> (OpenAPI 3).
Fel besvaras med en 4xx-status och <code>{{"error": "meddelande på svenska"}}</code>;
när kön är full med 503 och <code>Retry-After</code>.</p>
<pre><code>curl -s -X POST http://127.0.0.1:7860/api/ask -H 'Content-Type: application/json' \\
  -d '{{"question": "Vem är socialchef i Vårgårda?", "k": 3}}'</code></pre>
{''.join(parts)}
</body></html>"""



#!/usr/bin/env python3
"""Writes the app's page (web/index.html) with a Content-Security-Policy that lets it fetch from its own
origin plus exactly the hub hosts models/hub.json names (its bases and their storage hosts), nothing else.

  /usr/bin/python3 scripts/write_page.py HUB_JSON IN_HTML OUT_HTML
"""
import json
import sys
from urllib.parse import urlsplit


def origins(hub):
    out = []
    for u in [b.get("url", "") for b in hub.get("bases", [])] + list(hub.get("storage_hosts", [])):
        p = urlsplit(u)
        local = p.scheme == "http" and p.hostname in ("127.0.0.1", "localhost")
        if (p.scheme == "https" or local) and p.hostname and all(c not in u for c in " ;'\""):
            o = f"{p.scheme}://{p.netloc}"
            if o not in out:
                out.append(o)
        else:
            raise SystemExit(f"write_page: {u!r} is not an https origin")
    return out


def main():
    hub_path, src, dst = sys.argv[1:4]
    try:
        hub = json.load(open(hub_path))
    except FileNotFoundError:
        hub = {}
    page = open(src, encoding="utf-8").read()
    if "connect-src 'self'" not in page:
        raise SystemExit("write_page: the page has no connect-src 'self' to extend")
    page = page.replace("connect-src 'self'", " ".join(["connect-src 'self'"] + origins(hub)), 1)
    open(dst, "w", encoding="utf-8").write(page)


if __name__ == "__main__":
    main()

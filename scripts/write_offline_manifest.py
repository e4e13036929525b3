#!/usr/bin/env python3
"""Writes DIST/offline.json: every file the app can need offline, with its decoded size in bytes, grouped
the way "Make available offline…" offers them (issue #35). Derived from what is in DIST, so it cannot
drift from the site: scripts/build.sh runs it once dist/ is assembled, before the build id is hashed.

  /usr/bin/python3 scripts/write_offline_manifest.py DIST

Groups (in this order): the app (page, scripts, both WebAssembly binaries, ONNX Runtime, the model and hub
lists), the languages' texts, the fonts — these three always — then each bundled model's folder
(models/index.json), the photos and class names hub models use, and the trainer with its data set.
Left out: sw.js (the browser keeps it itself), offline.json, the embed API's client (for course pages),
and the precompressed siblings (.br, .gz). Prints the folders the files are in (the service worker keeps
what it fetches from those).
"""
import json
import os
import sys

SKIP = {"sw.js", "offline.json", "vitvis_embed.mjs"}


def files_of(dist):
    out = []
    for root, dirs, names in os.walk(dist):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            path = os.path.relpath(os.path.join(root, n), dist).replace(os.sep, "/")
            if n.startswith(".") or n.endswith((".br", ".gz")) or path in SKIP:
                continue
            out.append(path)
    return out


def main(dist):
    index = json.load(open(os.path.join(dist, "models", "index.json"), encoding="utf-8"))
    folders = {}  # models/<folder>/ -> the first model listed in it
    for m in index.get("models", []):
        folder = m.get("file", "").split("/")[0]
        if folder and folder not in folders:
            folders[folder] = m
    groups = [
        {"id": "app", "kind": "app", "name": "The app", "required": True, "files": []},
        {"id": "languages", "kind": "languages", "name": "Languages", "required": True, "files": []},
        {"id": "fonts", "kind": "fonts", "name": "Fonts", "required": True, "files": []},
    ]
    by_id = {g["id"]: g for g in groups}
    for folder, m in folders.items():
        g = {"id": "model:" + m.get("id", folder), "kind": "model", "name": m.get("name", folder), "required": False,
             "files": []}
        groups.append(g)
        by_id["models/" + folder] = g
    groups.append({"id": "photos", "kind": "photos", "name": "Photos and ImageNet class names", "required": False,
                   "files": []})
    groups.append({"id": "training", "kind": "training", "name": "Train a ViT", "required": False, "files": []})
    by_id.update({g["id"]: g for g in groups})

    def group_of(path):
        parts = path.split("/")
        if parts[0] == "i18n":
            return by_id["languages"]
        if parts[0] == "fonts":
            return by_id["fonts"]
        if parts[0] in ("trainer", "data"):
            return by_id["training"]
        if parts[0] == "models" and len(parts) > 2 and "models/" + parts[1] in by_id:
            return by_id["models/" + parts[1]]
        if parts[0] == "models" and (parts[1] == "photos" or parts[1] == "imagenet-1k.json"):
            return by_id["photos"]
        return by_id["app"]  # the page, its scripts, ort/, the model and hub lists, anything new

    for path in files_of(dist):
        group_of(path)["files"].append({"path": path, "bytes": os.path.getsize(os.path.join(dist, path))})
    groups = [g for g in groups if g["files"]]
    with open(os.path.join(dist, "offline.json"), "w", encoding="utf-8") as f:
        json.dump({"groups": groups}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    total = sum(x["bytes"] for g in groups for x in g["files"])
    print(" ".join(sorted({x["path"].split("/")[0] + "/" for g in groups for x in g["files"] if "/" in x["path"]})))
    print(f"[offline] {sum(len(g['files']) for g in groups)} files, {total / 1e6:.2f} MB in {len(groups)} groups",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/env python3
"""Writes a copy of an ONNX model whose graph keeps only some outputs (default: logits), with the
nodes and initializers that no kept output needs removed -- what a minimal classifier would load.
Also writes a JSON sidecar (--meta) with the model's metadata_props, input shape and sizes.

Usage: /usr/bin/python3 bench/prune_outputs.py SRC.onnx DST.onnx [--keep logits] [--meta META.json]
"""
import argparse
import json
import os
import sys

import onnx


def prune(model, keep):
    g = model.graph
    names = {o.name for o in g.output}
    missing = [k for k in keep if k not in names]
    if missing:
        raise SystemExit(f"no output(s) {missing} in the model (has {sorted(names)[:8]}...)")
    needed = set(keep)
    kept_nodes = []
    for node in reversed(list(g.node)):
        if any(o in needed for o in node.output):
            kept_nodes.append(node)
            needed.update(i for i in node.input if i)
            # Subgraphs (If/Loop) may read outer values: keep everything they mention.
            for a in node.attribute:
                for sub in ([a.g] if a.HasField("g") else []) + list(a.graphs):
                    for n in sub.node:
                        needed.update(i for i in n.input if i)
    kept_nodes.reverse()
    del g.node[:]
    g.node.extend(kept_nodes)
    inits = [t for t in g.initializer if t.name in needed]
    del g.initializer[:]
    g.initializer.extend(inits)
    outs = [o for o in g.output if o.name in keep]
    del g.output[:]
    g.output.extend(outs)
    vis = [v for v in g.value_info if v.name in needed]
    del g.value_info[:]
    g.value_info.extend(vis)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--keep", default="logits", help="comma-separated output names to keep")
    ap.add_argument("--meta", help="write metadata + shapes of SRC as JSON here")
    a = ap.parse_args()
    model = onnx.load(a.src)
    meta = {p.key: p.value for p in model.metadata_props}
    inp = model.graph.input[0]
    dims = [d.dim_value if d.HasField("dim_value") else 1 for d in inp.type.tensor_type.shape.dim]
    info = {"input": inp.name, "dims": dims, "outputs": len(model.graph.output), "nodes": len(model.graph.node),
            "src_bytes": os.path.getsize(a.src), "metadata": meta}
    pruned = prune(model, [k for k in a.keep.split(",") if k])
    tmp = a.dst + ".tmp"
    onnx.save(pruned, tmp)
    os.replace(tmp, a.dst)
    info.update({"pruned_nodes": len(pruned.graph.node), "pruned_bytes": os.path.getsize(a.dst)})
    if a.meta:
        with open(a.meta, "w") as f:
            json.dump(info, f, indent=1)
    print(f"[prune] {a.dst}: {info['nodes']} -> {info['pruned_nodes']} nodes, outputs {info['outputs']} -> "
          f"{len(pruned.graph.output)}, {info['src_bytes']} -> {info['pruned_bytes']} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()

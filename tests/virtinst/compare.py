#!/usr/bin/env python3
"""compare.py A B: the two XML documents equal canonically (blank text
and attribute order aside)?  Exit 0 if so; else 1 and the first
difference, as a path, on stdout."""
import sys
import xml.etree.ElementTree as ET


def walk(a, b, path):
    p = f"{path}/{a.tag}"
    if a.tag != b.tag:
        return f"{path}: <{a.tag}> vs <{b.tag}>"
    if a.attrib != b.attrib:
        keys = sorted(set(a.attrib) | set(b.attrib))
        k = next(k for k in keys if a.attrib.get(k) != b.attrib.get(k))
        return f"{p}/@{k}: {a.attrib.get(k)!r} vs {b.attrib.get(k)!r}"
    ta, tb = (a.text or "").strip(), (b.text or "").strip()
    if ta != tb:
        return f"{p}: text {ta!r} vs {tb!r}"
    ca, cb = list(a), list(b)
    for x, y in zip(ca, cb):
        d = walk(x, y, p)
        if d:
            return d
    if len(ca) != len(cb):
        extra = (ca if len(ca) > len(cb) else cb)[min(len(ca), len(cb))]
        side = "only in first" if len(ca) > len(cb) else "only in second"
        return f"{p}/{extra.tag}: {side}"
    return None


d = walk(ET.parse(sys.argv[1]).getroot(), ET.parse(sys.argv[2]).getroot(), "")
if d:
    print(d)
    sys.exit(1)

#!/usr/bin/env python3
"""Lists the module-to-module edges of a Rust crate and the import cycles
among them.

    python3 scripts/module_cycles.py src crates/cognito-client/src

An edge A -> B means code in module A names an item that module B defines:
through `use crate::…`, `use super::…`, `use self::…`, a child module, or a
path such as `crate::auth::use_auth()` in the code. A path through a
re-export (`pub use attempt::State` in `oauth/mod.rs`) counts for the module
that defines the item, so a `mod.rs` that only declares and re-exports its
children makes no cycle with them. `#[cfg(test)]` modules are left out: tests
may reach anywhere. Declaring a child (`mod x;`) is not an edge.

Exits 1 when there is a cycle.
"""

import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
ITEM = re.compile(
    r"\b(?:struct|enum|fn|trait|type|const|static|union|mod)\s+(" + IDENT + r")"
    r"|\bmacro_rules!\s*(" + IDENT + r")"
)
USE = re.compile(r"\buse\s+([^;]+);")
PATH = re.compile(r"(?<![A-Za-z0-9_:])(" + IDENT + r"(?:\s*::\s*" + IDENT + r")+)")


def strip(text):
    """Source without comments, string and char literals."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif re.match(r'(?<![A-Za-z0-9_])b?r(#*)"', text[i : i + 40]) and (
            i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        ):
            m = re.match(r'b?r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + m.end())
            i = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""')
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            if m:
                i += m.end()
                out.append("' '")
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching_brace(text, open_at):
    depth = 0
    for k in range(open_at, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(text) - 1


def drop_test_modules(text):
    """The code without test-only modules (`#[cfg(test)] mod x { … }`, and
    `#[cfg(all(test, …))]` and the like); and the names of such `mod x;`
    children."""
    test_children = set()
    pattern = re.compile(r"#\[cfg\((?:test|all\(test\b[^\]]*)\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*([;{])")
    while True:
        m = pattern.search(text)
        if not m:
            return text, test_children
        if m.group(2) == ";":
            test_children.add(m.group(1))
            text = text[: m.start()] + text[m.end() :]
        else:
            end = matching_brace(text, m.end() - 1)
            text = text[: m.start()] + text[end + 1 :]


def split_top(text, sep=","):
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def expand_use(tree, prefix=()):
    """`a::{b, c::{d as e}}` -> [(path, name bound)]."""
    tree = re.sub(r"\s+", " ", tree).strip()
    m = re.match(r"^(.*?)\{(.*)\}$", tree, re.S)
    if m:
        head = [s.strip() for s in m.group(1).split("::") if s.strip()]
        out = []
        for part in split_top(m.group(2)):
            out.extend(expand_use(part, prefix + tuple(head)))
        return out
    alias = None
    if " as " in tree:
        tree, alias = [s.strip() for s in tree.split(" as ", 1)]
    segs = prefix + tuple(s.strip() for s in tree.split("::") if s.strip())
    if segs and segs[-1] == "self":
        segs = segs[:-1]
    name = alias or (segs[-1] if segs else None)
    return [(segs, name)]


class Crate:
    def __init__(self, src):
        self.src = src
        self.modules = {}  # module path (tuple) -> dict
        self.load((), os.path.join(src, "lib.rs"), src)

    def load(self, path, file, child_dir):
        raw = open(file, encoding="utf-8").read()
        code, test_children = drop_test_modules(strip(raw))
        items = {a or b for a, b in ITEM.findall(code)}
        uses = []  # (segments, bound name)
        for m in USE.finditer(code):
            uses.extend(expand_use(m.group(1)))
        children = []
        for m in re.finditer(r"(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*;", code):
            name = m.group(1)
            if name in test_children:
                continue
            children.append(name)
        self.modules[path] = {
            "file": os.path.relpath(file),
            "code": code,
            "items": items,
            "uses": uses,
            "children": children,
        }
        for name in children:
            flat = os.path.join(child_dir, name + ".rs")
            nested = os.path.join(child_dir, name, "mod.rs")
            if os.path.exists(flat):
                self.load(path + (name,), flat, os.path.join(child_dir, name))
            elif os.path.exists(nested):
                self.load(path + (name,), nested, os.path.join(child_dir, name))

    def start(self, here, first):
        """The module a path's first segment names, seen from `here`."""
        if first == "crate":
            return ()
        if first == "self":
            return here
        if first == "super":
            return here[:-1]
        if first in self.modules[here]["children"]:
            return here + (first,)
        for segs, name in self.modules[here]["uses"]:
            if name == first and segs and segs[0] != first:
                module, rest = self.walk(here, segs)
                if module is not None and not rest:
                    return module
        return None

    def walk(self, here, segs):
        """(module, remaining segments) for a path from `here`."""
        if not segs:
            return here, []
        module = self.start(here, segs[0])
        if module is None:
            return None, list(segs)
        rest = list(segs[1:])
        while rest and rest[0] == "super":
            module, rest = module[:-1], rest[1:]
        while rest and module + (rest[0],) in self.modules:
            module, rest = module + (rest[0],), rest[1:]
        return module, rest

    def module_of(self, here, segs, seen=None):
        """The module that defines what `segs` names, from `here`."""
        module, rest = self.walk(here, segs)
        if module is None:
            return None
        if not rest:
            return module
        return self.definer(module, rest[0], seen or set())

    def definer(self, module, name, seen):
        if (module, name) in seen:
            return module
        seen.add((module, name))
        info = self.modules[module]
        if name in info["items"]:
            return module
        for segs, bound in info["uses"]:
            if bound == name and segs:
                target = self.module_of(module, segs, seen)
                if target is not None:
                    return target
        for segs, bound in info["uses"]:
            if bound == "*":
                glob = self.walk(module, segs[:-1])
                if glob[0] is not None and not glob[1]:
                    target = self.definer(glob[0], name, seen)
                    if target != glob[0] or name in self.modules[glob[0]]["items"]:
                        return target
        return module

    def edges(self):
        result = {}
        for here, info in self.modules.items():
            deps = set()
            for segs, _ in info["uses"]:
                if segs and segs[0] in ("crate", "super", "self") or (
                    segs and segs[0] in info["children"]
                ):
                    target = self.module_of(here, segs)
                    if target is not None:
                        deps.add(target)
            code = USE.sub(" ", info["code"])
            for m in PATH.finditer(code):
                segs = tuple(re.sub(r"\s+", "", m.group(1)).split("::"))
                if self.start(here, segs[0]) is None:
                    continue
                target = self.module_of(here, segs)
                if target is not None:
                    deps.add(target)
            deps.discard(here)
            result[here] = deps
        return result


def name(crate, module):
    return crate.modules[module]["file"]


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main(dirs):
    found = False
    for src in dirs:
        crate = Crate(src)
        edges = crate.edges()
        print(f"== {src}: {len(crate.modules)} modules")
        for module in sorted(edges, key=lambda m: name(crate, m)):
            deps = ", ".join(sorted(name(crate, d) for d in edges[module]))
            print(f"  {name(crate, module)} -> {deps or '(nothing)'}")
        comps = cycles(edges)
        if comps:
            found = True
            for comp in comps:
                print("  CYCLE: " + " <-> ".join(name(crate, m) for m in comp))
        else:
            print("  no cycles")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["src", "crates/cognito-client/src", "crates/cognito-emulator/src"]))

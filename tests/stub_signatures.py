"""Checks the parameters of python/cxscore/_core.pyi against the compiled cxscore._core.

stubtest cannot read the parameters of a pybind11 function (they have no __text_signature__), so it
passes a stub whose names, defaults or keyword-only markers have drifted from the binding. pybind11
writes each signature as the first line of the docstring (one numbered line per overload); this
compares those with the stub: the parameter names in order, which have a default, and the * and /
markers. Names of *args and **kwargs, and of a dunder method's parameters, are not compared (no
caller writes them). Types are not compared.

Usage: python tests/stub_signatures.py python/cxscore/_core.pyi   (exit 1 on any difference)
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
from typing import Any, Optional

Param = tuple[str, bool]  # (name, or "*", "/", "*args", "**kwargs"; has a default)


def _split_top_level(text: str) -> list[str]:
    """``text`` split at the commas that are outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for k, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>" and not (ch == ">" and text[k - 1] == "-"):
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _parameter_text(line: str, name: str) -> Optional[str]:
    """What stands between the parentheses of ``name(...) -> ...`` in a pybind11 signature line."""
    if not line.startswith(name + "("):
        return None
    depth = 0
    for k in range(len(name), len(line)):
        if line[k] in "([{":
            depth += 1
        elif line[k] in ")]}":
            depth -= 1
            if depth == 0:
                return line[len(name) + 1:k]
    return None


def _runtime_param(part: str) -> Param:
    if part in ("*", "/"):
        return part, False
    if part.startswith("**"):
        return "**kwargs", False
    if part.startswith("*"):
        return "*args", False
    name = re.split(r"[:=]", part, maxsplit=1)[0].strip()
    depth, has_default = 0, False
    for ch in part:  # a default is an `=` outside the annotation's brackets
        depth += ch in "([{"
        depth -= ch in ")]}"
        has_default = has_default or (ch == "=" and depth == 0)
    return name, has_default


def runtime_signatures(obj: Any, name: str) -> list[list[Param]]:
    """The parameters of each signature pybind11 wrote for ``obj`` (several for an overloaded function)."""
    lines = (getattr(obj, "__doc__", None) or "").splitlines()
    if len(lines) > 1 and lines[1].strip() == "Overloaded function.":
        lines = [re.sub(r"^\d+\. ", "", line) for line in lines if re.match(r"^\d+\. ", line)]
    else:
        lines = lines[:1]
    texts = [t for t in (_parameter_text(line, name) for line in lines) if t is not None]
    return [[_runtime_param(p) for p in _split_top_level(t)] for t in texts]


def stub_signature(fn: ast.FunctionDef) -> list[Param]:
    a = fn.args
    positional = a.posonlyargs + a.args
    first_default = len(positional) - len(a.defaults)
    params: list[Param] = [(p.arg, k >= first_default) for k, p in enumerate(positional)]
    if a.posonlyargs:
        params.insert(len(a.posonlyargs), ("/", False))
    if a.vararg:
        params.append(("*args", False))
    elif a.kwonlyargs:
        params.append(("*", False))
    params += [(p.arg, d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        params.append(("**kwargs", False))
    return params


def _decorators(fn: ast.FunctionDef) -> set[str]:
    return {ast.unparse(d) for d in fn.decorator_list}


def _shape(params: list[Param]) -> list[tuple[str, bool]]:
    """For a dunder: kinds and defaults, not names."""
    return [(p if p in ("*", "/", "*args", "**kwargs") else "", d) for p, d in params]


def check(stub_path: str, module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    tree = ast.parse(open(stub_path, encoding="utf-8").read(), stub_path)
    found = []
    scopes: list[tuple[str, Any, list[ast.stmt]]] = [(module_name, module, tree.body)]
    scopes += [(f"{module_name}.{c.name}", getattr(module, c.name, None), c.body)
               for c in tree.body if isinstance(c, ast.ClassDef)]
    for prefix, owner, body in scopes:
        for fn in body:
            if not isinstance(fn, ast.FunctionDef) or owner is None or not hasattr(owner, fn.name):
                continue  # stubtest reports a name the module lacks
            if _decorators(fn) & {"property"} or any(d.endswith(".setter") for d in _decorators(fn)):
                continue  # a property's docstring has no signature
            stub = stub_signature(fn)
            dunder = fn.name.startswith("__") and fn.name.endswith("__")
            for runtime in runtime_signatures(getattr(owner, fn.name), fn.name):
                same = _shape(stub) == _shape(runtime) if dunder else stub == runtime
                if not same:
                    found.append(f"{prefix}.{fn.name}: stub ({_show(stub)}) but runtime ({_show(runtime)})")
    return found


def _show(params: list[Param]) -> str:
    return ", ".join(name + ("=..." if default else "") for name, default in params)


def main() -> int:
    stub_path = sys.argv[1] if len(sys.argv) > 1 else "python/cxscore/_core.pyi"
    found = check(stub_path, "cxscore._core")
    for line in found:
        print(line)
    print(f"stub_signatures: {len(found)} difference(s) between {stub_path} and the compiled module")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

"""The package's import graph, read from the source with ``ast``: no module imports another
module's private (``_name``) names, and the modules import each other without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "jtrans"


def module_names() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = module_names()


def imports(name: str) -> list[tuple[str, str | None, bool, int]]:
    """``(module, imported name or None, inside a function, line)`` of each ``jtrans`` import
    of module ``name``; ``from pkg import sub`` of a submodule counts as importing ``pkg.sub``."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, str | None, bool, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            lazy = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                out.extend((a.name, None, in_function, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - child.level + 1]
                    base = ".".join([*parts, *([child.module] if child.module else [])])
                for a in child.names:
                    sub = f"{base}.{a.name}"
                    if sub in MODULES:
                        out.append((sub, None, in_function, child.lineno))
                    else:
                        out.append((base, a.name, in_function, child.lineno))
            visit(child, lazy)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [i for i in out if i[0] == "jtrans" or i[0].startswith("jtrans.")]


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.slow
def test_no_module_imports_a_private_name_of_another() -> None:
    found = []
    for name, path in MODULES.items():
        aliases: dict[str, str] = {}  # local name → jtrans module it stands for
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    if f"{node.module}.{a.name}" in MODULES:
                        aliases[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname and a.name in MODULES:
                        aliases[a.asname] = a.name
        for target, imported, _, line in imports(name):
            if imported is not None and private(imported) and target != name:
                found.append(f"{path.name}:{line}: from {target} import {imported}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and private(node.attr)
                and aliases[node.value.id] != name
            ):
                found.append(f"{path.name}:{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    assert MODULES and not found


def graph(lazy: bool) -> dict[str, set[str]]:
    """Module → the modules it imports; ``lazy``: imports inside functions too, except those of
    a package loading its own plugins on demand (``engines``, ``metrics`` and ``formats``
    import their built-in submodules inside a function; the submodules register with the
    package: a deliberate, one-way-at-import-time pattern)."""
    out: dict[str, set[str]] = {}
    for name in MODULES:
        edges = set()
        for target, _, in_function, _ in imports(name):
            if target not in MODULES or target == name:
                continue
            if in_function and (not lazy or target.startswith(f"{name}.")):
                continue
            edges.add(target)
        out[name] = edges
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_at_import_time() -> None:
    assert not cycles(graph(lazy=False))


def test_no_import_cycles_through_function_level_imports_either() -> None:
    """Imports inside functions (kept there for start-up time) form no cycle either, so any
    of them could move to the top of its module."""
    assert not cycles(graph(lazy=True))


@pytest.mark.slow
def test_the_checks_see_a_cycle_and_a_private_import() -> None:
    """The graph code finds what it looks for (a made-up cycle; a real function-level edge)."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    lazy = graph(lazy=True)
    assert "jtrans.engines.simple" not in graph(lazy=False)["jtrans.engines"]
    assert "jtrans.engines.simple" not in lazy["jtrans.engines"]  # plugin loading, allowed
    assert "jtrans.cli.batch" in lazy["jtrans.cli.translate"]  # function-level, followed
    assert "jtrans.cli.batch" not in graph(lazy=False)["jtrans.cli.translate"]
    assert private("_read_input") and not private("__version__") and not private("read_input")

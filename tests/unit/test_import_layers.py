"""Imports point down only, and library code does not read the environment.

Every product module is parsed (``ast``; nothing is imported or run) and each import,
including the lazy ones inside functions, is checked against the layers of the developers'
guide: core ``kinscope`` -> ``graph_model`` -> ``extraction`` / ``linkage`` / ``ranking`` /
``convert`` -> ``pipeline`` / ``dashboards`` -> ``dags`` / the CLI. A module may import its
own package and the layers below; an import of a package on its own layer is sideways and
one of a layer above points up. ``synthetic`` and ``evaluation`` are development tools
above the product: only the CLI may import them (lazily, for ``kinscope synth`` / ``eval``).
``os.environ`` / ``os.getenv`` is not touched in library code (``kinscope/settings.py`` reads
the environment through pydantic-settings; the CLI and ``dags`` are the edge) but for the
places in :data:`ENV_ALLOWED`, each with its reason.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LAYER = {  # top-level package -> layer (higher may import lower)
    "kinscope": 0,
    "graph_model": 1,
    "extraction": 2, "linkage": 2, "ranking": 2,
    # convert (SSD tables -> a source export) reads ranking's roles; only the CLI imports it
    "pipeline": 3, "dashboards": 3, "convert": 3,
    "dags": 4,
}
CLI_MODULES = {"kinscope.cli", "kinscope.__main__"}  # the top of the product (layer 4)
TOOLS = {"synthetic", "evaluation"}  # development tools: never imported by the product
SKIP_DIRS = {"scripts"}  # extraction/scripts: spaCy-project steps run by `spacy project`, not the product

ENV_ALLOWED = {  # (module, enclosing function, or "*" for the whole module) -> why it touches the environment
    ("extraction.document_text", "_antiword"): "subprocess env copy (a UTF-8 locale for antiword)",
    ("extraction.document_text", "_soffice"): "subprocess env copy (LibreOffice's headless plugin)",
    ("extraction.document_text", "_tesseract"): "subprocess env copy (one Tesseract thread)",
    ("graph_model.server", "start"): "subprocess env copy (the server's start script gets the password)",
    ("graph_model.server", "admin_command"): "subprocess env copy (NEO4J_HOME / NEO4J_CONF for neo4j-admin)",
    ("pipeline.cli", "run"): "Airflow reads its own AIRFLOW__* variables (set by the CLI edge)",
    ("pipeline.celery_stack", "*"): "Airflow / Celery processes are configured through their environment",
    ("pipeline.testing", "*"): "test helper pointing Airflow at a throw-away home",
    ("pipeline.airflow_home", "*"): "Airflow-home plumbing: Airflow is configured through AIRFLOW__* variables",
    ("pipeline.neo4j_conn", "*"): "the Neo4j connection handed to Airflow tasks as AIRFLOW_CONN_* (Airflow's own way)",
}


def _product_modules() -> list[tuple[str, Path]]:
    out = []
    for pkg in LAYER:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if SKIP_DIRS & set(rel.parts[:-1]):
                continue
            out.append((".".join(rel.with_suffix("").parts).removesuffix(".__init__"), path))
    return out


@lru_cache(maxsize=None)
def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _layer_of(module: str) -> int:
    return 4 if module in CLI_MODULES else LAYER[module.split(".")[0]]


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module) for every absolute or relative import in the tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                parts = module.split(".")
                base = parts[:len(parts) - node.level + (1 if is_package else 0)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def _env_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, enclosing function) of every ``os.environ`` / ``os.getenv`` / ``from os import environ``."""
    out: list[tuple[int, str]] = []

    def visit(node: ast.AST, func: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else func
            if isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name) and child.value.id == "os" \
                    and child.attr in ("environ", "getenv", "putenv", "environb"):
                out.append((child.lineno, func))
            elif isinstance(child, ast.ImportFrom) and child.module == "os" and \
                    any(a.name in ("environ", "getenv") for a in child.names):
                out.append((child.lineno, func))
            visit(child, name)

    visit(tree, "<module>")
    return out


def layer_violations() -> list[str]:
    problems = []
    for module, path in _product_modules():
        tree = _parse(path)
        own = module.split(".")[0]
        here = _layer_of(module)
        for line, name in _imports(tree, module, path.name == "__init__.py"):
            top = name.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line} imports {name}"
            if top in TOOLS:
                if module not in CLI_MODULES:
                    problems.append(f"{where}: {top} is a development tool, not part of the product")
                continue
            if top not in LAYER or top == own:
                continue  # third-party, standard library, or the module's own package
            there = _layer_of(name)
            if there > here:
                problems.append(f"{where}: points up (layer {here} -> {there})")
            elif there == here:
                problems.append(f"{where}: sideways ({own} and {top} are both layer {here})")
    return problems


def env_violations() -> list[str]:
    problems = []
    for module, path in _product_modules():
        if module in CLI_MODULES or module.startswith("dags."):
            continue  # the edge builds the settings tree
        for line, func in _env_reads(_parse(path)):
            if (module, func) in ENV_ALLOWED or (module, "*") in ENV_ALLOWED:
                continue
            problems.append(f"{path.relative_to(ROOT)}:{line} ({func}) reads os.environ: "
                            "add a field to kinscope/settings.py and pass it in")
    return problems


def test_imports_point_down_only():
    problems = layer_violations()
    assert not problems, "\n".join(problems)


def test_library_code_reads_no_environment():
    problems = env_violations()
    assert not problems, "\n".join(problems)


def test_every_allowed_environment_read_still_exists():
    """An allow-list entry whose read has gone would silently allow a new one there."""
    seen = set()
    for module, path in _product_modules():
        for _, func in _env_reads(_parse(path)):
            seen |= {(module, func), (module, "*")}
    assert not set(ENV_ALLOWED) - seen, sorted(set(ENV_ALLOWED) - seen)


@pytest.mark.parametrize("source, problem", [
    ("from linkage.normalise import fold\n", "sideways"),
    ("def f():\n    from pipeline.cli import x\n", "points up"),
    ("from synthetic.council import generate_council\n", "development tool"),
])
def test_the_checker_catches_a_bad_import(tmp_path, monkeypatch, source, problem):
    """The checker itself: a ranking module with a bad import is reported."""
    (tmp_path / "ranking").mkdir()
    (tmp_path / "ranking" / "bad.py").write_text(source, encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "LAYER", {"ranking": 2, "linkage": 2, "pipeline": 3})
    problems = layer_violations()
    assert len(problems) == 1 and problem in problems[0], problems


def test_the_checker_catches_an_environment_read(tmp_path, monkeypatch):
    (tmp_path / "linkage").mkdir()
    (tmp_path / "linkage" / "bad.py").write_text("import os\n\ndef f():\n    return os.environ.get('X')\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "LAYER", {"linkage": 2, "ranking": 2})
    problems = env_violations()
    assert len(problems) == 1 and "(f)" in problems[0], problems

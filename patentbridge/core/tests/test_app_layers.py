"""The app graph runs one way: a module of an app imports only its own app and the apps in the layers below.

Every import counts, function-local ones included (a local import hides a circle, it does not remove it); tests
and migrations are left out. A lower app that must react to a higher one's change listens to a signal, or shows a
higher app's section through `core.panels`. See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

# Low → high. An app not on disk (yet) is skipped.
LAYERS: tuple[str, ...] = (
    "core", "orgs", "notices", "patents", "industries", "rights", "search", "demands", "push", "pool", "tendering", "managers",
    "committee",
    "recordation", "licensing", "deals", "commissioners", "revenue", "casework", "matchmaker_rewards",
    "listings", "auctions", "events", "finance", "products",
    "recognition", "rewards", "typical_cases", "monitoring", "kpi", "privacy", "home",
)
RANK = {app: rank for rank, app in enumerate(LAYERS)}


def _apps_on_disk() -> set[str]:
    return {path.parent.name for path in PACKAGE.glob("*/apps.py")}


def _modules(app: str) -> list[Path]:
    return [path for path in sorted((PACKAGE / app).rglob("*.py"))
            if not {"tests", "migrations"} & set(path.relative_to(PACKAGE / app).parts)]


def _imported(node: ast.AST, module: list[str]) -> list[str]:
    """Dotted names an import statement reaches, relative imports resolved against the module's package."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = module[:len(module) - node.level] if node.level else []
    stem = ".".join([*base, *([node.module] if node.module else [])])
    return [stem, *(f"{stem}.{alias.name}" for alias in node.names)]


def _app_imports(app: str) -> list[tuple[str, int, str]]:
    """(file, line, imported app) for every import of another of the project's apps."""
    found = []
    for path in _modules(app):
        module = [PACKAGE.name, *path.relative_to(PACKAGE).with_suffix("").parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            parts = {tuple(name.split(".")[:2]) for name in _imported(node, module)}
            targets = {target for root, target in (p for p in parts if len(p) == 2)
                       if root == PACKAGE.name and target != app and target in RANK}
            found += [(str(path.relative_to(PACKAGE.parent)), node.lineno, target) for target in sorted(targets)]
    return found


def test_no_app_imports_an_app_in_a_higher_layer():
    upward = [f"{file}:{line} → {target}" for app in sorted(_apps_on_disk() & RANK.keys(), key=RANK.get)
              for file, line, target in _app_imports(app) if RANK[target] > RANK[app]]
    assert not upward, "imports of a higher layer:\n" + "\n".join(upward)


def test_every_app_has_its_layer():
    missing = sorted(_apps_on_disk() - RANK.keys())
    assert not missing, f"apps missing from LAYERS (put each in its layer): {missing}"

"""The layout's rules, checked: import-linter's contracts, names that tell the layers apart, short modules."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Each layer's package (the audiences and the app shell hold blueprint modules named by concern; they may share names).
LAYERS = {"core": "webapp/core", "models": "webapp/models", "services": "webapp/services", "forms": "webapp/forms", "infra": "webapp/infra"}
LONGEST_MODULE = 300


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    cli = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert cli, "import-linter is in requirements-test.txt"
    return subprocess.run([cli, "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(root), "PATH": str(Path(sys.executable).parent)})


def test_the_layer_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 kept, 0 broken" in result.stdout


def test_an_audience_importing_another_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "webapp", tmp_path / "webapp", ignore=shutil.ignore_patterns("__pycache__", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    routes = tmp_path / "webapp" / "athlete" / "routes.py"
    routes.write_text(routes.read_text() + "\nfrom webapp.physio import routes as physio_routes  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "webapp.athlete.routes -> webapp.physio.routes" in result.stdout


def test_the_clinical_core_importing_the_database_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "webapp", tmp_path / "webapp", ignore=shutil.ignore_patterns("__pycache__", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    engine = tmp_path / "webapp" / "core" / "rules" / "engine.py"
    engine.write_text(engine.read_text() + "\nimport sqlalchemy  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0 and "webapp.core.rules.engine -> sqlalchemy" in result.stdout


def _stem(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def test_no_module_of_one_layer_shares_its_name_with_another_layers():
    owners: dict[str, set[str]] = {}
    for layer, folder in LAYERS.items():
        for path in (ROOT / folder).rglob("*"):
            if path.name == "__init__.py" or path.name == "__pycache__" or (path.is_file() and path.suffix != ".py"):
                continue
            if path.is_dir() and not (path / "__init__.py").exists():
                continue
            owners.setdefault(_stem(path.stem), set()).add(layer)
    for path in (ROOT / "webapp").glob("*.py"):
        owners.setdefault(_stem(path.stem), set()).add("shell")
    shared = {name: layers for name, layers in owners.items() if len(layers) > 1}
    assert shared == {}


def test_every_module_reads_at_a_glance():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "webapp").rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > LONGEST_MODULE and path.name != "openapi.py"
    }
    assert long == {}

"""The add-on enables from source and as a built extension zip; its classes, preferences and panel work."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from types import SimpleNamespace

import bpy

from blender_textface import job_state
import pytest

from conftest import REPO

CLASSES = ("TEXTFACE_OT_generate", "TEXTFACE_OT_refine_selected", "TEXTFACE_OT_cancel", "TEXTFACE_OT_export_fbx",
           "TEXTFACE_OT_export_glb", "TEXTFACE_OT_import_wire", "TEXTFACE_OT_check_backend", "TEXTFACE_OT_find_python",
           "TEXTFACE_OT_create_environment", "TEXTFACE_OT_remove_left_hair", "TEXTFACE_OT_match_hair", "TEXTFACE_PT_main")


class _Layout:
    """Stand-in for UILayout (panels cannot draw headless): records what would be drawn."""

    def __init__(self, log):
        self.log = log
        self.enabled = True

    def __getattr__(self, name):
        if name in ("row", "column", "box", "split"):
            return lambda *a, **k: _Layout(self.log)

        def record(*args, **kwargs):
            self.log.append((name, args, kwargs))
        return record


def test_enable_from_source_registers_everything(addon):
    from blender_textface import operators

    # the list here names every operator the add-on registers (so the disable test checks each goes)
    assert {cls.__name__ for cls in operators.CLASSES} <= set(CLASSES)
    assert all(hasattr(bpy.types, name) for name in CLASSES)
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    assert prefs.backend_mode == "LOCAL" and prefs.texture_size == "1024"
    props = bpy.context.scene.textface
    assert props.seed == 0 and props.variations == 1 and not job_state.current.running


def test_find_environment_fills_the_interpreter(addon):
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    assert prefs.python_path == ""
    assert bpy.ops.textface.find_python() == {"FINISHED"}
    assert prefs.python_path == str(REPO / ".venv" / "bin" / "python")  # the checkout's backend environment


def test_panel_draws_inputs_progress_and_error(addon):
    panel = SimpleNamespace()
    log = []
    panel.layout = _Layout(log)
    bpy.types.TEXTFACE_PT_main.draw(panel, bpy.context)
    drawn = [a[1] for a in log]
    assert ("textface.generate",) in drawn and ("textface.refine_selected",) in drawn
    assert ("textface.export_fbx",) in drawn and not any(name == "progress" for name, *_ in log)
    job = job_state.current
    job.running, job.stage, job.progress = True, "refine", 0.5
    job.last_error = "the backend at http://127.0.0.1:1 is not reachable"
    log.clear()
    bpy.types.TEXTFACE_PT_main.draw(panel, bpy.context)
    progress = [k for name, a, k in log if name == "progress"]
    assert progress and progress[0]["factor"] == 0.5 and "refine" in progress[0]["text"]
    assert ("textface.cancel",) in [a[1] for a in log]
    labels = " ".join(str(k.get("text", "")) for name, a, k in log if name == "label")
    assert "Last error:" in labels and "127.0.0.1:1 is not reachable" in labels
    job.running, job.notice = False, "Head: refinement skipped: no CLIP weights configured"
    log.clear()
    bpy.types.TEXTFACE_PT_main.draw(panel, bpy.context)
    labels = " ".join(str(k.get("text", "")) for name, a, k in log if name == "label")
    assert "Note:" in labels and "no CLIP weights" in labels
    job.notice = ""


def test_disable_unregisters(bpy_empty):
    import addon_utils

    addon_utils.enable("blender_textface", default_set=True)
    addon_utils.disable("blender_textface", default_set=True)
    assert not any(hasattr(bpy.types, name) for name in CLASSES)
    assert not hasattr(bpy.types.Scene, "textface")


@pytest.fixture(scope="module")
def built_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, str(REPO / "build_addon.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (zip_path,) = out.glob("textface-*.zip")
    return zip_path


def test_built_zip_bundles_addon_and_backend(built_zip):
    names = zipfile.ZipFile(built_zip).namelist()
    assert "blender_manifest.toml" in names and "__init__.py" in names and "api.py" in names
    assert "backend/__main__.py" in names and "backend/io/wire.py" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert not any(n.endswith((".obj", ".npz", ".zip")) for n in names)  # no model data
    # the backend's dependencies for Create Environment, exactly pyproject's
    import tomllib

    listed = zipfile.ZipFile(built_zip).read("backend/requirements.txt").decode().splitlines()
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert [line for line in listed if not line.startswith("#")] == deps


def test_built_zip_installs_and_enables_in_blender(bpy_empty, built_zip):
    import addon_utils

    result = bpy.ops.extensions.package_install_files(filepath=str(built_zip), repo="user_default",
                                                      enable_on_install=True)
    assert result == {"FINISHED"}
    try:
        assert "bl_ext.user_default.textface" in bpy.context.preferences.addons
        assert all(hasattr(bpy.types, name) for name in CLASSES)
        from bl_ext.user_default.textface import api

        assert callable(api.generate_head) and callable(api.export_fbx)
        from bl_ext.user_default.textface import backend_source

        assert (backend_source.source_root() / "backend" / "__main__.py").is_file()
        assert backend_source.source_root().name == "textface"  # the bundled copy, not the checkout
        from bl_ext.user_default.textface import environment

        assert "torch==2.14.1" in environment.requirements(backend_source.source_root())
        folder = environment.default_folder("bl_ext.user_default.textface")
        assert folder.name == "venv" and "textface" in str(folder)  # the extension's own user folder
        prefs = bpy.context.preferences.addons["bl_ext.user_default.textface"].preferences
        assert prefs.backend_mode == "LOCAL"
    finally:
        addon_utils.disable("bl_ext.user_default.textface", default_set=True)


def test_manifest_declares_what_the_issue_asks():
    import tomllib

    manifest = tomllib.loads((REPO / "blender_manifest.toml").read_text(encoding="utf-8"))
    backend_init = (REPO / "backend" / "__init__.py").read_text(encoding="utf-8")
    assert manifest["id"] == "textface" and manifest["type"] == "add-on"
    assert f'__version__ = "{manifest["version"]}"' in backend_init  # add-on and backend released together
    assert manifest["tagline"] and manifest["maintainer"]
    assert manifest["blender_version_min"] == "4.2.0"
    assert manifest["license"] and all(lic.startswith("SPDX:") for lic in manifest["license"])
    permissions = manifest["permissions"]
    assert set(permissions) == {"files", "network"}  # network: the backend service (HTTP)
    assert all(isinstance(reason, str) and reason.strip() for reason in permissions.values())


def _tree_state():
    paths = [REPO / "blender_manifest.toml", *(REPO / "blender_textface").rglob("*"), *(REPO / "backend").rglob("*")]
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in paths
            if p.is_file() and "__pycache__" not in p.parts}


def test_build_works_on_a_temporary_copy_and_leaves_the_checkout_alone(tmp_path):
    before = _tree_state()
    proc = subprocess.run([sys.executable, str(REPO / "build_addon.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _tree_state() == before
    assert [p.name for p in tmp_path.iterdir()] == [f"textface-{_manifest_version()}.zip"]


def _manifest_version() -> str:
    import tomllib

    return tomllib.loads((REPO / "blender_manifest.toml").read_text(encoding="utf-8"))["version"]


def test_addon_imports_are_relative():
    """Installed extensions load as bl_ext.<repo>.textface: an absolute `blender_textface` import breaks."""
    import ast

    for path in (REPO / "blender_textface").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            assert not any(n.split(".")[0] in ("blender_textface", "backend", "torch") for n in names), \
                f"{path.name}:{node.lineno} imports {names}"


def test_health_answer_becomes_readable_lines():
    from blender_textface import health

    answer = {"status": "ok", "service_version": "0.1.0", "api_version": 1, "wire_version": 2,
              "models": {"ict_model": {"available": True, "detail": "/cache/ict.npz"},
                         "clip_weights": {"available": False, "detail": "no CLIP weights configured"}},
              "workers": {"workers": 2, "busy": 1, "queued": 0, "queue_capacity": 64}}
    lines = health.summary_lines(answer, (1, 2))
    assert lines == ["service 0.1.0, API 1, wire format 2", "ICT face model: ok - /cache/ict.npz",
                     "CLIP weights (refinement): MISSING - no CLIP weights configured",
                     "workers: 2 (1 busy), queued 0/64"]
    assert health.missing_models(answer) == ["CLIP weights (refinement)"]
    assert health.summary_lines(dict(answer, wire_version=9), (1, 2))[0].startswith(
        "WARNING: this add-on cannot use the service: it speaks API 1 and writes wire format 9")


def test_preferences_draw_every_setting_and_the_backend_report(addon):
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    drawn = {}
    for mode in ("LOCAL", "REMOTE"):
        prefs.backend_mode = mode
        log = []
        type(prefs).draw(SimpleNamespace(layout=_Layout(log), **{k: getattr(prefs, k) for k in (
            "backend_mode", "python_path", "remote_url", "remote_token")}), bpy.context)
        drawn[mode] = {a[-1] for name, a, k in log if name in ("prop", "operator")}
    shared = {"clip_weights", "texture_model", "texture_size", "device", "textface.check_backend"}
    assert shared | {"backend_mode", "python_path"} <= drawn["LOCAL"]
    assert shared | {"backend_mode", "remote_url", "remote_token"} <= drawn["REMOTE"]
    job_state.current.backend_report = ["backend at http://x", "CLIP weights (refinement): MISSING - none"]
    log = []
    type(prefs).draw(SimpleNamespace(layout=_Layout(log), backend_mode="LOCAL"), bpy.context)
    labels = [(k["text"], k["icon"]) for name, a, k in log if name == "label"]
    assert labels == [("backend at http://x", "NONE"), ("CLIP weights (refinement): MISSING - none", "ERROR")]
    job_state.current.backend_report = []

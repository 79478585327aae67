"""Acceptance pass of the artist workflows in real Blender against the real local backend (not a test: it prints
what it sees, one "ACCEPT:" line per check, for a person to read).  Sections: make (panel operator, API,
bpy.ops), refine (sculpted + animated head, saved and reopened; light head), export (FBX and GLB re-imported:
size, axes, keys, texture), crowd (ten heads in one loop, timed), undo (undo/redo of Generate), midjob (a head
deleted while refined, the add-on disabled while generating), disabled (a .blend reopened with the add-on off),
cancel (Esc while a job runs: the job deleted on the service).

    .venv-blender/bin/python tests/blender/acceptance_artist.py [section ...]   # default: all but cancel
"""
import json, os, sys, tempfile, time, warnings, shutil
from pathlib import Path
D = Path(tempfile.mkdtemp(prefix="tf-accept-"))
for v, s in (("BLENDER_USER_RESOURCES", "b"), ("XDG_CONFIG_HOME", "c"), ("TEXTFACE_DATA_DIR", "data")):
    os.environ[v] = str(D / s)
os.environ.setdefault("TEXTFACE_CACHE_DIR", str(Path.home() / ".cache" / "textface"))
os.environ["XDG_CACHE_HOME"] = str(D / "x")
REPO = Path(__file__).resolve().parents[2]; sys.path.insert(0, str(REPO)); sys.path.insert(0, str(REPO / "tests/blender"))
import bpy, addon_utils
from types import SimpleNamespace
TIMER = SimpleNamespace(type="TIMER")
WHAT = sys.argv[1:] or ["all"]

def log(*a): print("ACCEPT:", *a, flush=True)
def jobs(): p = D / "data" / "jobs"; return sorted(x.name for x in p.iterdir()) if p.is_dir() else []

def enable():
    addon_utils.enable("blender_textface", default_set=True)
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.python_path, prefs.texture_size = "LOCAL", str(REPO / ".venv/bin/python"), "256"
    return prefs

bpy.ops.wm.read_factory_settings(use_empty=True)
enable()
from blender_textface import api, job_state, operators, session
warnings.simplefilter("always")

def harness(cls):
    class H(operators._JobOperator):
        make_task = cls.make_task; finished = cls.finished
        def report(self, kind, msg): self.reports.append((set(kind), msg))
    h = H(); h.reports = []; return h

def tick(op, until=lambda r: r != {"RUNNING_MODAL"}, timeout=300):
    t0 = time.monotonic(); longest = 0
    while time.monotonic() - t0 < timeout:
        a = time.monotonic(); r = op.modal(bpy.context, TIMER); longest = max(longest, time.monotonic() - a)
        if until(r): return r, longest
        time.sleep(0.01)
    raise RuntimeError("timeout")

def heads(): return [o for o in bpy.data.objects if "textface_sidecar" in o]

if "all" in WHAT or "make" in WHAT:
    # panel path: Generate operator's modal, as Blender's timer drives it
    bpy.context.scene.textface.prompt = "an old man with a long face and a hooked nose"
    bpy.context.scene.textface.refine = False
    op = harness(bpy.types.TEXTFACE_OT_generate)
    t = time.monotonic(); assert op._begin(bpy.context) is not None
    r, longest = tick(op)
    h = heads()
    log("panel generate", r, f"{time.monotonic()-t:.1f}s longest tick {longest*1000:.0f} ms", [o.name for o in h], op.reports[-1:], "jobs left", jobs())
    # API
    with warnings.catch_warnings(record=True) as w:
        a = api.generate_head("a young woman with freckles, smiling", seed=2, refine=False, location=(0.5, 0, 0))
    log("api head", a.name, len(a.data.vertices), len(a.data.shape_keys.key_blocks), tuple(a.location), [str(x.message) for x in w], "jobs left", jobs())
    # bpy.ops headless (blocks)
    log("bpy.ops.textface.generate()", bpy.ops.textface.generate(), len(heads()))

if "all" in WHAT or "refine" in WHAT:
    h = api.generate_head("a middle-aged man with a square jaw", seed=5, refine=False, name="Refine me")
    kb = h.data.shape_keys.key_blocks
    # sculpt: move Basis vertices; animate an expression key and an identity key
    co = [0.0] * (3 * len(h.data.vertices)); kb["Basis"].data.foreach_get("co", co)
    co[2] += 0.01; kb["Basis"].data.foreach_set("co", co); h.data.vertices[0].co.z += 0.01
    kb["jawOpen"].value = 0.0; kb["jawOpen"].keyframe_insert("value", frame=1)
    kb["jawOpen"].value = 0.8; kb["jawOpen"].keyframe_insert("value", frame=20)
    bpy.context.scene.frame_set(20)
    id0 = kb["id_000"].value
    with warnings.catch_warnings(record=True) as w:
        api.refine_head(h, "looks kind and wise", steps=5)
    log("refine sculpted+animated", [f"{type(x.message).__name__}: {x.message}"[:160] for x in w],
        "jawOpen", round(kb["jawOpen"].value, 3), "fcurve kept", h.data.shape_keys.animation_data is not None,
        "basis sculpt kept", abs(kb["Basis"].data[0].co.z - co[2]) < 1e-6, "id_000", id0, "->", kb["id_000"].value)
    blend = str(D / "saved.blend"); bpy.ops.wm.save_as_mainfile(filepath=blend)
    bpy.ops.wm.open_mainfile(filepath=blend)
    h = bpy.data.objects["Refine me"]
    bpy.context.view_layer.objects.active = h
    bpy.context.scene.textface.refine_text = "looks tired"
    op = harness(bpy.types.TEXTFACE_OT_refine_selected)
    r = op._begin(bpy.context); r, longest = tick(op)
    log("refine after reopen (operator)", r, op.reports[-2:], job_state.current.notice[:120], "jobs left", jobs())
    # light head refine
    l = api.generate_head("a young woman with a round face", seed=1, refine=False, identity_keys=False, name="Light")
    with warnings.catch_warnings(record=True) as w:
        api.refine_head(l, "looks tired", steps=5)
    log("light refine", [str(x.message)[:100] for x in w])

if "all" in WHAT or "export" in WHAT:
    bpy.ops.wm.read_factory_settings(use_empty=True); enable()
    h = api.generate_head("an old man with a long face", seed=4, refine=False, name="Exported", location=(1, 2, 0))
    kb = h.data.shape_keys.key_blocks; kb["jawOpen"].value = 0.4; kb["eyeBlink_L"].value = 0.7
    bpy.context.view_layer.update()
    dims = tuple(round(x, 3) for x in h.dimensions)
    for kind in ("fbx", "glb"):
        out = D / f"head.{kind}"
        getattr(api, f"export_{kind}")([h], out)
        bpy.ops.wm.read_factory_settings(use_empty=True); enable()
        (bpy.ops.import_scene.fbx if kind == "fbx" else bpy.ops.import_scene.gltf)(filepath=str(out))
        objs = [o for o in bpy.data.objects if o.type == "MESH"]
        o = objs[0]
        bpy.context.view_layer.update()
        keys = o.data.shape_keys.key_blocks if o.data.shape_keys else []
        imgs = [(i.name, i.packed_file is not None, i.filepath, tuple(i.size)) for i in bpy.data.images]
        log(kind, out.stat().st_size // 1024, "KB", "objects", [x.name for x in objs], "dims", tuple(round(x, 3) for x in o.dimensions),
            "vs", dims, "rot", tuple(round(x, 3) for x in o.rotation_euler), "scale", tuple(round(x, 3) for x in o.scale),
            "loc", tuple(round(x, 3) for x in o.location), "nkeys", len(keys), "jawOpen", keys["jawOpen"].value if "jawOpen" in keys else None,
            "eyeBlinkLeft", keys["eyeBlinkLeft"].value if "eyeBlinkLeft" in keys else None, "images", imgs,
            "files beside", sorted(p.name for p in D.iterdir() if p.suffix in (".png", ".jpg", ".fbm")))
        bpy.ops.wm.read_factory_settings(use_empty=True); enable()
        h = api.generate_head("an old man with a long face", seed=4, refine=False, name="Exported", location=(1, 2, 0))
        kb = h.data.shape_keys.key_blocks; kb["jawOpen"].value = 0.4; kb["eyeBlink_L"].value = 0.7

if "all" in WHAT or "crowd" in WHAT:
    bpy.ops.wm.read_factory_settings(use_empty=True); enable()
    prompts = ["an old man", "a young woman", "a bald man with a beard", "a girl with freckles", "a tired old woman",
               "a man with a square jaw", "a smiling woman", "a boy", "an angry man", "a sad woman"]
    t = time.monotonic(); crowd = []
    for i, p in enumerate(prompts):
        with warnings.catch_warnings(record=True):
            crowd.append(api.generate_head(p, seed=i, refine=False))
    dt = time.monotonic() - t
    mats = {o.data.materials[0].name for o in crowd}
    imgs = {n.image.name for o in crowd for n in o.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage"}
    locs = {tuple(o.location) for o in crowd}
    log("crowd", f"{dt:.1f}s for 10", "names", [o.name for o in crowd], "materials", len(mats), "images", len(imgs),
        "distinct locations", len(locs), "jobs left", jobs())

if "all" in WHAT or "undo" in WHAT:
    bpy.ops.wm.read_factory_settings(use_empty=True); enable()
    bpy.ops.ed.undo_push(message="start")
    bpy.context.scene.textface.prompt = "an old man"; bpy.context.scene.textface.refine = False
    log("op generate", bpy.ops.textface.generate("EXEC_DEFAULT", True))
    h = heads()[0]; img = h.data.materials[0].node_tree.nodes["Image Texture"].image
    px = img.pixels[1000:1003]
    log("undo", bpy.ops.ed.undo(), [o.name for o in bpy.data.objects], len(bpy.data.meshes), len(bpy.data.images))
    log("redo", bpy.ops.ed.redo(), [o.name for o in heads()])
    h = heads()[0]; img = h.data.materials[0].node_tree.nodes["Image Texture"].image
    log("after redo", len(h.data.shape_keys.key_blocks), img.packed_file is not None, tuple(img.size), img.pixels[1000:1003] == px)

if "all" in WHAT or "midjob" in WHAT:
    bpy.ops.wm.read_factory_settings(use_empty=True); enable()
    h = api.generate_head("an old man", seed=1, refine=False, name="Doomed")
    bpy.context.view_layer.objects.active = h
    bpy.context.scene.textface.refine_text = "looks tired"
    op = harness(bpy.types.TEXTFACE_OT_refine_selected)
    op._begin(bpy.context)
    tick(op, until=lambda r: job_state.current.stage not in ("", "starting backend", "checking the backend", "submitting"))
    bpy.data.objects.remove(h)
    r, _ = tick(op)
    log("deleted mid refine", r, op.reports[-1:], job_state.current.last_error[:200], "jobs left", jobs())
    # disable mid generate
    bpy.context.scene.textface.prompt = "an old man"
    op = harness(bpy.types.TEXTFACE_OT_generate); op._begin(bpy.context)
    tick(op, until=lambda r: job_state.current.stage in ("parse", "shape", "texture", "write", "running", "refine"))
    t = time.monotonic(); addon_utils.disable("blender_textface", default_set=True)
    log("disabled mid generate", f"{time.monotonic()-t:.2f}s", "heads", len(heads()), "jobs", jobs(),
        [json.loads((D / 'data/jobs' / j / 'status.json').read_text()).get('state') for j in jobs() if (D / 'data/jobs' / j / 'status.json').exists()])

if "all" in WHAT or "disabled" in WHAT:
    bpy.ops.wm.read_factory_settings(use_empty=True); enable()
    api.generate_head("an old man", seed=1, refine=False, name="Saved")
    api.generate_head("a woman", seed=2, refine=False, name="Saved light", identity_keys=False, location=(0.4, 0, 0))
    blend = str(D / "with_heads.blend"); bpy.ops.wm.save_as_mainfile(filepath=blend)
    addon_utils.disable("blender_textface", default_set=True)
    bpy.ops.wm.open_mainfile(filepath=blend)
    for o in bpy.data.objects:
        img = o.data.materials[0].node_tree.nodes["Image Texture"].image
        log("reopened without add-on", o.name, len(o.data.shape_keys.key_blocks), img.packed_file is not None, tuple(img.size),
            round(img.pixels[4000], 3), sorted(k for k in o.keys()))
    bpy.ops.wm.save_as_mainfile(filepath=str(D / "resaved.blend"))
    log("resaved without add-on", (D / "resaved.blend").stat().st_size // 1024, "KB")

if "cancel" in WHAT:
    bpy.ops.wm.read_factory_settings(use_empty=True); prefs = enable(); prefs.texture_size = "2048"
    bpy.context.scene.textface.prompt = "an old man"; bpy.context.scene.textface.refine = False
    op = harness(bpy.types.TEXTFACE_OT_generate); op._begin(bpy.context)
    tick(op, until=lambda r: job_state.current.stage in ("parse", "shape", "texture", "write", "running"))
    stage = job_state.current.stage
    t = time.monotonic(); r = op.modal(bpy.context, SimpleNamespace(type="ESC")); esc = time.monotonic() - t
    seen = jobs()
    while jobs() and time.monotonic() - t < 60:
        time.sleep(0.2)
    log("esc while running", stage, r, f"ESC returned in {esc*1000:.0f} ms", "jobs at ESC", seen, f"gone after {time.monotonic()-t:.1f}s", jobs())
    session.shutdown()

session.shutdown()
shutil.rmtree(D, ignore_errors=True)
log("done")

"""An artist's session in real Blender against a real service with a tiny random-weights CLIP (serve_tiny_clip.py),
so refinement runs for real in seconds: three heads generated, one refined, undo and redo, one head deleted with its
hair, the other two exported one file each (FBX and GLB) into one folder, the .blend saved and reopened.  Not a test:
it prints one "ARTIST:" line per step, for a person to read, and "ARTIST PROBLEM:" for what looks wrong.

    .venv-blender/bin/python tests/blender/artist_session.py
"""
import json, os, subprocess, sys, tempfile, threading, time, warnings, shutil
from pathlib import Path
D = Path(tempfile.mkdtemp(prefix="tf-artist-"))
for v, s in (("BLENDER_USER_RESOURCES", "b"), ("XDG_CONFIG_HOME", "c")):
    os.environ[v] = str(D / s)
os.environ.setdefault("TEXTFACE_CACHE_DIR", str(Path.home() / ".cache" / "textface"))
REPO = Path(__file__).resolve().parents[2]; sys.path.insert(0, str(REPO)); sys.path.insert(0, str(REPO / "tests/blender"))
import bpy, addon_utils
import numpy as np

problems = []
def log(*a): print("ARTIST:", *a, flush=True)
def problem(*a): problems.append(" ".join(map(str, a))); print("ARTIST PROBLEM:", *a, flush=True)

token = "artist-session-token"
proc = subprocess.Popen([str(REPO / ".venv/bin/python"), str(REPO / "tests/blender/serve_tiny_clip.py"), str(D / "clip"),
                         "--data-dir", str(D / "jobs")], cwd=REPO, env=dict(os.environ, TEXTFACE_SERVICE_TOKEN=token),
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
seen = []
for line in proc.stdout:
    seen.append(line)
    if line.startswith("TEXTFACE_SERVICE_READY "):
        break
else:
    sys.exit("the tiny-CLIP service did not start:\n" + "".join(seen[-20:]))
threading.Thread(target=proc.stdout.read, daemon=True).start()
url = json.loads(line.split(" ", 1)[1])["url"]

def enable():
    addon_utils.enable("blender_textface", default_set=True)
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.texture_size, prefs.remote_url, prefs.remote_token = "REMOTE", "256", url, token

def heads(): return sorted(o.name for o in bpy.data.objects if "textface_sidecar" in o)
def census(): return {k: len(getattr(bpy.data, k)) for k in ("objects", "meshes", "materials", "images", "shape_keys")}

try:
    bpy.ops.wm.read_factory_settings(use_empty=True); enable()
    from blender_textface import api
    warnings.simplefilter("always")
    bpy.ops.ed.undo_push(message="start")
    t = time.monotonic()
    with warnings.catch_warnings(record=True) as w:
        made = api.generate_heads(["an old man with a long face", "a young woman with freckles and long red hair",
                                   "a bald man with a beard"], refine=False, name="Crowd")
    log("generated", [h.name for h in made], f"{time.monotonic() - t:.1f}s", "hair", [getattr(api.hair_of(h), "name", None) for h in made],
        [str(x.message)[:100] for x in w])
    bpy.ops.ed.undo_push(message="generated")
    names = [h.name for h in made]
    # refine the second head (active, selected), as Refine Selected would, through the API
    target = bpy.data.objects[names[1]]
    kb = target.data.shape_keys.key_blocks
    before_id = [kb[f"id_{k:03d}"].value for k in range(3)]
    def albedo(obj):
        img = next(n.image for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
        return img.name, round(float(np.asarray(img.pixels[:]).mean()), 4)
    def hair_state(obj):
        h = api.hair_of(obj)
        return None if h is None else (h.name, len(h.data.vertices), h.parent.name if h.parent else None)
    before_albedo, before_hair = albedo(target), hair_state(target)
    t = time.monotonic()
    with warnings.catch_warnings(record=True) as w:
        api.refine_head(target, "looks tired and kind", steps=6)
    after_id = [kb[f"id_{k:03d}"].value for k in range(3)]
    after_albedo, after_hair = albedo(target), hair_state(target)
    log("refined albedo", before_albedo, "->", after_albedo, "hair", before_hair, "->", after_hair)
    log("refined", target.name, f"{time.monotonic() - t:.1f}s", "id_000..2", np.round(before_id, 3), "->", np.round(after_id, 3),
        [str(x.message)[:120] for x in w])
    bpy.ops.ed.undo_push(message="refined")
    c0 = census()
    log("undo", bpy.ops.ed.undo(), heads(), census())
    target = bpy.data.objects[names[1]]
    undone = [target.data.shape_keys.key_blocks[f"id_{k:03d}"].value for k in range(3)]
    log("after undo: albedo", albedo(target), "hair", hair_state(target))
    if albedo(target) != before_albedo or hair_state(target) != before_hair:
        problem("undo: albedo or hair not as before the refinement", albedo(target), hair_state(target))
    if not np.allclose(undone, before_id):
        problem("undo of the refinement did not bring the identity back", np.round(undone, 3), "vs", np.round(before_id, 3))
    log("redo", bpy.ops.ed.redo(), heads(), census())
    target = bpy.data.objects[names[1]]
    redone = [target.data.shape_keys.key_blocks[f"id_{k:03d}"].value for k in range(3)]
    log("after redo: albedo", albedo(target), "hair", hair_state(target))
    if albedo(target) != after_albedo or hair_state(target) != after_hair:
        problem("redo: albedo or hair not as after the refinement", albedo(target), hair_state(target))
    if not np.allclose(redone, after_id) or census() != c0:
        problem("redo of the refinement", np.round(redone, 3), "vs", np.round(after_id, 3), census(), c0)
    # delete the third head with its hair: select both, X
    doomed = bpy.data.objects[names[2]]
    doomed_hair = api.hair_of(doomed)
    bpy.ops.object.select_all(action="DESELECT")
    doomed.select_set(True)
    if doomed_hair is not None:
        doomed_hair.select_set(True)
    bpy.context.view_layer.objects.active = doomed
    log("delete", bpy.ops.object.delete(), heads(), census())
    bpy.ops.ed.undo_push(message="deleted")
    leftovers = [f"{k} {b.name} ({b.users} users)" for k in ("meshes", "materials", "images") for b in getattr(bpy.data, k)
                 if b.users == 0 and names[2] in b.name]
    log("left with 0 users (Blender purges them at save)", leftovers)
    # export the rest, one file each, into one folder, with the operators
    out = D / "export"; out.mkdir()
    for name in names[:2]:
        bpy.ops.object.select_all(action="DESELECT")
        obj = bpy.data.objects[name]; obj.select_set(True); bpy.context.view_layer.objects.active = obj
        for kind in ("fbx", "glb"):
            path = out / f"{name.replace(' ', '_')}.{kind}"
            r = getattr(bpy.ops.textface, f"export_{kind}")(filepath=str(path))
            log("export", kind, name, r, path.stat().st_size // 1024 if path.exists() else None, "KB")
    log("export folder", sorted(p.name for p in out.iterdir()))
    from test_export_separate_files import _fbx_textures, _glb_textures
    log("texture names", {p.name: sorted(( _fbx_textures if p.suffix == ".fbx" else _glb_textures)(p)) for p in sorted(out.iterdir())})
    if heads() != sorted(names[:2]):
        problem("heads after export", heads())
    blend = D / "session.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    c1 = census()
    bpy.ops.wm.open_mainfile(filepath=str(blend))
    log("reopened", heads(), census(), "before save", c1)
    orphans = [f"{k} {b.name}" for k in ("meshes", "materials", "images") for b in getattr(bpy.data, k) if b.users == 0]
    if orphans:
        problem("data of the deleted head saved in the .blend", orphans)
    for name in heads():
        obj = bpy.data.objects[name]; hair = api.hair_of(obj)
        img = next(n.image for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")
        log("  ", name, len(obj.data.shape_keys.key_blocks), "keys, albedo packed", img.packed_file is not None,
            tuple(img.size), "hair", getattr(hair, "name", None))
    stray = [o.name for o in bpy.data.objects if "textface_sidecar" not in o and (o.parent is None or "textface_sidecar" not in o.parent)]
    if stray:
        problem("objects after reopen that are no head nor a head's hair", stray)
    r = api.refine_head(bpy.data.objects[names[0]], "looks happy", steps=4)
    log("refine after reopen", r.name if r else r, heads())
finally:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log("problems", problems or "none")
    shutil.rmtree(D, ignore_errors=True)

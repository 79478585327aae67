"""Measured beard reach and mustache cover of stated beard lengths and mustache shapes (backend/parser/README.md,
facial_shapes.py): PYTHONPATH=. .venv/bin/python tests/measure_facial_shapes.py  (~30 s on a CPU; needs the ICT model)."""


def main():
    import time, numpy as np
    from backend.face_model import load_face_model
    from backend.parser import parse
    from backend.texture import face_hair_measures as fm
    from backend.texture.parametric import albedo
    from backend.texture.params import params_from_code
    model = load_face_model()
    t = time.time()
    for text in ("an old man with a long white beard", "an old man with a white beard", "an old man with a short white beard"):
        r = parse(text); cm = []
        for s in range(3):
            p = params_from_code(r.concrete, s, r.denied, r.facial_hair)
            cm.append(fm.beard_reach_cm(albedo(p, 512, s, model).detach(), model))
        print(f"{text!r}: beard reach below the chin, cm, seeds 0-2: {np.round(cm, 1).tolist()} (mean {np.mean(cm):.1f})")
    for text in ("a man with black hair and a pencil mustache", "a man with black hair and a mustache", "a man with black hair and a walrus mustache"):
        r = parse(text)
        c = np.array([fm.mustache_cover(albedo(params_from_code(r.concrete, s, r.denied, r.facial_hair), 512, s, model).detach(), model) for s in range(3)])
        print(f"{text!r}: mustache cover lip/above {c.mean(0).round(2).tolist()}")
    print(f"{time.time()-t:.0f} s")


if __name__ == "__main__":
    main()

"""face_words_goal.py: a word the parser reads moves the measure it names; one it reads to nothing is reported as not
read (3 seeds, a few of its cases)."""
import pytest

pytestmark = pytest.mark.usefixtures("face_model")


def test_face_words_report_moves_and_unread_words(face_model, monkeypatch):
    from backend.shape import face_words_goal as G
    from backend.shape import load_shape_model

    monkeypatch.setattr(G, "CASES", (("a man with a narrow nose", "a man", "nose_width", -1),
                                     ("a man with a long face", "a man", "face_length", +1),
                                     ("a man with a prominent brow ridge", "a man", "brow_ridge", +1),
                                     ("a woman with high cheekbones", "a woman", "cheekbone_mm", +1),
                                     ("a woman with a heart-shaped face", "a woman", "chin_temple", -1),
                                     ("a man with a cleft chin", "a man", "chin_ratio", +1)))
    fig = G.face_word_figures(face_model, load_shape_model(), range(3))
    narrow, long_face, brow, cheekbones, heart, cleft = fig["cases"]
    assert narrow["parsed"] == {"nose_width": "narrow"} and narrow["share"] == 1.0 and narrow["median"] > 0.5
    assert long_face["parsed"] == {"face_shape": "long"} and long_face["share"] == 1.0
    # read since face_bones.py / heart_shape.py (the brow ridge was not read; a woman's heart chin did not move)
    assert brow["parsed"] == {"brow_ridge": "heavy"} and brow["share"] == 1.0 and brow["median"] > 0.5
    assert cheekbones["parsed"] == {"cheekbones": "high"} and cheekbones["share"] == 1.0 and cheekbones["median"] > 1.0
    assert heart["share"] == 1.0 and heart["median"] > 0.5
    assert cleft["parsed"] == {} and cleft["median"] == 0.0  # the parser reads no cleft chin: the same head
    text = G.report(fig)
    assert "NOT READ by the parser" in text and text.count("  moved  ") == 5
    assert list(G.goals(fig).values()) == [True]

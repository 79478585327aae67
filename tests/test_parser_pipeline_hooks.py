"""The parser's side fields reach the texture's draw through the pipeline (backend/pipeline.py hooks)."""
import backend.texture.params as texture_params
from backend.pipeline import GenerateOptions, generate_head


def test_age_years_reaches_params_from_code(monkeypatch):
    seen = []
    real = texture_params.params_from_code

    def spy(*a, **k):
        seen.append(k.get("age_years"))
        return real(*a, **k)

    monkeypatch.setattr(texture_params, "params_from_code", spy)
    head = generate_head("a woman in her thirties", GenerateOptions(seed=2, refine=False, texture_size=256))
    assert seen == [35]
    assert head.parsed["age_years"] == 35 and head.parsed["concrete"]["age"] == "young"


def test_skin_flush_reaches_params_from_code(monkeypatch):
    seen = []
    real = texture_params.params_from_code

    def spy(*a, **k):
        seen.append(k.get("skin_flush"))
        return real(*a, **k)

    monkeypatch.setattr(texture_params, "params_from_code", spy)
    head = generate_head("a sunburnt fisherman", GenerateOptions(seed=2, refine=False, texture_size=256))
    assert seen == ["sunburnt"]
    assert head.parsed["skin_flush"] == "sunburnt" and head.parsed["abstract"] == []

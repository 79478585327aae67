"""Peoples the ancestry priors do not cover: "an Inuit man", "a Maori woman", "a Native American elder".

The schema's ancestry has six broad groups (black, white, east-asian, south-asian, hispanic, middle-eastern) and the
shape and tone priors are measured for those only (backend/shape/ancestry_prior.py, tone_priors.py).  Mapping
Arctic, Pacific or Indigenous American peoples onto one of them (Inuit onto east-asian, say) would be a guess the
measurements do not support, so none is set: the word stays a CLIP phrase, and a note says the head has no ancestry
prior for it.  Before, the word only went to CLIP, and without CLIP weights the user saw nothing at all.
"""
from __future__ import annotations

# word (token, lower case) -> how the note names the people; two-word names as merged by the caller's scan
PEOPLES = {"inuit": "Inuit", "inuk": "Inuit", "eskimo": "Inuit", "yupik": "Yupik", "aleut": "Aleut",
           "sami": "Sami", "maori": "Maori", "polynesian": "Polynesian", "samoan": "Samoan", "tongan": "Tongan",
           "hawaiian": "Native Hawaiian", "aboriginal": "Aboriginal Australian", "navajo": "Navajo",
           "cherokee": "Cherokee", "lakota": "Lakota", "sioux": "Sioux", "apache": "Apache", "quechua": "Quechua",
           "aymara": "Aymara", "fijian": "Fijian",
           # Central Asia: East and West Eurasian ancestry mixed, none of the six by far the most common
           "kazakh": "Kazakh", "uyghur": "Uyghur", "uighur": "Uyghur", "kyrgyz": "Kyrgyz", "uzbek": "Uzbek",
           "tajik": "Tajik", "turkmen": "Turkmen"}
_TWO = {("native", "american"): "Native American", ("first", "nations"): "First Nations",
        ("pacific", "islander"): "Pacific Islander", ("torres", "strait"): "Torres Strait Islander"}


def notes(words: list[str], concrete: dict) -> list[str]:
    """Tokens' words, the resolved code -> one note naming the peoples said, when no ancestry was read."""
    if "ancestry" in concrete:
        return []
    said = [_TWO[(a, b)] for a, b in zip(words, words[1:]) if (a, b) in _TWO]
    said += [PEOPLES[w] for w in words if w in PEOPLES]
    if not said:
        return []
    return [f"no ancestry prior for {', '.join(dict.fromkeys(said))}: the priors cover black, white, east-asian, "
            f"south-asian, hispanic and middle-eastern only, so the face and skin tone are drawn without one (the "
            f"word is kept for CLIP; state a skin tone or features to set them)"]

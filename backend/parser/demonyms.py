"""Nationalities and peoples read as an ancestry (merged into `lexicon.ANCESTRY`).

`ancestry` is only a prior on skin tone (backend/texture/params.py TONE_GIVEN): it makes the tones that go with it
likelier when no tone is stated, and a stated tone still wins.  A word is here only where one of the schema's
ancestries is by far the most common among the people it names, so the prior is a fair guess and not a stereotype
forced on a minority:
- black: West, East and Central African nations with a large black majority, and Jamaica and Haiti;
- white: the Nordic, British-Irish, Baltic, Central and Eastern European nations;
- east-asian: Vietnam, Taiwan, Mongolia, Tibet and the Sherpa (beside Chinese, Japanese, Korean);
- south-asian: Nepal, and South Asian peoples named by language or region (Punjabi, Bengali, Tamil, Gujarati, ...);
- hispanic: the Spanish-speaking nations of Latin America (what "Hispanic" names; Mexican was already read);
- middle-eastern: the Arab nations of the Middle East and North Africa, Iran, and Kurds.
Left unset, as no one ancestry is the prior a reader would take (and the words stay phrases for CLIP): American,
Canadian, Australian, British, English, French (and other nations with large populations of several ancestries),
Brazilian, Cuban, Dominican (also Dominica), South African, Sudanese, Ethiopian, Eritrean and Somali (the prior's
darkest tones fit West Africa better than the Horn), Turkish, Israeli, Afghan, Filipino, Indonesian, Malaysian, Thai (Southeast Asian tones differ from the East Asian
prior), the Central Asian peoples (Kazakh, Uyghur, Kyrgyz, Uzbek, Tajik, Turkmen: no_prior.py names them),
Spanish, Portuguese, Italian, Greek (Mediterranean olive tones sit between the white and the middle-eastern
priors).  Two-word names are merged first (`PHRASES`).
"""
from __future__ import annotations

_BY_ANCESTRY = {
    "black": ("nigerian", "ghanaian", "kenyan", "ugandan", "tanzanian", "rwandan", "burundian", "congolese",
              "cameroonian", "senegalese", "malian", "ivorian", "zimbabwean", "zambian", "malawian", "angolan",
              "mozambican", "gambian", "liberian", "togolese", "beninese", "burkinabe", "guinean", "jamaican",
              "haitian", "yoruba", "igbo", "zulu", "xhosa", "maasai", "ashanti"),
    "white": ("irish", "scottish", "welsh", "norwegian", "swedish", "danish", "finnish", "icelandic", "dutch",
              "german", "polish", "russian", "ukrainian", "belarusian", "czech", "slovak", "hungarian", "austrian",
              "lithuanian", "latvian", "estonian", "scandinavian", "nordic", "slavic"),
    "east-asian": ("vietnamese", "taiwanese", "mongolian", "cantonese", "mandarin", "tibetan", "sherpa"),
    "south-asian": ("nepali", "nepalese", "punjabi", "bengali", "tamil", "gujarati", "sinhalese", "sindhi",
                    "marathi", "telugu", "kannada", "malayali"),
    "hispanic": ("colombian", "peruvian", "guatemalan", "salvadoran", "salvadorian", "honduran", "nicaraguan",
                 "ecuadorian", "bolivian", "venezuelan", "chilean", "paraguayan", "uruguayan", "argentinian",
                 "argentine", "panamanian", "chicano", "chicana"),  # and Puerto Rican, Costa Rican
    "middle-eastern": ("iranian", "iraqi", "syrian", "lebanese", "jordanian", "saudi", "emirati", "kuwaiti",
                       "qatari", "yemeni", "omani", "bahraini", "palestinian", "egyptian", "moroccan", "algerian",
                       "tunisian", "libyan", "kurdish", "kurd"),
}
DEMONYMS = {w: a for a, words in _BY_ANCESTRY.items() for w in words}
DEMONYMS.update({"puerto_rican": "hispanic", "costa_rican": "hispanic"})
# Merged first (lexicon.MWE): "South African" is no "African" (several common ancestries: left unset).
PHRASES = {("south", "african"): "south_african", ("puerto", "rican"): "puerto_rican",
           ("costa", "rican"): "costa_rican"}

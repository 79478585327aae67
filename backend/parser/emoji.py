"""Emoji as words: face emoji are expressions, person emoji people, their hair and skin-tone parts what they draw.

Chat-style prompts use them in place of words ("a woman 😡", "👩‍🦰 freckles 😊", "👴🏿 with a white beard"); before,
every emoji was dropped and said nothing.  The tokenizer puts the words in the emoji's place (tokens.tokenize), so
every rule reads them as if typed; an abstract phrase still shows the emoji as written.  A zero-width joiner is gone
by then (a format character: normalize.clean), so "👩‍🦰" arrives as 👩 then 🦰: woman, red hair.
"""
from __future__ import annotations

_FACES = {
    "smiling": "😊🙂😀😃😄😁☺😌🥰😍",
    "laughing": "😂🤣😆😹",
    "sad": "😢😭😞😔☹🙁😿🥺",
    "angry": "😠😡🤬😤",
    "scared": "😱😨😰",
    "surprised": "😮😲😯😦😧",
    "smirking": "😏",
    "disgusted": "🤢🤮",
    "winking": "😉😜",
    "asleep": "😴",
    "sleepy": "😪",
    "tired": "😩😫",
    "yawning": "🥱",
    "expressionless": "😐😑",
    "frowning": "😒🧐",
}
_PEOPLE = {
    "man": "👨", "woman": "👩", "boy": "👦", "girl": "👧", "baby": "👶", "old man": "👴", "old woman": "👵",
    "old person": "🧓", "person": "🧑", "bearded man": "🧔", "blond person": "👱", "princess": "👸", "prince": "🤴",
    "female": "♀", "male": "♂",
}
# The hair parts of person emoji (after a zero-width joiner): red, curly, white hair, bald.  They end the person's
# picture, so a list mark closes it: "👨‍🦲 50s" is "man bald, 50s" (a decade listed after the person).
_HAIR = {"red haired ,": "🦰", "curly hair ,": "🦱", "white haired ,": "🦳", "bald ,": "🦲"}
# A person emoji opens an item of its own, so the words before it are not its adjectives ("big blue eyes 👶" keeps
# its big eyes: without the mark, "eyes baby" read as a blue-eyed baby's).
EMOJI: dict[str, str] = {c: words for table in (_FACES, _HAIR) for words, cs in table.items() for c in cs}
EMOJI.update({c: ", " + words for words, cs in _PEOPLE.items() for c in cs})
# Skin-tone modifiers (Fitzpatrick types 1-2 to 6) after a person emoji: the skin of that person.
SKIN_TONES = {"\U0001F3FB": "fair", "\U0001F3FC": "fair", "\U0001F3FD": "medium", "\U0001F3FE": "brown",
              "\U0001F3FF": "dark"}
# 🧔 pictures a bearded man, so beside 👩 it contradicts as "a woman, a bearded man" does (warned; before, "😀👩‍🦰🧔"
# read a woman with a full beard and said nothing); 🧔‍♀️ (🧔 then ♀ once the joiner is gone) is a bearded woman.
BEARDED, BEARDED_WOMAN = "🧔", ", bearded woman"
PERSON_EMOJI = frozenset(c for cs in _PEOPLE.values() for c in cs) - {"♀", "♂"}

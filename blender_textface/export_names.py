"""Names the exports write, for the engines and importers that read them.

Texture files: an FBX records each embedded image as "<fbx name>.fbm/<file name>", which Unity and Unreal extract
under that name, and a GLB names each image after its file name.  They are ASCII (`file_stem`: accents stripped,
other scripts a short stable hash: "José María" -> "Jose_Maria", "Zoë 王芳" -> "Zoe_5f3c2a1") and unique within one
export (`unique`: "_2", "_3" on a clash, case folded as Windows and macOS compare file names), so that two heads
never share one extracted skin ("Zoë" and "Zoé", "Ann Marie" and "Ann_Marie").  They start with the exported file's
own name (`texture_stem`: "<file key>__<file stem>", "Ann__Ann_albedo" in Ann.fbx), so that files exported to one
folder, whose names the folder keeps apart, never share one either (Unity's Extract Textures into one folder,
Unreal's texture assets in one content folder: each file's own, and a file exported again replaces its own).

Every name: at most 63 UTF-8 bytes (`short_name`); Blender's FBX and glTF importers (and older Blenders) cut a
longer one to 55 bytes and a hash, which dropped the " hair" of a long head's hair.  Shortened here, the name keeps
TextFace's suffix (" hair", " albedo", " hair albedo"), with a hash of the whole head name before it, the same for a
head and its hair, so they still read as a pair.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_NAME_BYTES = 63  # Blender's names before 5.0; its FBX and glTF importers still cut longer ones
MAX_STEM = 60  # a texture file's stem: room for a clash's "_2" (the glTF importer names an image after it)
HEAD_PART = 40  # bytes of a long head name kept: "<40>_<tag> hair albedo" is 60
SUFFIXES = (" hair albedo", " albedo", " hair")  # TextFace's names: "<head>", "<head> hair", "<head> hair albedo"
_NUMBERED = re.compile(r"\.\d{3,}$")  # Blender's ".001" of a name already taken
# letters NFKD does not take apart into a Latin letter and marks
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
                        "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"})


def split_suffix(name: str) -> tuple[str, str]:
    """("Ann", " hair albedo") for "Ann hair albedo"; (name, "") for a name without TextFace's suffix."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)], suffix
    return name, ""


def tag(stem: str) -> str:
    """A short stable hash of a head name (the same for its hair and albedos)."""
    return hashlib.sha1(unicodedata.normalize("NFC", stem).encode("utf-8")).hexdigest()[:7]


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, never inside a character."""
    return text.encode("utf-8")[:max(limit, 0)].decode("utf-8", "ignore")


def short_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """`name` as it is, or "<head name cut to HEAD_PART bytes>_<tag><suffix>": when it is over `limit` bytes, or when
    its head name is too long for the longest of TextFace's names of that head ("<head> hair albedo"), so that a
    head, its hair, their materials and albedos are all cut alike or not at all."""
    stem, suffix = split_suffix(name)
    if len(stem.encode("utf-8")) + len(SUFFIXES[0]) <= limit:
        return name
    return f"{_cut(stem, HEAD_PART).rstrip(' _')}_{tag(stem)}{suffix}"


_SHORTENED = re.compile(r"(.*)_([0-9a-f]{7})", re.S)  # "<cut>_<tag>": a name short_name made


def _ascii_words(text: str) -> tuple[str, bool]:
    """`text` in ASCII letters, digits, '-' and '_' (accents stripped, spaces and other signs '_', runs of '_' one),
    and whether a letter or digit of another script was dropped."""
    out, dropped = [], False
    for c in unicodedata.normalize("NFKD", text.translate(_LATIN)):
        if unicodedata.combining(c):
            continue  # an accent taken off its letter
        if c.isascii() and (c.isalnum() or c == "-"):
            out.append(c)
        else:
            dropped = dropped or c.isalnum()
            out.append("_")
    return re.sub(r"_+", "_", "".join(out)).strip("_-"), dropped


def file_stem(image_name: str) -> str:
    """The ASCII file name (no extension) of an image in an export: "Zoë 王芳 hair albedo" ->
    "Zoe_<tag>_hair_albedo"; at most MAX_STEM characters (a long head name cut to HEAD_PART and tagged, as short_name does; the tag of an
    image short_name renamed is kept, so files and objects carry one tag)."""
    stem, suffix = split_suffix(_NUMBERED.sub("", image_name))
    end = suffix.replace(" ", "_")
    shortened = _SHORTENED.fullmatch(stem)
    text, code = (shortened.group(1), shortened.group(2)) if shortened else (stem, tag(stem))
    words, dropped = _ascii_words(text)
    if shortened or len(words) + len(end) > MAX_STEM:
        words = words[:HEAD_PART].rstrip("_-")
    elif words and not dropped:
        return words + end
    return f"{words}_{code}{end}" if words else f"{code}{end}"  # (another script: its letters as the tag)


def unique(stem: str, taken: set) -> str:
    """`stem`, or `stem_2`, `stem_3`, ... the first whose case-folded form is not in `taken` (which it joins)."""
    name, k = stem, 1
    while name.casefold() in taken:
        k += 1
        name = f"{stem}_{k}"
    taken.add(name.casefold())
    return name


FILE_KEY = 24  # at most this many characters of the exported file's name start each of its texture names
_PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]|_(?!_))*(?<![_-])")  # what _ascii_words keeps as it is


def file_key(file_stem_: str) -> str:
    """The exported file's name (no extension) as the start of its texture names: ASCII, no "__", and one to one
    (a name _ascii_words would change, or one cut to FILE_KEY, gets a hash of the whole name: "Zoë" "Zoe_<tag>",
    "Zoé" another tag; "Ann_Marie" and "Ann Marie" apart), so two files of one folder never start them alike."""
    words, _ = _ascii_words(file_stem_)
    if _PLAIN.fullmatch(file_stem_) and len(file_stem_) <= FILE_KEY:
        return file_stem_
    return f"{words[:FILE_KEY - 8].rstrip('_-')}_{tag(file_stem_)}" if words else tag(file_stem_)


def texture_stem(key: str, image_name: str) -> str:
    """An image's file name (no extension) in the export whose file_key is `key`: "<key>__<file_stem>".  Neither
    part holds "__" (nor starts or ends with "_"), so the pair is read back from the name: unique per file and
    image."""
    return f"{key}__{file_stem(image_name)}"

"""Sarabun for PDF documents, adjusted so that the PDF's Thai text layer reads back exactly.

Why the fonts are patched
-------------------------
Sarabun draws the upper vowels ั ิ ี ึ ื ็ ํ in a narrow form after the tall consonants ป ฝ ฟ ฬ,
and places a tone mark (่ ้ ๊ ๋ ์) over such a vowel with a GPOS mark-to-mark attachment that moves
the tone about a sixth of an em to the left. Chromium writes that move into the PDF as a shift of
the tone glyph, and text extractors (pdftotext, copy and paste, search in a PDF reader) read the
shift as a gap between letters: "ปั้น" comes back as "ปั้ น". A report an officer cannot search
or copy from is a defect.

The fix keeps the drawing identical and moves the shift out of the positioning: for every pair
(narrow vowel, tone) whose tone HarfBuzz moves, a new glyph is added whose outline is the tone's
already moved by that amount, and a chained substitution at the end of `ccmp` swaps the tone for
it when it follows that vowel. The new glyph is in no mark-positioning lookup, so it is placed at
the pen position with no shift, exactly where the moved tone was drawn.

The patched files are made once per font version into `settings.VAR_DIR / "fonts"` and reused; a
file is written under a temporary name and renamed, so concurrent workers never read half a font.
"""

from __future__ import annotations

import importlib.metadata
import itertools
import os
import tempfile
from pathlib import Path

from django.conf import settings

# Bump when the patch below changes, so that older cached files are not reused.
PATCH_VERSION = "1"

# CSS weight → Sarabun style file.
WEIGHTS: dict[int, str] = {400: "Regular", 700: "Bold"}

TALL_CONSONANTS = (0x0E1B, 0x0E1D, 0x0E1F, 0x0E2C)  # ป ฝ ฟ ฬ
UPPER_VOWELS = (0x0E31, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E47, 0x0E4D)  # ั ิ ี ึ ื ็ ํ
UPPER_MARKS = (0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E4D, 0x0E47)  # ่ ้ ๊ ๋ ์ ํ ็
NARROW_SUFFIX = ".narrow"
BAKED_SUFFIX = ".baked"


class FontPatchError(RuntimeError):
    """The font no longer looks like the Sarabun this patch was written for."""


def _source_dir() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.ROOT) / "files"


def _cache_key() -> str:
    try:
        package = importlib.metadata.version("fontpkg-sarabun")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - installed with the app
        package = "unknown"
    return f"sarabun-{package}-patch{PATCH_VERSION}"


def sarabun_fonts() -> dict[int, Path]:
    """The patched Sarabun files by CSS weight, made on first use and cached under VAR_DIR."""
    folder = Path(settings.VAR_DIR) / "fonts" / _cache_key()
    fonts = {}
    for weight, style in WEIGHTS.items():
        target = folder / f"Sarabun-{style}.ttf"
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(_source_dir() / f"Sarabun-{style}.ttf", target)
        fonts[weight] = target
    return fonts


def _write_atomically(source: Path, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp"
    )
    os.close(handle)
    try:
        patch_font(source, Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def shape(path: Path, text: str) -> list[tuple[str, int, int, int]]:
    """Shape a text with HarfBuzz: (glyph name, advance, x offset, y offset) per glyph."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    return _shape(font, [ord(c) for c in text])


def _shape(font, codepoints: list[int]) -> list[tuple[str, int, int, int]]:
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_codepoints(codepoints)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [
        (font.glyph_to_string(info.codepoint), pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    ]


def _combinations():
    """Every tall consonant + upper vowel + upper mark, the clusters that get narrow vowels."""
    return itertools.product(TALL_CONSONANTS, UPPER_VOWELS, UPPER_MARKS)


def shifted_marks(path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(narrow vowel glyph, mark glyph) → the (x, y) shift HarfBuzz gives the mark over it.

    Only marks that are actually shifted are listed, so a patched font gives an empty dict.
    """
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    shifts: dict[tuple[str, str], tuple[int, int]] = {}
    for codepoints in _combinations():
        glyphs = _shape(font, list(codepoints))
        if len(glyphs) != 3:
            continue
        (_, _, _, _), (vowel, _, vowel_dx, vowel_dy), (mark, _, dx, dy) = glyphs
        if not vowel.endswith(NARROW_SUFFIX) or dx == 0:
            continue
        # The mark hangs on the vowel (mark-to-mark), so its shift is the vowel's plus the
        # anchors' difference; the vowel's own shift (a unit or two in Bold after ป) stays as it
        # is, and only the anchors' part, the same after every consonant, is baked.
        shift = (dx - vowel_dx, dy - vowel_dy)
        known = shifts.setdefault((vowel, mark), shift)
        if known != shift:
            raise FontPatchError(
                f"{path.name}: the mark {mark} over {vowel} moves differently by consonant"
            )
    return shifts


def patch_font(source: Path, target: Path) -> int:
    """Write a copy of a Sarabun file with the mark shifts over narrow vowels baked into glyphs.

    Returns how many (vowel, mark) pairs were baked.
    """
    from fontTools.otlLib import builder as otl
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables import otTables as ot

    shifts = shifted_marks(source)
    if not shifts:
        raise FontPatchError(f"{source.name}: no narrow vowels found; is this Sarabun?")
    font = TTFont(str(source))
    glyph_set = font.getGlyphSet()
    glyf, hmtx = font["glyf"], font["hmtx"]

    # New glyphs: the mark drawn already moved by its shift, with no advance.
    baked: dict[str, dict[str, str]] = {}  # vowel → {mark: baked mark}
    new_glyphs = {}
    for (vowel, mark), (dx, dy) in sorted(shifts.items()):
        name = f"{mark}{BAKED_SUFFIX}.{vowel.removesuffix(NARROW_SUFFIX)}"
        pen = TTGlyphPen(glyph_set)
        glyph_set[mark].draw(TransformPen(pen, (1, 0, 0, 1, dx, dy)))
        new_glyphs[name] = pen.glyph()
        baked.setdefault(vowel, {})[mark] = name
    order = list(font.getGlyphOrder())
    font.setGlyphOrder(order + sorted(new_glyphs))
    for name, glyph in new_glyphs.items():
        glyf[name] = glyph
        glyph.recalcBounds(glyf)
        hmtx[name] = (0, getattr(glyph, "xMin", 0))

    # GDEF: the new glyphs are marks, so that kerning and other lookups skip them as before.
    gdef = font["GDEF"].table
    if gdef.GlyphClassDef is not None:
        for name in new_glyphs:
            gdef.GlyphClassDef.classDefs[name] = 3

    # GSUB: after every other lookup, "mark after this narrow vowel → its baked glyph".
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    glyph_map = font.getReverseGlyphMap()
    rules = []
    for vowel, mapping in sorted(baked.items()):
        lookups.append(otl.buildLookup([otl.buildSingleSubstSubtable(mapping)]))
        rule = ot.ChainContextSubst()
        rule.Format = 3
        rule.BacktrackCoverage = [otl.buildCoverage([vowel], glyph_map)]
        rule.InputCoverage = [otl.buildCoverage(list(mapping), glyph_map)]
        rule.LookAheadCoverage = []
        record = ot.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, len(lookups) - 1
        rule.SubstLookupRecord = [record]
        rule.BacktrackGlyphCount, rule.InputGlyphCount, rule.LookAheadGlyphCount = 1, 1, 0
        rule.SubstCount = 1
        rules.append(rule)
    chain = otl.buildLookup(rules)
    chain.LookupType = 6
    lookups.append(chain)
    gsub.LookupList.LookupCount = len(lookups)
    chain_index = len(lookups) - 1
    ccmp = [r for r in gsub.FeatureList.FeatureRecord if r.FeatureTag == "ccmp"]
    if not ccmp:
        raise FontPatchError(f"{source.name}: no ccmp feature to attach the substitution to")
    for record in ccmp:
        record.Feature.LookupListIndex.append(chain_index)
        record.Feature.LookupCount = len(record.Feature.LookupListIndex)

    # A digital signature no longer matches a changed font.
    if "DSIG" in font:
        del font["DSIG"]
    font.save(str(target))
    font.close()
    _check(target)
    return len(shifts)


def _check(path: Path) -> None:
    """Refuse a patched file in which a mark over a narrow vowel is still shifted."""
    left = shifted_marks(path)
    if left:
        vowel, mark = next(iter(left))
        raise FontPatchError(f"{path.name}: {mark} over {vowel} is still shifted after patching")

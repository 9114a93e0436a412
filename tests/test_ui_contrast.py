"""Every colour pair the screens use meets WCAG 2.2's contrast minimum:
4.5:1 for text (SC 1.4.3), 3:1 for the focus ring and other parts a person
must see (SC 1.4.11). The ratio is computed here with WCAG's relative
luminance formula; the colours are the palette's, and no screen writes a
colour of its own."""

import re
from pathlib import Path

import pytest

from twofa_sim.ui import palette

UI = Path(__file__).resolve().parents[1] / "twofa_sim" / "ui"


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour written ``#rrggbb``."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), L1 the lighter colour's relative luminance."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_formula_gives_wcags_own_figures():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey passing on white
    assert contrast_ratio("#ffffff", "#f57c00") == pytest.approx(2.70, abs=0.01)  # the old orange button


@pytest.mark.parametrize("what, foreground, background", palette.TEXT_PAIRS, ids=[p[0] for p in palette.TEXT_PAIRS])
def test_text_has_at_least_4_5_to_1(what, foreground, background):
    assert contrast_ratio(foreground, background) >= 4.5, what


@pytest.mark.parametrize("what, foreground, background", palette.NON_TEXT_PAIRS,
                         ids=[p[0] for p in palette.NON_TEXT_PAIRS])
def test_what_must_be_seen_has_at_least_3_to_1(what, foreground, background):
    assert contrast_ratio(foreground, background) >= 3.0, what


def test_every_button_tone_and_message_kind_is_in_a_checked_pair():
    checked = {(fg, bg) for _, fg, bg in palette.TEXT_PAIRS + palette.NON_TEXT_PAIRS}
    assert all((fg, bg) in checked for bg, fg in palette.BUTTONS.values())
    assert all((colour, palette.PAGE) in checked for colour in palette.MESSAGE_BORDERS.values())


def test_no_screen_writes_a_colour_of_its_own():
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|\brgba?\(")
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(UI.glob("*.py")) if path.name != "palette.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert found == []

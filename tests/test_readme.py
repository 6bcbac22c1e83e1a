"""The README is what a newcomer reads top to bottom: short, and it says the unit of analysis."""

import helpers


def test_the_readme_is_short_and_says_the_unit_of_analysis():
    text = (helpers.ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    assert "unit of analysis is the sentence" in text
    assert "UNIT=document" in text

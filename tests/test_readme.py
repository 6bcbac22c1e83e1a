"""The README is what a newcomer reads top to bottom: short, and it says the unit of analysis."""

import helpers


def test_the_readme_is_short_and_says_the_unit_of_analysis():
    text = (helpers.ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    assert "unit of analysis is the sentence" in text
    assert "UNIT=document" in text


def test_the_readme_quotes_the_parser_comparison_as_measured():
    # benchmarks/parties_parser.md is written by the measurement; the README quotes its agent
    # recalls on the frozen test part (the dependency parse's, then the rules').
    table = (helpers.ROOT / "benchmarks" / "parties_parser.md").read_text(encoding="utf-8")
    rows = {
        line.split(" | ")[1]: line
        for line in table.splitlines()
        if line.startswith("| test (frozen)") and " | agent | " in line
    }
    assert "| 0.11 [0.07, 0.18] |" in rows["dependency parse (en_core_web_sm 3.8.0)"]
    assert "| 0.32 [0.25, 0.40] |" in rows["clause rules (the project's)"]
    readme = (helpers.ROOT / "README.md").read_text(encoding="utf-8")
    assert "recall 0.11 against 0.32" in readme

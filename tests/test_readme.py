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

    def recall(row: str) -> str:
        return row.split(" | ")[7].split(" ")[0]  # (the recall column, without its interval)

    parse = recall(rows["dependency parse (en_core_web_sm 3.8.0)"])
    rules = recall(rows["clause rules (the project's)"])
    assert (parse, rules) == ("0.14", "0.37")
    readme = (helpers.ROOT / "README.md").read_text(encoding="utf-8")
    assert f"recall {parse} against {rules}" in readme


def test_the_readme_quotes_the_stance_parser_comparison_as_measured():
    # benchmarks/stance_parser.md is written by the measurement; the README quotes the stances
    # agreeing on the frozen test part (the dependency parse's, then the rules', of the
    # mentions found).
    table = (helpers.ROOT / "benchmarks" / "stance_parser.md").read_text(encoding="utf-8")
    rows = {
        line.split(" | ")[1]: line.split(" | ")[2:4]
        for line in table.splitlines()
        if line.startswith("| test (frozen)")
    }
    n, parse = rows["dependency parse (en_core_web_sm 3.8.0)"]
    rules = rows["stance rules (the project's)"][1]
    assert (n, parse, rules) == ("167", "118", "128")
    readme = " ".join((helpers.ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"on {parse} of the test part's {n} mentions against the rules' {rules}" in readme


def test_the_data_notes_count_the_gazetteer_as_it_is():
    # data/README.md and data/gazetteer_notes.md quote the alias table's size: the numbers of
    # the shipped file (blocker rows apart).
    import re

    gazetteer = helpers.load_gazetteer()
    aliases = gazetteer[gazetteer["type"] != "BLOCK"]
    counts = (len(aliases), aliases["entity"].nunique())
    readme = (helpers.DATA / "README.md").read_text(encoding="utf-8")
    notes = (helpers.DATA / "gazetteer_notes.md").read_text(encoding="utf-8")
    quoted = re.search(r"one alias a row, (\d+) aliases of (\d+) entities", readme)
    noted = re.search(r"(\d+) alias rows, (\d+) entities", notes)
    assert tuple(map(int, quoted.groups())) == counts == (393, 117)
    assert tuple(map(int, noted.groups())) == counts

"""The JSON shape shared by `extract --json`, `baseline show --json` and `diff --format json`."""

from monitor.facts.quantities import find_quantities
from monitor.serialize import quantity_to_dict


def test_a_date_is_written_as_an_iso_date_not_a_day_number():
    text = "The agreement was signed on October 28, 2025 and is worth $5 billion."
    rows = [quantity_to_dict(q, text) for q in find_quantities(text, "en")]
    dates = [row for row in rows if row["kind"] == "date"]
    assert [row["value"] for row in dates] == ["2025-10-28"]
    assert [row["value"] for row in rows if row["kind"] == "money"] == [5e9]

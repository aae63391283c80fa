"""Absurd durations and times get a plain ValueError (shown as a message), never an OverflowError."""

from datetime import timedelta

import pytest

from socialtui.domain.timeutil import parse_duration, parse_timestamp


@pytest.mark.parametrize("text", ["99999999999d", "9999999d", "36501d", "5300w"])
def test_durations_beyond_a_century_are_refused_plainly(text):
    with pytest.raises(ValueError, match="100 years"):
        parse_duration(text)


def test_a_century_is_still_a_duration():
    assert parse_duration("36500d").days == 36_500


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00", "1899-12-31T23:00:00Z"])
def test_times_outside_the_supported_years_are_refused_plainly(text):
    with pytest.raises(ValueError, match="outside 1900-9000"):
        parse_timestamp(text)


def test_ordinary_times_still_parse_to_utc():
    assert parse_timestamp("2026-12-01T09:00+01:00").isoformat() == "2026-12-01T08:00:00+00:00"


@pytest.mark.parametrize("text, minutes", [("90m", 90), ("1h30m", 90), ("3 hours", 180), ("90 Minuten", 90),
                                           ("2 Stunden", 120), ("1 Woche", 7 * 24 * 60), ("2 days 4 hours", 52 * 60)])
def test_durations_as_people_type_them(text, minutes):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["soon", "3", "3 hoursx", "2 months", "5 m s", "h"])
def test_what_is_no_duration_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match="use e.g. 90m"):
        parse_duration(text)

"""The classifiers against the kestrel and harbor demo data (fixtures/README.md)."""

import pytest

from socialtui.rules.text.deflection import find_deflection
from socialtui.rules.text.hijack import find_hijack_report
from socialtui.rules.text.links import analyse_link
from socialtui.sources.dataset_dir import load_dataset
from tests.conftest import HARBOR, KESTREL

REPORTS = {"k0350", "k0351", "k0352", "k0353", "k0354", "k0355", "k0356"}
NOT_REPORTS = {"k0357", "k0358", "k0359", "k0360"}


def messages(path):
    if not (path / "messages.jsonl").exists():
        pytest.skip(f"{path} not generated")
    return load_dataset(path)


def test_every_kestrel_hijack_report_and_nothing_else():
    ds = messages(KESTREL)
    acc = ds.account
    found = {m.id for m in ds.messages
             if m.direction == "in" and find_hijack_report(m.text, acc.handle, acc.brand_terms)}
    assert found == REPORTS
    assert not found & NOT_REPORTS


def test_kestrel_answer_with_hotline_is_no_deflection_and_own_links_are_fine():
    ds = messages(KESTREL)
    by_id = {m.id: m for m in ds.messages}
    assert find_deflection(by_id["k0555"].text) is None
    for mid in ("k0375", "k0376", "k0377", "k0378"):
        assert all(analyse_link(link, ds.account) == [] for link in by_id[mid].links)
    assert all(analyse_link(link, ds.account) for link in by_id["k0337"].links)


def test_harbor_is_clean():
    ds = messages(HARBOR)
    acc = ds.account
    assert not [m.id for m in ds.messages if m.direction == "in" and find_hijack_report(m.text, acc.handle, acc.brand_terms)]
    assert not [m.id for m in ds.messages if m.direction == "out" and find_deflection(m.text)]
    assert not [m.id for m in ds.messages if m.direction == "out" for link in m.links if analyse_link(link, acc)]

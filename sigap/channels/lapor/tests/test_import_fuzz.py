"""Arbitrary SP4N-LAPOR! and Ombudsman forward files: every one is stored with its outcome, never an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from sigap.channels.lapor.services import batch_import
from sigap.channels.models import InboundMessage
from sigap.test import BaseTestCase

FIELD = st.sampled_from(["id", "judul", "isi", "kategori", "tanggal", "nama", "email", "telepon", "lokasi", "status"])
VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=80), st.lists(st.text(max_size=5))
)
RECORD = st.dictionaries(FIELD, VALUE, max_size=10)
JSON_FILE = st.one_of(
    st.lists(RECORD, max_size=5).map(lambda r: json.dumps(r).encode()),
    st.dictionaries(st.text(max_size=10), st.lists(RECORD, max_size=3)).map(lambda r: json.dumps(r).encode()),
)
CSV_FILE = st.lists(st.lists(st.text(max_size=30), max_size=8).map(",".join), max_size=6).map(
    lambda rows: "\n".join(["id,judul,isi,kategori,nama", *rows]).encode("utf-8", "surrogatepass")
)


class ForwardedBatchFuzzTest(BaseTestCase, HypothesisTestCase):
    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        source=st.sampled_from(["lapor", "ombudsman"]),
        content=st.one_of(st.binary(max_size=500), JSON_FILE, CSV_FILE),
        name=st.sampled_from(["kiriman.json", "kiriman.csv", "kiriman.txt", "kiriman"]),
    )
    def test_any_forwarded_file_is_stored_with_its_outcome(self, source, content, name) -> None:
        message = batch_import(jurisdiction=self.city, source=source, content=content, filename=name, actor=self.admin)
        message.refresh_from_db()
        self.assertEqual(message.channel, source)
        self.assertIn(message.state, {InboundMessage.State.FILED, InboundMessage.State.FAILED})
        if message.state == InboundMessage.State.FAILED:
            self.assertTrue(message.error, "a refused file must say why")

"""The inbound parsers take any body: a result or a PayloadError, never anything else."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.channels.messaging.inbound import PayloadError
from sigap.channels.messaging.tests import payloads as p
from sigap.channels.telegram import adapter as telegram
from sigap.channels.wacloud import adapter as whatsapp

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
wa_keys = st.sampled_from(
    [
        "object",
        "entry",
        "changes",
        "value",
        "field",
        "metadata",
        "phone_number_id",
        "messages",
        "statuses",
        "contacts",
        "from",
        "id",
        "type",
        "text",
        "body",
        "image",
        "location",
        "latitude",
        "longitude",
        "interactive",
        "button_reply",
        "list_reply",
        "button",
        "payload",
    ]
)
wa_like = st.recursive(
    st.none()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "whatsapp_business_account",
            "messages",
            "text",
            "image",
            "location",
            "interactive",
            "button_reply",
            "6281234567890",
        ]
    )
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(wa_keys, inner, max_size=6),
    max_leaves=40,
)


def _either(parse, raw):
    try:
        parse(raw)
    except PayloadError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        wa_like.map(lambda v: json.dumps(v).encode()),
    )
)
def test_the_whatsapp_parser_accepts_or_refuses_any_body_with_a_reason(raw):
    _either(whatsapp.parse, raw)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_the_telegram_parser_accepts_or_refuses_any_body_with_a_reason(raw):
    _either(telegram.parse, raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.floats(-90, 90), st.floats(-180, 180))
def test_documented_shapes_with_any_text_and_place_parse(text, lat, lng):
    batch = whatsapp.parse(p.dumps(p.wa_envelope(messages=[p.wa_text(text), p.wa_location(lat, lng)])))
    # A NUL is dropped (PostgreSQL cannot store it); the rest is the text as sent.
    stored = text.replace("\x00", "").strip()[:4000]
    assert batch.messages[0].inbound.text == stored
    assert batch.messages[1].inbound.lat == lat
    update = telegram.parse(p.dumps(p.tg_update(1, **p.tg_message(1, text=text))))
    assert update.inbound is not None and update.inbound.text == stored


def test_documented_statuses_and_replies():
    batch = whatsapp.parse(
        p.dumps(
            p.wa_envelope(
                messages=[p.wa_button("kirim", "Kirim"), p.wa_list("rate:X:5"), p.wa_message("audio", {"id": "1"})],
                statuses=[p.wa_status("wamid.OUT1", "delivered")],
            )
        )
    )
    assert [m.inbound.button for m in batch.messages[:2]] == ["kirim", "rate:X:5"]
    assert batch.messages[2].inbound.unsupported == "audio"
    assert (batch.statuses[0].message_id, batch.statuses[0].status) == ("wamid.OUT1", "delivered")
    assert whatsapp.verify("s", b"{}", whatsapp.sign("s", b"{}"))
    assert not whatsapp.verify("s", b"{}", whatsapp.sign("t", b"{}"))
    assert not whatsapp.verify("", b"{}", whatsapp.sign("", b"{}"))

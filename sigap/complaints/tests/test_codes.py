from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sigap.complaints.codes import ALPHABET, hash_secret, new_secret, new_tracking_code, normalise_code, secret_matches


def test_a_code_has_twelve_characters_in_three_groups():
    code = new_tracking_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert all(ch in ALPHABET for ch in "".join(groups))


def test_typing_mistakes_are_forgiven():
    code = "7KQ2-M9XD-4P10"
    assert normalise_code("7kq2 m9xd 4pio") == code
    assert normalise_code("7KQ2M9XD4PlO") == code


def test_garbage_is_not_a_code():
    assert normalise_code("") is None
    assert normalise_code("7KQ2-M9XD") is None
    assert normalise_code("'; DROP TABLE complaints_complaint; --") is None


def test_a_secret_matches_in_any_case_and_grouping():
    secret = new_secret()
    stored = hash_secret(secret)
    assert secret_matches(secret.lower().replace("-", " "), stored)
    assert not secret_matches(new_secret(), stored)


@given(st.text(max_size=40))
def test_normalising_never_fails_and_is_idempotent(raw):
    code = normalise_code(raw)
    if code is not None:
        assert normalise_code(code) == code

from __future__ import annotations

import importlib
from collections import Counter

from django.apps import apps as django_apps
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from sigap.complaints.codes import (
    _LETTER_OF_BYTE,
    ALPHABET,
    hash_secret,
    new_secret,
    new_tracking_code,
    normalise_code,
    secret_matches,
    unkeyed_hash,
)
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import complaint_for_reporter
from sigap.test import BaseTestCase

wrap_unkeyed_hashes = importlib.import_module(
    "sigap.complaints.migrations.0005_i11_keyed_secret_hash"
).wrap_unkeyed_hashes


def test_a_code_has_twelve_characters_in_three_groups():
    code = new_tracking_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert all(ch in ALPHABET for ch in "".join(groups))


def test_every_letter_is_equally_likely():
    # Each random byte picks a letter: every letter must own the same number of byte values.
    assert Counter(_LETTER_OF_BYTE.decode()) == {letter: 256 // len(ALPHABET) for letter in ALPHABET}
    assert set("".join(new_tracking_code().replace("-", "") for _ in range(2000))) == set(ALPHABET)


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


class KeyedSecretHashTest(BaseTestCase):
    """Reporter secrets are stored as a keyed hash: a leaked backup alone cannot be brute-forced."""

    def test_the_stored_hash_is_keyed_not_the_plain_sha256(self):
        secret = new_secret()
        stored = hash_secret(secret)
        self.assertTrue(stored.startswith("k"))
        self.assertNotIn(unkeyed_hash(secret), stored)
        self.assertTrue(secret_matches(secret, stored))
        with override_settings(SIGAP_REPORTER_SECRET_KEYS=["9:another-key-altogether"]):
            self.assertFalse(secret_matches(secret, stored))  # another key: the hash says nothing

    def test_an_unkeyed_hash_no_longer_opens_a_case(self):
        secret = new_secret()
        self.assertFalse(secret_matches(secret, unkeyed_hash(secret)))

    def test_the_migration_wraps_old_unkeyed_hashes_so_old_secrets_still_work(self):
        complaint, secret = self.submit()
        Complaint.objects.filter(pk=complaint.pk).update(secret_hash=unkeyed_hash(secret))
        wrap_unkeyed_hashes(django_apps, None)
        complaint.refresh_from_db()
        self.assertTrue(complaint.secret_hash.startswith("k"))
        self.assertEqual(complaint_for_reporter(code=complaint.tracking_code, secret=secret), complaint)

    def test_a_rotated_key_still_verifies_and_the_hash_moves_to_the_new_key(self):
        with override_settings(SIGAP_REPORTER_SECRET_KEYS=["1:the-first-key-0123456789"]):
            complaint, secret = self.submit()
        self.assertTrue(complaint.secret_hash.startswith("k1$"))
        with override_settings(SIGAP_REPORTER_SECRET_KEYS=["2:the-second-key-987654321", "1:the-first-key-0123456789"]):
            self.assertEqual(complaint_for_reporter(code=complaint.tracking_code, secret=secret), complaint)
            complaint.refresh_from_db()
            self.assertTrue(complaint.secret_hash.startswith("k2$"))
        with override_settings(SIGAP_REPORTER_SECRET_KEYS=["2:the-second-key-987654321"]):
            self.assertEqual(complaint_for_reporter(code=complaint.tracking_code, secret=secret), complaint)

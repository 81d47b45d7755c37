"""Telegram bots: the secret token, Updates, replies with sendMessage and inline buttons, against a fake Bot API."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings

from sigap.channels.messaging.tests import payloads as p
from sigap.channels.messaging.tests.fakes import FakeBotApi, serve
from sigap.channels.models import InboundMessage, MessagingAccount, Messenger
from sigap.complaints.models import Channel, Complaint
from sigap.complaints.workflow import Action, Status
from sigap.notifications.models import Kind, Notification, State
from sigap.test import BaseTestCase

SECRET = "telegram-secret_1"
CHAT = 777001


class TelegramTestCase(BaseTestCase):
    def setUp(self):
        server = serve(FakeBotApi(files={"photo-big": ("photos/file_7.jpg", p.jpeg_with_gps())}))
        self.bot = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        config = override_settings(
            SIGAP_USE_TELEGRAM=True,
            SIGAP_TELEGRAM_BOT_TOKEN=self.bot.token,
            SIGAP_TELEGRAM_SECRET_TOKEN=SECRET,
            SIGAP_TELEGRAM_API_BASE=self.bot.url,
            SIGAP_INTAKE_JURISDICTION="kota-contoh",
        )
        config.enable()
        self.addCleanup(config.disable)

    def post(self, update, *, secret=SECRET):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/kanal/telegram/",
                p.dumps(update),
                content_type="application/json",
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            )

    def last_sent(self):
        return self.bot.sent[-1]


class TelegramTest(TelegramTestCase):
    def test_a_wrong_or_missing_secret_token_is_refused(self):
        self.assertEqual(self.post(p.tg_update(1, **p.tg_message(1, text="halo")), secret="x").status_code, 403)
        self.assertEqual(self.post(p.tg_update(1, **p.tg_message(1, text="halo")), secret="").status_code, 403)
        self.assertFalse(InboundMessage.objects.exists())

    def test_start_gets_the_help_text(self):
        self.post(p.tg_update(1, **p.tg_message(1, text="/start")))
        self.assertEqual(self.last_sent()["chat_id"], CHAT)
        self.assertIn("BERHENTI", self.last_sent()["text"])

    def test_a_conversation_with_photo_and_location_files_one_complaint_and_buttons_confirm_and_rate(self):
        self.post(p.tg_update(10, **p.tg_message(1, text="Got mampet di Jl. Sudirman, air meluap ke jalan")))
        keyboard = self.last_sent()["reply_markup"]["inline_keyboard"]
        self.assertEqual([row[0]["callback_data"] for row in keyboard], ["kirim", "ubah"])
        self.post(
            p.tg_update(
                11,
                **p.tg_message(
                    2,
                    photo=[
                        {"file_id": "photo-small", "file_unique_id": "a", "file_size": 900, "width": 90, "height": 60},
                        {"file_id": "photo-big", "file_unique_id": "b", "file_size": 9000, "width": 900, "height": 600},
                    ],
                    caption="fotonya",
                ),
            )
        )
        self.post(p.tg_update(12, **p.tg_message(3, location={"latitude": -7.98, "longitude": 112.63})))
        answer = self.post(p.tg_update(13, **p.tg_callback("cbq-1", "kirim")))
        # The webhook's answer stops the button's spinner (a Bot API method in the webhook reply).
        self.assertEqual(answer.json()["method"], "answerCallbackQuery")
        self.assertEqual(answer.json()["callback_query_id"], "cbq-1")
        complaint = Complaint.objects.get()
        self.assertEqual(
            (complaint.channel, complaint.jurisdiction, complaint.reporter.name), (Channel.TELEGRAM, self.city, "Rina")
        )
        self.assertEqual(complaint.attachments.count(), 1)
        self.assertEqual(round(complaint.lat, 2), -7.98)
        self.assertIn(complaint.tracking_code, self.last_sent()["text"])
        self.assertTrue(any(c.path == "/file/bot123456:bot-token/photos/file_7.jpg" for c in self.bot.calls))

        with self.captureOnCommitCallbacks(execute=True):
            complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, opd=self.opd_a)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.ANSWER, text="Saluran sudah dibersihkan.")
        answered = self.last_sent()
        self.assertIn("Saluran sudah dibersihkan", answered["text"])
        confirm = answered["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        self.assertEqual(confirm, f"confirm:{complaint.tracking_code}")
        self.post(p.tg_update(14, **p.tg_callback("cbq-2", confirm)))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.CLOSED)
        stars = self.last_sent()["reply_markup"]["inline_keyboard"][0]
        self.assertEqual(
            [b["callback_data"] for b in stars], [f"rate:{complaint.tracking_code}:{n}" for n in (5, 4, 3, 2, 1)]
        )
        self.post(p.tg_update(15, **p.tg_callback("cbq-3", stars[1]["callback_data"])))
        complaint.refresh_from_db()
        self.assertEqual(complaint.rating, 4)

    def test_the_same_update_twice_is_handled_once(self):
        update = p.tg_update(20, **p.tg_message(1, text="Lampu taman kota mati semua sejak kemarin"))
        self.post(update)
        self.assertEqual(self.post(update).json()["status"], "duplicate")
        self.assertEqual(len(self.bot.sent), 1)

    def test_status_command_answers_only_in_the_chat_that_filed(self):
        self.post(p.tg_update(1, **p.tg_message(1, text="Lampu taman kota mati semua sejak kemarin")))
        self.post(p.tg_update(2, **p.tg_callback("q", "kirim")))
        code = Complaint.objects.get().tracking_code
        self.post(p.tg_update(3, **p.tg_message(3, text=f"/status {code}")))
        self.assertIn(code, self.last_sent()["text"])
        self.post(p.tg_update(4, **p.tg_message(4, chat_id=555, text=f"/status {code}")))
        self.assertNotIn(code, self.last_sent()["text"])

    def test_a_bot_of_its_own_serves_its_jurisdiction(self):
        MessagingAccount.objects.create(
            kind=Messenger.TELEGRAM,
            jurisdiction=self.other_city,
            external_id="laporkotalain_bot",
            bot_token=self.bot.token,
            secret_token="lain-secret",
        )
        self.post(p.tg_update(1, **p.tg_message(1, text="Jembatan retak di Kota Lain")), secret="lain-secret")
        self.post(p.tg_update(2, **p.tg_callback("q", "kirim")), secret="lain-secret")
        self.assertEqual(Complaint.objects.get().jurisdiction, self.other_city)

    def test_rate_limit_and_bad_token_are_retried_on_the_same_row(self):
        self.bot.fail_next = ["rate_limit"]
        self.post(p.tg_update(1, **p.tg_message(1, text="/start")))
        row = Notification.objects.get(channel="telegram", kind=Kind.GATEWAY_REPLY)
        self.assertEqual(row.state, State.RETRYING)
        self.assertIn("retry after 3", row.last_error)
        self.bot.fail_next = ["unauthorized"]
        self.post(p.tg_update(2, **p.tg_message(2, text="/start")))
        self.assertIn("401", Notification.objects.filter(channel="telegram").order_by("-id")[0].last_error)


class SetWebhookTest(TelegramTestCase):
    def test_the_command_sets_the_webhook_with_the_secret_token(self):
        out = StringIO()
        call_command("telegram_set_webhook", url="https://sigap.contoh.go.id/kanal/telegram/", stdout=out)
        self.assertEqual(
            self.bot.webhook,
            {
                "url": "https://sigap.contoh.go.id/kanal/telegram/",
                "secret_token": SECRET,
                "allowed_updates": ["message", "callback_query"],
            },
        )
        with self.assertRaises(CommandError):
            call_command("telegram_set_webhook", url="http://insecure.example/", stdout=out)


class NulCharacterTest(TelegramTestCase):
    def test_nul_characters_are_dropped_and_the_complaint_still_filed(self):
        # PostgreSQL cannot store NUL in text: the contact's name, the draft and the complaint would fail.
        message = p.tg_message(1, text="Lampu taman\x00 kota mati sejak kemarin")
        message["message"]["from"]["first_name"] = "Ri\x00na"
        drafted = self.post(p.tg_update(1, **message))
        filed = self.post(p.tg_update(2, **p.tg_callback("cbq-\x001", "kirim")))
        self.assertEqual((drafted.status_code, filed.status_code), (200, 200))
        self.assertEqual(filed.json()["status"], "filed")
        complaint = Complaint.objects.get()
        self.assertEqual(complaint.description, "Lampu taman kota mati sejak kemarin")
        self.assertEqual(complaint.reporter.name, "Rina")
        self.assertFalse(InboundMessage.objects.filter(state=InboundMessage.State.FAILED).exists())

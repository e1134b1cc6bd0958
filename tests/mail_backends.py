"""E-mail backends that misbehave on purpose, for the delivery tests (portal.deliveries).

`TroubleBackend` keeps Django's test outbox (locmem) but refuses some addresses for good
(`REFUSED`, as a mail server answering 550) and cannot be reached for the next
`UNREACHABLE[address]` attempts to send to an address (a connection refused).
`SlowFileBackend` writes each message to a file after `EMAIL_SLOW_SECONDS` seconds: the
integration test kills a real worker while it waits.
"""

from __future__ import annotations

import os
import smtplib
import time
import uuid

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED: set[str] = set()
UNREACHABLE: dict[str, int] = {}


class TroubleBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            for address in message.recipients():
                if address in REFUSED:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
                if UNREACHABLE.get(address, 0) > 0:
                    UNREACHABLE[address] -= 1
                    raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


class UniqueFileBackend(FileBackend):
    """Django's file backend names a file by the second and the connection's id(): two
    connections in one second may get the same name and share a file. Here every
    connection writes a file of its own, so counting files counts messages."""

    def _get_filename(self):
        if self._fname is None:
            self._fname = os.path.join(self.file_path, f"{uuid.uuid4().hex}.log")
        return self._fname


class SlowFileBackend(UniqueFileBackend):
    """Each message is written to its own file (one connection per delivery), after a
    pause of `EMAIL_SLOW_SECONDS`."""

    def send_messages(self, messages):
        time.sleep(float(os.environ.get("EMAIL_SLOW_SECONDS", "1")))
        return super().send_messages(messages)

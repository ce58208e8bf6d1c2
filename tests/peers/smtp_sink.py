"""A mail server for Takt's tests (aiosmtpd, from PyPI): it takes every message and
writes message N into OUT/N/ as headers.txt (Subject, From, To), body.txt (the text
part) and each attachment under its file name, then renames OUT/N.part to OUT/N so a
reader never sees half a message. Prints "ready PORT" once it listens on 127.0.0.1
(PORT 0, the default: the system picks one).

    python smtp_sink.py OUT [PORT]
"""

import asyncio
import email
import email.policy
import pathlib
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out):
        self.out = out
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        part = self.out / f"{self.n}.part"
        part.mkdir(parents=True)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        (part / "headers.txt").write_text(
            f"Subject: {msg['Subject']}\nFrom: {msg['From']}\nTo: {msg['To']}\n"
        )
        body = msg.get_body(preferencelist=("plain",))
        (part / "body.txt").write_text(body.get_content() if body else "")
        for a in msg.iter_attachments():
            (part / a.get_filename()).write_bytes(a.get_content())
        part.rename(self.out / str(self.n))
        return "250 OK"


async def main():
    out = pathlib.Path(sys.argv[1])
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    loop = asyncio.get_running_loop()
    sink = Sink(out)
    server = await loop.create_server(lambda: SMTP(sink, hostname="takt-test"), "127.0.0.1", port)
    print("ready", server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())

#!/usr/bin/env python3
# The unmodified Gurux client (../shared/clients/gurux-python) over HDLC on a pty, through a small serial transport of ours.
#
# Gurux's own serial layer (gurux_serial) cannot open a pseudo-terminal: it sets DTR with an ioctl a pty refuses
# ("Inappropriate ioctl for device"). PtyMedia below stands in for it: it opens the path with os.open, puts it in raw
# mode at the line speed with termios, and writes and reads bytes. Gurux's DLMS, HDLC, IEC 62056-21 mode E sign-on
# (GXDLMSReader.initializeOpticalHead), AARQ, HLS and GET code run untouched.
#
#   gurux_pty.py PTY module|optical CLIENT_SAP PASSWORD|-|hls:EK:AK read "CLASS/OBIS/ATTR" ...
#   gurux_pty.py PTY module|optical CLIENT_SAP PASSWORD|-|hls:EK:AK objects
#   gurux_pty.py PTY module|optical CLIENT_SAP PASSWORD|-|hls:EK:AK set-clock UTC_SECONDS
# module: HDLC at 9600 8N1 from the first byte; optical: sign-on "/?!" at 300 7E1, ACK 2 5 2 (Gurux's own mode E
# code), then HDLC at 9600 8N1; optical300: our sign-on with ACK 2 0 2 (mode E kept at 300 baud, which Gurux's code
# never asks for), then Gurux's HDLC at 300 8N1, 33 ms a character.
# The last line printed is one JSON object for the node:test (Gurux prints its own progress before it).
import contextlib
import io
import json
import os
import select
import sys
import termios
import time
import tty

from guruxkit import read_specs, secure_client, set_clock  # noqa: E402  (first: puts the Gurux client on the path)

from gurux_dlms import GXReplyData  # noqa: E402
from gurux_dlms.enums import InterfaceType  # noqa: E402
from gurux_common.enums import TraceLevel  # noqa: E402
from gurux_common import ReceiveParameters  # noqa: E402
from gurux_common.io import Parity, StopBits  # noqa: E402
from GXDLMSReader import GXDLMSReader  # noqa: E402

SPEEDS = {300: termios.B300, 600: termios.B600, 1200: termios.B1200, 2400: termios.B2400, 4800: termios.B4800,
          9600: termios.B9600, 19200: termios.B19200}


class PtyMedia:
    """The part of gurux_serial.GXSerial that GXDLMSReader uses, on a pty: no modem lines touched."""

    def __init__(self, path, baud, data_bits, parity):
        self.path = path
        self.fd = -1
        self.eop = None
        self.pending = bytearray()
        self._baud, self._data_bits, self._parity, self._stop_bits = baud, data_bits, parity, StopBits.ONE

    def open(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        self._apply()

    def _apply(self):
        if self.fd < 0:
            return
        iflag, oflag, cflag, lflag, _, _, cc = termios.tcgetattr(self.fd)
        cflag &= ~(termios.CSIZE | termios.PARENB | termios.PARODD | termios.CSTOPB)
        cflag |= (termios.CS7 if self._data_bits == 7 else termios.CS8) | termios.CLOCAL | termios.CREAD
        if self._parity == Parity.EVEN:
            cflag |= termios.PARENB
        speed = SPEEDS[self._baud]
        try:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, [iflag, oflag, cflag, lflag, speed, speed, cc])
        except termios.error:
            # A pty refuses 8 data bits with parity, which Gurux passes through on its way from 7E1 to 8N1 (it
            # sets data bits before parity); the next setting applies the whole line.
            if not (self._data_bits == 8 and self._parity != Parity.NONE):
                raise

    # GXDLMSReader switches the line after the mode E option select by setting these.
    def _set(name):
        def setter(self, value):
            setattr(self, "_" + name, value)
            self._apply()
        return property(lambda self: getattr(self, "_" + name), setter)

    baudRate = _set("baud")
    dataBits = _set("data_bits")
    parity = _set("parity")
    stopBits = _set("stop_bits")

    def isOpen(self):
        return self.fd >= 0

    def close(self):
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def getSynchronous(self):
        return contextlib.nullcontext()

    def send(self, data, receiver=None):
        data = data.encode("ascii") if isinstance(data, str) else bytes(data)
        while data:
            data = data[os.write(self.fd, data):]

    def receive(self, p):
        """Waits up to p.waitTime ms for the end-of-packet byte (or p.count bytes without one); p.reply gets what came."""
        eop = p.eop.encode("ascii") if isinstance(p.eop, str) else bytes([p.eop]) if isinstance(p.eop, int) else None
        deadline = time.monotonic() + (p.waitTime if p.waitTime > 0 else 5000) / 1000
        while True:
            if eop is not None and eop in self.pending or eop is None and len(self.pending) >= max(p.count, 1):
                p.reply = bytes(self.pending) if p.reply is None else bytes(p.reply) + bytes(self.pending)
                self.pending.clear()
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.pending += os.read(self.fd, 4096)


def sign_on_300(media):
    """IEC 62056-21 sign-on at 300 baud and the option select of mode E at Z '0': HDLC stays at 300 baud."""
    media.send("/?!\r\n")
    p = ReceiveParameters()
    p.eop, p.waitTime = "\n", 5000
    if not media.receive(p) or not p.reply.startswith(b"/"):
        raise Exception("no identification: " + str(p.reply))
    media.send(bytes([0x06, ord("2"), ord("0"), ord("2"), 13, 10]))
    time.sleep(0.5)  # the meter's reaction time (220 ms) before its line changes to 8N1
    media.dataBits, media.parity = 8, Parity.NONE
    return p.reply.decode("latin1").strip()


def main(argv):
    path, port, sap, password, action = argv[1], argv[2], int(argv[3]), argv[4], argv[5]
    interface = InterfaceType.HDLC_WITH_MODE_E if port == "optical" else InterfaceType.HDLC
    client, counter = secure_client(sap, password, interface)
    media = PtyMedia(path, 300, 7, Parity.EVEN) if port.startswith("optical") else PtyMedia(path, 9600, 8, Parity.NONE)
    reader = GXDLMSReader(client, media, TraceLevel.VERBOSE if os.environ.get("GURUX_TRACE") else TraceLevel.OFF, counter)
    out = {}
    media.open()
    try:
        if port == "optical300":
            out["identification"] = sign_on_300(media)
        reader.initializeConnection()
        out["associated"] = True
        if action == "read":
            out.update(read_specs(reader, argv[6:]))
        elif action == "objects":
            reply = GXReplyData()
            reader.readDataBlock(client.getObjectsRequest(), reply)
            objects = client.parseObjects(reply.data, True)
            out["objects"] = [str(it.logicalName) for it in objects]
        elif action == "sweep":
            # What Gurux's own main.py does without -g: the object list, then every attribute of every object.
            log = io.StringIO()
            reader.trace = max(reader.trace, TraceLevel.ERROR)  # read errors are printed only at this level
            with contextlib.redirect_stdout(log):
                reader.getAssociationView()
                reader.readScalerAndUnits()
                reader.getProfileGenericColumns()
                reader.getReadOut()
                reader.getProfileGenerics()
            out["objects"] = len(client.objects)
            out["errors"] = [line for line in log.getvalue().split("\n") if "Error!" in line or "Traceback" in line]
        elif action == "set-clock":
            out.update(set_clock(reader, argv[6]))
    except Exception as ex:
        out["association"] = {"error": str(ex)}
    finally:
        try:
            reader.close()
        except Exception:
            media.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
# A test tool on top of the unmodified Gurux client (../shared/clients/gurux-python): one association over
# the TCP wrapper, the reads or clock set asked for, the values printed as one JSON line for tests/dlms_gurux.test.ts.
#
#   dlms_client.py PORT CLIENT_SAP PASSWORD|-|hls:EK:AK read "CLASS/OBIS/ATTR" ...
#   dlms_client.py PORT CLIENT_SAP PASSWORD|-|hls:EK:AK set-clock UTC_SECONDS
#   dlms_client.py PORT 1 hls:EK:AK disconnect|reconnect
#   dlms_client.py PORT CLIENT_SAP PASSWORD set-day-table DAYS SWITCHES   (passive day table; Gurux splits it in blocks)
# hls:EK:AK is HLS-GMAC with authenticated and encrypted APDUs (hex keys), the client's invocation counter
# taken from the meter's 0.0.43.1.0.255 first, as Gurux's -v does.
import datetime
import json
import sys

from guruxkit import plain, read_specs, secure_client, set_clock  # noqa: E402  (first: puts the Gurux client on the path)

from gurux_dlms import GXDateTime, GXReplyData  # noqa: E402
from gurux_dlms.enums import InterfaceType  # noqa: E402
from gurux_dlms.objects import GXDLMSDisconnectControl, GXDLMSActivityCalendar  # noqa: E402
from gurux_dlms.objects import GXDLMSDayProfile, GXDLMSDayProfileAction, GXDLMSPushSetup  # noqa: E402
from gurux_dlms.enums import DateTimeSkips  # noqa: E402
from gurux_common.enums import TraceLevel  # noqa: E402
from gurux_net import GXNet  # noqa: E402
from gurux_net.enums import NetworkType  # noqa: E402
from GXDLMSReader import GXDLMSReader  # noqa: E402


def main(argv):
    port, sap, password, action = int(argv[1]), int(argv[2]), argv[3], argv[4]
    client, counter = secure_client(sap, password, InterfaceType.WRAPPER)
    media = GXNet(NetworkType.TCP, "127.0.0.1", port)
    reader = GXDLMSReader(client, media, TraceLevel.OFF, counter)
    out = {}
    media.open()
    try:
        reader.initializeConnection()
        out["conformance"] = int(client.negotiatedConformance)
        if action == "read":
            out.update(read_specs(reader, argv[5:]))
        elif action == "set-clock":
            out.update(set_clock(reader, argv[5]))
        elif action == "set-day-table":
            # Day d, switch s at s*3 hours d minutes, tariff s % 4 + 1: tests/dlms_setblock.test.ts's table.
            days, switches = int(argv[5]), int(argv[6])
            calendar = GXDLMSActivityCalendar("0.0.13.0.0.255")
            calendar.dayProfileTablePassive = [
                GXDLMSDayProfile(d, [GXDLMSDayProfileAction(bytes([s * 3, d, 0, 0]), "0.0.10.0.100.255", s % 4 + 1)
                                     for s in range(switches)])
                for d in range(1, days + 1)]
            try:
                reader.write(calendar, 9)
                out["set"] = "ok"
            except Exception as ex:
                out["set"] = {"error": str(ex)}
            calendar.dayProfileTablePassive = None
            reader.read(calendar, 9)
            out["days"] = [[p.dayId, [[plain(a.startTime), a.scriptLogicalName, int(a.scriptSelector)] for a in p.daySchedules]]
                           for p in calendar.dayProfileTablePassive or []]
        elif action == "set-push":
            # The alarm push setup (version 0): a nightly window 02:00..04:30 (date fields not specified), then
            # randomisation, retries, repetition delay from the command line, each a SET of its own; read back.
            push = GXDLMSPushSetup("0.0.25.9.0.255")
            push.version = 0
            skip = DateTimeSkips.YEAR | DateTimeSkips.MONTH | DateTimeSkips.DAY | DateTimeSkips.DAY_OF_WEEK | \
                DateTimeSkips.MILLISECOND | DateTimeSkips.DEVITATION | DateTimeSkips.STATUS
            window = []
            for hour, minute in ((2, 0), (4, 30)):
                t = GXDateTime(datetime.datetime(2026, 1, 1, hour, minute, 0))
                t.skip = skip
                window.append(t)
            push.communicationWindow = [(window[0], window[1])]
            push.randomisationStartInterval, push.numberOfRetries, push.repetitionDelay = (int(v) for v in argv[5:8])
            for index in (4, 5, 6, 7):
                try:
                    reader.write(push, index)
                    out["set%d" % index] = "ok"
                except Exception as ex:
                    out["set%d" % index] = {"error": str(ex)}
            back = GXDLMSPushSetup("0.0.25.9.0.255")
            back.version = 0
            for index in (4, 5, 6, 7):
                reader.read(back, index)
            out["window"] = [[str(a), str(b)] for a, b in back.communicationWindow]
            out["values"] = [back.randomisationStartInterval, back.numberOfRetries, back.repetitionDelay]
        elif action in ("disconnect", "reconnect"):
            breaker = GXDLMSDisconnectControl("0.0.96.3.10.255")
            try:
                call = breaker.remoteDisconnect if action == "disconnect" else breaker.remoteReconnect
                reader.readDataBlock(call(client), GXReplyData())
                out[action] = "ok"
            except Exception as ex:
                out[action] = {"error": str(ex)}
            out["control_state"] = plain(reader.read(breaker, 3))
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

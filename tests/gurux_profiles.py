#!/usr/bin/env python3
# A test tool on top of the unmodified Gurux client: management (LLS) reads each profile generic object's capture
# objects, then its buffer with readRowsByRange and readRowsByEntry; one JSON line for tests/gurux_profiles.test.ts.
#
#   gurux_profiles.py PORT PASSWORD FROM_UTC_S TO_UTC_S ENTRY_INDEX ENTRY_COUNT OBIS...
import datetime
import json
import sys

from guruxkit import plain  # noqa: E402  (first: puts the Gurux client on the path)

from gurux_dlms.secure import GXDLMSSecureClient  # noqa: E402
from gurux_dlms.enums import InterfaceType, Authentication  # noqa: E402
from gurux_dlms.objects import GXDLMSProfileGeneric  # noqa: E402
from gurux_common.enums import TraceLevel  # noqa: E402
from gurux_net import GXNet  # noqa: E402
from gurux_net.enums import NetworkType  # noqa: E402
from GXDLMSReader import GXDLMSReader  # noqa: E402


def utc(seconds):
    return datetime.datetime.fromtimestamp(int(seconds), datetime.timezone.utc)


def main(argv):
    port, password = int(argv[1]), argv[2]
    start, end, index, count = utc(argv[3]), utc(argv[4]), int(argv[5]), int(argv[6])
    client = GXDLMSSecureClient(True, 1, 1, Authentication.LOW, password, InterfaceType.WRAPPER)
    media = GXNet(NetworkType.TCP, "127.0.0.1", port)
    reader = GXDLMSReader(client, media, TraceLevel.OFF, None)
    out = {}
    media.open()
    try:
        reader.initializeConnection()
        for ln in argv[7:]:
            pg = GXDLMSProfileGeneric(ln)
            got = {}
            try:
                reader.read(pg, 3)
                got["captureObjects"] = ["%d/%s/%d" % (int(k.objectType), k.logicalName, v.attributeIndex) for k, v in pg.captureObjects]
                reader.read(pg, 6)
                got["range"] = plain(reader.readRowsByRange(pg, start, end), True)
                got["entries"] = plain(reader.readRowsByEntry(pg, index, count), True)
                got["entriesInUse"] = plain(reader.read(pg, 7), True)
            except Exception as ex:  # a refusal: the client's exception names the data-access-result
                got["error"] = str(ex)
            out[ln] = got
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

# The Gurux DLMS client (../shared/clients/gurux-python, unmodified) as an oracle for tests/gurux.test.ts: it builds
# client frames and parses the meter's, printing JSON. Usage: gurux_hdlc.py <clients dir> <command> [args]
import json
import sys

sys.path.insert(0, sys.argv[1])
from gurux_dlms import GXDLMSClient, GXReplyData, GXByteBuffer  # noqa: E402
from gurux_dlms.enums import InterfaceType, Authentication  # noqa: E402


def client(max_info_tx=128, max_info_rx=128, window_tx=1, window_rx=1):
    c = GXDLMSClient(True, 16, 1, Authentication.NONE, None, InterfaceType.HDLC)
    c.hdlcSettings.maxInfoTX = max_info_tx
    c.hdlcSettings.maxInfoRX = max_info_rx
    c.hdlcSettings.windowSizeTX = window_tx
    c.hdlcSettings.windowSizeRX = window_rx
    return c


def main():
    command, args = sys.argv[2], sys.argv[3:]
    if command == "snrm":
        # The SNRM with the proposal, then the settings Gurux takes from the meter's UA.
        c = client(*[int(a) for a in args[:4]])
        print(json.dumps({"frames": [c.snrmRequest().hex()]}))
    elif command == "ua":
        c = client(*[int(a) for a in args[1:5]])
        c.snrmRequest()
        reply = GXReplyData()
        c.getData(GXByteBuffer(bytes.fromhex(args[0])), reply)
        c.parseUAResponse(reply.data)
        h = c.hdlcSettings
        print(json.dumps({"maxInfoTX": h.maxInfoTX, "maxInfoRX": h.maxInfoRX, "windowTX": h.windowSizeTX, "windowRX": h.windowSizeRX}))
    elif command == "aarq":
        # An AARQ cut into I-frames of at most `max_info_tx` bytes (S bit on all but the last).
        c = client(int(args[0]))
        print(json.dumps({"frames": [f.hex() for f in c.aarqRequest()]}))
    elif command == "aare":
        # The meter's answers to the AARQ's segments (RRs, then the AARE), parsed by Gurux in order: the
        # association it accepted. Usage: aare <max info tx> <ua> <answer>...
        c = client(int(args[0]))
        c.snrmRequest()
        reply = GXReplyData()
        c.getData(GXByteBuffer(bytes.fromhex(args[1])), reply)
        c.parseUAResponse(reply.data)
        c.aarqRequest()
        for answer in args[2:]:
            reply = GXReplyData()
            c.getData(GXByteBuffer(bytes.fromhex(answer)), reply)
        c.parseAareResponse(reply.data)
        print(json.dumps({"accepted": True, "maxReceivePDUSize": c.maxReceivePDUSize}))
    elif command == "disc":
        print(json.dumps({"frames": [client().disconnectRequest(True).hex()]}))
    else:
        raise SystemExit("unknown command " + command)


main()

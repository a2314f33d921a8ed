# The unmodified Gurux DLMS client (../shared/clients/gurux-python) updating the meter's firmware with its own
# GXDLMSImageTransfer, for tests/cosem_image.test.ts. The test owns the meter and the line: this script prints one
# JSON request per line ({"send": [wrapper frames as hex], "ticks": n} or {"done": ...}) and reads the meter's
# answer (hex, one line) after each, which Gurux parses. Usage: gurux_image.py <clients dir> <image file> <password>
import json
import sys

sys.path.insert(0, sys.argv[1])
from gurux_dlms import GXDLMSClient, GXReplyData, GXByteBuffer  # noqa: E402
from gurux_dlms.enums import InterfaceType, Authentication  # noqa: E402
from gurux_dlms.objects import GXDLMSImageTransfer  # noqa: E402


def exchange(client, frames, ticks=0):
    print(json.dumps({"send": [bytes(f).hex() for f in frames], "ticks": ticks}), flush=True)
    answer = sys.stdin.readline().strip()
    reply = GXReplyData()
    if answer:
        client.getData(GXByteBuffer(bytes.fromhex(answer)), reply)
    return reply


def main():
    image = open(sys.argv[2], "rb").read()
    client = GXDLMSClient(True, 1, 1, Authentication.LOW, sys.argv[3], InterfaceType.WRAPPER)
    reply = exchange(client, client.aarqRequest())
    client.parseAareResponse(reply.data)
    it = GXDLMSImageTransfer("0.0.44.0.0.255")
    log = {}
    for attr in (2, 5, 6):
        reply = exchange(client, client.read(it, attr))
        client.updateValue(it, attr, reply.value)
    log["blockSize"] = it.imageBlockSize
    log["enabled"] = bool(it.imageTransferEnabled)
    reply = exchange(client, it.imageTransferInitiate(client, "wasmeter-v2", len(image)))
    log["initiate"] = reply.error
    errors = [exchange(client, frames).error for frames in it.imageBlockTransfer(client, image, None)]
    log["blocks"] = len(errors)
    log["blockErrors"] = sum(1 for e in errors if e != 0)
    reply = exchange(client, client.read(it, 4))
    client.updateValue(it, 4, reply.value)
    log["firstMissing"] = it.imageFirstNotTransferredBlockNumber
    # image_verify answers temporary-failure (2) while the meter verifies; the client polls the status.
    log["verify"] = exchange(client, it.imageVerify(client)).error
    polls = 0
    while polls < 200:
        reply = exchange(client, client.read(it, 6), 20)
        client.updateValue(it, 6, reply.value)
        polls += 1
        if int(it.imageTransferStatus) != 2:
            break
    log["polls"] = polls
    log["status"] = int(it.imageTransferStatus)
    reply = exchange(client, client.read(it, 7))
    client.updateValue(it, 7, reply.value)
    log["toActivate"] = [[i.size, bytes(i.identification).decode(), len(i.signature)] for i in it.imageActivateInfo]
    log["activate"] = exchange(client, it.imageActivate(client)).error
    print(json.dumps({"done": log}), flush=True)


main()

#!/usr/bin/env python3
"""Loss, delay and reordering for the packets an iptables NFQUEUE rule hands over (tc netem's job,
for kernels without netem): each packet is dropped with probability LOSS, else let through after a
delay drawn uniformly from DELAY-JITTER..DELAY+JITTER ms, so packets overtake each other.
Usage: impair.py QUEUE LOSS DELAY_MS JITTER_MS. Prints READY once bound; runs until killed."""
import heapq, os, random, select, socket, struct, sys, time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_DROP, NF_ACCEPT = 0, 1


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(kind, queue, attrs, flags=NLM_F_REQUEST):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, 0, 0) + body


def main():
    queue, loss, delay, jitter = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind((0, 0))

    def configure(attrs):
        s.send(message(NFQNL_MSG_CONFIG, queue, attrs, NLM_F_REQUEST | NLM_F_ACK))
        reply = s.recv(65536)
        length, kind = struct.unpack_from("=IH", reply)
        if kind == NLMSG_ERROR:
            (error,) = struct.unpack_from("=i", reply, 16)
            if error != 0:
                sys.exit("nfqueue configuration refused: " + os.strerror(-error))

    configure([attr(NFQA_CFG_CMD, struct.pack("=BBH", NFQNL_CFG_CMD_BIND, 0, 0))])
    configure([attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META) + b"\0\0\0")])
    configure([attr(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", 65536))])
    print("READY", flush=True)

    due = []  # (time to let through, packet id)
    while True:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else None
        if select.select([s], [], [], timeout)[0]:
            data = s.recv(1 << 20)
            offset = 0
            while offset + 16 <= len(data):
                length, kind = struct.unpack_from("=IH", data, offset)
                if length < 16:
                    break
                if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                    a = offset + 20
                    while a + 4 <= offset + length:
                        alen, atype = struct.unpack_from("=HH", data, a)
                        if alen < 4:
                            break
                        if atype & 0x7FFF == NFQA_PACKET_HDR:
                            (packet_id,) = struct.unpack_from("!I", data, a + 4)
                            if random.random() < loss:
                                verdict(s, queue, packet_id, NF_DROP)
                            else:
                                wait = max(0.0, random.uniform(delay - jitter, delay + jitter)) / 1000
                                heapq.heappush(due, (time.monotonic() + wait, packet_id))
                        a += (alen + 3) & ~3
                offset += (length + 3) & ~3
        now = time.monotonic()
        while due and due[0][0] <= now:
            verdict(s, queue, heapq.heappop(due)[1], NF_ACCEPT)


def verdict(s, queue, packet_id, what):
    s.send(message(NFQNL_MSG_VERDICT, queue, [attr(NFQA_VERDICT_HDR, struct.pack("!II", what, packet_id))]))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the CPython pickle fixtures that PicklePayloadCodecTest must read.

Run from this directory with python3 (3.8+): it rewrites every *.pkl file here and the json
fixtures in ../json. Plain values are pickled with protocols 4 and 5 (what a Peerpy peer
writes); hostile pickles are written as bytes, never loaded.
"""
import json
import os
import pickle
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
JSON_DIR = os.path.join(HERE, "..", "json")

shared = [1, 2]

PLAIN = {
    "none": None,
    "true": True,
    "false": False,
    "int_small": 42,
    "int_negative": -7,
    "int_long": 2 ** 40,
    "int_big": 2 ** 100,
    "int_negative_big": -(2 ** 70),
    "float": 1.5,
    "float_nan": float("nan"),
    "float_inf": float("inf"),
    "str_ascii": "hello",
    "str_unicode": "h\u00e9llo \u2713 \U0001F600",
    "str_empty": "",
    "bytes": b"\x00\x01\xff",
    "bytes_long": bytes(range(256)) * 2,
    "list": [1, "a", None, 2.5, True],
    "tuple": (1, 2, 3),
    "tuple_empty": (),
    "dict": {"b": 1, "a": [1, 2], "c": {"d": None}},
    "dict_int_keys": {1: "one", 2: "two"},
    "set": {1, 2, 3},
    "set_empty": set(),
    "frozenset": frozenset({4, 5}),  # ints: string hashing would vary the bytes between runs
    "bytearray": bytearray(b"ab"),
    "complex": 1 + 2j,
    "shared": [shared, shared],
    "list_1000": list(range(1000)),
    "dict_tuple_keys": {(1, 2): "pair"},
    # the global is memoized once and fetched again for the second call
    "repeated_builtins": [bytearray(b"a"), bytearray(b"b"), 1j, 2j],
}


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class RunsCode:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def hostile():
    return {
        # REDUCE of os.system, as pickle writes it (STACK_GLOBAL) and in protocol 0 (GLOBAL)
        "hostile_os_system": pickle.dumps(RunsCode(), protocol=4),
        "hostile_os_system_p0": b"cos\nsystem\n(S'echo pwned'\ntR.",
        # an instance of a user class (NEWOBJ + BUILD)
        "hostile_instance": pickle.dumps(Point(1, 2), protocol=4),
        # builtins.eval is a builtin, but not an allowed one
        "hostile_eval": b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x041+1\x85R.",
        # a BINBYTES announcing 2 GiB - 1 with only a few bytes behind it
        "hostile_huge_length": b"\x80\x04B\xff\xff\xff\x7fabc.",
        # a set whose element is a list (unhashable in Python)
        "hostile_unhashable": b"\x80\x04\x8f(]\x90.",
        # a persistent id
        "hostile_persid": b"\x80\x04\x8c\x01x\x51.",
    }


def main():
    for name, value in PLAIN.items():
        for protocol in (4, 5):
            with open(os.path.join(HERE, f"{name}.p{protocol}.pkl"), "wb") as f:
                f.write(pickle.dumps(value, protocol=protocol))
    for name, data in hostile().items():
        with open(os.path.join(HERE, f"{name}.pkl"), "wb") as f:
            f.write(data)

    os.makedirs(JSON_DIR, exist_ok=True)
    json_cases = {
        "object": {"x": 1, "y": [1, 2.5, None, True, "s"]},
        "non_finite": [float("nan"), float("inf"), float("-inf")],
        "big_int": 2 ** 100,
        "unicode": "h\u00e9llo \u2713",
        "string": "hello",
        "null": None,
    }
    for name, value in json_cases.items():
        with open(os.path.join(JSON_DIR, f"{name}.json"), "wb") as f:
            f.write(json.dumps({"data": value}).encode("utf-8"))
    print(f"wrote {2 * len(PLAIN)} plain, {len(hostile())} hostile pickles, {len(json_cases)} json", file=sys.stderr)


if __name__ == "__main__":
    main()

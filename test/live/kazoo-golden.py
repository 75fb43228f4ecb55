#!/usr/bin/python3
# Writes test/live/kazoo-golden.json: the frames kazoo (python3-kazoo, an independent ZooKeeper
# client) sends for each request, as hex, the way kazoo.protocol.connection._submit frames them
# (int length, xid, type, record). test/live/codec.test.ts encodes the same requests with
# src/live/codec.ts and compares byte for byte. Regenerate: /usr/bin/python3 test/live/kazoo-golden.py
import json
import os
import struct

from kazoo.protocol.serialization import (
    Auth, CheckVersion, Close, Connect, Create, Create2, Delete, Exists, GetACL, GetChildren2, GetData,
    Ping, SetACL, SetData, Sync, Transaction,
)
from kazoo.security import ACL, Id

OPEN = [ACL(31, Id('world', 'anyone'))]
DIGEST = [ACL(1, Id('digest', 'u:hash=')), ACL(31, Id('ip', '127.0.0.1'))]


def frame(xid, request):
    b = bytearray()
    if xid is not None:
        b.extend(struct.pack('!i', xid))
    if request.type:
        b.extend(struct.pack('!i', request.type))
    b += request.serialize()
    return (struct.pack('!i', len(b)) + b).hex()


cases = [
    # name, xid, kazoo request — the TS side builds the same request from `name` (codec.test.ts).
    ('connect-new', None, Connect(0, 0, 10000, 0, b'\x00' * 16, False)),
    ('connect-again', None, Connect(0, 0x100000005, 4000, 0x0100000abc000001,
                                    bytes(range(16)), False)),
    ('ping', -2, Ping()),
    ('close', 9, Close()),
    ('create2-ephemeral-seq', 1, Create2('/lock/n-', b'c1', OPEN, 3)),
    ('create2-null-data-acl', 2, Create2('/a', None, DIGEST, 0)),
    ('delete', 3, Delete('/a', -1)),
    ('exists-watch', 4, Exists('/a', True)),
    ('get', 5, GetData('/a/\u00e9', False)),
    ('set', 6, SetData('/a', 'v\u00e92'.encode(), 7)),
    ('children2-watch', 7, GetChildren2('/', True)),
    ('get-acl', 8, GetACL('/a')),
    ('set-acl', 10, SetACL('/a', DIGEST, 2)),
    ('sync', 11, Sync('/a')),
    ('check', 12, CheckVersion('/a', 4)),
    ('auth', 13, Auth(0, 'digest', 'ops:secret')),
    ('multi', 14, Transaction([CheckVersion('/a', 1), Create('/a/b', b'x', OPEN, 2),
                               SetData('/a', b'y', -1), Delete('/a/c', 0)])),
]

out = {'generator': 'python3-kazoo', 'frames': {name: frame(xid, req) for name, xid, req in cases}}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'kazoo-golden.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write('\n')

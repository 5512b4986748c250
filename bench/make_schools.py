#!/usr/bin/python3
"""Create N BAO schools in one werkgebied through passend.v1.Bestuur/CreateSchool
(grpcio over TLS) for the GetSchool benchmark; prints each new school id.

  make_schools.py --n 1000 --werkgebied ID --token TOKEN --target HOST:PORT --ca CA --proto DIR
"""
import argparse
import os
import subprocess
import sys
import tempfile

import grpc


def main():
    ap = argparse.ArgumentParser()
    for a in ("--werkgebied", "--token", "--target", "--ca", "--proto"):
        ap.add_argument(a, required=True)
    ap.add_argument("--n", type=int, default=1000)
    a = ap.parse_args()
    out = tempfile.mkdtemp(prefix="bench-py-")
    # bestuur.proto imports other files of the package: compile them all
    v1 = os.path.join(a.proto, "passend/v1")
    subprocess.run(["protoc", "-I" + a.proto, "--python_out=" + out]
                   + sorted(os.path.join(v1, f) for f in os.listdir(v1) if f.endswith(".proto")),
                   check=True)
    sys.path.insert(0, out)
    from passend.v1 import bestuur_pb2 as pb  # noqa: E402
    ch = grpc.secure_channel(a.target, grpc.ssl_channel_credentials(open(a.ca, "rb").read()))
    create = ch.unary_unary("/passend.v1.Bestuur/CreateSchool",
                            request_serializer=pb.CreateSchoolRequest.SerializeToString,
                            response_deserializer=pb.School.FromString)
    md = [("authorization", "Bearer " + a.token)]
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    for i in range(a.n):
        brin = "%02d%s%s" % (i // 1296 % 100, alnum[i // 36 % 36], alnum[i % 36])
        s = create(pb.CreateSchoolRequest(school=pb.School(
            brin=brin, vestiging="00", name="Bench school %d" % i, soort=pb.BAO,
            werkgebied_id=a.werkgebied)), metadata=md, timeout=10)
        print(s.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())

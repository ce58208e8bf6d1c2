"""A pymodbus client reading 10 holding registers as fast as it can, for the poll bench.

    pymodbus_client.py PORT SECONDS

Prints "REQUESTS CPU_SECONDS".
"""

import os
import sys
import time

from pymodbus.client import ModbusTcpClient

port, seconds = int(sys.argv[1]), float(sys.argv[2])
client = ModbusTcpClient("127.0.0.1", port=port)
client.connect()
start_cpu = sum(os.times()[:2])
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    r = client.read_holding_registers(0, count=10, device_id=1)
    if r.isError():
        raise SystemExit(f"read failed: {r}")
    n += 1
print(n, sum(os.times()[:2]) - start_cpu)

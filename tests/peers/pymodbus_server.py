"""A Modbus server from the independent pymodbus project, for Takt's tests.

    pymodbus_server.py --map MAP.json --log LOG [--rtu PORT --baud 19200 --parity N]

MAP is {"UNIT": {"coils": {"ADDR": 0|1}, "discrete": {...}, "holding": {"ADDR": WORD},
"input": {...}}}: only the addresses listed exist (others answer exception 2, as a real
device does). Over TCP it listens on 127.0.0.1 on a free port and prints "READY PORT";
over RTU it prints "READY". Every request it receives has its function code appended to
LOG, one per line, so a test can tell that no write ever arrived.
"""

import argparse
import asyncio
import json
import sys

from pymodbus import FramerType
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice


def device(unit, tables):
    """A device whose four tables hold exactly the given addresses."""

    def block(name, datatype):
        entries = sorted(tables.get(name, {}).items(), key=lambda kv: int(kv[0]))
        # pymodbus wants every table non-empty: an unused table gets one address far
        # above any a test reads.
        entries = entries or [("65000", 0)]
        return [
            SimData(int(addr), values=[int(value)] if datatype == DataType.REGISTERS else [bool(value)], datatype=datatype)
            for addr, value in entries
        ]

    return SimDevice(
        int(unit),
        simdata=(
            block("coils", DataType.BITS),
            block("discrete", DataType.BITS),
            block("holding", DataType.REGISTERS),
            block("input", DataType.REGISTERS),
        ),
    )


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--map", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--rtu")
    p.add_argument("--baud", type=int, default=19200)
    p.add_argument("--parity", default="N")
    args = p.parse_args()
    with open(args.map, encoding="utf-8") as f:
        units = json.load(f)
    devices = [device(unit, tables) for unit, tables in units.items()]
    log = open(args.log, "a", encoding="utf-8", buffering=1)

    def trace_pdu(sending, pdu):
        if not sending:
            log.write(f"{pdu.function_code}\n")
        return pdu

    if args.rtu:
        server = ModbusSerialServer(
            devices, framer=FramerType.RTU, port=args.rtu, baudrate=args.baud, parity=args.parity, trace_pdu=trace_pdu
        )
        await server.serve_forever(background=True)
        print("READY", flush=True)
    else:
        server = ModbusTcpServer(devices, address=("127.0.0.1", 0), trace_pdu=trace_pdu)
        await server.serve_forever(background=True)
        port = server.transport.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
    # Serve until the test closes our stdin.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.shutdown()


if __name__ == "__main__":
    asyncio.run(main())

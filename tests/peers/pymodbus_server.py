"""A Modbus server from the independent pymodbus project, for Takt's tests.

    pymodbus_server.py --map MAP.json --log LOG [--rtu PORT --baud 19200 --parity N]
                       [--script SCRIPT.json --ticks TICKS]

MAP is {"UNIT": {"coils": {"ADDR": 0|1}, "discrete": {...}, "holding": {"ADDR": WORD},
"input": {...}}}: only the addresses listed exist (others answer exception 2, as a real
device does). Over TCP it listens on 127.0.0.1 on a free port and prints "READY PORT";
over RTU it prints "READY". Every request it receives has its function code appended to
LOG, one per line, so a test can tell that no write ever arrived.

SCRIPT makes one unit a machine whose registers change: {"unit": "1", "hold": N,
"steps": [{"coils": {"ADDR": 0|1}, "holding": {...}, "input": {...}}, ...]}. Each read of
its coils (the first request of every poll: Takt reads tables in the order coils,
discrete, input, holding) is a tick; step k is served from tick k*N on (the last step for
ever), so every step is seen by exactly N polls, whole. TICKS gets a line "TICK STEP
UNIX_MS" per tick, the server's own clock for when each step began.
"""

import argparse
import asyncio
import json
import sys
import time

from pymodbus import FramerType
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice


TABLES = {1: "coils", 2: "discrete", 3: "holding", 4: "input"}


def scripted(script, ticks_log):
    """The action of a scripted unit: each coil read is a tick; every read gets the
    registers of the step of the current tick."""
    state = {"tick": -1}
    steps, hold = script["steps"], int(script["hold"])

    async def action(function_code, start_address, address, count, registers, set_values):
        if set_values is not None:
            return None
        if function_code == 1:
            state["tick"] += 1
            step = min(state["tick"] // hold, len(steps) - 1)
            ticks_log.write(f"{state['tick']} {step} {int(time.time() * 1000)}\n")
        step = steps[min(max(state["tick"], 0) // hold, len(steps) - 1)]
        for addr, value in step.get(TABLES.get(function_code, ""), {}).items():
            i = int(addr) - start_address
            if 0 <= i < len(registers):
                registers[i] = int(value)
        return None

    return action


def device(unit, tables, action=None):
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
        action=action,
    )


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--map", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--rtu")
    p.add_argument("--baud", type=int, default=19200)
    p.add_argument("--parity", default="N")
    p.add_argument("--script")
    p.add_argument("--ticks")
    args = p.parse_args()
    with open(args.map, encoding="utf-8") as f:
        units = json.load(f)
    actions = {}
    if args.script:
        with open(args.script, encoding="utf-8") as f:
            script = json.load(f)
        ticks_log = open(args.ticks, "a", encoding="utf-8", buffering=1)
        actions[str(script["unit"])] = scripted(script, ticks_log)
    devices = [device(unit, tables, actions.get(str(unit))) for unit, tables in units.items()]
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

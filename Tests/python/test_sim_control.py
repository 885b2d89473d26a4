"""firmware-sim's run-time control: the same commands over stdin and over the UDP control port."""
import socket

from sim_support import firmware_sim


def test_stdin_and_control_port_commands():
    with firmware_sim(count=2, speed=10, stdin_commands=True) as sim:
        sim.process.stdin.write("fault 1 gps-loss on\nstatus\n")
        sim.process.stdin.flush()
        sim.wait_for_log("drone 1 sysid 2 mode hold disarmed landed")
        assert "ok" in sim.log_text().splitlines()

        sim.process.stdin.write("fault 9 motor-fail\n")
        sim.process.stdin.flush()
        sim.wait_for_log("error: no drone '9'")

        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(b"payload 0 load 1.5\nwind 2 -3\nstatus\n", ("127.0.0.1", sim.control))
            reply = s.recv(65536).decode()
        lines = reply.splitlines()
        assert lines[:2] == ["ok", "ok"], reply
        assert any(line.startswith("drone 0 sysid 1") and "payload 1.5kg" in line for line in lines), reply
        assert sim.process.poll() is None, "bad control input must not stop the simulator"

"""tools/demo's walk-through, as the README's first command runs it.

The demo runs as a process in a session of its own, so that every process
it started can be found afterwards by that session: none may be left, nor
its RabbitMQ virtual host, whether it ends on its own or on Ctrl-C.
"""

import os
import re
import signal
import subprocess
import sys
import time

DEMO = [sys.executable, '-m', 'novajoin.testing.demo']
DEMO_TIMEOUT = 240

STEPS = ('1/9 Boot web-1 with ipa_enroll=True',
         '2/9 web-1 asks again',
         '3/9 Boot db-1 from an image with ipa_enroll=True',
         '4/9 Boot plain-1 without enrollment',
         '5/9 A tenant calls novajoin-server',
         '6/9 A request without a token',
         '7/9 neutron associates floating IPs',
         '8/9 neutron disassociates the floating IP of web-1',
         '9/9 nova deletes web-1, db-1 and plain-1')


def session_processes(session_id):
    """Processes of a session (a process that is gone is left out)."""
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as stat:
                fields = stat.read().rsplit(')', 1)[1].split()
            with open('/proc/%s/cmdline' % entry, 'rb') as cmdline:
                command = cmdline.read().replace(b'\0', b' ').decode()
        except OSError:
            continue
        # after the command: state, ppid, pgrp, session
        if int(fields[3]) == session_id:
            found.append('%s %s' % (entry, command))
    return found


def vhosts():
    return subprocess.run(['rabbitmqctl', '--quiet', 'list_vhosts'],
                          check=True, capture_output=True,
                          text=True).stdout.split()


def start_demo(*args):
    return subprocess.Popen(DEMO + list(args), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True,
                            env=dict(os.environ, NO_COLOR='1'))


def assert_nothing_left(demo, output):
    deadline = time.monotonic() + 10
    while session_processes(demo.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert session_processes(demo.pid) == [], output
    vhost = re.search(r'virtual host (\S+)', output)
    assert vhost, output
    assert vhost.group(1) not in vhosts()


def test_the_demo_does_every_step_and_leaves_nothing_behind():
    demo = start_demo()
    output, _ = demo.communicate(timeout=DEMO_TIMEOUT)
    assert demo.returncode == 0, output
    lines = output.splitlines()
    for step in STEPS:
        assert any(line.startswith(step) for line in lines), step
    assert 'every step did what it said' in lines[-1]
    assert 'Traceback' not in output
    # one-time passwords are 32 hex digits, and only ever shown masked
    assert not re.search(r'[0-9a-f]{32}', output), output
    assert_nothing_left(demo, output)


def test_ctrl_c_while_keystone_starts_stops_everything():
    demo = start_demo()
    output = []
    for line in demo.stdout:
        output.append(line)
        if 'RabbitMQ' in line:
            break
    # keystone is starting in a thread: what a terminal does on Ctrl-C
    os.killpg(demo.pid, signal.SIGINT)
    rest, _ = demo.communicate(timeout=DEMO_TIMEOUT)
    output = ''.join(output) + rest
    assert demo.returncode == 130, output
    assert 'interrupted' in output
    assert 'Traceback' not in output
    assert_nothing_left(demo, output)

"""files/setup-ipa-client.sh run for real: against a metadata service on
loopback that is slow at first, and a config drive directory, with a
stand-in ipa-client-install that records its arguments. Also shellcheck and
cloud-init's schema on what novajoin ships."""

import http.server
import json
import os
import pathlib
import shutil
import subprocess
import threading
import time

import pytest

FILES = pathlib.Path(__file__).resolve().parents[2] / 'files'
SCRIPT = FILES / 'setup-ipa-client.sh'
CLOUD_CONFIG = FILES / 'cloud-config-novajoin.json'
VENDOR_DATA = 'openstack/latest/vendor_data2.json'

JOIN = {'hostname': 'vm1.example.test', 'krb_realm': 'EXAMPLE.TEST',
        'ipaotp': '0123456789abcdef0123456789abcdef'}
RECORDER = '''#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/ipa-client-install.args"
exit "${STANDIN_STATUS:-0}"
'''


class MetadataService:
    """Serves vendor_data2.json; ``answers`` are (delay, status, body) for
    the requests in turn, the last one repeating."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.times = []
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                service.times.append(time.monotonic())
                index = min(len(service.times), len(service.answers)) - 1
                delay, status, body = service.answers[index]
                time.sleep(delay)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header('Content-Type', 'application/json')
                    self.send_header('Content-Length', str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the script gave up on this attempt

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self.server.daemon_threads = True
        self.url = 'http://127.0.0.1:%d/%s' % (self.server.server_port,
                                               VENDOR_DATA)
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def metadata():
    services = []

    def start(*answers):
        services.append(MetadataService(answers))
        return services[-1]
    yield start
    for service in services:
        service.close()


@pytest.fixture
def instance(tmp_path):
    """An instance's view: a bin directory with the stand-in, no config
    drive, not enrolled."""
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    recorder = bin_dir / 'ipa-client-install'
    recorder.write_text(RECORDER)
    recorder.chmod(0o755)
    drive = tmp_path / 'no-config-drive'
    drive.mkdir()
    return {'tmp': tmp_path, 'bin': bin_dir, 'drive': drive,
            'args': bin_dir / 'ipa-client-install.args',
            'env': {'PATH': '%s:/usr/bin:/bin' % bin_dir,
                    'NOVAJOIN_CONFIG_DRIVE': str(drive),
                    'NOVAJOIN_IPA_CONF': str(tmp_path / 'default.conf'),
                    'NOVAJOIN_METADATA_URL': 'http://127.0.0.1:9/none',
                    'NOVAJOIN_RETRY_DELAY': '1',
                    'NOVAJOIN_FETCH_TIMEOUT': '1',
                    'NOVAJOIN_METADATA_TIMEOUT': '20'}}


def run(instance, **env):
    environ = dict(instance['env'], **env)
    return subprocess.run(['/bin/sh', str(SCRIPT)], env=environ,
                          capture_output=True, text=True, timeout=60)


def recorded(instance):
    if not instance['args'].exists():
        return None
    return instance['args'].read_text().splitlines()


ENROLL_ARGS = ['-U', '-w', JOIN['ipaotp'], '--hostname', JOIN['hostname'],
               '--realm', JOIN['krb_realm'], '--mkhomedir']


def test_waits_for_a_slow_metadata_service(instance, metadata):
    service = metadata((2, 200, {}),              # longer than one attempt
                       (0, 503, {}),              # overloaded
                       (0, 200, {'join': JOIN}))

    result = run(instance, NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert recorded(instance) == ENROLL_ARGS
    assert len(service.times) == 3
    assert service.times[2] - service.times[1] >= 2   # the pause doubled
    log = result.stdout
    assert ('attempt 1: no answer from the metadata service: timed out; '
            'trying again in 1 s') in log
    assert ('attempt 2: the metadata service answered 503 Service '
            'Unavailable; trying again in 2 s') in log
    assert 'read %s (attempt 3)' % service.url in log
    assert 'enrolled vm1.example.test' in log
    assert JOIN['ipaotp'] not in log + result.stderr


def test_reads_the_config_drive_first(instance, metadata, tmp_path):
    service = metadata((0, 200, {'join': {}}))
    drive = tmp_path / 'config-drive'
    (drive / 'openstack' / 'latest').mkdir(parents=True)
    (drive / VENDOR_DATA).write_text(json.dumps({'join': JOIN}))

    result = run(instance, NOVAJOIN_CONFIG_DRIVE=str(drive),
                 NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert recorded(instance) == ENROLL_ARGS
    assert service.times == []
    assert 'from the config drive %s' % drive in result.stdout


@pytest.mark.parametrize('vendor_data', [{}, {'join': {}},
                                         {'join': None, 'static': {}}])
def test_an_empty_join_is_a_log_line_not_a_failure(instance, metadata,
                                                   vendor_data):
    service = metadata((0, 200, vendor_data))

    result = run(instance, NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 0
    assert recorded(instance) is None
    assert 'no enrollment data from novajoin ("join" is empty)' in (
        result.stdout)


def test_no_otp_means_enrolled_elsewhere(instance, metadata):
    join = dict(JOIN)
    del join['ipaotp']
    service = metadata((0, 200, {'join': join}))

    result = run(instance, NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 0
    assert recorded(instance) is None
    assert ('novajoin gave no one-time password for vm1.example.test: its '
            'IPA host is already enrolled; not enrolling') in result.stdout


def test_an_enrolled_machine_is_left_alone(instance, metadata):
    service = metadata((0, 200, {'join': JOIN}))
    (instance['tmp'] / 'default.conf').write_text('[global]\n')

    result = run(instance, NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 0
    assert service.times == []
    assert recorded(instance) is None
    assert 'already an IPA client' in result.stdout


def test_gives_up_after_the_time_it_is_given(instance, metadata):
    service = metadata((0, 503, {}))

    started = time.monotonic()
    result = run(instance, NOVAJOIN_METADATA_URL=service.url,
                 NOVAJOIN_METADATA_TIMEOUT='2')

    assert result.returncode == 1
    assert time.monotonic() - started < 5
    assert len(service.times) == 2           # at 0 and 1 s; 3 s is too late
    assert 'gave up on %s after 2 attempts' % service.url in result.stdout
    assert recorded(instance) is None


def test_a_missing_vendor_data_is_not_retried(instance, metadata):
    service = metadata((0, 404, {}))

    result = run(instance, NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 1
    assert len(service.times) == 1
    assert 'the metadata service answered 404' in result.stdout


def test_installs_the_ipa_client_when_missing(instance, metadata):
    service = metadata((0, 200, {'join': JOIN}))
    bin_dir = instance['bin']
    shutil.move(bin_dir / 'ipa-client-install', bin_dir / 'recorder')
    apt_get = bin_dir / 'apt-get'
    apt_get.write_text(
        '#!/bin/sh\necho "$@" >> "$(dirname "$0")/apt-get.calls"\n'
        'cp "$(dirname "$0")/recorder" "$(dirname "$0")/ipa-client-install"'
        '\n')
    apt_get.chmod(0o755)

    result = run(instance, NOVAJOIN_METADATA_URL=service.url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (bin_dir / 'apt-get.calls').read_text().splitlines() == [
        'update', '-y install freeipa-client']
    assert recorded(instance) == ENROLL_ARGS


def test_a_failed_enrollment_fails_the_script(instance, metadata):
    service = metadata((0, 200, {'join': JOIN}))

    result = run(instance, NOVAJOIN_METADATA_URL=service.url,
                 STANDIN_STATUS='3')

    assert result.returncode == 3
    assert 'ipa-client-install failed with status 3' in result.stdout


def test_the_script_is_shellcheck_clean():
    assert shutil.which('shellcheck'), 'install shellcheck (tools/run-tests)'
    result = subprocess.run(['shellcheck', '--shell=sh', str(SCRIPT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_cloud_config_is_valid_for_cloud_init(tmp_path):
    assert shutil.which('cloud-init'), 'install cloud-init (tools/run-tests)'
    config = tmp_path / 'cloud-config.yaml'
    config.write_text(json.loads(CLOUD_CONFIG.read_text())['cloud-init'])
    result = subprocess.run(['cloud-init', 'schema', '--config-file',
                             str(config)], capture_output=True, text=True,
                            env=dict(os.environ, LANG='C.UTF-8'))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Valid cloud-config' in result.stdout

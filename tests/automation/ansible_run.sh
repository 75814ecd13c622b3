#!/bin/sh
# Ansible cisco.ios over network_cli (paramiko) against flexd: run
# playbook.yml, whose assert tasks check what the modules report.
# Usage: ansible_run.sh TMPDIR (env from run.sh).
set -e
tmp=$1
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$tmp/ansible"
cat > "$tmp/ansible/ansible.cfg" <<CFG
[defaults]
host_key_checking = False
retry_files_enabled = False
interpreter_python = /usr/bin/python3
local_tmp = $tmp/ansible/tmp
[persistent_connection]
command_timeout = 30
connect_timeout = 30
control_path_dir = $tmp/ansible/pc
[paramiko_connection]
host_key_auto_add = True
CFG
cat > "$tmp/ansible/hosts" <<INV
[flexd]
router ansible_host=127.0.0.1 ansible_port=$FLEXD_SSH_PORT ansible_user=$FLEXD_SSH_USER ansible_password=$FLEXD_SSH_PASS ansible_connection=ansible.netcommon.network_cli ansible_network_os=cisco.ios.ios ansible_become=true ansible_become_method=enable ansible_become_password=$FLEXD_SECRET ansible_network_cli_ssh_type=paramiko
INV
cd "$tmp/ansible"
ANSIBLE_CONFIG=$tmp/ansible/ansible.cfg ansible-playbook -i hosts "$HERE/playbook.yml"

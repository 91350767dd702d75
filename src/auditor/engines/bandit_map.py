"""Every bandit test id (B101..B704, including retired ones) -> (taxonomy category, CWEs).

bandit's own `issue_cwe` is sometimes a generic CWE-20; these are the specific weaknesses.
"""
from __future__ import annotations

BANDIT_MAP: dict[str, tuple[str, tuple[str, ...]]] = {
    "B101": ("other", ("CWE-703",)),                       # assert_used
    "B102": ("code-injection", ("CWE-95",)),               # exec_used
    "B103": ("other", ("CWE-732",)),                       # set_bad_file_permissions
    "B104": ("other", ("CWE-605",)),                       # hardcoded_bind_all_interfaces
    "B105": ("hardcoded-secret", ("CWE-798", "CWE-259")),  # hardcoded_password_string
    "B106": ("hardcoded-secret", ("CWE-798", "CWE-259")),  # hardcoded_password_funcarg
    "B107": ("hardcoded-secret", ("CWE-798", "CWE-259")),  # hardcoded_password_default
    "B108": ("other", ("CWE-377",)),                       # hardcoded_tmp_directory
    "B109": ("sensitive-logging", ("CWE-532",)),           # password_config_option_not_marked_secret
    "B110": ("other", ("CWE-703",)),                       # try_except_pass
    "B111": ("other", ("CWE-250",)),                       # execute_with_run_as_root_equals_true
    "B112": ("other", ("CWE-703",)),                       # try_except_continue
    "B113": ("other", ("CWE-400",)),                       # request_without_timeout
    "B201": ("debug-mode", ("CWE-489", "CWE-94")),         # flask_debug_true
    "B202": ("path-traversal", ("CWE-22",)),               # tarfile_unsafe_members
    "B301": ("deserialization", ("CWE-502",)),             # pickle
    "B302": ("deserialization", ("CWE-502",)),             # marshal
    "B303": ("weak-hash", ("CWE-328", "CWE-327")),         # md5 / sha1
    "B304": ("other", ("CWE-327",)),                       # insecure ciphers
    "B305": ("other", ("CWE-327",)),                       # insecure cipher modes
    "B306": ("other", ("CWE-377",)),                       # mktemp_q
    "B307": ("code-injection", ("CWE-95",)),               # eval
    "B308": ("xss", ("CWE-79",)),                          # mark_safe
    "B309": ("other", ("CWE-295",)),                       # httpsconnection (retired)
    "B310": ("ssrf", ("CWE-918", "CWE-22")),               # urllib_urlopen (any scheme)
    "B311": ("insecure-random", ("CWE-330", "CWE-338")),   # random
    "B312": ("other", ("CWE-319",)),                       # telnetlib
    "B313": ("xxe", ("CWE-611",)),                         # xml_bad_cElementTree
    "B314": ("xxe", ("CWE-611",)),                         # xml_bad_ElementTree
    "B315": ("xxe", ("CWE-611",)),                         # xml_bad_expatreader
    "B316": ("xxe", ("CWE-611",)),                         # xml_bad_expatbuilder
    "B317": ("xxe", ("CWE-611",)),                         # xml_bad_sax
    "B318": ("xxe", ("CWE-611",)),                         # xml_bad_minidom
    "B319": ("xxe", ("CWE-611",)),                         # xml_bad_pulldom
    "B320": ("xxe", ("CWE-611",)),                         # xml_bad_etree (retired)
    "B321": ("other", ("CWE-319",)),                       # ftplib
    "B322": ("code-injection", ("CWE-95",)),               # input (Python 2, retired)
    "B323": ("other", ("CWE-295",)),                       # unverified_context
    "B324": ("weak-hash", ("CWE-328", "CWE-327")),         # hashlib_insecure_functions
    "B325": ("other", ("CWE-377",)),                       # tempnam (retired)
    "B401": ("other", ("CWE-319",)),                       # import_telnetlib
    "B402": ("other", ("CWE-319",)),                       # import_ftplib
    "B403": ("deserialization", ("CWE-502",)),             # import_pickle
    "B404": ("command-injection", ("CWE-78",)),            # import_subprocess
    "B405": ("xxe", ("CWE-611",)),                         # import_xml_etree
    "B406": ("xxe", ("CWE-611",)),                         # import_xml_sax
    "B407": ("xxe", ("CWE-611",)),                         # import_xml_expat
    "B408": ("xxe", ("CWE-611",)),                         # import_xml_minidom
    "B409": ("xxe", ("CWE-611",)),                         # import_xml_pulldom
    "B410": ("xxe", ("CWE-611",)),                         # import_lxml (retired)
    "B411": ("xxe", ("CWE-776",)),                         # import_xmlrpclib
    "B412": ("other", ("CWE-284",)),                       # import_httpoxy
    "B413": ("other", ("CWE-327", "CWE-1104")),            # import_pycrypto (unmaintained)
    "B414": ("other", ("CWE-327",)),                       # import_pycryptodome (retired)
    "B415": ("other", ("CWE-319",)),                       # import_pyghmi
    "B501": ("other", ("CWE-295",)),                       # request_with_no_cert_validation
    "B502": ("other", ("CWE-326", "CWE-327")),             # ssl_with_bad_version
    "B503": ("other", ("CWE-326", "CWE-327")),             # ssl_with_bad_defaults
    "B504": ("other", ("CWE-326", "CWE-327")),             # ssl_with_no_version
    "B505": ("other", ("CWE-326",)),                       # weak_cryptographic_key
    "B506": ("deserialization", ("CWE-502",)),             # yaml_load
    "B507": ("other", ("CWE-295",)),                       # ssh_no_host_key_verification
    "B508": ("other", ("CWE-319",)),                       # snmp_insecure_version
    "B509": ("other", ("CWE-319",)),                       # snmp_weak_cryptography
    "B601": ("command-injection", ("CWE-78",)),            # paramiko_calls
    "B602": ("command-injection", ("CWE-78",)),            # subprocess_popen_with_shell_equals_true
    "B603": ("command-injection", ("CWE-78",)),            # subprocess_without_shell_equals_true
    "B604": ("command-injection", ("CWE-78",)),            # any_other_function_with_shell_equals_true
    "B605": ("command-injection", ("CWE-78",)),            # start_process_with_a_shell
    "B606": ("command-injection", ("CWE-78",)),            # start_process_with_no_shell
    "B607": ("command-injection", ("CWE-78",)),            # start_process_with_partial_path
    "B608": ("sql-injection", ("CWE-89",)),                # hardcoded_sql_expressions
    "B609": ("command-injection", ("CWE-78", "CWE-155")),  # linux_commands_wildcard_injection
    "B610": ("sql-injection", ("CWE-89",)),                # django_extra_used
    "B611": ("sql-injection", ("CWE-89",)),                # django_rawsql_used
    "B612": ("code-injection", ("CWE-94",)),               # logging_config_insecure_listen
    "B613": ("other", ("CWE-838",)),                       # trojansource
    "B614": ("deserialization", ("CWE-502",)),             # pytorch_load
    "B615": ("other", ("CWE-494",)),                       # huggingface_unsafe_download
    "B701": ("xss", ("CWE-79", "CWE-94")),                 # jinja2_autoescape_false
    "B702": ("xss", ("CWE-79", "CWE-80")),                 # use_of_mako_templates
    "B703": ("xss", ("CWE-79", "CWE-80")),                 # django_mark_safe
    "B704": ("xss", ("CWE-79",)),                          # markupsafe_markup_xss
}


def classify(test_id: str, bandit_cwe: int | None = None) -> tuple[str, tuple[str, ...]]:
    """Category and CWEs of a bandit test id; an id newer than this table keeps bandit's CWE."""
    if test_id in BANDIT_MAP:
        return BANDIT_MAP[test_id]
    return "other", (f"CWE-{bandit_cwe}",) if bandit_cwe else ()

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fidelity: every fixture of cases 01-04 and 06-10 replayed against amisim, byte for byte. */
#include "fixture.h"

#include <criterion/criterion.h>

/* Criterion runs each case in its own process with its own amisim. */
Test(fixtures, 01_login_failure_unknown_user, .timeout = 30)
{
	fx_replay("01_login_failure_unknown_user", 0);
}

Test(fixtures, 01_login_failure_wrong_secret, .timeout = 30)
{
	fx_replay("01_login_failure_wrong_secret", 0);
}

Test(fixtures, 01_login_missing_secret, .timeout = 30)
{
	fx_replay("01_login_missing_secret", 0);
}

Test(fixtures, 01_login_success_admin, .timeout = 30)
{
	fx_replay("01_login_success_admin", 0);
}

Test(fixtures, 02_login_md5_admin, .timeout = 30)
{
	fx_replay("02_login_md5_admin", 0);
}

Test(fixtures, 02_login_md5_badkey, .timeout = 30)
{
	fx_replay("02_login_md5_badkey", 0);
}

Test(fixtures, 02_login_md5_without_challenge, .timeout = 30)
{
	fx_replay("02_login_md5_without_challenge", 0);
}

Test(fixtures, 03_perms_admin, .timeout = 30)
{
	fx_replay("03_perms_admin", FX_PBX);
}

Test(fixtures, 03_perms_cli, .timeout = 30)
{
	fx_replay("03_perms_cli", 0);
}

Test(fixtures, 03_perms_fenced, .timeout = 30)
{
	fx_replay("03_perms_fenced", 0);
}

Test(fixtures, 03_perms_monitor, .timeout = 30)
{
	fx_replay("03_perms_monitor", 0);
}

Test(fixtures, 03_perms_nobody, .timeout = 30)
{
	fx_replay("03_perms_nobody", 0);
}

Test(fixtures, 03_perms_operator, .timeout = 30)
{
	fx_replay("03_perms_operator", FX_PBX);
}

Test(fixtures, 03_perms_reloader, .timeout = 30)
{
	fx_replay("03_perms_reloader", 0);
}

Test(fixtures, 03_perms_userev, .timeout = 30)
{
	fx_replay("03_perms_userev", 0);
}

Test(fixtures, 04_events_mask, .timeout = 30)
{
	fx_replay("04_events_mask", 0);
}

Test(fixtures, 04_events_mask_effect_call_user, .timeout = 30)
{
	fx_replay("04_events_mask_effect_call_user", FX_PBX);
}

Test(fixtures, 04_events_mask_effect_off, .timeout = 30)
{
	fx_replay("04_events_mask_effect_off", FX_PBX);
}

Test(fixtures, 04_login_events_call, .timeout = 30)
{
	fx_replay("04_login_events_call", FX_PBX | FX_SIDE_CALL);
}

Test(fixtures, 04_login_events_off, .timeout = 30)
{
	fx_replay("04_login_events_off", FX_SIDE_CALL);
}

Test(fixtures, 06_command_as_cli_user, .timeout = 30)
{
	fx_replay("06_command_as_cli_user", 0);
}

Test(fixtures, 06_command_core_show_channels_idle, .timeout = 30)
{
	fx_replay("06_command_core_show_channels_idle", FX_PBX);
}

Test(fixtures, 06_command_core_show_channels_in_call, .timeout = 30)
{
	fx_replay("06_command_core_show_channels_in_call", FX_PBX);
}

Test(fixtures, 06_command_core_show_version, .timeout = 30)
{
	fx_replay("06_command_core_show_version", 0);
}

Test(fixtures, 06_command_empty, .timeout = 30)
{
	fx_replay("06_command_empty", 0);
}

Test(fixtures, 06_command_invalid, .timeout = 30)
{
	fx_replay("06_command_invalid", 0);
}

Test(fixtures, 06_command_manager_show_connected, .timeout = 30)
{
	fx_replay("06_command_manager_show_connected", 0);
}

Test(fixtures, 06_command_manager_show_users, .timeout = 30)
{
	fx_replay("06_command_manager_show_users", 0);
}

Test(fixtures, 06_command_missing_header, .timeout = 30)
{
	fx_replay("06_command_missing_header", 0);
}

Test(fixtures, 07_coresettings, .timeout = 30)
{
	fx_replay("07_coresettings", 0);
}

Test(fixtures, 07_corestatus, .timeout = 30)
{
	fx_replay("07_corestatus", 0);
}

Test(fixtures, 07_empty_action_value, .timeout = 30)
{
	fx_replay("07_empty_action_value", 0);
}

Test(fixtures, 07_logoff, .timeout = 30)
{
	fx_replay("07_logoff", 0);
}

Test(fixtures, 07_lowercase_action, .timeout = 30)
{
	fx_replay("07_lowercase_action", 0);
}

Test(fixtures, 07_no_action_header, .timeout = 30)
{
	fx_replay("07_no_action_header", 0);
}

Test(fixtures, 07_ping, .timeout = 30)
{
	fx_replay("07_ping", 0);
}

Test(fixtures, 07_ping_no_actionid, .timeout = 30)
{
	fx_replay("07_ping_no_actionid", 0);
}

Test(fixtures, 07_prelogin_actions, .timeout = 30)
{
	fx_replay("07_prelogin_actions", 0);
}

Test(fixtures, 07_unknown_action, .timeout = 30)
{
	fx_replay("07_unknown_action", 0);
}

Test(fixtures, 08_fenced_login_from_127_0_0_1, .timeout = 30)
{
	fx_replay("08_fenced_login_from_127.0.0.1", 0);
}

Test(fixtures, 08_fenced_login_from_127_0_0_2, .timeout = 30)
{
	fx_replay("08_fenced_login_from_127.0.0.2", FX_SOURCE2);
}

Test(fixtures, 09_plain_to_tls_port, .timeout = 30)
{
	fx_replay("09_plain_to_tls_port", FX_PLAIN_TO_TLS);
}

Test(fixtures, 09_tls_unverified, .timeout = 30)
{
	fx_replay("09_tls_unverified", FX_TLS);
}

Test(fixtures, 09_tls_verified, .timeout = 30)
{
	fx_replay("09_tls_verified", FX_VERIFY);
}

Test(fixtures, 09_tls_verified_wrong_hostname, .timeout = 30)
{
	fx_replay("09_tls_verified_wrong_hostname", FX_WRONGHOST);
}

Test(fixtures, 10_eventlist_coreshowchannels, .timeout = 30)
{
	fx_replay("10_eventlist_coreshowchannels", FX_PBX | FX_CALLS_UP);
}

Test(fixtures, 10_eventlist_coreshowchannels_monitor, .timeout = 30)
{
	fx_replay("10_eventlist_coreshowchannels_monitor", FX_PBX | FX_CALLS_UP);
}

Test(fixtures, 10_eventlist_idle, .timeout = 30)
{
	fx_replay("10_eventlist_idle", FX_PBX);
}

Test(fixtures, 10_eventlist_queuestatus, .timeout = 30)
{
	fx_replay("10_eventlist_queuestatus", FX_PBX | FX_CALLS_UP);
}

Test(fixtures, 10_eventlist_status, .timeout = 30)
{
	fx_replay("10_eventlist_status", FX_PBX | FX_CALLS_UP);
}

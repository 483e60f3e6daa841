/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Program flow: options, config and profile resolution, the session, the poll loop. */
#include "app/app.h"

#include <errno.h>
#include <locale.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app/collect.h"
#include "app/console.h"
#include "app/replay.h"
#include "core/perms.h"

static struct app *signal_app;

/* Why the console ended on a failure: said again on the terminal once curses is gone. */
static char exit_note[1024];

int64_t app_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double app_wall(void)
{
	/*
	 * Whole microseconds: a receive time is printed (JSON, recordings) with six
	 * decimals, and a value already on the microsecond grid prints the same through
	 * every formatter and survives a write/read round trip exactly.
	 */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000) / 1e6;
}

void app_note(struct app *a, const char *fmt, ...)
{
	(void)a;
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* nothing may reach the terminal behind curses' back */
	if (app_console_active())
		app_console_note(text);
	else
		fprintf(stderr, "amitui: %s\n", text);
}

int app_exit_for(enum ami_status st)
{
	switch (st) {
	case AMI_OK:
		return APP_EXIT_OK;
	case AMI_E_AUTH:
	case AMI_E_IN_USE:
		return APP_EXIT_AUTH;
	case AMI_E_TLS:
	case AMI_E_TLS_VERIFY:
	case AMI_E_TLS_PIN:
		return APP_EXIT_TLS;
	case AMI_E_REFUSED:
	case AMI_E_UNREACHABLE:
	case AMI_E_RESOLVE:
	case AMI_E_TIMEOUT:
		return APP_EXIT_CONNECT;
	case AMI_E_CONFIG:
	case AMI_E_NOT_FOUND:
		return APP_EXIT_CONFIG;
	case AMI_E_CLOSED:
	case AMI_E_NOT_AMI:
	case AMI_E_PROTOCOL:
	case AMI_E_IO:
	case AMI_E_LINE_TOO_LONG:
	case AMI_E_TOO_MANY_HEADERS:
	case AMI_E_MESSAGE_TOO_BIG:
		return APP_EXIT_LOST;
	default:
		return APP_EXIT_FAILURE;
	}
}

/* ---- profile resolution ---- */

static bool apply(struct app_profile *p, const char *key, const char *val)
{
	char err[300];
	if (!*val || app_profile_set(p, key, val, err, sizeof err))
		return true;
	fprintf(stderr, "amitui: %s\n", err);
	return false;
}

static bool apply_overrides(struct app_profile *p, const struct app_overrides *o)
{
	bool ok = apply(p, "host", o->host) && apply(p, "port", o->port) &&
		  apply(p, "username", o->user) && apply(p, "auth", o->auth) &&
		  apply(p, "tls_ca", o->tls_ca) && apply(p, "tls_pin", o->tls_pin) &&
		  apply(p, "events", o->event_mask);
	if (o->tls)
		ok = ok && apply(p, "tls", "yes");
	if (o->insecure)
		ok = ok && apply(p, "insecure", "yes");
	if (o->read_only)
		ok = ok && apply(p, "read_only", "yes");
	return ok;
}

static int load_config(struct app *a)
{
	char path[1024];
	bool explicit_path = a->opts.config[0] != '\0';
	if (explicit_path)
		snprintf(path, sizeof path, "%s", a->opts.config);
	else
		app_config_default_path(path, sizeof path);
	if (app_config_load(&a->cfg, path, explicit_path) != AMI_OK) {
		fprintf(stderr, "amitui: %s\n", a->cfg.err);
		return APP_EXIT_CONFIG;
	}
	return APP_EXIT_OK;
}

int app_resolve(struct app *a)
{
	int rc = load_config(a);
	if (rc != APP_EXIT_OK)
		return rc;
	const char *name = *a->opts.profile ? a->opts.profile : a->cfg.default_profile;
	if (*name && !a->opts.demo) {
		const struct app_profile *p = app_config_profile(&a->cfg, name);
		if (!p) {
			fprintf(stderr, "amitui: no profile [%s] in %s\n", name,
				*a->cfg.path ? a->cfg.path : "the configuration (no file found)");
			return APP_EXIT_CONFIG;
		}
		a->prof = *p;
	} else {
		app_profile_defaults(&a->prof);
		snprintf(a->prof.name, sizeof a->prof.name, "%s", a->opts.demo ? "demo" : "");
	}
	if (a->opts.demo) {
		snprintf(a->prof.username, sizeof a->prof.username, "%s",
			 *a->opts.demo_user ? a->opts.demo_user : "operator");
		snprintf(a->prof.label, sizeof a->prof.label, "DEMO");
		snprintf(a->prof.color, sizeof a->prof.color, "green");
	}
	if (!apply_overrides(&a->prof, &a->opts.ov))
		return APP_EXIT_USAGE;
	if (!*a->prof.username && a->opts.mode != APP_MODE_CONSOLE && !*a->opts.replay) {
		fprintf(stderr, "amitui: no user: give -u NAME or a profile with username=\n");
		return APP_EXIT_USAGE;
	}
	return APP_EXIT_OK;
}

/* ---- session glue ---- */

static void cb_state(void *ctx, enum ami_session_state st, enum ami_status status, const char *text)
{
	struct app *a = ctx;
	a->state = st;
	a->status = status;
	snprintf(a->text, sizeof a->text, "%s", text ? text : "");
	if (st == AMI_SESSION_LOGGED_IN) {
		if (!a->ever_logged_in && a->reconnect && a->sess)
			ami_session_set_reconnect(a->sess, true);
		a->ever_logged_in = true;
		if (a->ops->on_login)
			a->ops->on_login(a);
	}
	if (a->recording && status != AMI_OK && text && *text)
		rec_writer_note(&a->rec, app_wall(), text);
	/* -v: every state sentence, as a log (these never hold the secret: tested) */
	if (a->opts.verbose && !app_console_active())
		fprintf(stderr, "amitui: [%s] %s\n", ami_session_state_str(st), text ? text : "");
	/* a failure before the first login, or any failure when we may not reconnect */
	bool failed = st == AMI_SESSION_STOPPED ||
		      (st == AMI_SESSION_RECONNECT_WAIT && (!a->ever_logged_in || !a->reconnect));
	if (a->ops->on_state)
		a->ops->on_state(a, st, status, text);
	if (failed && !a->quit) {
		const char *why = text && *text ? text : ami_status_str(status);
		app_note(a, "%s", why);
		a->exit_code = app_exit_for(status != AMI_OK ? status : AMI_E_CLOSED);
		/* a console that was logged in stays open on what it received (lose nothing):
		 * the title says stopped, the message line why; q leaves with the exit code */
		bool stay = app_console_active() && a->ever_logged_in && st == AMI_SESSION_STOPPED;
		if (!stay)
			a->quit = true;
		if (!stay && app_console_active())
			snprintf(exit_note, sizeof exit_note, "%s", why);
	}
	if (st == AMI_SESSION_IDLE && a->ever_logged_in)
		a->quit = true;
}

static void cb_event(void *ctx, const struct ami_msg *m)
{
	struct app *a = ctx;
	if (a->ops->on_event)
		a->ops->on_event(a, m);
}

static void cb_message(void *ctx, const struct ami_msg *m)
{
	struct app *a = ctx;
	a->rx_time = app_wall();
	if (a->recording)
		rec_writer_msg(&a->rec, 'R', a->rx_time, m);
}

double app_rx_time(const struct app *a)
{
	if (a->replaying)
		return app_replay_time() > 0 ? app_replay_time() : app_wall();
	return a->rx_time > 0 ? a->rx_time : app_wall();
}

static int cb_secret(void *ctx, char *buf, size_t cap)
{
	struct app *a = ctx;
	if (!a->secret.present)
		return -1;
	return (int)app_secret_copy(&a->secret, buf, cap);
}

static int64_t clock_ms(void *ctx)
{
	(void)ctx;
	return app_now_ms();
}

static int get_secret(struct app *a)
{
	char err[512];
	if (a->opts.demo) {
		/* the demo account's own secret, whatever the environment holds */
		char *s = a->prof.secret; /* static storage: the wipe below cannot be elided */
		app_demo_secret(a->prof.username, s, sizeof a->prof.secret);
		enum ami_status st = app_secret_set(&a->secret, s, strlen(s), "demo");
		memset(a->prof.secret, 0, sizeof a->prof.secret);
		app_secret_scrub_env(&a->prof);
		if (st != AMI_OK) {
			app_note(a, "cannot hold the demo secret: %s", ami_status_str(st));
			return APP_EXIT_FAILURE;
		}
		return APP_EXIT_OK;
	}
	int tty = -1;
	if (isatty(STDIN_FILENO) && !app_console_active())
		tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
	enum ami_status st = app_secret_acquire(&a->secret, &a->prof, tty, err, sizeof err);
	if (tty >= 0)
		close(tty);
	memset(a->prof.secret, 0, sizeof a->prof.secret); /* now only in locked memory */
	if (st != AMI_OK) {
		app_note(a, "%s", err);
		return APP_EXIT_CONFIG;
	}
	return APP_EXIT_OK;
}

static void session_config(struct app *a, struct ami_session_config *c, char *port, size_t cap)
{
	ami_session_config_init(c);
	const struct app_profile *p = &a->prof;
	snprintf(port, cap, "%u", p->port_num ? p->port_num : (p->tls_on ? 5039u : 5038u));
	c->host = p->host;
	c->port = port;
	c->tls = p->tls_on;
	c->tls_opts.ca_file = *p->tls_ca ? p->tls_ca : NULL;
	c->tls_opts.pin_sha256 = *p->tls_pin ? p->tls_pin : NULL;
	c->tls_opts.insecure = p->insecure_on;
	c->username = p->username;
	ami_auth_mode_parse(p->auth, &c->auth);
	c->events = *p->events ? p->events : NULL;
	c->read_only = p->read_only_on;
	/* the first connection decides alone: a failure before any login ends the run with
	 * the session's own final words; reconnecting starts at the first login (cb_state) */
	c->reconnect = false;
	c->connect_timeout_ms = (int)p->timeout_s * 1000;
	c->action_timeout_ms = (int)p->timeout_s * 1000;
	c->ping_interval_ms = (int)p->keepalive_s * 1000;
	c->clock = clock_ms;
}

int app_connect(struct app *a)
{
	int rc = get_secret(a);
	if (rc != APP_EXIT_OK)
		return rc;
	struct ami_session_config c;
	char port[16];
	session_config(a, &c, port, sizeof port);
	static const struct ami_session_callbacks cb = {
		.on_state = cb_state,
		.on_event = cb_event,
		.get_secret = cb_secret,
		.on_message = cb_message,
	};
	enum ami_status st = ami_session_new(&c, &cb, a, &a->sess);
	if (st != AMI_OK) {
		app_note(a, "cannot create the session: %s", ami_status_str(st));
		return APP_EXIT_FAILURE;
	}
	if (c.tls && c.tls_opts.insecure)
		app_note(a, "WARNING: --insecure: the server's TLS certificate is NOT verified");
	ami_session_start(a->sess);
	return APP_EXIT_OK;
}

/* ---- the loop ---- */

static void on_signal(int sig)
{
	if (signal_app) {
		unsigned char b = (unsigned char)sig;
		ssize_t n = write(signal_app->sigpipe[1], &b, 1);
		(void)n; /* a full pipe already holds a wake-up */
	}
}

static void install_signals(struct app *a)
{
	signal(SIGPIPE, SIG_IGN);
	if (pipe(a->sigpipe) != 0) {
		a->sigpipe[0] = a->sigpipe[1] = -1;
		return;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(a->sigpipe[i], F_SETFL, fcntl(a->sigpipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(a->sigpipe[i], F_SETFD, FD_CLOEXEC);
	}
	signal_app = a;
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
}

static void handle_signals(struct app *a)
{
	unsigned char b;
	while (read(a->sigpipe[0], &b, 1) == 1) {
		if (b == SIGWINCH) {
			if (a->ops->on_resize)
				a->ops->on_resize(a);
			continue;
		}
		/* INT/TERM/HUP: log off cleanly; a second one leaves at once */
		if (a->state == AMI_SESSION_LOGGED_IN && a->sess && !a->quit) {
			ami_session_close(a->sess);
			a->deadline_ms = app_now_ms() + 2000;
		} else {
			a->quit = true;
		}
	}
}

static int min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static int turn_timeout(struct app *a)
{
	int t = a->sess ? ami_session_poll_timeout(a->sess) : -1;
	if (a->replaying)
		t = min_timeout(t, app_replay_turn(a));
	if (a->ops->on_turn)
		t = min_timeout(t, a->ops->on_turn(a));
	if (a->deadline_ms >= 0) {
		int64_t left = a->deadline_ms - app_now_ms();
		t = min_timeout(t, left < 0 ? 0 : (int)left);
	}
	return t;
}

int app_loop(struct app *a)
{
	install_signals(a);
	while (!a->quit) {
		struct pollfd fds[3];
		nfds_t n = 0;
		fds[n++] = (struct pollfd){ a->sigpipe[0], POLLIN, 0 };
		int sfd = -1;
		short sev = 0;
		if (a->sess)
			ami_session_pollfd(a->sess, &sfd, &sev);
		nfds_t si = n;
		fds[n++] = (struct pollfd){ sfd, sev, 0 };
		int xfd = a->ops->extra_fd ? a->ops->extra_fd(a) : -1;
		nfds_t xi = n;
		fds[n++] = (struct pollfd){ xfd, POLLIN, 0 };
		int timeout = turn_timeout(a); /* may finish a replay and set quit */
		if (a->quit)
			break;
		int r = poll(fds, n, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (fds[0].revents)
			handle_signals(a);
		if (xfd >= 0 && fds[xi].revents && a->ops->on_extra)
			a->ops->on_extra(a, fds[xi].revents);
		if (a->sess) {
			/* bounded work per call; loop on at once when more input is buffered */
			ami_session_on_io(a->sess, sfd >= 0 ? fds[si].revents : 0);
			ami_session_tick(a->sess);
		}
		if (a->deadline_ms >= 0 && app_now_ms() >= a->deadline_ms)
			a->quit = true;
	}
	signal_app = NULL;
	return a->exit_code;
}

/* ---- main ---- */

static int list(struct app *a)
{
	if (strcmp(a->opts.list_what, "settings") == 0)
		app_config_list_settings(stdout);
	else
		app_opts_list_exit_codes(stdout);
	return APP_EXIT_OK;
}

static int start_demo(struct app *a)
{
	static const char *const args[] = { "--calls-per-second", "0.5", NULL };
	if (app_demo_start(&a->demo, args, 5000) != AMI_OK) {
		fprintf(stderr, "amitui: --demo: %s\n", a->demo.err);
		return APP_EXIT_CONNECT;
	}
	snprintf(a->prof.host, sizeof a->prof.host, "%s", a->demo.host);
	a->prof.port_num = a->demo.port;
	app_demo_rights(&a->demo, a->prof.username); /* the account's rights are known facts */
	return APP_EXIT_OK;
}

static void cleanup(struct app *a)
{
	app_console_stop(); /* the terminal first: later messages go to stderr */
	if (exit_note[0])   /* the console's last message would vanish with the screen */
		fprintf(stderr, "amitui: %s\n", exit_note);
	exit_note[0] = '\0';
	ami_session_free(a->sess);
	a->sess = NULL;
	app_console_free();
	app_probe_free();
	app_collect_free();
	app_replay_close();
	app_secret_wipe(&a->secret);
	app_demo_stop(&a->demo);
	if (a->recording)
		rec_writer_close(&a->rec);
	if (a->out.len) { /* --dump's last batch: the loop can end before its turn's flush */
		fwrite(a->out.p, 1, a->out.len, stdout);
		fflush(stdout);
	}
	ami_buf_free(&a->out);
	if (a->sigpipe[0] >= 0) {
		close(a->sigpipe[0]);
		close(a->sigpipe[1]);
	}
}

static int open_record(struct app *a)
{
	if (!*a->opts.record)
		return APP_EXIT_OK;
	char comment[1200];
	snprintf(comment, sizeof comment, "host=%s:%u user=%s tls=%s amitui=%s", a->prof.host,
		 a->prof.port_num, a->prof.username, a->prof.tls_on ? "yes" : "no", AMITUI_VERSION);
	if (rec_writer_open(&a->rec, a->opts.record, a->opts.redact_numbers, comment) != AMI_OK) {
		fprintf(stderr, "amitui: --record: %s\n", a->rec.err);
		return APP_EXIT_CONFIG;
	}
	a->recording = true;
	return APP_EXIT_OK;
}

static int run_mode(struct app *a)
{
	int rc;
	if ((rc = app_resolve(a)) != APP_EXIT_OK)
		return rc;
	bool console = a->opts.mode == APP_MODE_CONSOLE;
	if (!console && a->opts.mode != APP_MODE_BUNDLE &&
	    (rc = app_headless_init(a)) != APP_EXIT_OK)
		return rc;
	if (*a->opts.bundle && (rc = app_collect_init(a)) != APP_EXIT_OK)
		return rc;
	if (a->opts.demo && (rc = start_demo(a)) != APP_EXIT_OK)
		return rc;
	if ((rc = open_record(a)) != APP_EXIT_OK)
		return rc;
	if (*a->opts.replay) {
		if ((rc = app_replay_open(a)) != APP_EXIT_OK)
			return rc;
		a->replaying = true;
	}
	if (console)
		return app_console_run(a);
	if (!a->replaying && (rc = app_connect(a)) != APP_EXIT_OK)
		return rc;
	rc = app_loop(a);
	if (a->replaying && rc == APP_EXIT_OK && app_replay_failed())
		rc = APP_EXIT_REPLAY;
	if (*a->opts.bundle) {
		int brc = app_collect_finish(a);
		rc = rc == APP_EXIT_OK ? brc : rc;
	}
	return rc;
}

int app_main(int argc, char **argv)
{
	static struct app app; /* large: keep it off the stack */
	struct app *a = &app;
	memset(a, 0, sizeof *a);
	a->sigpipe[0] = a->sigpipe[1] = -1;
	a->deadline_ms = -1;
	a->demo.outfd = -1;
	ami_buf_init(&a->out, 0);
	/* UTF-8 caller names need the user's locale (ncursesw and wcwidth follow it) */
	setlocale(LC_ALL, "");
	char err[512];
	int rc = app_opts_parse(&a->opts, argc, argv, err, sizeof err);
	if (rc != APP_EXIT_OK) {
		fprintf(stderr, "amitui: %s\n", err);
		return rc;
	}
	switch (a->opts.mode) {
	case APP_MODE_HELP:
		app_opts_usage(stdout);
		return APP_EXIT_OK;
	case APP_MODE_VERSION:
		printf("amitui %s\n", AMITUI_VERSION);
		return APP_EXIT_OK;
	case APP_MODE_LIST:
		return list(a);
	default:
		break;
	}
	rc = run_mode(a);
	cleanup(a);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer: a whole AMI session fed with server bytes over a socketpair (login, list
 * replies, events, garbage), with a fake clock; nothing may crash, leak or hang.
 */
#include "net/session.h"

#include <stdint.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN); /* as amitui does: a closed peer is an error, not a kill */
	return 0;
}

static int peer = -1;
static int64_t fake_now;

static int64_t clock_fn(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static enum ami_status dial(void *ctx, struct ami_conn **out, char *msg, size_t cap)
{
	(void)ctx;
	(void)msg;
	(void)cap;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return AMI_E_IO;
	peer = sv[1];
	return ami_conn_plain_new(sv[0], out);
}

static int secret(void *ctx, char *buf, size_t cap)
{
	(void)ctx;
	memcpy(buf, "pw", cap < 2 ? cap : 2);
	return 2;
}

static void on_reply(void *u, const struct ami_reply *r)
{
	(void)u;
	(void)r;
}

static struct ami_session *S;

static void on_event(void *ctx, const struct ami_msg *m)
{
	(void)ctx;
	/* react like an app would: send an action now and then */
	if (m->nhdrs & 1) {
		struct ami_action a;
		ami_action_init(&a, "Ping");
		ami_session_send(S, &a, on_reply, NULL, 0);
		ami_action_free(&a);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ami_session_config cfg;
	ami_session_config_init(&cfg);
	cfg.username = "fuzz";
	cfg.auth = size && (data[0] & 1) ? AMI_AUTH_MD5 : AMI_AUTH_PLAIN;
	cfg.clock = clock_fn;
	cfg.dial = dial;
	cfg.reconnect = false;
	struct ami_session_callbacks cb = { .on_event = on_event, .get_secret = secret };
	fake_now = 1000;
	if (ami_session_new(&cfg, &cb, NULL, &S) != AMI_OK)
		return 0;
	ami_session_start(S);
	/* the input in pieces of 1..64 bytes, the clock moving 1..256 ms between them */
	size_t off = size ? 1 : 0;
	for (int turns = 0; off < size && turns < 10000; turns++) {
		size_t n = 1 + data[off] % 64;
		fake_now += data[off] & 0xff;
		off++;
		if (n > size - off)
			n = size - off;
		if (peer >= 0 && n && write(peer, data + off, n) < 0)
			break;
		off += n;
		for (int i = 0; i < 64 && ami_session_on_io(S, POLLIN); i++)
			;
		ami_session_tick(S);
		char sink[4096];
		while (peer >= 0 && recv(peer, sink, sizeof sink, MSG_DONTWAIT) > 0)
			; /* what the client sent */
	}
	ami_session_free(S);
	S = NULL;
	if (peer >= 0)
		close(peer);
	peer = -1;
	return 0;
}

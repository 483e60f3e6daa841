/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UI test fixtures: a fake host (the app's side), models fed from real transcripts. */
#ifndef AMITUI_UIFIX_H
#define AMITUI_UIFIX_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "ui/ui.h"

#define UT_MAX_SENT 32
/* 2026-01-01 12:00:00 UTC: fixture events are received from here, 100 ms apart. */
#define UT_T0 1767268800000000LL

/* A stand-in for the app: records what the UI asks for. */
struct ut_host {
	struct ui_host host;
	int nsent;
	char wire[UT_MAX_SENT][4096]; /* finished wire text of each action sent */
	ui_reply_fn fn[UT_MAX_SENT];
	void *cookie[UT_MAX_SENT];
	enum ami_status send_result; /* what send() answers (AMI_OK by default) */
	int quits;
	int masks;
	uint32_t mask;
	int exports;
	enum ui_export export_what;
	char exported[8192];
	int event_exports; /* export_events calls, and the last one's set */
	struct ui_export_set ev_set;
	uint64_t ev_seqs[8192];
	char ev_scope[96], ev_what[256];
	int replay_ctls; /* replay_control calls, and the last one */
	enum ui_replay_ctl replay_last;
	char chosen[64];
	char login_host[64], login_user[64], login_secret[64];
	int64_t now;
};

void ut_host_init(struct ut_host *h);

/* A UI for tests: ui_new with h as the host, sized rows x cols, TZ=UTC. Fails the test on error. */
struct ui *ut_ui(struct ut_host *h, const struct ui_config *cfg, int rows, int cols);

/* A model for user (fails the test on error). */
void ut_model(struct model *m, const char *user);

/*
 * Feed tests/data/<fixture> (a .raw transcript) into m as the app would: the banner
 * to the rights card, every message through model_ingest (receive times UT_T0 + i *
 * 100 ms), a ListCommands reply to rights_from_listcommands. Stops after limit
 * messages when limit > 0. Returns the number of messages fed.
 */
size_t ut_feed(struct model *m, const char *fixture, size_t limit);

/* Render frames (with a moving clock) until the UI has nothing left to do. */
void ut_settle(struct ui *ui);

/* The frame as text (caller frees). */
char *ut_screen(struct ui *ui);

/*
 * Answer the k-th action sent with the messages of fixture whose ActionID is id
 * (the response, list items and the closing event, in order), as the session would.
 */
void ut_reply(struct ut_host *h, int k, const char *fixture, const char *id);

/* Answer the k-th action with one message given as text ("Response: Success\r\n..."). */
void ut_reply_text(struct ut_host *h, int k, const char *text);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The model as the app drives it: transcripts ingested whole, everything consistent. */
#include "model/model.h"
#include "mfix.h"

Test(model, ingest_a_whole_transcript)
{
	struct mfix f;
	mfix_load(&f, "05c_dial_events_admin");
	struct model m;
	cr_assert_eq(model_init(&m, NULL, "admin"), AMI_OK);
	rights_set_banner(m.rights, ami_msg_name(f.m[0]));
	size_t events = 0;
	for (size_t i = 0; i < f.n; i++) {
		uint64_t seq;
		cr_assert_eq(model_ingest(&m, f.m[i], 1000000 + (int64_t)i * 1000, &seq), AMI_OK);
		cr_assert_eq(seq, i + 1);
		events += f.m[i]->kind == AMI_MSG_EVENT;
	}
	cr_assert_eq(evstore_count(m.store), f.n, "every message is kept, replies too");
	/* the keys stored (found in one pass with the call table's fields) are evtab_keys' */
	for (size_t i = 0; i < f.n; i++) {
		struct evtab_keys k;
		evtab_keys(f.m[i], &k);
		struct evstore_event ev;
		cr_assert(evstore_get(m.store, i + 1, &ev));
		struct ami_str c = intern_str(evstore_chans(m.store), ev.chan);
		struct ami_str l = intern_str(evstore_calls(m.store), ev.linked);
		cr_assert(k.channel.n ? ami_str_ieq2(c, k.channel) : !c.p, "#%zu channel", i);
		cr_assert(k.linkedid.n ? ami_str_ieq2(l, k.linkedid) : !l.p, "#%zu linkedid", i);
		uint32_t want =
		    f.m[i]->kind == AMI_MSG_EVENT ? evtab_class(k.name, k.privilege) : 0;
		cr_assert_eq(ev.cls, want ? want : EVSTORE_CLS_OTHER, "#%zu class", i);
	}
	cr_assert_eq(m.counts.total, events, "counters count events");
	size_t len;
	char *txt = tu_load("asterisk-22/05c_dial_events_admin.txt", &len);
	cr_assert_eq(events, tu_txt_server_lines(txt, "Event: "), "independent count");
	free(txt);
	const struct calltab_call *calls[4];
	cr_assert_eq(calltab_calls(m.calls, calls, 4), 1u);
	cr_assert_eq(calls[0]->nchans, 4u);
	cr_assert_eq(rights_read(m.rights, AMI_CLASS_CALL).state, RIGHTS_GRANTED);
	cr_assert_eq(rights_read(m.rights, AMI_CLASS_CDR).state, RIGHTS_GRANTED);
	cr_assert_eq(rights_read(m.rights, AMI_CLASS_DTMF).state, RIGHTS_UNKNOWN);
	model_tick(&m, 1000000 + (int64_t)f.n * 1000 + 11000000);
	cr_assert_eq(calltab_calls(m.calls, calls, 4), 0u, "the ended call lingered, then went");
	model_free(&m);
	mfix_free(&f);
}

Test(model, list_items_prove_no_read_right)
{
	struct mfix f;
	mfix_load(&f, "10_eventlist_status");
	struct model m;
	model_init(&m, NULL, "admin");
	for (size_t i = 0; i < f.n; i++) {
		/* only the Status list items: "Privilege: Call" without ",all" */
		if (ami_str_eq(ami_msg_name(f.m[i]), "Status"))
			model_ingest(&m, f.m[i], 1, NULL);
	}
	cr_assert_eq(rights_read(m.rights, AMI_CLASS_CALL).state, RIGHTS_UNKNOWN);
	cr_assert_gt(evcount_class_total(&m.counts, AMI_CLASS_CALL), 0u);
	const struct calltab_chan *ch[32];
	cr_assert_gt(calltab_chans(m.calls, ch, 32), 0u, "but they fill the call table");
	model_free(&m);
	mfix_free(&f);
}

Test(model, too_big_becomes_a_gap_marker)
{
	struct model m;
	model_init(&m, &(struct model_limits){ .scrollback = 1 << 20 }, "u");
	static char big[400 << 10];
	memset(big, 'x', sizeof big);
	memcpy(big, "Event: Huge\r\nData: ", 19);
	memcpy(big + sizeof big - 4, "\r\n\r\n", 4);
	struct ami_hdr h[4];
	struct ami_msg msg;
	ami_msg_parse_block(&msg, big, sizeof big, h, 4);
	uint64_t seq;
	cr_assert_eq(model_ingest(&m, &msg, 5, &seq), AMI_OK);
	cr_assert_eq(m.dropped, 1u);
	struct evstore_event ev;
	cr_assert(evstore_get(m.store, seq, &ev));
	cr_assert(ev.flags & EVSTORE_F_GAP);
	cr_assert(strstr(ev.raw, "a Huge of 409600 bytes was too large to keep"), "%s", ev.raw);
	cr_assert_eq(model_gap(&m, EVSTORE_GAP_CONNECTION_LOST, 0, "EOF", 6), AMI_OK);
	cr_assert_eq(evstore_count(m.store), 2u);
	model_free(&m);
}

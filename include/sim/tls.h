/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS for amisim's listener: a throwaway self-signed certificate for localhost. */
#ifndef AMITUI_SIM_TLS_H
#define AMITUI_SIM_TLS_H

#include "core/buf.h"
#include "core/status.h"

/*
 * A fresh P-256 key and a self-signed certificate (CN=localhost, SAN DNS:localhost,
 * IP:127.0.0.1, IP:::1, valid from a day ago for 30 days), both as PEM appended to the
 * buffers. Tests use it to write files a verifying client can trust. AMI_OK or
 * AMI_E_TLS.
 */
enum ami_status sim_tls_selfsigned(struct ami_buf *cert_pem, struct ami_buf *key_pem);

#endif

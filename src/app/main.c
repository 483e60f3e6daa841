/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amitui's entry point: everything happens in app_main(). */
#include "app/app.h"

int main(int argc, char **argv)
{
	return app_main(argc, argv);
}

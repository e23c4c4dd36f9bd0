/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * export.h - what libmemctl exports: exactly the functions of memctl.h.
 *
 * The library is compiled with -fvisibility=hidden, so that the helpers
 * shared between its files (view_common.h, ...) never become ABI. The
 * Makefile force-includes this file (-include export.h) before every source
 * file: the public header is read first, under default visibility, and its
 * include guard makes the sources' own #include "memctl.h" a no-op. A
 * function gets the visibility of its first declaration, so every memctl_*
 * definition is exported without a macro on each one, and a file added to
 * the library later cannot forget it. libmemctl.map then versions the same
 * list; `make check-abi` proves the three agree.
 */
#ifndef LIBMEMCTL_EXPORT_H
#define LIBMEMCTL_EXPORT_H

#pragma GCC visibility push(default)
#include "memctl.h"
#pragma GCC visibility pop

#endif /* LIBMEMCTL_EXPORT_H */

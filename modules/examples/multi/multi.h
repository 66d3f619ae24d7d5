/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MULTI_H
#define _MULTI_H

unsigned long multi_fib(unsigned int n);
const char *multi_describe(unsigned long value);

#endif

/* device.h: one device element on its own (attach/detach input): parse, compare, match */
#ifndef VC_CONF_DEVICE_H
#define VC_CONF_DEVICE_H

#include <stddef.h>
#include "conf.h"

/* Parse a document whose root is one <disk>, <interface> or <hostdev>.
 * *kind gets its VC_DEV_* kind, *dev the model (free with vc_device_free).
 * Unknown elements and attributes are errors, as in a domain.  0 or -1. */
int vc_device_parse_string(const char *xml, size_t len, const char *file,
                           int *kind, void **dev);
void vc_device_free(int kind, void *dev);
/* the device as its element, at indent level 0 (what dumpxml prints) */
char *vc_device_format(int kind, const void *dev);
/* a copy, through format and parse */
void *vc_device_copy(int kind, const void *dev);
/* the address of a device of any kind, NULL for kinds without one */
struct vc_addr *vc_device_addr(int kind, void *dev);
/* "disk vdb", "interface 52:54:00:12:34:56", "hostdev 0000:04:00.1" */
char *vc_device_describe(int kind, const void *dev);
/* 1: dev says nothing have does not say the same way.  What dev leaves
 * to be filled in (address, MAC, alias, generated tap name) is taken
 * from have before both are formatted and compared. */
int vc_device_same(int kind, const void *dev, const void *have);
/* 1: have is the device dev names: a disk by its target dev (or source
 * when no target is given), an interface by its MAC (any interface when
 * dev has none), a hostdev by its source address */
int vc_device_match(int kind, const void *dev, const void *have);
/* 1: dev names have by a key it gives (target, MAC, source), not by
 * the catch-all of an interface without a MAC */
int vc_device_has_key(int kind, const void *dev);

#endif

/* fuzz target: the RTM_SETLINK messages the netdev layer parses back
 * (lib/host/netdev.c: vc_netdev_vf_msg_parse, what the hostdev manager's
 * record files hold). Oracle: a VF MAC/VLAN request that parses, built
 * again from what was read (vc_netdev_vf_msg), parses to the same. */
#include "fuzz.h"
#include "host/netdev.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_nl_vfmsg m, m2;
	void *buf;
	size_t len;

	if (vc_netdev_vf_msg_parse(data, size, &m) < 0 || m.has_port || (!m.has_mac && !m.has_vlan)) {
		vc_err_clear();
		return 0;
	}
	buf = vc_netdev_vf_msg(m.ifindex, m.vf, m.has_mac ? m.mac : NULL, m.has_vlan, m.vlan, m.qos, &len);
	if (vc_netdev_vf_msg_parse(buf, len, &m2) < 0)
		FUZZ_FAIL("netlink: a message we built does not parse: %s", vc_errmsg());
	if (m2.ifindex != m.ifindex || m2.vf != m.vf || m2.has_mac != m.has_mac ||
	    m2.has_vlan != m.has_vlan || (m.has_mac && memcmp(m.mac, m2.mac, 6)) ||
	    (m.has_vlan && (m2.vlan != m.vlan || m2.qos != m.qos)))
		FUZZ_FAIL("netlink: ifindex %d vf %u vlan %u qos %u parsed back as ifindex %d vf %u vlan %u qos %u",
		    m.ifindex, m.vf, m.vlan, m.qos, m2.ifindex, m2.vf, m2.vlan, m2.qos);
	free(buf);
	vc_err_clear();
	return 0;
}

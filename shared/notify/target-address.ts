import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a notification may connect: never into a private network (SSRF). A robot URL is typed in by
 * a clerk and the notifier runs inside the cloud account: a target naming the instance metadata
 * service (169.254.169.254), a VPC address or the function's own loopback would turn a delivery
 * into a request forged from inside. node:net's BlockList classifies the addresses (it matches
 * IPv4-mapped IPv6 addresses such as ::ffff:10.0.0.1 against the IPv4 ranges too).
 */

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['169.254.0.0', 16], // link-local: the cloud metadata service
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
forbidden.addAddress('::', 'ipv6'); // unspecified
forbidden.addSubnet('fc00::', 7, 'ipv6'); // unique local
forbidden.addSubnet('fe80::', 10, 'ipv6'); // link-local
forbidden.addSubnet('ff00::', 8, 'ipv6'); // multicast
forbidden.addSubnet('64:ff9b:1::', 48, 'ipv6'); // local-use NAT64 (RFC 8215)

export interface AddressPolicy {
  /** running locally: loopback (a receiver on 127.0.0.1 standing in for a robot) is allowed */
  allowLoopback: boolean;
}

/** One resolved address, as `dns.lookup(…, { all: true })` gives it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** All addresses of a host name (injectable: tests resolve names to the addresses they need). */
export type ResolveAll = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveAll: ResolveAll = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Why an address may not be connected to (Chinese, for the delivery log), or undefined when it may. */
export function forbiddenReason(address: string, policy: AddressPolicy): string | undefined {
  const family = isIP(address);
  if (family === 0) return `不是有效的 IP 地址：${address}`;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(address, type)) return policy.allowLoopback ? undefined : `目标解析到本机回环地址 ${address}，不允许连接`;
  if (forbidden.check(address, type)) return `目标解析到内网或保留地址 ${address}（如云服务器元数据地址），不允许连接`;
  return undefined;
}

/** The host of a URL without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

export type Resolution = { ok: true; addresses: ResolvedAddress[] } | { ok: false; reason: string; resolved: boolean };

/**
 * The addresses a delivery may connect to: every address of the name must be allowed (a name with
 * one public and one private address is refused: the connection could take either). A literal
 * address is checked as it is.
 */
export async function checkedAddresses(hostname: string, policy: AddressPolicy, resolve: ResolveAll = resolveAll): Promise<Resolution> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { ok: false, resolved: false, reason: `无法解析目标域名 ${host}${typeof code === 'string' ? `（${code}）` : ''}` };
    }
    if (addresses.length === 0) return { ok: false, resolved: false, reason: `无法解析目标域名 ${host}` };
  }
  for (const { address } of addresses) {
    const reason = forbiddenReason(address, policy);
    if (reason) return { ok: false, resolved: true, reason };
  }
  return { ok: true, addresses };
}

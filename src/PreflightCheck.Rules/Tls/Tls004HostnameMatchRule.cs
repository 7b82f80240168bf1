using System.Net;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-004: the leaf's SAN covers the host the image reference names.</summary>
internal sealed class HostnameMatchRule : TlsRule
{
    public override string Id => "PFC-TLS-004";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        if (tls.Chain.Count == 0)
        {
            return new Verdict(Outcome.Unknown, $"{tls.Url} sent no certificate to compare with the host name.");
        }

        var leaf = tls.Chain[0];
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dnsNames"] = string.Join(", ", leaf.DnsNames),
            ["ipAddresses"] = string.Join(", ", leaf.IpAddresses),
        };
        return Covers(leaf, tls.Host)
            ? new Verdict(Outcome.Pass, $"The certificate of {tls.Url} covers {tls.Host}.", evidence)
            : new Verdict(Outcome.Fail, $"The certificate of {tls.Url} does not name {tls.Host} in its subject alternative names ({(leaf.DnsNames.Count + leaf.IpAddresses.Count == 0 ? "it has none" : string.Join(", ", leaf.DnsNames.Concat(leaf.IpAddresses)))}): issue a certificate whose SAN includes {tls.Host}, or use the name it has in the image reference.", evidence);
    }

    public static bool Covers(TlsCertificateFacts leaf, string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return leaf.IpAddresses.Any(a => IPAddress.TryParse(a, out var other) && other.Equals(ip));
        }

        host = host.TrimEnd('.').ToLowerInvariant();
        foreach (var raw in leaf.DnsNames)
        {
            var name = raw.TrimEnd('.').ToLowerInvariant();
            if (name == host)
            {
                return true;
            }

            // A wildcard stands for exactly one whole left-most label (RFC 6125 6.4.3).
            if (name.StartsWith("*.", StringComparison.Ordinal) && name.Count(c => c == '.') >= 2)
            {
                var dot = host.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && host[(dot + 1)..] == name[2..])
                {
                    return true;
                }
            }
        }

        return false;
    }
}

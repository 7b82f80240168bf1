using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-007: TLS 1.2 or newer is negotiated and TLS 1.0/1.1 are refused.</summary>
internal sealed class TlsProtocolVersionRule : TlsRule
{
    public override string Id => "PFC-TLS-007";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["negotiated"] = tls.NegotiatedProtocol ?? "(unknown)",
            ["tls1.0"] = tls.Tls10.ToString(),
            ["tls1.1"] = tls.Tls11.ToString(),
        };
        if (tls.NegotiatedProtocol is not ("Tls12" or "Tls13"))
        {
            return new Verdict(Outcome.Fail, $"{tls.Url} negotiated {tls.NegotiatedProtocol ?? "an unknown protocol"}: enable TLS 1.2 or 1.3 on the server.", evidence);
        }

        var accepted = new List<string>();
        if (tls.Tls10 == LegacyProtocolResult.Accepted)
        {
            accepted.Add("TLS 1.0");
        }

        if (tls.Tls11 == LegacyProtocolResult.Accepted)
        {
            accepted.Add("TLS 1.1");
        }

        if (accepted.Count > 0)
        {
            return new Verdict(Outcome.Fail, $"{tls.Url} still accepts {string.Join(" and ", accepted)}: disable them and keep TLS 1.2 and 1.3.", evidence);
        }

        return tls.Tls10 == LegacyProtocolResult.Refused && tls.Tls11 == LegacyProtocolResult.Refused
            ? new Verdict(Outcome.Pass, $"{tls.Url} negotiates {tls.NegotiatedProtocol} and refuses TLS 1.0 and 1.1.", evidence)
            : new Verdict(Outcome.Unknown, $"{tls.Url} negotiates {tls.NegotiatedProtocol}, but whether it refuses TLS 1.0/1.1 could not be tested from this machine (its TLS library would not offer them); test with a client that can, e.g. `openssl s_client -tls1_1` built with legacy protocols.", evidence);
    }
}

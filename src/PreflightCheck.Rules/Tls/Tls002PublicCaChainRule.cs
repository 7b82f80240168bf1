using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-002: the sent chain validates to a root in the public root set.</summary>
internal sealed class PublicCaChainRule : TlsRule
{
    public override string Id => "PFC-TLS-002";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        if (tls.Verdict is not { } verdict)
        {
            return new Verdict(Outcome.Unknown, $"The chain of {tls.Url} was not verified{(tls.Message is null ? "" : ": " + tls.Message)}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rootSet"] = verdict.RootSet,
            ["chainStatus"] = verdict.StatusFlags.Count == 0 ? "NoError" : string.Join(", ", verdict.StatusFlags),
            ["sent"] = string.Join(" <- ", tls.Chain.Select(c => c.Subject)),
        };
        if (verdict.TrustedByPublicRoots)
        {
            return new Verdict(Outcome.Pass, $"The chain {tls.Url} sends validates to the public root {verdict.Root}.", evidence);
        }

        var top = tls.Chain.Count > 0 ? tls.Chain[^1] : null;
        var why = top is { IsSelfSigned: true }
            ? $"it ends at the self-signed certificate {top.Subject}, which is not a public root"
            : $"it does not lead to a root in the public set ({evidence["chainStatus"]})";
        return new Verdict(Outcome.Fail, $"The chain {tls.Url} sends does not validate against the public root set: {why}. SageMaker trusts only public CAs: use a certificate from a public CA (for example ACM behind a load balancer, or Let's Encrypt).", evidence);
    }
}

using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-003: the server sends every intermediate needed.</summary>
internal sealed class ChainCompleteRule : TlsRule
{
    public override string Id => "PFC-TLS-003";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        if (tls.Verdict is null)
        {
            return new Verdict(Outcome.Unknown, $"The chain of {tls.Url} was not verified{(tls.Message is null ? "" : ": " + tls.Message)}.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["sent"] = string.Join(" <- ", tls.Chain.Select(c => c.Subject)) };
        return tls.Verdict.ChainComplete switch
        {
            true => new Verdict(Outcome.Pass, $"{tls.Url} sends a complete chain ({tls.Chain.Count} certificate(s)).", evidence),
            false => new Verdict(Outcome.Fail, $"{tls.Url} does not send the certificate that issued {tls.Chain[^1].Subject} ({tls.Verdict.MissingIssuer}): a puller does not fetch missing intermediates. Configure the server with the full chain (leaf followed by every intermediate).", evidence),
            null => new Verdict(Outcome.Unknown, $"Could not tell whether {tls.Url} sends every intermediate: the issuer {tls.Verdict.MissingIssuer ?? "(unknown)"} of the last certificate sent is neither sent nor in the public root set; it is either a missing intermediate or a private root.", evidence),
        };
    }
}

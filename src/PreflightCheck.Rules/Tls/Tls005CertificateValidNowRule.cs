using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-005: every certificate sent is within its validity at collection time.</summary>
internal sealed class CertificateValidNowRule : TlsRule
{
    public override string Id => "PFC-TLS-005";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        if (tls.Chain.Count == 0)
        {
            return new Verdict(Outcome.Unknown, $"{tls.Url} sent no certificate.");
        }

        var now = context.Facts.CollectedAt;
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["checkedAt"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var cert in tls.Chain)
        {
            if (now < cert.NotBefore)
            {
                evidence["notBefore"] = cert.NotBefore.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                return new Verdict(Outcome.Fail, $"Certificate {Describe(cert)} sent by {tls.Url} is not valid before {cert.NotBefore:u}: check the issuing clock, or wait.", evidence);
            }

            if (now > cert.NotAfter)
            {
                evidence["notAfter"] = cert.NotAfter.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                return new Verdict(Outcome.Fail, $"Certificate {Describe(cert)} sent by {tls.Url} expired on {cert.NotAfter:u}: renew it and reload the server.", evidence);
            }
        }

        return new Verdict(Outcome.Pass, $"Every certificate {tls.Url} sends is valid now (the leaf until {tls.Chain[0].NotAfter:u}).", evidence);
    }
}

using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-006: the leaf does not expire within the configured number of days.</summary>
internal sealed class CertificateExpirySoonRule : TlsRule
{
    public override string Id => "PFC-TLS-006";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        if (tls.Chain.Count == 0)
        {
            return new Verdict(Outcome.Unknown, $"{tls.Url} sent no certificate.");
        }

        var leaf = tls.Chain[0];
        var days = context.Settings.CertificateExpiryWarningDays;
        var left = leaf.NotAfter - context.Facts.CollectedAt;
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["notAfter"] = leaf.NotAfter.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["daysLeft"] = Math.Floor(left.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["warningDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (left < TimeSpan.Zero)
        {
            return new Verdict(Outcome.Fail, $"The certificate of {tls.Url} has already expired ({leaf.NotAfter:u}): renew it.", evidence);
        }

        return left < TimeSpan.FromDays(days)
            ? new Verdict(Outcome.Fail, $"The certificate of {tls.Url} expires on {leaf.NotAfter:u}, within {days} days: renew it before SageMaker's next pull (scale-out or replacement) fails.", evidence)
            : new Verdict(Outcome.Pass, $"The certificate of {tls.Url} is valid for {Math.Floor(left.TotalDays)} more days.", evidence);
    }
}

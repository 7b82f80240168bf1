using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-008: RSA at least 2048 bits or EC at least 256; no SHA-1 or MD5 signatures below the root.</summary>
internal sealed class KeyAndSignatureStrengthRule : TlsRule
{
    public override string Id => "PFC-TLS-008";

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls)
    {
        if (tls.Chain.Count == 0)
        {
            return new Verdict(Outcome.Unknown, $"{tls.Url} sent no certificate.");
        }

        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["keys"] = string.Join(", ", tls.Chain.Select(c => $"{c.KeyAlgorithm} {c.KeySize}")),
            ["signatures"] = string.Join(", ", tls.Chain.Select(c => c.SignatureAlgorithm)),
        };
        var problems = new List<string>();
        foreach (var cert in tls.Chain)
        {
            var weakKey = cert.KeyAlgorithm switch
            {
                "RSA" => cert.KeySize < 2048,
                "EC" or "ECDSA" => cert.KeySize < 256,
                _ => false,
            };
            if (weakKey)
            {
                problems.Add($"{cert.Subject} has a {cert.KeyAlgorithm} {cert.KeySize}-bit key");
            }

            // A root's own signature is not checked by anyone, so only certificates below it count.
            var sig = cert.SignatureAlgorithm.ToLowerInvariant();
            if (!cert.IsSelfSigned && (sig.Contains("sha1", StringComparison.Ordinal) || sig.Contains("md5", StringComparison.Ordinal)))
            {
                problems.Add($"{cert.Subject} is signed with {cert.SignatureAlgorithm}");
            }
        }

        return problems.Count == 0
            ? new Verdict(Outcome.Pass, $"The certificates of {tls.Url} use strong keys and signatures.", evidence)
            : new Verdict(Outcome.Fail, $"{tls.Url}: {string.Join("; ", problems)}. Reissue with RSA 2048+ or ECDSA P-256+ and SHA-256 signatures.", evidence);
    }
}

using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Registry;

namespace PreflightCheck.Rules.Tls;

/// <summary>PFC-TLS-001: the endpoint speaks TLS.</summary>
internal sealed class HttpsOnlyRule : TlsRule
{
    public override string Id => "PFC-TLS-001";

    protected override bool JudgesPlainEndpoints => true;

    protected override Verdict Judge(RuleContext context, TlsEndpointFacts tls) =>
        tls.SpeaksTls == true
            ? new Verdict(Outcome.Pass, $"{tls.Url} speaks TLS ({tls.NegotiatedProtocol}).")
            : new Verdict(Outcome.Fail, $"{tls.Host}:{tls.Port} answers plain HTTP, not TLS: SageMaker pulls over HTTPS only. Serve the registry with a TLS certificate from a public CA.");
}

using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-009: no literal secrets in the provider's environment.</summary>
internal sealed class PlaintextSecretsRule : FunctionRule
{
    public override string Id => "PFC-LMB-009";

    private static readonly string[] SecretWords = ["PASSWORD", "PASSWD", "PASS_WORD", "PWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH"];

    internal static bool IsSecretLike(string name)
    {
        var upper = name.ToUpperInvariant();
        return SecretWords.Any(w => upper.Contains(w, StringComparison.Ordinal));
    }

    protected override Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function)
    {
        if (function.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Provider {provider.Arn.Value} was not found (PFC-LMB-006).", ProviderEvidence(provider), provider.Location);
        }

        var variables = function.Environment ?? [];
        var secretLike = variables.Where(v => IsSecretLike(v.Name)).ToArray();
        var literal = secretLike.Where(v => v.Kind == EnvValueKind.Literal).Select(v => v.Name).Order(StringComparer.Ordinal).ToArray();
        var evidence = ProviderEvidence(provider, ("secretLikeVariables", AwsText.List(secretLike.Select(v => $"{v.Name} ({v.Kind.ToString().ToLowerInvariant()})"))));
        return literal.Length == 0
            ? scope.Finding(Outcome.Pass, provider.Target,
                secretLike.Length == 0
                    ? $"Provider {provider.FunctionName} has no environment variable with a secret-like name."
                    : $"Provider {provider.FunctionName}'s secret-like variables hold references, not literal values.",
                evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} keeps literal values in secret-like environment variables ({AwsText.List(literal)}): anyone who can read the function's configuration reads them. Store the registry password in Secrets Manager and put the secret's ARN in the variable instead.",
                evidence, provider.Location);
    }
}
